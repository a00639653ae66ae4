// REQUIRES: mlir-runner
// RUN: strata-opt %s -convert-graph-to-linalg %lower_to_llvm \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_libs \
// RUN:   | FileCheck %s

// Runs the structured-op lowerings end to end. Inputs are small integers so
// that every result is exact; the expected values were computed with
// torch 1.13 (F.conv2d on an F.pad-ed input, F.avg_pool2d with
// ceil_mode=True and count_include_pad=False, F.max_pool2d, softmax
// attention with a causal and a boolean mask, numpy for gemm and matmul).

// conv_grouped_bias
// CHECK: sizes = [1, 4, 3, 3]
// CHECK-NEXT: {{\[\[\[\[}}-7, 10, -3],
// CHECK-NEXT: [1, -1, -12],
// CHECK-NEXT: [6, -13, -12]],
// CHECK-NEXT: {{\[\[}}-7, 6, 7],
// CHECK-NEXT: [-3, -18, 11],
// CHECK-NEXT: [-4, -11, 4]],
// CHECK-NEXT: {{\[\[}}12, -13, -3],
// CHECK-NEXT: [-3, 5, 14],
// CHECK-NEXT: [5, -8, -7]],
// CHECK-NEXT: {{\[\[}}-17, 13, -8],
// CHECK-NEXT: [-17, 17, -15],
// CHECK-NEXT: [-6, 0, 0]]]]

// avg_pool_ceil
// CHECK: sizes = [1, 1, 3, 3]
// CHECK-NEXT: {{\[\[\[\[}}-0.75, -0.25, -1.5],
// CHECK-NEXT: [-0.75, 0.5, -1.5],
// CHECK-NEXT: [-0.5, 0.5, 2]]]]

// max_pool_pads
// CHECK: sizes = [1, 1, 2, 2]
// CHECK-NEXT: {{\[\[\[\[}}2, 3],
// CHECK-NEXT: [3, 3]]]]

// attention_causal_mask
// CHECK: sizes = [1, 4, 2]
// CHECK-NEXT: {{\[\[\[}}1, 1],
// CHECK-NEXT: [0.5, 2],
// CHECK-NEXT: [-0.5, 0],
// CHECK-NEXT: [0, 1]]]

// gemm_trans_alpha_beta
// CHECK: sizes = [2, 4]
// CHECK-NEXT: {{\[\[}}8.5, 8.5, 6.5, -21],
// CHECK-NEXT: [12.5, -9.5, 8.5, -31]]

// matmul_broadcast
// CHECK: sizes = [2, 2, 2, 2]
// CHECK-NEXT: {{\[\[\[\[}}5, 11],
// CHECK-NEXT: [0, 0]],
// CHECK-NEXT: {{\[\[}}0, 2],
// CHECK-NEXT: [7, 6]]],
// CHECK-NEXT: {{\[\[\[}}7, 7],
// CHECK-NEXT: [-3, -4]],
// CHECK-NEXT: {{\[\[}}-7, -2],
// CHECK-NEXT: [3, 1]]]]

