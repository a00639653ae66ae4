// RUN: strata-opt %s -graph-infer-shapes -split-input-file | FileCheck %s

// Static dims propagate forward through written `?` dims, including through
// ops whose result must equal their operand type, and into the signature.
// CHECK-LABEL: func.func @propagate
// CHECK-SAME: -> tensor<1x64x56x56xf32>
// CHECK: graph.conv {{.*}} -> tensor<1x64x112x112xf32>
// CHECK: graph.relu %{{.*}} : tensor<1x64x112x112xf32>
// CHECK: graph.max_pool {{.*}} -> tensor<1x64x56x56xf32>
// CHECK: return %{{.*}} : tensor<1x64x56x56xf32>
func.func @propagate(%x: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>) -> tensor<?x64x?x?xf32> {
  %0 = graph.conv %x, %w {pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>) -> tensor<?x?x?x?xf32>
  %1 = graph.relu %0 : tensor<?x?x?x?xf32>
  %2 = graph.max_pool %1 {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<?x?x?x?xf32> -> tensor<?x64x?x?xf32>
  return %2 : tensor<?x64x?x?xf32>
}

// -----

// Truly dynamic dims stay dynamic; what is known is filled in.
// CHECK-LABEL: func.func @dynamic_batch
// CHECK: graph.matmul {{.*}} -> tensor<?x128x32xf32>
// CHECK: graph.softmax {{.*}} -> tensor<?x128x32xf32>
// CHECK: graph.reduce_sum {{.*}} -> tensor<?x1x32xf32>
func.func @dynamic_batch(%a: tensor<?x128x64xf32>, %b: tensor<64x32xf32>) -> tensor<?x?x?xf32> {
  %0 = graph.matmul %a, %b : (tensor<?x128x64xf32>, tensor<64x32xf32>) -> tensor<?x?x?xf32>
  %1 = graph.softmax %0 : tensor<?x?x?xf32> -> tensor<?x?x?xf32>
  %2 = graph.reduce_sum %1 {axes = array<i64: 1>} : tensor<?x?x?xf32> -> tensor<?x?x?xf32>
  return %2 : tensor<?x?x?xf32>
}

// -----

// A user outside the graph dialect keeps seeing the type it was written with.
// CHECK-LABEL: func.func @foreign_user
// CHECK: %[[A:.*]] = graph.add {{.*}} -> tensor<4x5xf32>
// CHECK: %[[C:.*]] = tensor.cast %[[A]] : tensor<4x5xf32> to tensor<?x5xf32>
// CHECK: tensor.dim %[[C]]
func.func @foreign_user(%a: tensor<4x1xf32>, %b: tensor<5xf32>) -> index {
  %0 = graph.add %a, %b : (tensor<4x1xf32>, tensor<5xf32>) -> tensor<?x5xf32>
  %c0 = arith.constant 0 : index
  %d = tensor.dim %0, %c0 : tensor<?x5xf32>
  return %d : index
}

// -----

// Results that are already static are left alone.
// CHECK-LABEL: func.func @already_static
// CHECK: graph.split {{.*}} -> tensor<2x8xf32>, tensor<2x4xf32>
func.func @already_static(%x: tensor<2x12xf32>) -> tensor<2x8xf32> {
  %0:2 = graph.split %x {axis = -1 : i64, sizes = array<i64: 8, 4>} : tensor<2x12xf32> -> tensor<2x8xf32>, tensor<2x4xf32>
  return %0#0 : tensor<2x8xf32>
}
