// RUN: strata-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(strata-cpu-dynamic-expand-shape))" | FileCheck %s

// One dim split into two dynamic dims (expand-strided-metadata of MLIR 22
// crashes on it) becomes a reinterpret_cast with row-major strides.
// CHECK-LABEL: func.func @split_dynamic(
// CHECK-SAME: %[[A:.*]]: memref<?x32xf32>, %[[N:.*]]: index, %[[S:.*]]: index)
// CHECK: %[[C32:.*]] = arith.constant 32 : index
// CHECK: %[[STRIDE:.*]] = arith.muli %[[C32]], %[[S]] : index
// CHECK: memref.reinterpret_cast %[[A]] to offset: [0], sizes: [%[[N]], %[[S]], 32], strides: [%[[STRIDE]], 32, 1] : memref<?x32xf32> to memref<?x?x32xf32>
// CHECK-NOT: arith.muli
// CHECK-NOT: memref.expand_shape
func.func @split_dynamic(%a: memref<?x32xf32>, %n: index, %s: index) -> memref<?x?x32xf32> {
  %e = memref.expand_shape %a [[0, 1], [2]] output_shape [%n, %s, 32] : memref<?x32xf32> into memref<?x?x32xf32>
  return %e : memref<?x?x32xf32>
}

// -----

// At most one dynamic dim per group: left to expand-strided-metadata.
// CHECK-LABEL: func.func @one_dynamic(
// CHECK: memref.expand_shape
func.func @one_dynamic(%a: memref<?x?xf32>, %n: index, %s: index) -> memref<?x?x1xf32> {
  %e = memref.expand_shape %a [[0], [1, 2]] output_shape [%n, %s, 1] : memref<?x?xf32> into memref<?x?x1xf32>
  return %e : memref<?x?x1xf32>
}