func.func @conv_grouped_bias(%a0: tensor<1x4x3x3xf32>, %a1: tensor<4x2x2x2xf32>, %a2: tensor<4xf32>) -> tensor<1x4x3x3xf32> {
  %r = graph.conv %a0, %a1, %a2 {groups = 2, pads = array<i64: 1, 0, 0, 1>} : (tensor<1x4x3x3xf32>, tensor<4x2x2x2xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  return %r : tensor<1x4x3x3xf32>
}

func.func @avg_pool_ceil(%a0: tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32> {
  %r = graph.avg_pool %a0 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, ceil_mode = true} : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
  return %r : tensor<1x1x3x3xf32>
}

func.func @max_pool_pads(%a0: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %r = graph.max_pool %a0 {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  return %r : tensor<1x1x2x2xf32>
}

func.func @attention_causal_mask(%a0: tensor<1x4x2xf32>, %a1: tensor<1x4x2xf32>, %a2: tensor<1x4x2xf32>, %a3: tensor<4x4xi1>) -> tensor<1x4x2xf32> {
  %r = graph.attention %a0, %a1, %a2, %a3 {causal = true} : (tensor<1x4x2xf32>, tensor<1x4x2xf32>, tensor<1x4x2xf32>, tensor<4x4xi1>) -> tensor<1x4x2xf32>
  return %r : tensor<1x4x2xf32>
}

func.func @gemm_trans_alpha_beta(%a0: tensor<3x2xf32>, %a1: tensor<4x3xf32>, %a2: tensor<4xf32>) -> tensor<2x4xf32> {
  %r = graph.gemm %a0, %a1, %a2 {trans_a = true, trans_b = true, alpha = 2.0, beta = 0.5} : (tensor<3x2xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

func.func @matmul_broadcast(%a0: tensor<2x1x2x3xf32>, %a1: tensor<2x3x2xf32>) -> tensor<2x2x2x2xf32> {
  %r = graph.matmul %a0, %a1 : (tensor<2x1x2x3xf32>, tensor<2x3x2xf32>) -> tensor<2x2x2x2xf32>
  return %r : tensor<2x2x2x2xf32>
}

func.func private @printMemrefF32(tensor<*xf32>)

func.func @main() {
  %conv_grouped_bias_0 = arith.constant dense<[[[[ 1., 2.,-3.],
   [ 2., 0., 0.],
   [ 1.,-1., 3.]],

  [[-3.,-2.,-1.],
   [ 0.,-1.,-3.],
   [-3.,-3.,-3.]],

  [[-2., 3.,-2.],
   [ 1., 2.,-2.],
   [-2., 0.,-2.]],

  [[ 3.,-2., 3.],
   [ 2., 2.,-3.],
   [-1., 1., 0.]]]]> : tensor<1x4x3x3xf32>
  %conv_grouped_bias_1 = arith.constant dense<[[[[ 1., 1.],
   [ 1.,-3.]],

  [[ 3., 0.],
   [ 3.,-2.]]],


 [[[-1., 3.],
   [-2.,-3.]],

  [[-1., 1.],
   [-3., 3.]]],


 [[[-1.,-2.],
   [ 0., 3.]],

  [[ 3., 3.],
   [-1.,-3.]]],


 [[[ 2., 1.],
   [ 2.,-3.]],

  [[-3., 0.],
   [-1., 0.]]]]> : tensor<4x2x2x2xf32>
  %conv_grouped_bias_2 = arith.constant dense<[ 3.,-2., 0.,-1.]> : tensor<4xf32>
  %conv_grouped_bias = call @conv_grouped_bias(%conv_grouped_bias_0, %conv_grouped_bias_1, %conv_grouped_bias_2) : (tensor<1x4x3x3xf32>, tensor<4x2x2x2xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
  %conv_grouped_bias_u = tensor.cast %conv_grouped_bias : tensor<1x4x3x3xf32> to tensor<*xf32>
  call @printMemrefF32(%conv_grouped_bias_u) : (tensor<*xf32>) -> ()
  %avg_pool_ceil_0 = arith.constant dense<[[[[-1., 2.,-2.,-1.,-3.],
   [-2.,-2., 1., 1., 0.],
   [-2., 2., 2.,-2.,-3.],
   [-1.,-2., 2., 0., 0.],
   [-1., 0., 3.,-2., 2.]]]]> : tensor<1x1x5x5xf32>
  %avg_pool_ceil = call @avg_pool_ceil(%avg_pool_ceil_0) : (tensor<1x1x5x5xf32>) -> tensor<1x1x3x3xf32>
  %avg_pool_ceil_u = tensor.cast %avg_pool_ceil : tensor<1x1x3x3xf32> to tensor<*xf32>
  call @printMemrefF32(%avg_pool_ceil_u) : (tensor<*xf32>) -> ()
  %max_pool_pads_0 = arith.constant dense<[[[[-3.,-1., 3., 3.],
   [-3., 2., 2., 0.],
   [-1., 3., 3., 1.],
   [-1.,-2., 3.,-2.]]]]> : tensor<1x1x4x4xf32>
  %max_pool_pads = call @max_pool_pads(%max_pool_pads_0) : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  %max_pool_pads_u = tensor.cast %max_pool_pads : tensor<1x1x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%max_pool_pads_u) : (tensor<*xf32>) -> ()
  %attention_causal_mask_0 = arith.constant dense<[[[0.,0.],
  [0.,0.],
  [0.,0.],
  [0.,0.]]]> : tensor<1x4x2xf32>
  %attention_causal_mask_1 = arith.constant dense<[[[ 0., 1.],
  [-2.,-1.],
  [ 2.,-2.],
  [ 1., 3.]]]> : tensor<1x4x2xf32>
  %attention_causal_mask_2 = arith.constant dense<[[[ 1., 1.],
  [ 0., 3.],
  [-2.,-1.],
  [ 1., 1.]]]> : tensor<1x4x2xf32>
  %attention_causal_mask_3 = arith.constant dense<[[true,true,true,true],
 [true,true,true,true],
 [true,false,true,true],
 [true,true,true,true]]> : tensor<4x4xi1>
  %attention_causal_mask = call @attention_causal_mask(%attention_causal_mask_0, %attention_causal_mask_1, %attention_causal_mask_2, %attention_causal_mask_3) : (tensor<1x4x2xf32>, tensor<1x4x2xf32>, tensor<1x4x2xf32>, tensor<4x4xi1>) -> tensor<1x4x2xf32>
  %attention_causal_mask_u = tensor.cast %attention_causal_mask : tensor<1x4x2xf32> to tensor<*xf32>
  call @printMemrefF32(%attention_causal_mask_u) : (tensor<*xf32>) -> ()
  %gemm_trans_alpha_beta_0 = arith.constant dense<[[-3.,-2.],
 [ 1., 2.],
 [ 1., 3.]]> : tensor<3x2xf32>
  %gemm_trans_alpha_beta_1 = arith.constant dense<[[-1.,-1., 2.],
 [-3.,-2.,-2.],
 [-1.,-2., 2.],
 [ 2.,-1.,-3.]]> : tensor<4x3xf32>
  %gemm_trans_alpha_beta_2 = arith.constant dense<[ 1.,-3., 1.,-2.]> : tensor<4xf32>
  %gemm_trans_alpha_beta = call @gemm_trans_alpha_beta(%gemm_trans_alpha_beta_0, %gemm_trans_alpha_beta_1, %gemm_trans_alpha_beta_2) : (tensor<3x2xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %gemm_trans_alpha_beta_u = tensor.cast %gemm_trans_alpha_beta : tensor<2x4xf32> to tensor<*xf32>
  call @printMemrefF32(%gemm_trans_alpha_beta_u) : (tensor<*xf32>) -> ()
  %matmul_broadcast_0 = arith.constant dense<[[[[ 3., 1., 3.],
   [ 1., 2.,-1.]]],


 [[[ 2.,-3.,-2.],
   [-1., 1., 0.]]]]> : tensor<2x1x2x3xf32>
  %matmul_broadcast_1 = arith.constant dense<[[[ 2., 3.],
  [-1.,-1.],
  [ 0., 1.]],

 [[ 0., 1.],
  [ 3., 2.],
  [-1.,-1.]]]> : tensor<2x3x2xf32>
  %matmul_broadcast = call @matmul_broadcast(%matmul_broadcast_0, %matmul_broadcast_1) : (tensor<2x1x2x3xf32>, tensor<2x3x2xf32>) -> tensor<2x2x2x2xf32>
  %matmul_broadcast_u = tensor.cast %matmul_broadcast : tensor<2x2x2x2xf32> to tensor<*xf32>
  call @printMemrefF32(%matmul_broadcast_u) : (tensor<*xf32>) -> ()
  return
}
