// RUN: strata-opt %s -convert-graph-to-linalg -split-input-file | FileCheck %s

// Reductions, global pooling and softmax (see
// lib/Conversion/GraphToLinalg/ReductionToLinalg.cpp): a linalg.generic with
// reduction iterators over a linalg.fill of the neutral element; kept dims
// come back through tensor.expand_shape.

// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @sum_keepdims
// CHECK-SAME: (%[[X:.*]]: tensor<2x?x4xf32>)
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x4xf32>
// CHECK: %[[F:.*]] = linalg.fill ins(%[[Z]] : f32) outs(%[[E]] : tensor<2x4xf32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[X]] : tensor<2x?x4xf32>) outs(%[[F]] : tensor<2x4xf32>)
// CHECK: arith.addf
// CHECK: %[[K:.*]] = tensor.expand_shape %[[R]] {{\[}}[0], [1, 2]] output_shape [2, 1, 4] : tensor<2x4xf32> into tensor<2x1x4xf32>
// CHECK: return %[[K]]
func.func @sum_keepdims(%x: tensor<2x?x4xf32>) -> tensor<2x1x4xf32> {
  %0 = graph.reduce_sum %x {axes = array<i64: 1>} : tensor<2x?x4xf32> -> tensor<2x1x4xf32>
  return %0 : tensor<2x1x4xf32>
}

// -----

// Mean over a static (2) and a dynamic (?) dim divides by 2 * dim.
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-LABEL: func.func @mean_dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<2x?x4xf32>)
// CHECK: linalg.generic {{.*}} iterator_types = ["reduction", "reduction", "parallel"]
// CHECK: %[[C1:.*]] = arith.constant 1 : index
// CHECK: %[[D:.*]] = tensor.dim %[[X]], %[[C1]]
// CHECK: %[[C2:.*]] = arith.constant 2 : index
// CHECK: %[[N:.*]] = arith.muli %[[D]], %[[C2]] : index
// CHECK: %[[I:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK: %[[F:.*]] = arith.sitofp %[[I]] : i64 to f32
// CHECK: linalg.generic
// CHECK: arith.divf %{{.*}}, %[[F]] : f32
// CHECK-NOT: tensor.expand_shape
func.func @mean_dynamic(%x: tensor<2x?x4xf32>) -> tensor<4xf32> {
  %0 = graph.reduce_mean %x {axes = array<i64: 0, -2>, keepdims = false} : tensor<2x?x4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Empty axes reduce every dim; f16 sums accumulate in f32.
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @sum_all_f16
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: tensor.empty() : tensor<f32>
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[OUT]]], iterator_types = ["reduction", "reduction"]}
// CHECK: ^bb0(%[[IN:.*]]: f16, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[W:.*]] = arith.extf %[[IN]] : f16 to f32
// CHECK-NEXT: arith.addf %[[W]], %[[ACC]] : f32
// CHECK: arith.truncf %{{.*}} : f32 to f16
// CHECK: tensor.expand_shape %{{.*}} [] output_shape [1, 1] : tensor<f16> into tensor<1x1xf16>
func.func @sum_all_f16(%x: tensor<8x16xf16>) -> tensor<1x1xf16> {
  %0 = graph.reduce_sum %x : tensor<8x16xf16> -> tensor<1x1xf16>
  return %0 : tensor<1x1xf16>
}

// -----

// Neutral elements: -inf / +inf for float max / min, INT_MIN / INT_MAX for
// integer max / min, 1 for products.
// CHECK-LABEL: func.func @neutral
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: arith.maximumf
// CHECK: arith.constant 0x7F800000 : f32
// CHECK: arith.minimumf
// CHECK: arith.constant -2147483648 : i32
// CHECK: arith.maxsi
// CHECK: arith.constant 2147483647 : i32
// CHECK: arith.minsi
// CHECK: arith.constant 1 : i32
// CHECK: arith.muli
func.func @neutral(%x: tensor<3x5xf32>, %i: tensor<3x5xi32>)
    -> (tensor<3x1xf32>, tensor<3xf32>, tensor<3x1xi32>, tensor<1x5xi32>, tensor<i32>) {
  %0 = graph.reduce_max %x {axes = array<i64: 1>} : tensor<3x5xf32> -> tensor<3x1xf32>
  %1 = graph.reduce_min %x {axes = array<i64: 1>, keepdims = false} : tensor<3x5xf32> -> tensor<3xf32>
  %2 = graph.reduce_max %i {axes = array<i64: 1>} : tensor<3x5xi32> -> tensor<3x1xi32>
  %3 = graph.reduce_min %i {axes = array<i64: 0>} : tensor<3x5xi32> -> tensor<1x5xi32>
  %4 = graph.reduce_prod %i {keepdims = false} : tensor<3x5xi32> -> tensor<i32>
  return %0, %1, %2, %3, %4 : tensor<3x1xf32>, tensor<3xf32>, tensor<3x1xi32>, tensor<1x5xi32>, tensor<i32>
}

