// RUN: strata-opt %s -convert-graph-to-linalg -split-input-file | FileCheck %s

// Lowering of graph.attention: batch dims collapsed, q k^T as a
// linalg.batch_matmul with a transposing map, one generic for scale and
// masks, a stable softmax (max, exp, sum, divide) and p v. Numerics are
// checked in nn-exec.mlir.

// CHECK-DAG:   #[[QMAP:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG:   #[[KT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// CHECK-DAG:   #[[S:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG:   #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG:   #[[MASK:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG:   #[[ROW:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @attention_causal_bool_mask
// CHECK:         %[[Q:.*]] = tensor.collapse_shape %arg0 {{\[\[}}0, 1], [2], [3]] : tensor<2x3x4x8xf32> into tensor<6x4x8xf32>
// CHECK:         %[[K:.*]] = tensor.collapse_shape %arg1
// CHECK:         %[[V:.*]] = tensor.collapse_shape %arg2
// CHECK:         %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[QK:.*]] = linalg.batch_matmul indexing_maps = [#[[QMAP]], #[[KT]], #[[S]]] ins(%[[Q]], %[[K]] : tensor<6x4x8xf32>, tensor<6x6x8xf32>) outs(%{{.*}} : tensor<6x4x6xf32>)
// CHECK:         %[[SCALE:.*]] = arith.constant 0.353553385 : f32
// CHECK:         %[[OFF:.*]] = arith.subi %c6, %c4 : index
// CHECK:         %[[LOGITS:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[MASK]], #[[ID]]]{{.*}} ins(%[[QK]], %arg3 : tensor<6x4x6xf32>, tensor<4x6xi1>)
// CHECK:           %[[X:.*]] = arith.mulf %{{.*}}, %[[SCALE]]
// CHECK:           %[[M:.*]] = arith.select %{{.*}}, %[[X]], %[[NEGINF]]
// CHECK:           %[[I:.*]] = linalg.index 1
// CHECK:           %[[J:.*]] = linalg.index 2
// CHECK:           %[[LAST:.*]] = arith.addi %[[I]], %[[OFF]]
// CHECK:           %[[FUT:.*]] = arith.cmpi sgt, %[[J]], %[[LAST]]
// CHECK:           arith.select %[[FUT]], %[[NEGINF]], %[[M]]
// CHECK:         %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[LOGITS]]
// CHECK:           arith.maximumf
// CHECK:         %[[EXP:.*]] = linalg.generic {{.*}} ins(%[[LOGITS]], %[[MAX]]
// CHECK:           arith.subf
// CHECK:           math.exp
// CHECK:         %[[SUM:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[EXP]]
// CHECK:           arith.addf
// CHECK:         %[[P:.*]] = linalg.generic {{.*}} ins(%[[EXP]], %[[SUM]]
// CHECK:           arith.divf
// CHECK:         %[[PV:.*]] = linalg.batch_matmul ins(%[[P]], %[[V]] : tensor<6x4x6xf32>, tensor<6x6x5xf32>) outs(%{{.*}} : tensor<6x4x5xf32>)
// CHECK:         tensor.expand_shape %[[PV]] {{\[\[}}0, 1], [2], [3]] output_shape [2, 3, 4, 5]
func.func @attention_causal_bool_mask(%q: tensor<2x3x4x8xf32>, %k: tensor<2x3x6x8xf32>, %v: tensor<2x3x6x5xf32>, %m: tensor<4x6xi1>) -> tensor<2x3x4x5xf32> {
  %0 = graph.attention %q, %k, %v, %m {causal = true} : (tensor<2x3x4x8xf32>, tensor<2x3x6x8xf32>, tensor<2x3x6x5xf32>, tensor<4x6xi1>) -> tensor<2x3x4x5xf32>
  return %0 : tensor<2x3x4x5xf32>
}

// -----

// Rank 2 gains a unit batch dim; a float mask with batch dims is broadcast
// to the full shape and collapsed like q; the scale attribute is used as is.
// CHECK-LABEL: func.func @attention_float_mask
// CHECK:         %[[MB:.*]] = linalg.broadcast ins(%arg3 : tensor<2x4x6xf16>) outs(%{{.*}} : tensor<3x2x4x6xf16>) dimensions = [0]
// CHECK:         tensor.collapse_shape %[[MB]] {{\[\[}}0, 1], [2], [3]] : tensor<3x2x4x6xf16> into tensor<6x4x6xf16>
// CHECK:         arith.constant 5.000000e-01 : f16
// CHECK:           arith.mulf
// CHECK-NEXT:      arith.addf
// CHECK-NOT:       linalg.index
// CHECK:           linalg.yield
func.func @attention_float_mask(%q: tensor<3x2x4x8xf16>, %k: tensor<3x2x6x8xf16>, %v: tensor<3x2x6x5xf16>, %m: tensor<2x4x6xf16>) -> tensor<3x2x4x5xf16> {
  %0 = graph.attention %q, %k, %v, %m {scale = 0.5 : f64} : (tensor<3x2x4x8xf16>, tensor<3x2x6x8xf16>, tensor<3x2x6x5xf16>, tensor<2x4x6xf16>) -> tensor<3x2x4x5xf16>
  return %0 : tensor<3x2x4x5xf16>
}

// -----

// CHECK-LABEL: func.func @attention_rank2
// CHECK:         tensor.expand_shape %arg0 {{\[\[}}0, 1], [2]] output_shape [1, 4, 8] : tensor<4x8xf32> into tensor<1x4x8xf32>
// CHECK:         %[[PV:.*]] = linalg.batch_matmul ins(
// CHECK:         tensor.collapse_shape %[[PV]] {{\[\[}}0, 1], [2]] : tensor<1x4x5xf32> into tensor<4x5xf32>
func.func @attention_rank2(%q: tensor<4x8xf32>, %k: tensor<6x8xf32>, %v: tensor<6x5xf32>) -> tensor<4x5xf32> {
  %0 = graph.attention %q, %k, %v : (tensor<4x8xf32>, tensor<6x8xf32>, tensor<6x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}
