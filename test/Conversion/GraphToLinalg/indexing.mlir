// RUN: strata-opt %s -convert-graph-to-linalg -split-input-file | FileCheck %s

// Lowering of the indexing ops (IndexingToLinalg.cpp, ResizeToLinalg.cpp).
// Numerics are checked by the ONNX node tests (test/e2e/onnx-node).

// CHECK-LABEL: func.func @gather_elements
// CHECK:         linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%arg1 : tensor<2x2xi64>)
// CHECK:           %[[ROW:.*]] = linalg.index 0 : index
// CHECK:           %[[I:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK:           %[[NEG:.*]] = arith.cmpi slt, %[[I]]
// CHECK:           %[[W:.*]] = arith.select %[[NEG]]
// CHECK:           tensor.extract %arg0[%[[ROW]], %[[W]]] : tensor<2x3xf32>
func.func @gather_elements(%x: tensor<2x3xf32>, %i: tensor<2x2xi64>) -> tensor<2x2xf32> {
  %0 = graph.gather_elements %x, %i {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// Updates are applied in order by a loop carrying the result.
// CHECK-LABEL: func.func @scatter_add
// CHECK:         scf.for {{.*}} iter_args(%[[ACC:.*]] = %arg0) -> (tensor<4xf32>)
// CHECK:           %[[OLD:.*]] = tensor.extract %[[ACC]]
// CHECK:           %[[NEW:.*]] = arith.addf %[[OLD]]
// CHECK:           %[[INS:.*]] = tensor.insert %[[NEW]] into %[[ACC]]
// CHECK:           scf.yield %[[INS]]
func.func @scatter_add(%x: tensor<4xf32>, %i: tensor<2xi64>, %u: tensor<2xf32>) -> tensor<4xf32> {
  %0 = graph.scatter_elements %x, %i, %u {reduction = #graph<scatter_reduction add>} : (tensor<4xf32>, tensor<2xi64>, tensor<2xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// A (value, index) reduction; equal values prefer the smaller index.
// CHECK-LABEL: func.func @arg_max
// CHECK:         %[[R:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<2x3xf32>) outs(%{{.*}}, %{{.*}} : tensor<2xf32>, tensor<2xi64>)
// CHECK:           arith.cmpf ogt
// CHECK:           arith.cmpf oeq
// CHECK:           arith.cmpi slt
// CHECK:         tensor.expand_shape %[[R]]#1 {{\[\[}}0, 1]] output_shape [2, 1] : tensor<2xi64> into tensor<2x1xi64>
func.func @arg_max(%x: tensor<2x3xf32>) -> tensor<2x1xi64> {
  %0 = graph.arg_max %x {axis = 1 : i64} : tensor<2x3xf32> -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// -----

// CHECK-LABEL: func.func @arg_min_last
// CHECK:         linalg.generic
// CHECK:           arith.cmpi slt, %{{.*}} : i32
// CHECK:           arith.cmpi sgt, %{{.*}} : i64
func.func @arg_min_last(%x: tensor<5xi32>) -> tensor<i64> {
  %0 = graph.arg_min %x {keepdims = false, select_last_index = true} : tensor<5xi32> -> tensor<i64>
  return %0 : tensor<i64>
}

// -----

// CHECK-LABEL: func.func @trilu
// CHECK-DAG:     %[[K:.*]] = arith.constant 1 : i64
// CHECK:         linalg.generic
// CHECK:           %[[D:.*]] = arith.subi
// CHECK:           %[[KEEP:.*]] = arith.cmpi sge, %[[D]], %[[K]] : i64
// CHECK:           arith.select %[[KEEP]]
func.func @trilu(%x: tensor<3x3xf32>) -> tensor<3x3xf32> {
  %0 = graph.trilu %x {k = 1 : i64} : (tensor<3x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

// A run-time axis selects one of the per-axis lowerings.
// CHECK-LABEL: func.func @cumsum_runtime_axis
// CHECK:         tensor.extract %arg1[] : tensor<i64>
// CHECK:         scf.index_switch
// CHECK:         case 0 {
// CHECK:           linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK:             arith.cmpi slt
// CHECK:         default {
// CHECK:           linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
func.func @cumsum_runtime_axis(%x: tensor<2x3xf32>, %a: tensor<i64>) -> tensor<2x3xf32> {
  %0 = graph.cumsum %x, %a {exclusive = true} : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Only the resized dims compute coordinates; linear reads 2 x 2 neighbours.
// CHECK-LABEL: func.func @resize_linear
// CHECK:         linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x4x4xf32>)
// CHECK-COUNT-2: math.floor
// CHECK-COUNT-4: tensor.extract %arg0
// CHECK:         arith.truncf %{{.*}} : f64 to f32
func.func @resize_linear(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %0 = graph.resize %x {mode = #graph<resize_mode linear>, scales = array<f64: 1.0, 1.0, 2.0, 2.0>, sizes = array<i64: 1, 1, 4, 4>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @resize_nearest
// CHECK:         linalg.generic
// CHECK:           math.floor
// CHECK:           arith.select
// CHECK-NOT:       arith.truncf
// CHECK:           tensor.extract %arg0
func.func @resize_nearest(%x: tensor<1x4xi32>) -> tensor<1x8xi32> {
  %0 = graph.resize %x {scales = array<f64: 1.0, 2.0>, sizes = array<i64: 1, 8>} : (tensor<1x4xi32>) -> tensor<1x8xi32>
  return %0 : tensor<1x8xi32>
}
