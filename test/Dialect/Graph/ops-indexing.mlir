// RUN: strata-opt %s | strata-opt | FileCheck %s
// RUN: strata-opt %s --mlir-print-op-generic | strata-opt | FileCheck %s

// Round-trip of the indexing ops of the graph dialect
// (dialects/Graph/GraphIndexingOps.td).

// CHECK-LABEL: func.func @indexing
func.func @indexing(%x: tensor<2x3xf32>, %i: tensor<2x2xi64>, %u: tensor<2x2xf32>,
                    %k: tensor<i64>, %s: tensor<4xf32>, %img: tensor<1x1x2x2xf32>) {
  // CHECK: graph.gather_elements %arg0, %arg1 {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
  %0 = graph.gather_elements %x, %i {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
  // CHECK: graph.scatter_elements %arg0, %arg1, %arg2 {axis = 1 : i64, reduction = #graph<scatter_reduction add>} : (tensor<2x3xf32>, tensor<2x2xi64>, tensor<2x2xf32>) -> tensor<2x3xf32>
  %1 = graph.scatter_elements %x, %i, %u {axis = 1 : i64, reduction = #graph<scatter_reduction add>} : (tensor<2x3xf32>, tensor<2x2xi64>, tensor<2x2xf32>) -> tensor<2x3xf32>
  // CHECK: graph.arg_max %arg0 {axis = 1 : i64, select_last_index = true} : tensor<2x3xf32> -> tensor<2x1xi64>
  %2 = graph.arg_max %x {axis = 1 : i64, select_last_index = true} : tensor<2x3xf32> -> tensor<2x1xi64>
  // CHECK: graph.arg_min %arg0 {keepdims = false} : tensor<2x3xf32> -> tensor<3xi64>
  %3 = graph.arg_min %x {keepdims = false} : tensor<2x3xf32> -> tensor<3xi64>
  // CHECK: graph.trilu %arg0 {k = -1 : i64, upper = false} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = graph.trilu %x {k = -1 : i64, upper = false} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: graph.trilu %arg0, %arg3 : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
  %5 = graph.trilu %x, %k : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
  // CHECK: graph.cumsum %arg0 {axis = 1 : i64, exclusive = true, reverse = true} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %6 = graph.cumsum %x {axis = 1 : i64, exclusive = true, reverse = true} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: graph.cumsum %arg0, %arg3 : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
  %7 = graph.cumsum %x, %k : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
  // CHECK: graph.resize %arg5 {mode = #graph<resize_mode linear>, scales = array<f64: 1.000000e+00, 1.000000e+00, 2.000000e+00, 1.500000e+00>, sizes = array<i64: 1, 1, 4, 3>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x3xf32>
  %8 = graph.resize %img {mode = #graph<resize_mode linear>, scales = array<f64: 1.0, 1.0, 2.0, 1.5>, sizes = array<i64: 1, 1, 4, 3>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x3xf32>
  // CHECK: graph.resize %arg5, %arg4 {coordinate_mode = #graph<resize_coordinate_mode asymmetric>, nearest_mode = #graph<resize_nearest_mode floor>, scales = array<f64: 1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00>, sizes = array<i64: 1, 1, 4, 4>} : (tensor<1x1x2x2xf32>, tensor<4xf32>) -> tensor<1x1x4x4xf32>
  %9 = graph.resize %img, %s {coordinate_mode = #graph<resize_coordinate_mode asymmetric>, nearest_mode = #graph<resize_nearest_mode floor>, scales = array<f64: 1.0, 1.0, 1.0, 1.0>, sizes = array<i64: 1, 1, 4, 4>} : (tensor<1x1x2x2xf32>, tensor<4xf32>) -> tensor<1x1x4x4xf32>
  return
}
