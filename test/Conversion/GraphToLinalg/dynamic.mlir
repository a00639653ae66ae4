// RUN: strata-opt %s -convert-graph-to-linalg | FileCheck %s

// Lowering of ops with dynamic dims (symbolic batch and sequence): results
// are sized with tensor.dim of the operands, static dims broadcast as usual
// and a dynamic dim is assumed to match the result's (see
// docs/cpu-backend.md, "Dynamic shapes").

// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[LAST:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-DAG: #[[ROWS:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[KEEP02:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>

// CHECK-LABEL: func.func @add_bias(
// CHECK-SAME: %[[X:.*]]: tensor<?x?x32xf32>, %[[B:.*]]: tensor<32xf32>)
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?x32xf32>
// CHECK: %[[S:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?x32xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[N]], %[[S]]) : tensor<?x?x32xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID3]], #[[LAST]], #[[ID3]]]
// CHECK-SAME: ins(%[[X]], %[[B]] : tensor<?x?x32xf32>, tensor<32xf32>) outs(%[[E]] : tensor<?x?x32xf32>)
func.func @add_bias(%x: tensor<?x?x32xf32>, %b: tensor<32xf32>) -> tensor<?x?x32xf32> {
  %0 = graph.add %x, %b : (tensor<?x?x32xf32>, tensor<32xf32>) -> tensor<?x?x32xf32>
  return %0 : tensor<?x?x32xf32>
}

// Softmax over a dynamic axis: the row max and sum are ?-sized, expanded to
// ?x1 and broadcast back over the rows.
// CHECK-LABEL: func.func @softmax(
// CHECK: %[[MAX:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]{{.*}} outs(%{{.*}} : tensor<?xf32>)
// CHECK: arith.maximumf
// CHECK: tensor.expand_shape %[[MAX]] {{\[\[}}0, 1]] output_shape [%{{.*}}, 1] : tensor<?xf32> into tensor<?x1xf32>
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[ROWS]], #{{.*}}]
// CHECK: math.exp
// CHECK: arith.divf
func.func @softmax(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = graph.softmax %x {axis = 1 : i64} : tensor<?x?xf32> -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// A mean over a dynamic dim divides by its run-time size.
// CHECK-LABEL: func.func @mean(
// CHECK-SAME: %[[X:.*]]: tensor<?x?x32xf32>)
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?x32xf32>
// CHECK: tensor.empty(%[[N]]) : tensor<?x32xf32>
// CHECK: linalg.generic {indexing_maps = [#[[ID3]], #[[KEEP02]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK: %[[S:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?x32xf32>
// CHECK: %[[COUNT:.*]] = arith.muli %[[S]], %{{.*}} : index
// CHECK: %[[I:.*]] = arith.index_cast %[[COUNT]] : index to i64
// CHECK: %[[F:.*]] = arith.sitofp %[[I]] : i64 to f32
// CHECK: arith.divf %{{.*}}, %[[F]] : f32
func.func @mean(%x: tensor<?x?x32xf32>) -> tensor<?x32xf32> {
  %0 = graph.reduce_mean %x {axes = array<i64: 1>, keepdims = false} : tensor<?x?x32xf32> -> tensor<?x32xf32>
  return %0 : tensor<?x32xf32>
}

// A 3-D MatMul with dynamic batch and sequence against a 2-D weight
// collapses the leading dims into one dynamic dim and splits it back.
// CHECK-LABEL: func.func @linear(
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : tensor<?x?x16xf32> into tensor<?x16xf32>
// CHECK: linalg.matmul
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2]] output_shape [%{{.*}}, %{{.*}}, 32] : tensor<?x32xf32> into tensor<?x?x32xf32>
func.func @linear(%x: tensor<?x?x16xf32>, %w: tensor<16x32xf32>) -> tensor<?x?x32xf32> {
  %0 = graph.matmul %x, %w : (tensor<?x?x16xf32>, tensor<16x32xf32>) -> tensor<?x?x32xf32>
  return %0 : tensor<?x?x32xf32>
}
