// RUN: strata-opt %s -convert-graph-to-linalg -split-input-file | FileCheck %s

// layer_norm and batch_norm (see lib/Conversion/GraphToLinalg/NormToLinalg.cpp).

// layer_norm over the last dim of an f16 tensor: statistics in f32
// (two-pass mean and biased variance), result cast back to f16.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[RED:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[STAT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
// CHECK-DAG: #[[PARAM:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-LABEL: func.func @layer_norm_f16
// CHECK-SAME: (%[[X:.*]]: tensor<2x?x8xf16>, %[[S:.*]]: tensor<8xf16>, %[[B:.*]]: tensor<8xf16>)
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[N:.*]] = arith.constant 8.000000e+00 : f32
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[RED]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]] : tensor<2x?x8xf16>) outs(%{{.*}} : tensor<2x?xf32>)
// CHECK: arith.extf
// CHECK: arith.addf
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<2x?xf32>)
// CHECK: arith.divf %{{.*}}, %[[N]] : f32
// CHECK: %[[MK:.*]] = tensor.expand_shape %[[MEAN]] {{\[}}[0], [1, 2]] output_shape [2, %{{.*}}, 1] : tensor<2x?xf32> into tensor<2x?x1xf32>
// CHECK: %[[SQ:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[STAT]], #[[RED]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[X]], %[[MK]] : tensor<2x?x8xf16>, tensor<2x?x1xf32>)
// CHECK: ^bb0(%[[IN:.*]]: f16, %[[M:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[W:.*]] = arith.extf %[[IN]] : f16 to f32
// CHECK-NEXT: %[[D:.*]] = arith.subf %[[W]], %[[M]] : f32
// CHECK-NEXT: %[[D2:.*]] = arith.mulf %[[D]], %[[D]] : f32
// CHECK-NEXT: arith.addf %[[D2]], %[[ACC]] : f32
// CHECK: %[[EPS:.*]] = arith.constant 9.99999997E-7 : f32
// CHECK: %[[RSTD:.*]] = linalg.generic {{.*}} ins(%[[SQ]] : tensor<2x?xf32>)
// CHECK: %[[V:.*]] = arith.divf %{{.*}}, %[[N]] : f32
// CHECK-NEXT: %[[VE:.*]] = arith.addf %[[V]], %[[EPS]] : f32
// CHECK-NEXT: math.rsqrt %[[VE]] : f32
// CHECK: %[[RK:.*]] = tensor.expand_shape %[[RSTD]]
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[STAT]], #[[STAT]], #[[PARAM]], #[[PARAM]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[X]], %[[MK]], %[[RK]], %[[S]], %[[B]] : tensor<2x?x8xf16>, tensor<2x?x1xf32>, tensor<2x?x1xf32>, tensor<8xf16>, tensor<8xf16>) outs(%{{.*}} : tensor<2x?x8xf16>)
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK: arith.extf
// CHECK: arith.mulf
// CHECK: arith.extf
// CHECK: arith.addf
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @layer_norm_f16(%x: tensor<2x?x8xf16>, %s: tensor<8xf16>, %b: tensor<8xf16>) -> tensor<2x?x8xf16> {
  %0 = graph.layer_norm %x, %s, %b {epsilon = 1.0e-6} : (tensor<2x?x8xf16>, tensor<8xf16>, tensor<8xf16>) -> tensor<2x?x8xf16>
  return %0 : tensor<2x?x8xf16>
}

// -----

