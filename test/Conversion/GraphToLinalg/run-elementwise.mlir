// REQUIRES: mlir-runner
// RUN: strata-opt %s -convert-graph-to-linalg %lower_to_llvm \
// RUN:   | mlir-runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%mlir_runner_libs \
// RUN:   | FileCheck %s

// Runs lowered elementwise ops on the CPU. Expected values are numpy's
// (float64, rounded to the 6 significant digits printMemrefF32 shows):
//   a = [[-2.5, -1, -0, 0.5, 1, 3]], b = [[1.5], [-2]]
//   gelu = 0.5*a*(1+erf(a/sqrt(2))), gelu_tanh = 0.5*a*(1+tanh(sqrt(2/pi)*(a+0.044715*a**3)))
//   hardswish = a*clip(a/6+0.5, 0, 1), silu = a/(1+exp(-a))
//   pow = b**a (nan for a negative base and a non-integer exponent), div = a/b

func.func private @printMemrefF32(tensor<*xf32>)
func.func private @printMemrefI32(tensor<*xi32>)

func.func @print(%t: tensor<?x?xf32>) {
  %u = tensor.cast %t : tensor<?x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @printi(%t: tensor<6xi32>) {
  %u = tensor.cast %t : tensor<6xi32> to tensor<*xi32>
  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()
  return
}

func.func @main() {
  %a0 = arith.constant dense<[[-2.5, -1.0, -0.0, 0.5, 1.0, 3.0]]> : tensor<1x6xf32>
  %b0 = arith.constant dense<[[1.5], [-2.0]]> : tensor<2x1xf32>
  %a = tensor.cast %a0 : tensor<1x6xf32> to tensor<?x?xf32>
  %b = tensor.cast %b0 : tensor<2x1xf32> to tensor<?x1xf32>

  // CHECK: [-0.0155242, -0.158655, -0, 0.345731, 0.841345, 2.99595]
  %0 = graph.gelu %a : tensor<?x?xf32>
  call @print(%0) : (tensor<?x?xf32>) -> ()
  // CHECK: [-0.0150843, -0.158808, -0, 0.345714, 0.841192, 2.99636]
  %1 = graph.gelu %a {approximate = #graph<gelu_approximation tanh>} : tensor<?x?xf32>
  call @print(%1) : (tensor<?x?xf32>) -> ()
  // CHECK: [-0.208333, -0.333333, -0, 0.291667, 0.666667, 3]
  %2 = graph.hardswish %a : tensor<?x?xf32>
  call @print(%2) : (tensor<?x?xf32>) -> ()
  // CHECK: [-0.189645, -0.268941, -0, 0.31123, 0.731059, 2.85772]
  %3 = graph.silu %a : tensor<?x?xf32>
  call @print(%3) : (tensor<?x?xf32>) -> ()

  // Broadcasting (1x6 with 2x1) where the size-1 dims are static.
  // CHECK: [0.362887, 0.666667, 1, 1.22474, 1.5, 3.375]
  // CHECK-NEXT: [{{-?nan}}, -0.5, 1, {{-?nan}}, -2, -8]
  %4 = graph.pow %b0, %a0 : (tensor<2x1xf32>, tensor<1x6xf32>) -> tensor<2x6xf32>
  %r4 = tensor.cast %4 : tensor<2x6xf32> to tensor<?x?xf32>
  call @print(%r4) : (tensor<?x?xf32>) -> ()
  // CHECK: [-1.66667, -0.666667, -0, 0.333333, 0.666667, 2]
  // CHECK-NEXT: [1.25, 0.5, 0, -0.25, -0.5, -1.5]
  %5 = graph.div %a0, %b : (tensor<1x6xf32>, tensor<?x1xf32>) -> tensor<?x6xf32>
  %r5 = tensor.cast %5 : tensor<?x6xf32> to tensor<?x?xf32>
  call @print(%r5) : (tensor<?x?xf32>) -> ()

  // graph.cast semantics: float -> int truncates toward zero; to i1 is != 0;
  // f32 -> f16 -> bf16 -> f32 rounds to nearest even at each step.
  %f = arith.constant dense<[-2.7, -0.5, 0.0, 1.9, 200.5, -129.0]> : tensor<6xf32>
  // CHECK: [-2, 0, 0, 1, 200, -129]
  %c0 = graph.cast %f : tensor<6xf32> to i32
  call @printi(%c0) : (tensor<6xi32>) -> ()
  // CHECK: [1, 1, 0, 1, 1, 1]
  %c1 = graph.cast %f : tensor<6xf32> to i1
  %c1i = graph.cast %c1 : tensor<6xi1> to i32
  call @printi(%c1i) : (tensor<6xi32>) -> ()
  // CHECK: [-2.70312, -0.5, 0, 1.89844, 200, -129]
  %h = graph.cast %f : tensor<6xf32> to f16
  %bf = graph.cast %h : tensor<6xf16> to bf16
  %bff = graph.cast %bf : tensor<6xbf16> to f32
  %bfu = tensor.cast %bff : tensor<6xf32> to tensor<*xf32>
  call @printMemrefF32(%bfu) : (tensor<*xf32>) -> ()

  // Integer division truncates toward zero; clip bounds truncate and
  // saturate; pow wraps.
  %i = arith.constant dense<[-7, -1, 0, 5, 100, -127]> : tensor<6xi8>
  %j = arith.constant dense<[2, -3, 1, 2, 7, -1]> : tensor<6xi8>
  // CHECK: [-3, 0, 0, 2, 14, 127]
  %d = graph.div %i, %j : (tensor<6xi8>, tensor<6xi8>) -> tensor<6xi8>
  %di = graph.cast %d : tensor<6xi8> to i32
  call @printi(%di) : (tensor<6xi32>) -> ()
  // CHECK: [-5, -1, 0, 5, 100, -5]
  %cl = graph.clip %i {min = -5.5, max = 300.0} : tensor<6xi8>
  %cli = graph.cast %cl : tensor<6xi8> to i32
  call @printi(%cli) : (tensor<6xi32>) -> ()
  // CHECK: [4, 0, 1, 4, -9, -1]
  %p = graph.pow %j, %j : (tensor<6xi8>, tensor<6xi8>) -> tensor<6xi8>
  %pi = graph.cast %p : tensor<6xi8> to i32
  call @printi(%pi) : (tensor<6xi32>) -> ()
  return
}
