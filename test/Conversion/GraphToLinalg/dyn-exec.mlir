// REQUIRES: mlir-runner
// RUN: strata-opt %s -convert-graph-to-linalg %lower_to_llvm \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_libs \
// RUN:   | FileCheck %s

// The structured-op lowerings with dynamic dims (tensor.dim + dynamic
// tensor.empty), run end to end: each function casts its static arguments to
// dynamic types, and copies the result back into a static tensor. Inputs are
// small integers (attention: q = 0, so softmax averages the allowed rows of
// v, multiples of 12) so every result is exact; expected values from torch
// 1.13 (torch.matmul, F.conv2d, F.avg_pool2d with ceil_mode=True and
// count_include_pad=False, softmax attention with an end-aligned causal mask).

// matmul_dynamic_batch
// CHECK: sizes = [2, 3, 5]
// CHECK-NEXT: {{\[\[\[}}5, 0, 0, 0, -5],
// CHECK-NEXT: [7, -8, 1, 8, -4],
// CHECK-NEXT: [-3, 3, -1, -2, -3]],
// CHECK-NEXT: {{\[\[}}13, 10, -9, 14, -11],
// CHECK-NEXT: [3, 6, 8, -3, -2],
// CHECK-NEXT: [14, -5, 13, -14, -3]]]

// conv_dynamic_batch
// CHECK: sizes = [2, 3, 2, 2]
// CHECK-NEXT: {{\[\[\[\[}}4, -1],
// CHECK-NEXT: [1, -7]],
// CHECK-NEXT: {{\[\[}}14, -16],
// CHECK-NEXT: [0, -36]],
// CHECK-NEXT: {{\[\[}}17, -12],
// CHECK-NEXT: [-3, 5]]],
// CHECK-NEXT: {{\[\[\[}}11, 30],
// CHECK-NEXT: [8, -4]],
// CHECK-NEXT: {{\[\[}}8, 13],
// CHECK-NEXT: [3, -16]],
// CHECK-NEXT: {{\[\[}}-22, 8],
// CHECK-NEXT: [-1, -19]]]]

// avg_pool_dynamic_nc
// CHECK: sizes = [2, 2, 3, 3]
// CHECK-NEXT: {{\[\[\[\[}}0, 0.25, 2.5],
// CHECK-NEXT: [0.5, -0.75, 1.5],
// CHECK-NEXT: [2.5, -3, 2]],
// CHECK-NEXT: {{\[\[}}-0.5, -2, -1.5],
// CHECK-NEXT: [1, -1.5, 1.5],
// CHECK-NEXT: [-0.5, 1.5, 0]]],
// CHECK-NEXT: {{\[\[\[}}0.75, -0.25, 1.5],
// CHECK-NEXT: [1.25, -0.5, 1.5],
// CHECK-NEXT: [0, 1, 0]],
// CHECK-NEXT: {{\[\[}}1.75, -0.25, -1],
// CHECK-NEXT: [-1.25, 0, -3],
// CHECK-NEXT: [1.5, 1, -2]]]]

// attention_dynamic_causal
// CHECK: sizes = [2, 3, 3]
// CHECK-NEXT: {{\[\[\[}}-24, 30, -12],
// CHECK-NEXT: [-28, 28, -4],
// CHECK-NEXT: [-21, 15, 3]],
// CHECK-NEXT: {{\[\[}}18, -18, 6],
// CHECK-NEXT: [24, -20, 0],
// CHECK-NEXT: [12, -12, -3]]]

