// RUN: strata-opt %s -convert-graph-to-linalg -split-input-file | FileCheck %s

// Lowering of graph.conv: zero tensor.pad, the bias broadcast as the
// accumulator, and the named op per case. Numerics are checked in
// nn-exec.mlir.

// CHECK-LABEL: func.func @conv2d_bias_pads
// CHECK:         %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?x3x9x8xf32>
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[PAD:.*]] = tensor.pad %arg0 low[0, 0, 1, 0] high[0, 0, 2, 1]
// CHECK:           tensor.yield %[[ZERO]] : f32
// CHECK:         } : tensor<?x3x9x8xf32> to tensor<?x3x12x9xf32>
// CHECK:         %[[EMPTY:.*]] = tensor.empty(%[[N]]) : tensor<?x4x5x7xf32>
// CHECK:         %[[BIAS:.*]] = linalg.broadcast ins(%arg2 : tensor<4xf32>) outs(%[[EMPTY]] : tensor<?x4x5x7xf32>) dimensions = [0, 2, 3]
// CHECK:         linalg.conv_2d_nchw_fchw {dilations = dense<[1, 2]> : tensor<2xi64>, strides = dense<[2, 1]> : tensor<2xi64>} ins(%[[PAD]], %arg1 : tensor<?x3x12x9xf32>, tensor<4x3x3x2xf32>) outs(%[[BIAS]] : tensor<?x4x5x7xf32>)
func.func @conv2d_bias_pads(%x: tensor<?x3x9x8xf32>, %w: tensor<4x3x3x2xf32>, %b: tensor<4xf32>) -> tensor<?x4x5x7xf32> {
  %0 = graph.conv %x, %w, %b {strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>, pads = array<i64: 1, 0, 2, 1>} : (tensor<?x3x9x8xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>) -> tensor<?x4x5x7xf32>
  return %0 : tensor<?x4x5x7xf32>
}

// -----

// Without bias the accumulator is a zero fill; no pads, no tensor.pad.
// CHECK-LABEL: func.func @conv1d
// CHECK-NOT:     tensor.pad
// CHECK:         %[[FILL:.*]] = linalg.fill
// CHECK:         linalg.conv_1d_ncw_fcw {dilations = dense<1> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>} ins(%arg0, %arg1 : tensor<2x3x10xf32>, tensor<5x3x3xf32>) outs(%[[FILL]] : tensor<2x5x8xf32>)
func.func @conv1d(%x: tensor<2x3x10xf32>, %w: tensor<5x3x3xf32>) -> tensor<2x5x8xf32> {
  %0 = graph.conv %x, %w : (tensor<2x3x10xf32>, tensor<5x3x3xf32>) -> tensor<2x5x8xf32>
  return %0 : tensor<2x5x8xf32>
}

// -----

// CHECK-LABEL: func.func @conv3d
// CHECK:         linalg.conv_3d_ncdhw_fcdhw {{.*}} ins(%arg0, %arg1 : tensor<1x2x5x6x5xf32>, tensor<3x2x2x3x2xf32>) outs(%{{.*}} : tensor<1x3x4x4x4xf32>)
func.func @conv3d(%x: tensor<1x2x5x6x5xf32>, %w: tensor<3x2x2x3x2xf32>) -> tensor<1x3x4x4x4xf32> {
  %0 = graph.conv %x, %w : (tensor<1x2x5x6x5xf32>, tensor<3x2x2x3x2xf32>) -> tensor<1x3x4x4x4xf32>
  return %0 : tensor<1x3x4x4x4xf32>
}

// -----

// Depthwise (groups == C == O): the weight drops its unit dim.
// CHECK-LABEL: func.func @depthwise2d
// CHECK:         %[[W:.*]] = tensor.collapse_shape %arg1 {{\[\[}}0, 1], [2], [3]] : tensor<8x1x3x3xf32> into tensor<8x3x3xf32>
// CHECK:         linalg.depthwise_conv_2d_nchw_chw {{.*}} ins(%{{.*}}, %[[W]] : tensor<1x8x9x9xf32>, tensor<8x3x3xf32>) outs(%{{.*}} : tensor<1x8x7x7xf32>)
func.func @depthwise2d(%x: tensor<1x8x7x7xf32>, %w: tensor<8x1x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x7x7xf32> {
  %0 = graph.conv %x, %w, %b {groups = 8, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x8x7x7xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>) -> tensor<1x8x7x7xf32>
  return %0 : tensor<1x8x7x7xf32>
}

// -----

// Grouped 2-D: channels split into (G, C/G), conv_2d_ngchw_gfchw, merged back.
// CHECK-LABEL: func.func @grouped2d
// CHECK:         %[[X:.*]] = tensor.expand_shape %arg0 {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 2, 2, 7, 7]
// CHECK:         %[[W:.*]] = tensor.expand_shape %arg1 {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 4, 2, 3, 3]
// CHECK:         %[[ACC:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 2, 4, 3, 3]
// CHECK:         %[[G:.*]] = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[X]], %[[W]] : tensor<1x2x2x7x7xf32>, tensor<2x4x2x3x3xf32>) outs(%[[ACC]] : tensor<1x2x4x3x3xf32>)
// CHECK:         tensor.collapse_shape %[[G]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<1x2x4x3x3xf32> into tensor<1x8x3x3xf32>
func.func @grouped2d(%x: tensor<1x4x7x7xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x8x3x3xf32> {
  %0 = graph.conv %x, %w {groups = 2, strides = array<i64: 2, 2>} : (tensor<1x4x7x7xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x3x3xf32>
  return %0 : tensor<1x8x3x3xf32>
}

// -----

// Grouped 1-D has no named op: a linalg.generic with the same structure
// (n, g, f, o parallel; c, k reduction).
// CHECK-DAG:   #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4, d3 + d5 * 2)>
// CHECK-DAG:   #[[WT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d1, d2, d4, d5)>
// CHECK-DAG:   #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @grouped1d_int
// CHECK:         linalg.generic {indexing_maps = [#[[IN]], #[[WT]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK:           arith.muli
// CHECK:           arith.addi
// CHECK:         tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2], [3]] : tensor<1x2x3x6xi32> into tensor<1x6x6xi32>
func.func @grouped1d_int(%x: tensor<1x4x10xi32>, %w: tensor<6x2x3xi32>) -> tensor<1x6x6xi32> {
  %0 = graph.conv %x, %w {groups = 2, dilations = array<i64: 2>} : (tensor<1x4x10xi32>, tensor<6x2x3xi32>) -> tensor<1x6x6xi32>
  return %0 : tensor<1x6x6xi32>
}
