// RUN: strata-opt %s -convert-graph-to-linalg -split-input-file | FileCheck %s

// Lowering of graph.matmul and graph.gemm: which named op, how batch dims are
// broadcast/collapsed, and the gemm epilogue. Numerics are checked in
// nn-exec.mlir.

// A 2-D matmul is one linalg.matmul into a zero-filled accumulator.
// CHECK-LABEL: func.func @matmul_2d
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<3x5xf32>
// CHECK:         %[[FILL:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<3x5xf32>)
// CHECK:         %[[MM:.*]] = linalg.matmul ins(%arg0, %arg1 : tensor<3x4xf32>, tensor<4x5xf32>) outs(%[[FILL]] : tensor<3x5xf32>)
// CHECK:         return %[[MM]]
func.func @matmul_2d(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xf32> {
  %0 = graph.matmul %a, %b : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// With a 2-D rhs, the lhs batch dims fold into M: one linalg.matmul, dynamic
// batch kept through collapse/expand.
// CHECK-LABEL: func.func @matmul_fold_batch
// CHECK:         %[[B:.*]] = tensor.dim %arg0, %c0
// CHECK:         %[[LHS:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1], [2]] : tensor<?x7x32xf32> into tensor<?x32xf32>
// CHECK:         %[[MM:.*]] = linalg.matmul ins(%[[LHS]], %arg1 : tensor<?x32xf32>, tensor<32x16xf32>) outs(%{{.*}} : tensor<?x16xf32>)
// CHECK:         tensor.expand_shape %[[MM]] {{\[\[}}0, 1], [2]] output_shape [%[[B]], 7, 16] : tensor<?x16xf32> into tensor<?x7x16xf32>
func.func @matmul_fold_batch(%a: tensor<?x7x32xf32>, %b: tensor<32x16xf32>) -> tensor<?x7x16xf32> {
  %0 = graph.matmul %a, %b : (tensor<?x7x32xf32>, tensor<32x16xf32>) -> tensor<?x7x16xf32>
  return %0 : tensor<?x7x16xf32>
}

// -----

// Batch dims broadcast (a unit dim stretched by a generic with a constant
// index, a missing one added by linalg.broadcast), collapse into one and
// feed linalg.batch_matmul.
// CHECK-DAG:   #[[STRETCH:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, 0, d2, d3)>
// CHECK-LABEL: func.func @matmul_broadcast_batch
// CHECK:         %[[L:.*]] = linalg.generic {indexing_maps = [#[[STRETCH]], #{{.*}}]{{.*}} ins(%arg0 : tensor<8x1x64x32xf32>) outs(%{{.*}} : tensor<8x4x64x32xf32>)
// CHECK:         %[[R:.*]] = linalg.broadcast ins(%arg1 : tensor<4x32x16xf32>) outs(%{{.*}} : tensor<8x4x32x16xf32>) dimensions = [0]
// CHECK:         %[[LC:.*]] = tensor.collapse_shape %[[L]] {{\[\[}}0, 1], [2], [3]] : tensor<8x4x64x32xf32> into tensor<32x64x32xf32>
// CHECK:         %[[RC:.*]] = tensor.collapse_shape %[[R]] {{\[\[}}0, 1], [2], [3]] : tensor<8x4x32x16xf32> into tensor<32x32x16xf32>
// CHECK:         %[[BMM:.*]] = linalg.batch_matmul ins(%[[LC]], %[[RC]] : tensor<32x64x32xf32>, tensor<32x32x16xf32>) outs(%{{.*}} : tensor<32x64x16xf32>)
// CHECK:         tensor.expand_shape %[[BMM]] {{\[\[}}0, 1], [2], [3]] output_shape [8, 4, 64, 16]
func.func @matmul_broadcast_batch(%a: tensor<8x1x64x32xf32>, %b: tensor<4x32x16xf32>) -> tensor<8x4x64x16xf32> {
  %0 = graph.matmul %a, %b : (tensor<8x1x64x32xf32>, tensor<4x32x16xf32>) -> tensor<8x4x64x16xf32>
  return %0 : tensor<8x4x64x16xf32>
}

// -----

// 1-D operands gain a unit dim that is collapsed away again; integers
// accumulate in the result type.
// CHECK-LABEL: func.func @matmul_vector_int
// CHECK:         %[[V:.*]] = tensor.expand_shape %arg0 {{\[\[}}0, 1]] output_shape [1, 32] : tensor<32xi32> into tensor<1x32xi32>
// CHECK:         %[[VB:.*]] = linalg.broadcast ins(%[[V]] : tensor<1x32xi32>) outs(%{{.*}} : tensor<3x1x32xi32>) dimensions = [0]
// CHECK:         arith.constant 0 : i32
// CHECK:         %[[BMM:.*]] = linalg.batch_matmul ins(%[[VB]], %arg1 : tensor<3x1x32xi32>, tensor<3x32x16xi32>)
// CHECK:         tensor.collapse_shape %[[BMM]] {{\[\[}}0], [1, 2]] : tensor<3x1x16xi32> into tensor<3x16xi32>
func.func @matmul_vector_int(%a: tensor<32xi32>, %b: tensor<3x32x16xi32>) -> tensor<3x16xi32> {
  %0 = graph.matmul %a, %b : (tensor<32xi32>, tensor<3x32x16xi32>) -> tensor<3x16xi32>
  return %0 : tensor<3x16xi32>
}

// -----

// CHECK-LABEL: func.func @matmul_dot
// CHECK:         linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<1x4xf32>, tensor<4x1xf32>)
// CHECK:         tensor.collapse_shape %{{.*}} [] : tensor<1x1xf32> into tensor<f32>
func.func @matmul_dot(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<f32> {
  %0 = graph.matmul %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Transposes become indexing maps of linalg.matmul; alpha != 1 needs an
// epilogue that also adds beta * c (broadcast through its map).
// CHECK-DAG:   #[[AT:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG:   #[[BT:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG:   #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG:   #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @gemm_transposed
// CHECK:         %[[MM:.*]] = linalg.matmul indexing_maps = [#[[AT]], #[[BT]], #[[OUT]]] ins(%arg0, %arg1 : tensor<32x8xf32>, tensor<16x32xf32>)
// CHECK-DAG:     %[[ALPHA:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-DAG:     %[[BETA:.*]] = arith.constant 5.000000e-01 : f32
// CHECK:         linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]]{{.*}} ins(%[[MM]], %arg2 : tensor<8x16xf32>, tensor<16xf32>)
// CHECK:           %[[X:.*]] = arith.mulf %{{.*}}, %[[ALPHA]]
// CHECK:           %[[Y:.*]] = arith.mulf %{{.*}}, %[[BETA]]
// CHECK:           arith.addf %[[X]], %[[Y]]
func.func @gemm_transposed(%a: tensor<32x8xf32>, %b: tensor<16x32xf32>, %c: tensor<16xf32>) -> tensor<8x16xf32> {
  %0 = graph.gemm %a, %b, %c {trans_a = true, trans_b = true, alpha = 2.0, beta = 0.5} : (tensor<32x8xf32>, tensor<16x32xf32>, tensor<16xf32>) -> tensor<8x16xf32>
  return %0 : tensor<8x16xf32>
}

// -----

// With alpha == 1 the matmul accumulates into the broadcast c: no epilogue.
// CHECK-LABEL: func.func @gemm_accumulate_into_c
// CHECK:         %[[C:.*]] = linalg.broadcast ins(%arg2 : tensor<16xf32>) outs(%{{.*}} : tensor<8x16xf32>) dimensions = [0]
// CHECK:         %[[MM:.*]] = linalg.matmul ins(%arg0, %arg1 : tensor<8x32xf32>, tensor<32x16xf32>) outs(%[[C]] : tensor<8x16xf32>)
// CHECK-NEXT:    return %[[MM]]
func.func @gemm_accumulate_into_c(%a: tensor<8x32xf32>, %b: tensor<32x16xf32>, %c: tensor<16xf32>) -> tensor<8x16xf32> {
  %0 = graph.gemm %a, %b, %c : (tensor<8x32xf32>, tensor<32x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
  return %0 : tensor<8x16xf32>
}