// Normalising over the two trailing dims (axis = 1), without bias; the
// scale broadcasts to the normalised shape.
// CHECK-DAG: #[[SCALE:.*]] = affine_map<(d0, d1, d2) -> (0, d2)>
// CHECK-LABEL: func.func @layer_norm_axis
// CHECK: arith.constant 2.000000e+01 : f32
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "reduction"]
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "reduction"]
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1, 2]] output_shape [3, 1, 1] : tensor<3xf32> into tensor<3x1x1xf32>
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}, #[[SCALE]], #{{.*}}]
// CHECK-SAME: ins(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<3x4x5xf32>, tensor<3x1x1xf32>, tensor<3x1x1xf32>, tensor<1x5xf32>)
// CHECK-NOT: arith.extf
// CHECK: arith.mulf
// CHECK-NEXT: arith.mulf
// CHECK-NEXT: linalg.yield
func.func @layer_norm_axis(%x: tensor<3x4x5xf32>, %s: tensor<1x5xf32>) -> tensor<3x4x5xf32> {
  %0 = graph.layer_norm %x, %s {axis = 1} : (tensor<3x4x5xf32>, tensor<1x5xf32>) -> tensor<3x4x5xf32>
  return %0 : tensor<3x4x5xf32>
}

// -----

// batch_norm: a per-channel a = scale * rsqrt(variance + epsilon), then
// (x - mean) * a + bias with the parameters indexed by dim 1.
// CHECK-DAG: #[[VEC:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: (%[[X:.*]]: tensor<?x3x5x5xf32>, %[[S:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>, %[[M:.*]]: tensor<3xf32>, %[[V:.*]]: tensor<3xf32>)
// CHECK: %[[EPS:.*]] = arith.constant 1.000000e-03 : f32
// CHECK: %[[A:.*]] = linalg.generic {indexing_maps = [#[[VEC]], #[[VEC]], #[[VEC]]], iterator_types = ["parallel"]} ins(%[[S]], %[[V]] : tensor<3xf32>, tensor<3xf32>)
// CHECK: ^bb0(%[[SC:.*]]: f32, %[[VA:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[VE:.*]] = arith.addf %[[VA]], %[[EPS]] : f32
// CHECK-NEXT: %[[R:.*]] = math.rsqrt %[[VE]] : f32
// CHECK-NEXT: arith.mulf %[[SC]], %[[R]] : f32
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[D0:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK: %[[E:.*]] = tensor.empty(%[[D0]]) : tensor<?x3x5x5xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[CH]], #[[CH]], #[[CH]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[X]], %[[M]], %[[A]], %[[B]] : tensor<?x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) outs(%[[E]] : tensor<?x3x5x5xf32>)
// CHECK: ^bb0(%[[IN:.*]]: f32, %[[MEAN:.*]]: f32, %[[AA:.*]]: f32, %[[BIAS:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[D:.*]] = arith.subf %[[IN]], %[[MEAN]] : f32
// CHECK-NEXT: %[[N:.*]] = arith.mulf %[[D]], %[[AA]] : f32
// CHECK-NEXT: %[[Y:.*]] = arith.addf %[[N]], %[[BIAS]] : f32
// CHECK-NEXT: linalg.yield %[[Y]] : f32
func.func @batch_norm(%x: tensor<?x3x5x5xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<?x3x5x5xf32> {
  %0 = graph.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3} : (tensor<?x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<?x3x5x5xf32>
  return %0 : tensor<?x3x5x5xf32>
}

// -----

// layer_norm_stats: the sum and the squared-deviation reductions of
// layer_norm, their results divided by N (and rsqrt'ed), with the reduced
// dims re-inserted as 1.
// CHECK-LABEL: func.func @layer_norm_stats
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "reduction"]
// CHECK: arith.divf
// CHECK: %[[MEAN:.*]] = tensor.expand_shape
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "reduction"]
// CHECK: math.rsqrt
// CHECK: %[[RSTD:.*]] = tensor.expand_shape
// CHECK: return %[[MEAN]], %[[RSTD]] : tensor<2x1x1xf32>, tensor<2x1x1xf32>
func.func @layer_norm_stats(%x: tensor<2x3x4xf32>) -> (tensor<2x1x1xf32>, tensor<2x1x1xf32>) {
  %m, %s = graph.layer_norm_stats %x {axis = 1 : i64} : tensor<2x3x4xf32> -> tensor<2x1x1xf32>, tensor<2x1x1xf32>
  return %m, %s : tensor<2x1x1xf32>, tensor<2x1x1xf32>
}
