// RUN: strata-opt %s -convert-graph-to-linalg -linalg-fuse-elementwise-ops | FileCheck %s

// The lowered elementwise chain fuses into one linalg.generic with upstream
// elementwise fusion: dynamic sizes are taken from the function arguments,
// not from intermediate results (a tensor.dim of a producer would give it a
// second use and block fusion).

// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%[[X:.*]]: tensor<?x16xf32>, %[[B:.*]]: tensor<16xf32>)
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[X]], %[[B]] : tensor<?x16xf32>, tensor<16xf32>)
// CHECK: arith.addf
// CHECK: math.erf
// CHECK: arith.truncf
// CHECK-NOT: linalg.generic
func.func @chain(%x: tensor<?x16xf32>, %b: tensor<16xf32>) -> tensor<?x16xf16> {
  %0 = graph.add %x, %b : (tensor<?x16xf32>, tensor<16xf32>) -> tensor<?x16xf32>
  %1 = graph.gelu %0 : tensor<?x16xf32>
  %2 = graph.cast %1 : tensor<?x16xf32> to f16
  return %2 : tensor<?x16xf16>
}
