// REQUIRES: mlir-runner
// RUN: strata-opt %s -convert-graph-to-linalg %lower_to_llvm \
// RUN:   | mlir-runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%mlir_runner_libs \
// RUN:   | FileCheck %s

// Runs lowered reductions, softmax and normalisations on the CPU, on an
// input whose dim 1 is dynamic. Expected values are numpy's (float64,
// rounded to the 6 significant digits printMemrefF32 shows), for
//   x = [[[1, -2, 3.5, 0.25], [4, 5, -6, 2], [0.5, 1.5, 2.5, -3.5]],
//        [[7, -1, 0, 2], [1, 1, 1, 1], [-9, 8, 3, 0]]]
// with m = x.max(a, keepdims=True), e = exp(x - m):
//   softmax = e / e.sum(a, keepdims=True), log_softmax = log(softmax)
//   layer_norm = (x - mean) / sqrt(var + eps) * scale + bias over the
//   trailing dims (biased variance), batch_norm with per-channel params on
//   dim 1. The f16 layer_norm is numpy's on x.astype(float16), computed in
//   float32 and rounded to float16.

func.func private @printMemrefF32(tensor<*xf32>)

func.func @print(%t: tensor<?x?x?xf32>) {
  %u = tensor.cast %t : tensor<?x?x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @main() {
  %x0 = arith.constant dense<[[[1.0, -2.0, 3.5, 0.25], [4.0, 5.0, -6.0, 2.0], [0.5, 1.5, 2.5, -3.5]], [[7.0, -1.0, 0.0, 2.0], [1.0, 1.0, 1.0, 1.0], [-9.0, 8.0, 3.0, 0.0]]]> : tensor<2x3x4xf32>
  %x = tensor.cast %x0 : tensor<2x3x4xf32> to tensor<2x?x4xf32>

  // x.sum(1, keepdims=True)
  // CHECK: {{\[}}{{\[}}[5.5, 4.5, 0, -1.25]],
  // CHECK-NEXT: {{\[}}[-1, 8, 4, 3]]]
  %0 = graph.reduce_sum %x {axes = array<i64: 1>} : tensor<2x?x4xf32> -> tensor<2x1x4xf32>
  %r0d = tensor.cast %0 : tensor<2x1x4xf32> to tensor<?x?x?xf32>
  call @print(%r0d) : (tensor<?x?x?xf32>) -> ()

  // x.mean((2, 0))
  // CHECK: [1.34375, 1.125, 0.375]
  %1 = graph.reduce_mean %x {axes = array<i64: -1, 0>, keepdims = false} : tensor<2x?x4xf32> -> tensor<?xf32>
  %r1u = tensor.cast %1 : tensor<?xf32> to tensor<*xf32>
  call @printMemrefF32(%r1u) : (tensor<*xf32>) -> ()

  // x.prod(0, keepdims=True)
  // CHECK: {{\[}}{{\[}}[7, 2, 0, 0.5],
  // CHECK-NEXT: [4, 5, -6, 2],
  // CHECK-NEXT: [-4.5, 12, 7.5, -0]]]
  %2 = graph.reduce_prod %x {axes = array<i64: 0>} : tensor<2x?x4xf32> -> tensor<1x?x4xf32>
  %r2d = tensor.cast %2 : tensor<1x?x4xf32> to tensor<?x?x?xf32>
  call @print(%r2d) : (tensor<?x?x?xf32>) -> ()

  // x.mean(2, keepdims=True) (global_avg_pool) and x.max()
  // CHECK: {{\[}}{{\[}}[0.6875],
  // CHECK-NEXT: [1.25],
  // CHECK-NEXT: [0.25]],
  // CHECK-NEXT: {{\[}}[2],
  // CHECK-NEXT: [1],
  // CHECK-NEXT: [0.5]]]
  %3 = graph.global_avg_pool %x : tensor<2x?x4xf32> -> tensor<2x?x1xf32>
  %r3d = tensor.cast %3 : tensor<2x?x1xf32> to tensor<?x?x?xf32>
  call @print(%r3d) : (tensor<?x?x?xf32>) -> ()
  // CHECK: {{\[}}{{\[}}[8]]]
  %4 = graph.reduce_max %x : tensor<2x?x4xf32> -> tensor<1x1x1xf32>
  %r4d = tensor.cast %4 : tensor<1x1x1xf32> to tensor<?x?x?xf32>
  call @print(%r4d) : (tensor<?x?x?xf32>) -> ()

  // softmax(x, -1)
  // CHECK: {{\[}}{{\[}}[0.0729679, 0.00363286, 0.888932, 0.0344676],
  // CHECK-NEXT: [0.259493, 0.705376, 1.1781e-05, 0.0351186],
  // CHECK-NEXT: [0.0898824, 0.244326, 0.664146, 0.00164625]],
  // CHECK-NEXT: {{\[}}[0.992078, 0.000332805, 0.000904658, 0.00668457],
  // CHECK-NEXT: [0.25, 0.25, 0.25, 0.25],
  // CHECK-NEXT: [4.11086e-08, 0.992976, 0.00669062, 0.000333106]]]
  %5 = graph.softmax %x : tensor<2x?x4xf32> -> tensor<2x?x4xf32>
  %r5d = tensor.cast %5 : tensor<2x?x4xf32> to tensor<?x?x?xf32>
  call @print(%r5d) : (tensor<?x?x?xf32>) -> ()

  // log_softmax(x, 1)
  // CHECK: {{\[}}{{\[}}[-3.07695, -7.03064, -0.313316, -1.9137],
  // CHECK-NEXT: [-0.0769466, -0.0306351, -9.81332, -0.1637],
  // CHECK-NEXT: [-3.57695, -3.53064, -1.31332, -5.6637]],
  // CHECK-NEXT: {{\[}}[-0.00247577, -9.00103, -3.16985, -0.407606],
  // CHECK-NEXT: [-6.00248, -7.00103, -2.16985, -1.40761],
  // CHECK-NEXT: [-16.0025, -0.0010348, -0.169846, -2.40761]]]
  %6 = graph.log_softmax %x {axis = 1} : tensor<2x?x4xf32> -> tensor<2x?x4xf32>
  %r6d = tensor.cast %6 : tensor<2x?x4xf32> to tensor<?x?x?xf32>
  call @print(%r6d) : (tensor<?x?x?xf32>) -> ()

  // layer_norm over the last dim, scale [1, 2, 0.5, -1], bias [0.1, 0.2, 0.3, 0.4]
  // CHECK: {{\[}}{{\[}}[0.259152, -2.53741, 1.01618, 0.622812],
  // CHECK-NEXT: [0.736146, 1.93494, -0.538556, 0.226506],
  // CHECK-NEXT: [0.209764, 1.29764, 0.793939, 2.04646]],
  // CHECK-NEXT: {{\[}}[1.72221, -1.74666, -0.0244427, 0.4],
  // CHECK-NEXT: [0.1, 0.2, 0.3, 0.4],
  // CHECK-NEXT: [-1.43606, 2.62536, 0.502113, 0.480845]]]
  %sc = arith.constant dense<[1.0, 2.0, 0.5, -1.0]> : tensor<4xf32>
  %bi = arith.constant dense<[0.1, 0.2, 0.3, 0.4]> : tensor<4xf32>
  %7 = graph.layer_norm %x, %sc, %bi : (tensor<2x?x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x?x4xf32>
  %r7d = tensor.cast %7 : tensor<2x?x4xf32> to tensor<?x?x?xf32>
  call @print(%r7d) : (tensor<?x?x?xf32>) -> ()

  // layer_norm over dims 1 and 2, scale 2 (as 1x1), epsilon 0.01
  // CHECK: {{\[}}{{\[}}[0.176475, -1.77832, 1.80547, -0.312225],
  // CHECK-NEXT: [2.13127, 2.78287, -4.38472, 0.828075],
  // CHECK-NEXT: [-0.149325, 0.502275, 1.15387, -2.75572]],
  // CHECK-NEXT: {{\[}}[2.88832, -1.07281, -0.577665, 0.412618],
  // CHECK-NEXT: [-0.0825235, -0.0825235, -0.0825235, -0.0825235],
  // CHECK-NEXT: [-5.03394, 3.38347, 0.907759, -0.577665]]]
  %sc2 = arith.constant dense<[[2.0]]> : tensor<1x1xf32>
  %8 = graph.layer_norm %x, %sc2 {axis = 1, epsilon = 0.01} : (tensor<2x?x4xf32>, tensor<1x1xf32>) -> tensor<2x?x4xf32>
  %r8d = tensor.cast %8 : tensor<2x?x4xf32> to tensor<?x?x?xf32>
  call @print(%r8d) : (tensor<?x?x?xf32>) -> ()

  // batch_norm, scale [1, 2, 0.5], bias [0, 1, -1], mean [0.5, -1, 2],
  // variance [4, 0.25, 1], epsilon 0.001
  // CHECK: {{\[}}{{\[}}[0.249969, -1.24984, 1.49981, -0.124984],
  // CHECK-NEXT: [20.9601, 24.9521, -18.9601, 12.9761],
  // CHECK-NEXT: [-1.74963, -1.24988, -0.750125, -3.74863]],
  // CHECK-NEXT: {{\[}}[3.24959, -0.749906, -0.249969, 0.749906],
  // CHECK-NEXT: [8.98405, 8.98405, 8.98405, 8.98405],
  // CHECK-NEXT: [-6.49725, 1.9985, -0.50025, -1.9995]]]
  %c3 = arith.constant dense<[1.0, 2.0, 0.5]> : tensor<3xf32>
  %m3 = arith.constant dense<[0.5, -1.0, 2.0]> : tensor<3xf32>
  %v3 = arith.constant dense<[4.0, 0.25, 1.0]> : tensor<3xf32>
  %b3 = arith.constant dense<[0.0, 1.0, -1.0]> : tensor<3xf32>
  %9 = graph.batch_norm %x, %c3, %b3, %m3, %v3 {epsilon = 0.001} : (tensor<2x?x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x?x4xf32>
  %r9d = tensor.cast %9 : tensor<2x?x4xf32> to tensor<?x?x?xf32>
  call @print(%r9d) : (tensor<?x?x?xf32>) -> ()

  // f16 layer_norm (statistics in f32), printed after a cast to f32
  // CHECK: {{\[}}{{\[}}[0.259033, -2.53711, 1.0166, 0.622559],
  // CHECK-NEXT: [0.736328, 1.93457, -0.538574, 0.22644],
  // CHECK-NEXT: [0.209717, 1.29785, 0.793945, 2.04688]],
  // CHECK-NEXT: {{\[}}[1.72266, -1.74707, -0.0243988, 0.399902],
  // CHECK-NEXT: [0.0999756, 0.199951, 0.300049, 0.399902],
  // CHECK-NEXT: [-1.43652, 2.625, 0.501953, 0.480713]]]
  %xh = graph.cast %x : tensor<2x?x4xf32> to f16
  %sch = graph.cast %sc : tensor<4xf32> to f16
  %bih = graph.cast %bi : tensor<4xf32> to f16
  %10 = graph.layer_norm %xh, %sch, %bih : (tensor<2x?x4xf16>, tensor<4xf16>, tensor<4xf16>) -> tensor<2x?x4xf16>
  %r10f = graph.cast %10 : tensor<2x?x4xf16> to f32
  %r10d = tensor.cast %r10f : tensor<2x?x4xf32> to tensor<?x?x?xf32>
  call @print(%r10d) : (tensor<?x?x?xf32>) -> ()
  return
}
