// RUN: strata-opt %s -convert-graph-to-linalg -split-input-file | FileCheck %s

// Lowering of graph.max_pool and graph.avg_pool: padding (-inf / 0, plus the
// end padding ceil_mode's last window needs), the named pooling op, and the
// avg divisor. Numerics are checked in nn-exec.mlir.

// CHECK-LABEL: func.func @max_pool_2d
// CHECK:         %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[PAD:.*]] = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:           tensor.yield %[[NEGINF]] : f32
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%{{.*}}) : tensor<?x3x4x4xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%[[EMPTY]] : tensor<?x3x4x4xf32>)
// CHECK:         %[[WIN:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK:         linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[PAD]], %[[WIN]] : tensor<?x3x10x10xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<?x3x4x4xf32>)
func.func @max_pool_2d(%x: tensor<?x3x8x8xf32>) -> tensor<?x3x4x4xf32> {
  %0 = graph.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<?x3x8x8xf32> -> tensor<?x3x4x4xf32>
  return %0 : tensor<?x3x4x4xf32>
}

// -----

// Every window full: the sum is divided by a scalar.
// CHECK-LABEL: func.func @avg_pool_uniform
// CHECK:         %[[SUM:.*]] = linalg.pooling_nchw_sum
// CHECK:         %[[TAPS:.*]] = arith.constant 4.000000e+00 : f32
// CHECK:         linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x2x4x4xf32>)
// CHECK:           arith.divf %{{.*}}, %[[TAPS]] : f32
func.func @avg_pool_uniform(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32> {
  %0 = graph.avg_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x8x8xf32> -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// ceil_mode adds end padding for the last window; count_include_pad = false
// divides by the taps inside the input, per dim (product of two vectors).
// Rows: windows [-1,1], [1,3], [3,5], [5,7] over 6 rows -> 2, 3, 3, 1 taps
// inside; cols: [0,2], [2,4], [4,6] over 6 cols -> 3, 3, 2.
// CHECK-DAG:   #[[ROWS:.*]] = affine_map<(d0, d1, d2, d3) -> (d2)>
// CHECK-DAG:   #[[COLS:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @avg_pool_ceil_exclude_pad
// CHECK:         tensor.pad %arg0 low[0, 0, 1, 0] high[0, 0, 2, 1]
// CHECK:         %[[SUM:.*]] = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
// CHECK-DAG:     %[[R:.*]] = arith.constant dense<[2.000000e+00, 3.000000e+00, 3.000000e+00, 1.000000e+00]> : tensor<4xf32>
// CHECK-DAG:     %[[C:.*]] = arith.constant dense<[3.000000e+00, 3.000000e+00, 2.000000e+00]> : tensor<3xf32>
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[ROWS]], #[[COLS]], #{{.*}}]{{.*}} ins(%[[SUM]], %[[R]], %[[C]] :
// CHECK:           %[[D:.*]] = arith.mulf
// CHECK:           arith.divf %{{.*}}, %[[D]]
func.func @avg_pool_ceil_exclude_pad(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x4x3xf32> {
  %0 = graph.avg_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 0, 1, 0>, ceil_mode = true} : tensor<1x2x6x6xf32> -> tensor<1x2x4x3xf32>
  return %0 : tensor<1x2x4x3xf32>
}

// -----

// count_include_pad counts the pads but not ceil_mode's extension.
// CHECK-LABEL: func.func @avg_pool_ceil_include_pad
// CHECK-DAG:     arith.constant dense<[3.000000e+00, 3.000000e+00, 3.000000e+00, 2.000000e+00]> : tensor<4xf32>
// CHECK-DAG:     arith.constant dense<[3.000000e+00, 3.000000e+00, 2.000000e+00]> : tensor<3xf32>
func.func @avg_pool_ceil_include_pad(%x: tensor<1x2x6x6xf32>) -> tensor<1x2x4x3xf32> {
  %0 = graph.avg_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 0, 1, 0>, ceil_mode = true, count_include_pad = true} : tensor<1x2x6x6xf32> -> tensor<1x2x4x3xf32>
  return %0 : tensor<1x2x4x3xf32>
}

// -----

// CHECK-LABEL: func.func @max_pool_1d
// CHECK:         linalg.pooling_ncw_max {dilations = dense<2> : tensor<1xi64>, strides = dense<3> : tensor<1xi64>}
func.func @max_pool_1d(%x: tensor<1x2x11xf32>) -> tensor<1x2x3xf32> {
  %0 = graph.max_pool %x {kernel_shape = array<i64: 2>, strides = array<i64: 3>, dilations = array<i64: 2>} : tensor<1x2x11xf32> -> tensor<1x2x3xf32>
  return %0 : tensor<1x2x3xf32>
}

// -----

// 3-D has no NC-first named pooling op: a linalg.generic.
// CHECK-DAG:   #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2 * 2 + d5, d3 * 2 + d6, d4 * 2 + d7)>
// CHECK-DAG:   #[[WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d5, d6, d7)>
// CHECK-LABEL: func.func @max_pool_3d
// CHECK:         linalg.generic {indexing_maps = [#[[IN]], #[[WIN]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK:           arith.maximumf
func.func @max_pool_3d(%x: tensor<1x2x6x6x6xf32>) -> tensor<1x2x3x3x3xf32> {
  %0 = graph.max_pool %x {kernel_shape = array<i64: 2, 2, 2>, strides = array<i64: 2, 2, 2>} : tensor<1x2x6x6x6xf32> -> tensor<1x2x3x3x3xf32>
  return %0 : tensor<1x2x3x3x3xf32>
}