// -----

// Integer mean divides with truncation.
// CHECK-LABEL: func.func @mean_int
// CHECK: arith.addi
// CHECK: %[[N:.*]] = arith.constant 5 : i32
// CHECK: arith.divsi %{{.*}}, %[[N]] : i32
func.func @mean_int(%i: tensor<3x5xi32>) -> tensor<3x1xi32> {
  %0 = graph.reduce_mean %i {axes = array<i64: 1>} : tensor<3x5xi32> -> tensor<3x1xi32>
  return %0 : tensor<3x1xi32>
}

// -----

// CHECK-LABEL: func.func @global_pool
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction", "reduction"]
// CHECK: arith.addf
// CHECK: arith.constant 4.900000e+01 : f32
// CHECK: arith.divf
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2, 3]] output_shape [1, 8, 1, 1] : tensor<1x8xf32> into tensor<1x8x1x1xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction", "reduction"]
// CHECK: arith.maximumf
// CHECK: tensor.expand_shape
func.func @global_pool(%x: tensor<1x8x7x7xf32>) -> (tensor<1x8x1x1xf32>, tensor<1x8x1x1xf32>) {
  %0 = graph.global_avg_pool %x : tensor<1x8x7x7xf32> -> tensor<1x8x1x1xf32>
  %1 = graph.global_max_pool %x : tensor<1x8x7x7xf32> -> tensor<1x8x1x1xf32>
  return %0, %1 : tensor<1x8x1x1xf32>, tensor<1x8x1x1xf32>
}

// -----

// softmax: max, exp(x - max), sum, divide; the reduced tensors broadcast
// back along the axis (constant-0 index).
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[BC:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[X:.*]]: tensor<?x10xf32>)
// CHECK: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]}
// CHECK: arith.maximumf
// CHECK: %[[MK:.*]] = tensor.expand_shape %[[MAX]]
// CHECK: %[[EXP:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[BC]], #[[ID]]], {{.*}} ins(%[[X]], %[[MK]] : tensor<?x10xf32>, tensor<?x1xf32>)
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[EXP]]
// CHECK: arith.addf
// CHECK: %[[SK:.*]] = tensor.expand_shape %[[SUM]]
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[BC]], #[[ID]]], {{.*}} ins(%[[EXP]], %[[SK]] : tensor<?x10xf32>, tensor<?x1xf32>)
// CHECK: arith.divf
func.func @softmax(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %0 = graph.softmax %x : tensor<?x10xf32> -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// -----

// log_softmax along axis 0 of an f16 tensor, computed in f32:
// (x - max) - log(sum(exp(x - max))).
// CHECK-DAG: #[[BC:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func.func @log_softmax_f16
// CHECK: arith.maximumf %{{.*}} : f16
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4x6xf32>)
// CHECK: math.exp %{{.*}} : f32
// CHECK: arith.addf %{{.*}} : f32
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[BC]], #[[BC]], #{{.*}}]
// CHECK: ^bb0(%[[IN:.*]]: f16, %[[M:.*]]: f16, %[[S:.*]]: f32, %{{.*}}: f16):
// CHECK-NEXT: %[[A:.*]] = arith.extf %[[IN]] : f16 to f32
// CHECK-NEXT: %[[B:.*]] = arith.extf %[[M]] : f16 to f32
// CHECK-NEXT: %[[D:.*]] = arith.subf %[[A]], %[[B]] : f32
// CHECK-NEXT: %[[L:.*]] = math.log %[[S]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.subf %[[D]], %[[L]] : f32
// CHECK-NEXT: %[[T:.*]] = arith.truncf %[[R]] : f32 to f16
// CHECK-NEXT: linalg.yield %[[T]] : f16
func.func @log_softmax_f16(%x: tensor<4x6xf16>) -> tensor<4x6xf16> {
  %0 = graph.log_softmax %x {axis = 0} : tensor<4x6xf16> -> tensor<4x6xf16>
  return %0 : tensor<4x6xf16>
}
