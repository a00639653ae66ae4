// RUN: strata-opt %s -convert-graph-to-linalg -split-input-file | FileCheck %s

// Lowering of the data-movement ops. Numerics are checked in
// shape-exec.mlir.

// CHECK-LABEL: func.func @reshape_collapse
// CHECK:         %[[R:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1], [2]] : tensor<2x3x4xf32> into tensor<6x4xf32>
// CHECK-NEXT:    return %[[R]]
func.func @reshape_collapse(%x: tensor<2x3x4xf32>) -> tensor<6x4xf32> {
  %0 = graph.reshape %x {shape = array<i64: 6, 4>} : tensor<2x3x4xf32> -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_expand
// CHECK:         tensor.expand_shape %arg0 {{\[\[}}0], [1], [2, 3]] output_shape [2, 3, 2, 2] : tensor<2x3x4xf32> into tensor<2x3x2x2xf32>
func.func @reshape_expand(%x: tensor<2x3x4xf32>) -> tensor<2x3x2x2xf32> {
  %0 = graph.reshape %x {shape = array<i64: 2, 3, 2, 2>} : tensor<2x3x4xf32> -> tensor<2x3x2x2xf32>
  return %0 : tensor<2x3x2x2xf32>
}

// -----

// Neither a pure collapse nor expand: through 1-D.
// CHECK-LABEL: func.func @reshape_neither
// CHECK:         %[[FLAT:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK:         tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1]] output_shape [4, 6] : tensor<24xf32> into tensor<4x6xf32>
func.func @reshape_neither(%x: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %0 = graph.reshape %x {shape = array<i64: 4, -1>} : tensor<2x3x4xf32> -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// -----

// Dynamic and not a collapse: tensor.reshape, the -1 entry from the count.
// CHECK-LABEL: func.func @reshape_dynamic
// CHECK:         %[[DIM:.*]] = tensor.dim %arg0, %c0
// CHECK:         %[[COUNT:.*]] = arith.divui %{{.*}}, %c3
// CHECK:         %[[SHAPE:.*]] = tensor.from_elements %{{.*}}, %[[COUNT]] : tensor<2xindex>
// CHECK:         tensor.reshape %arg0(%[[SHAPE]]) : (tensor<?x3x4xf32>, tensor<2xindex>) -> tensor<3x?xf32>
func.func @reshape_dynamic(%x: tensor<?x3x4xf32>) -> tensor<3x?xf32> {
  %0 = graph.reshape %x {shape = array<i64: 3, -1>} : tensor<?x3x4xf32> -> tensor<3x?xf32>
  return %0 : tensor<3x?xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_dynamic_collapse
// CHECK:         tensor.collapse_shape %arg0 {{\[\[}}0, 1], [2]] : tensor<?x3x4xf32> into tensor<?x4xf32>
func.func @reshape_dynamic_collapse(%x: tensor<?x3x4xf32>) -> tensor<?x4xf32> {
  %0 = graph.reshape %x {shape = array<i64: -1, 4>} : tensor<?x3x4xf32> -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK:         %[[D:.*]] = tensor.dim %arg0, %c0
// CHECK:         %[[E:.*]] = tensor.empty(%[[D]]) : tensor<4x?x3xf32>
// CHECK:         linalg.transpose ins(%arg0 : tensor<?x3x4xf32>) outs(%[[E]] : tensor<4x?x3xf32>) permutation = [2, 0, 1]
func.func @transpose(%x: tensor<?x3x4xf32>) -> tensor<4x?x3xf32> {
  %0 = graph.transpose %x {perm = array<i64: 2, 0, 1>} : tensor<?x3x4xf32> -> tensor<4x?x3xf32>
  return %0 : tensor<4x?x3xf32>
}

// -----

// CHECK-LABEL: func.func @concat
// CHECK:         %[[D:.*]] = tensor.dim %arg0, %c1
// CHECK:         %[[N:.*]] = arith.addi %[[D]], %c3
// CHECK:         %[[E:.*]] = tensor.empty(%[[N]]) : tensor<2x?xf32>
// CHECK:         %[[A:.*]] = tensor.insert_slice %arg0 into %[[E]][0, 0] [2, %{{.*}}] [1, 1]
// CHECK:         %[[B:.*]] = tensor.insert_slice %arg1 into %[[A]][0, %{{.*}}] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<2x?xf32>
// CHECK-NEXT:    return %[[B]]
func.func @concat(%a: tensor<2x?xf32>, %b: tensor<2x3xf32>) -> tensor<2x?xf32> {
  %0 = graph.concat %a, %b {axis = 1} : (tensor<2x?xf32>, tensor<2x3xf32>) -> tensor<2x?xf32>
  return %0 : tensor<2x?xf32>
}

// -----

// Negative steps: the same elements in ascending order (positive stride),
// then a generic that reads them reversed.
// CHECK-DAG:   #[[REV:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, -d2 + 2)>
// CHECK-LABEL: func.func @slice_negative_step
// CHECK:         %[[S:.*]] = tensor.extract_slice %arg0[0, 0, 0] [2, 3, 3] [1, 2, 2] : tensor<2x6x5xf32> to tensor<2x3x3xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[REV]], #{{.*}}]{{.*}} ins(%[[S]] : tensor<2x3x3xf32>)
func.func @slice_negative_step(%x: tensor<2x6x5xf32>) -> tensor<2x3x3xf32> {
  %0 = graph.slice %x {starts = array<i64: -1, 0>, ends = array<i64: -100, 6>, axes = array<i64: 2, 1>, steps = array<i64: -2, 2>} : tensor<2x6x5xf32> -> tensor<2x3x3xf32>
  return %0 : tensor<2x3x3xf32>
}

// -----

// Positive steps only: one extract_slice; INT64_MAX ends mean "to the end".
// CHECK-LABEL: func.func @slice_dynamic_other_dim
// CHECK:         %[[D:.*]] = tensor.dim %arg0, %c0
// CHECK:         %[[S:.*]] = tensor.extract_slice %arg0[0, 1, 0] [%[[D]], 2, 4] [1, 1, 1] : tensor<?x3x4xf32> to tensor<?x2x4xf32>
// CHECK-NEXT:    return %[[S]]
func.func @slice_dynamic_other_dim(%x: tensor<?x3x4xf32>) -> tensor<?x2x4xf32> {
  %0 = graph.slice %x {starts = array<i64: 1>, ends = array<i64: 9223372036854775807>, axes = array<i64: 1>} : tensor<?x3x4xf32> -> tensor<?x2x4xf32>
  return %0 : tensor<?x2x4xf32>
}

// -----

// CHECK-DAG:   #[[IDX:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d2)>
// CHECK-LABEL: func.func @gather
// CHECK:         %[[E:.*]] = tensor.empty(%{{.*}}) : tensor<?x2x3x4xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[IDX]], #{{.*}}]{{.*}} ins(%arg1 : tensor<2x3xi64>) outs(%[[E]] : tensor<?x2x3x4xf32>)
// CHECK:           %[[I:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK:           %[[NEG:.*]] = arith.cmpi slt, %[[I]], %{{.*}}
// CHECK:           %[[W:.*]] = arith.addi %[[I]], %c5
// CHECK:           %[[J:.*]] = arith.select %[[NEG]], %[[W]], %[[I]]
// CHECK:           %[[D0:.*]] = linalg.index 0
// CHECK:           %[[D3:.*]] = linalg.index 3
// CHECK:           tensor.extract %arg0[%[[D0]], %[[J]], %[[D3]]] : tensor<?x5x4xf32>
func.func @gather(%x: tensor<?x5x4xf32>, %i: tensor<2x3xi64>) -> tensor<?x2x3x4xf32> {
  %0 = graph.gather %x, %i {axis = 1} : (tensor<?x5x4xf32>, tensor<2x3xi64>) -> tensor<?x2x3x4xf32>
  return %0 : tensor<?x2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @split
// CHECK:         %[[A:.*]] = tensor.extract_slice %arg0[0, 0] [4, 1] [1, 1] : tensor<4x6xf32> to tensor<4x1xf32>
// CHECK:         %[[B:.*]] = tensor.extract_slice %arg0[0, 1] [4, 5] [1, 1] : tensor<4x6xf32> to tensor<4x5xf32>
// CHECK:         return %[[A]], %[[B]]
func.func @split(%x: tensor<4x6xf32>) -> (tensor<4x1xf32>, tensor<4x5xf32>) {
  %0:2 = graph.split %x {axis = -1, sizes = array<i64: 1, 5>} : tensor<4x6xf32> -> tensor<4x1xf32>, tensor<4x5xf32>
  return %0#0, %0#1 : tensor<4x1xf32>, tensor<4x5xf32>
}

// -----

// Negative pads crop first; constant mode is a tensor.pad.
// CHECK-LABEL: func.func @pad_constant_crop
// CHECK:         %[[C:.*]] = tensor.extract_slice %arg0[0, 1] [%{{.*}}, 3] [1, 1] : tensor<?x4xi32> to tensor<?x3xi32>
// CHECK:         %[[V:.*]] = arith.constant 7 : i32
// CHECK:         tensor.pad %[[C]] low[1, 0] high[2, 0]
// CHECK:           tensor.yield %[[V]] : i32
func.func @pad_constant_crop(%x: tensor<?x4xi32>) -> tensor<?x3xi32> {
  %0 = graph.pad %x {pads = array<i64: 1, -1, 2, 0>, value = 7.0} : tensor<?x4xi32> -> tensor<?x3xi32>
  return %0 : tensor<?x3xi32>
}

// -----

// Reflect: a generic computing the mirrored source index per dim.
// CHECK-LABEL: func.func @pad_reflect
// CHECK:         linalg.generic {{.*}} outs(%{{.*}} : tensor<7x8xf32>)
// CHECK:           arith.maxsi
// CHECK:           arith.minsi
// CHECK:           tensor.extract %arg0
func.func @pad_reflect(%x: tensor<3x4xf32>) -> tensor<7x8xf32> {
  %0 = graph.pad %x {pads = array<i64: 2, 3, 2, 1>, mode = #graph<pad_mode reflect>} : tensor<3x4xf32> -> tensor<7x8xf32>
  return %0 : tensor<7x8xf32>
}

// -----

// Edge: the source index is clamped; an unpadded dim reads its own index.
// CHECK-LABEL: func.func @pad_edge
// CHECK:         linalg.generic
// CHECK:           %[[I:.*]] = linalg.index 0
// CHECK:           %[[J:.*]] = linalg.index 1
// CHECK:           arith.subi %[[J]]
// CHECK:           arith.maxsi
// CHECK:           %[[K:.*]] = arith.minsi
// CHECK:           tensor.extract %arg0[%[[I]], %[[K]]]
func.func @pad_edge(%x: tensor<?x4xf32>) -> tensor<?x9xf32> {
  %0 = graph.pad %x {pads = array<i64: 0, 3, 0, 2>, mode = #graph<pad_mode edge>} : tensor<?x4xf32> -> tensor<?x9xf32>
  return %0 : tensor<?x9xf32>
}

// -----

// A unit dim stretched by a generic with a constant index; new leading dims
// only: linalg.broadcast.
// CHECK-DAG:   #[[STRETCH:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-LABEL: func.func @expand
// CHECK:         linalg.generic {indexing_maps = [#[[STRETCH]], #{{.*}}]{{.*}} ins(%arg0 : tensor<3x1xf32>) outs(%{{.*}} : tensor<2x3x6xf32>)
// CHECK:         linalg.broadcast ins(%arg1 : tensor<3x4xf32>) outs(%{{.*}} : tensor<2x3x4xf32>) dimensions = [0]
func.func @expand(%x: tensor<3x1xf32>, %y: tensor<3x4xf32>) -> (tensor<2x3x6xf32>, tensor<2x3x4xf32>) {
  %0 = graph.expand %x {shape = array<i64: 2, 1, 6>} : tensor<3x1xf32> -> tensor<2x3x6xf32>
  %1 = graph.expand %y {shape = array<i64: 2, 1, 1>} : tensor<3x4xf32> -> tensor<2x3x4xf32>
  return %0, %1 : tensor<2x3x6xf32>, tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @squeeze_unsqueeze_flatten
// CHECK:         %[[S:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1, 2]] : tensor<1x3x1xf32> into tensor<3xf32>
// CHECK:         %[[U:.*]] = tensor.expand_shape %[[S]] {{\[\[}}0, 1, 2]] output_shape [1, 3, 1] : tensor<3xf32> into tensor<1x3x1xf32>
// CHECK:         %[[F:.*]] = tensor.collapse_shape %arg1 {{\[\[}}0], [1, 2]] : tensor<?x3x4xf32> into tensor<?x12xf32>
// CHECK:         %[[F0:.*]] = tensor.collapse_shape %arg1 {{\[\[}}0, 1, 2]] : tensor<?x3x4xf32> into tensor<?xf32>
// CHECK:         tensor.expand_shape %[[F0]] {{\[\[}}0, 1]] output_shape [1, %{{.*}}] : tensor<?xf32> into tensor<1x?xf32>
func.func @squeeze_unsqueeze_flatten(%x: tensor<1x3x1xf32>, %y: tensor<?x3x4xf32>) -> (tensor<1x3x1xf32>, tensor<?x12xf32>, tensor<1x?xf32>) {
  %0 = graph.squeeze %x : tensor<1x3x1xf32> -> tensor<3xf32>
  %1 = graph.unsqueeze %0 {axes = array<i64: 0, -1>} : tensor<3xf32> -> tensor<1x3x1xf32>
  %2 = graph.flatten %y : tensor<?x3x4xf32> -> tensor<?x12xf32>
  %3 = graph.flatten %y {axis = 0} : tensor<?x3x4xf32> -> tensor<1x?xf32>
  return %1, %2, %3 : tensor<1x3x1xf32>, tensor<?x12xf32>, tensor<1x?xf32>
}

// -----

// A squeezed dynamic dim is taken to be 1: collapse, then cast.
// CHECK-LABEL: func.func @squeeze_dynamic
// CHECK:         %[[S:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1]] : tensor<?x5xf32> into tensor<?xf32>
// CHECK:         tensor.cast %[[S]] : tensor<?xf32> to tensor<5xf32>
func.func @squeeze_dynamic(%x: tensor<?x5xf32>) -> tensor<5xf32> {
  %0 = graph.squeeze %x {axes = array<i64: 0>} : tensor<?x5xf32> -> tensor<5xf32>
  return %0 : tensor<5xf32>
}