func.func @matmul_dynamic_batch(%a0: tensor<2x3x4xf32>, %a1: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
  %d0 = tensor.cast %a0 : tensor<2x3x4xf32> to tensor<?x3x4xf32>
  %d1 = tensor.cast %a1 : tensor<2x4x5xf32> to tensor<?x4x?xf32>
  %y = graph.matmul %d0, %d1 : (tensor<?x3x4xf32>, tensor<?x4x?xf32>) -> tensor<?x3x?xf32>
  %yc = tensor.cast %y : tensor<?x3x?xf32> to tensor<2x3x5xf32>
  %e = tensor.empty() : tensor<2x3x5xf32>
  %r = linalg.copy ins(%yc : tensor<2x3x5xf32>) outs(%e : tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  return %r : tensor<2x3x5xf32>
}

func.func @conv_dynamic_batch(%a0: tensor<2x2x4x4xf32>, %a1: tensor<3x2x3x3xf32>, %a2: tensor<3xf32>) -> tensor<2x3x2x2xf32> {
  %d0 = tensor.cast %a0 : tensor<2x2x4x4xf32> to tensor<?x2x4x4xf32>
  %d1 = tensor.cast %a1 : tensor<3x2x3x3xf32> to tensor<3x2x3x3xf32>
  %d2 = tensor.cast %a2 : tensor<3xf32> to tensor<3xf32>
  %y = graph.conv %d0, %d1, %d2 {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<?x2x4x4xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<?x3x2x2xf32>
  %yc = tensor.cast %y : tensor<?x3x2x2xf32> to tensor<2x3x2x2xf32>
  %e = tensor.empty() : tensor<2x3x2x2xf32>
  %r = linalg.copy ins(%yc : tensor<2x3x2x2xf32>) outs(%e : tensor<2x3x2x2xf32>) -> tensor<2x3x2x2xf32>
  return %r : tensor<2x3x2x2xf32>
}

func.func @avg_pool_dynamic_nc(%a0: tensor<2x2x5x5xf32>) -> tensor<2x2x3x3xf32> {
  %d0 = tensor.cast %a0 : tensor<2x2x5x5xf32> to tensor<?x?x5x5xf32>
  %y = graph.avg_pool %d0 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, ceil_mode = true} : tensor<?x?x5x5xf32> -> tensor<?x?x3x3xf32>
  %yc = tensor.cast %y : tensor<?x?x3x3xf32> to tensor<2x2x3x3xf32>
  %e = tensor.empty() : tensor<2x2x3x3xf32>
  %r = linalg.copy ins(%yc : tensor<2x2x3x3xf32>) outs(%e : tensor<2x2x3x3xf32>) -> tensor<2x2x3x3xf32>
  return %r : tensor<2x2x3x3xf32>
}

func.func @attention_dynamic_causal(%a0: tensor<2x3x2xf32>, %a1: tensor<2x4x2xf32>, %a2: tensor<2x4x3xf32>) -> tensor<2x3x3xf32> {
  %d0 = tensor.cast %a0 : tensor<2x3x2xf32> to tensor<?x?x2xf32>
  %d1 = tensor.cast %a1 : tensor<2x4x2xf32> to tensor<?x?x2xf32>
  %d2 = tensor.cast %a2 : tensor<2x4x3xf32> to tensor<?x?x3xf32>
  %y = graph.attention %d0, %d1, %d2 {causal = true} : (tensor<?x?x2xf32>, tensor<?x?x2xf32>, tensor<?x?x3xf32>) -> tensor<?x?x3xf32>
  %yc = tensor.cast %y : tensor<?x?x3xf32> to tensor<2x3x3xf32>
  %e = tensor.empty() : tensor<2x3x3xf32>
  %r = linalg.copy ins(%yc : tensor<2x3x3xf32>) outs(%e : tensor<2x3x3xf32>) -> tensor<2x3x3xf32>
  return %r : tensor<2x3x3xf32>
}

func.func private @printMemrefF32(tensor<*xf32>)

func.func @main() {
  %matmul_dynamic_batch_0 = arith.constant dense<[[[-1., 2.,-1., 1.],
  [ 0., 1.,-1.,-3.],
  [-1., 1., 1., 3.]],

 [[-2.,-1., 3.,-3.],
  [ 1., 3., 3., 1.],
  [ 3.,-2., 2., 1.]]]> : tensor<2x3x4xf32>
  %matmul_dynamic_batch_1 = arith.constant dense<[[[ 0., 3., 2.,-2., 3.],
  [ 2.,-1., 1., 2.,-2.],
  [-2.,-2., 0., 3.,-1.],
  [-1., 3., 0.,-3., 1.]],

 [[ 2., 0., 3.,-3., 3.],
  [-2., 2., 0., 1., 2.],
  [ 3., 1., 1., 0.,-3.],
  [-2.,-3., 2.,-3.,-2.]]]> : tensor<2x4x5xf32>
  %matmul_dynamic_batch = call @matmul_dynamic_batch(%matmul_dynamic_batch_0, %matmul_dynamic_batch_1) : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
  %matmul_dynamic_batch_u = tensor.cast %matmul_dynamic_batch : tensor<2x3x5xf32> to tensor<*xf32>
  call @printMemrefF32(%matmul_dynamic_batch_u) : (tensor<*xf32>) -> ()
  %conv_dynamic_batch_0 = arith.constant dense<[[[[-2., 2.,-1., 0.],
   [ 1., 0., 0.,-1.],
   [ 3.,-2., 2.,-2.],
   [ 0., 1.,-1.,-2.]],

  [[-2.,-3.,-2.,-2.],
   [ 1., 3.,-3., 1.],
   [-1., 1., 3.,-1.],
   [-3., 2., 3.,-2.]]],


 [[[ 1., 1.,-3.,-3.],
   [-3., 1., 1., 3.],
   [ 1., 1., 0.,-3.],
   [-1., 1., 1.,-1.]],

  [[-3., 3.,-2.,-3.],
   [-1.,-3., 1.,-3.],
   [-1.,-1., 2., 3.],
   [ 1., 0.,-2., 1.]]]]> : tensor<2x2x4x4xf32>
  %conv_dynamic_batch_1 = arith.constant dense<[[[[ 2.,-3., 1.],
   [-2.,-3.,-1.],
   [ 2., 1., 3.]],

  [[ 2.,-1., 1.],
   [-1.,-2., 1.],
   [-2.,-1.,-1.]]],


 [[[ 0.,-2.,-2.],
   [ 2., 0., 3.],
   [ 0., 2., 2.]],

  [[-3., 2., 2.],
   [ 1.,-3., 2.],
   [-3., 3., 1.]]],


 [[[-1.,-1., 0.],
   [ 2.,-1., 1.],
   [-1., 1., 1.]],

  [[ 1.,-2., 3.],
   [ 0., 2.,-1.],
   [-3., 3., 3.]]]]> : tensor<3x2x3x3xf32>
  %conv_dynamic_batch_2 = arith.constant dense<[2.,0.,1.]> : tensor<3xf32>
  %conv_dynamic_batch = call @conv_dynamic_batch(%conv_dynamic_batch_0, %conv_dynamic_batch_1, %conv_dynamic_batch_2) : (tensor<2x2x4x4xf32>, tensor<3x2x3x3xf32>, tensor<3xf32>) -> tensor<2x3x2x2xf32>
  %conv_dynamic_batch_u = tensor.cast %conv_dynamic_batch : tensor<2x3x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%conv_dynamic_batch_u) : (tensor<*xf32>) -> ()
  %avg_pool_dynamic_nc_0 = arith.constant dense<[[[[-1.,-2., 3.,-2., 3.],
   [ 1., 2.,-2., 2., 2.],
   [-3., 3.,-2., 2., 2.],
   [-1., 3.,-1.,-2., 1.],
   [ 2., 3.,-3.,-3., 2.]],

  [[ 3.,-1.,-3.,-3.,-3.],
   [-2.,-2., 0.,-2., 0.],
   [ 3., 1.,-3.,-1., 1.],
   [ 1.,-1.,-1.,-1., 2.],
   [ 2.,-3., 2., 1., 0.]]],


 [[[ 1.,-1.,-3.,-2., 2.],
   [ 2., 1., 1., 3., 1.],
   [-2., 1.,-1.,-1., 3.],
   [ 3., 3.,-1., 1., 0.],
   [-1., 1., 2., 0., 0.]],

  [[ 1., 0., 2., 1.,-3.],
   [ 3., 3.,-3.,-1., 1.],
   [-3., 3.,-2.,-1.,-3.],
   [-2.,-3., 0., 3.,-3.],
   [ 1., 2., 2., 0.,-2.]]]]> : tensor<2x2x5x5xf32>
  %avg_pool_dynamic_nc = call @avg_pool_dynamic_nc(%avg_pool_dynamic_nc_0) : (tensor<2x2x5x5xf32>) -> tensor<2x2x3x3xf32>
  %avg_pool_dynamic_nc_u = tensor.cast %avg_pool_dynamic_nc : tensor<2x2x3x3xf32> to tensor<*xf32>
  call @printMemrefF32(%avg_pool_dynamic_nc_u) : (tensor<*xf32>) -> ()
  %attention_dynamic_causal_0 = arith.constant dense<[[[0.,0.],
  [0.,0.],
  [0.,0.]],

 [[0.,0.],
  [0.,0.],
  [0.,0.]]]> : tensor<2x3x2xf32>
  %attention_dynamic_causal_1 = arith.constant dense<[[[ 1.,-1.],
  [ 2., 0.],
  [-3., 2.],
  [-2., 0.]],

 [[-1.,-3.],
  [ 1., 3.],
  [-1., 0.],
  [-2.,-1.]]]> : tensor<2x4x2xf32>
  %attention_dynamic_causal_2 = arith.constant dense<[[[-36., 24.,-12.],
  [-12., 36.,-12.],
  [-36., 24., 12.],
  [  0.,-24., 24.]],

 [[ 36.,-12., 24.],
  [  0.,-24.,-12.],
  [ 36.,-24.,-12.],
  [-24., 12.,-12.]]]> : tensor<2x4x3xf32>
  %attention_dynamic_causal = call @attention_dynamic_causal(%attention_dynamic_causal_0, %attention_dynamic_causal_1, %attention_dynamic_causal_2) : (tensor<2x3x2xf32>, tensor<2x4x2xf32>, tensor<2x4x3xf32>) -> tensor<2x3x3xf32>
  %attention_dynamic_causal_u = tensor.cast %attention_dynamic_causal : tensor<2x3x3xf32> to tensor<*xf32>
  call @printMemrefF32(%attention_dynamic_causal_u) : (tensor<*xf32>) -> ()
  return
}
