// RUN: strata-opt %s -strata-cpu-decompose-windows -split-input-file | FileCheck %s

// A 3x3 convolution: one strided slice and copy per tap into the im2col
// tensor, then one contraction over C*KH*KW.
// CHECK-LABEL: func.func @conv
// CHECK-COUNT-9: tensor.extract_slice %arg0[0, 0, {{[0-9]}}, {{[0-9]}}] [1, 4, 4, 4] [1, 1, 2, 2]
// CHECK: tensor.collapse_shape {{.*}} {{\[}}[0], [1, 2, 3], [4, 5]] : tensor<1x4x3x3x4x4xf32> into tensor<1x36x16xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK: tensor.expand_shape {{.*}} into tensor<1x8x4x4xf32>
// CHECK-NOT: linalg.conv_2d
func.func @conv(%x: tensor<1x4x9x9xf32>, %w: tensor<8x4x3x3xf32>, %o: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x4x9x9xf32>, tensor<8x4x3x3xf32>) outs(%o : tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  return %r : tensor<1x8x4x4xf32>
}

// -----

// A 1x1 stride-1 convolution reads the input directly.
// CHECK-LABEL: func.func @pointwise
// CHECK-NOT: tensor.extract_slice
// CHECK: tensor.collapse_shape %arg0 {{\[}}[0], [1], [2, 3]] : tensor<1x4x8x8xf32> into tensor<1x4x64xf32>
// CHECK: linalg.generic
func.func @pointwise(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x1x1xf32>, %o: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>) outs(%o : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %r : tensor<1x8x8x8xf32>
}

// -----

// Depthwise: one multiply-accumulate per tap with that tap's weights.
// CHECK-LABEL: func.func @depthwise
// CHECK-COUNT-4: tensor.extract_slice %arg1[0, {{[0-9]}}, {{[0-9]}}] [4, 1, 1] [1, 1, 1] : tensor<4x2x2xf32> to tensor<4xf32>
// CHECK-NOT: linalg.depthwise
func.func @depthwise(%x: tensor<1x4x5x5xf32>, %w: tensor<4x2x2xf32>, %o: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %r = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x5x5xf32>, tensor<4x2x2xf32>) outs(%o : tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %r : tensor<1x4x4x4xf32>
}

// -----

// Max pooling: one maximumf per tap.
// CHECK-LABEL: func.func @maxpool
// CHECK-COUNT-9: arith.maximumf
// CHECK-NOT: linalg.pooling
func.func @maxpool(%x: tensor<1x2x9x9xf32>, %o: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %k = tensor.empty() : tensor<3x3xf32>
  %r = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %k : tensor<1x2x9x9xf32>, tensor<3x3xf32>) outs(%o : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}

// -----

// A padded stride-1 convolution: the centre tap reads the unpadded input
// (not the pad's interior), so that bufferisation can write the interior of
// the padded buffer in place.
// CHECK-LABEL: func.func @padded_center_tap
// CHECK: %[[PAD:.*]] = tensor.pad %arg0 low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK-COUNT-4: tensor.extract_slice %[[PAD]]
// CHECK: linalg.copy ins(%arg0 : tensor<1x4x6x6xf32>)
// CHECK-COUNT-4: tensor.extract_slice %[[PAD]]
// CHECK-NOT: tensor.extract_slice %[[PAD]]
func.func @padded_center_tap(%x: tensor<1x4x6x6xf32>, %w: tensor<8x4x3x3xf32>, %o: tensor<1x8x6x6xf32>) -> tensor<1x8x6x6xf32> {
  %z = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %z : f32
  } : tensor<1x4x6x6xf32> to tensor<1x4x8x8xf32>
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p, %w : tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) outs(%o : tensor<1x8x6x6xf32>) -> tensor<1x8x6x6xf32>
  return %r : tensor<1x8x6x6xf32>
}

// -----

// A 17x16 (272-tap) pooling window is over the 256-tap limit: one op per tap
// would explode compile time, so the pooling op is left to the generic
// lowering.
// CHECK-LABEL: func.func @huge_window
// CHECK-NOT: arith.maximumf
// CHECK: linalg.pooling_nchw_max
func.func @huge_window(%x: tensor<1x2x17x16xf32>, %o: tensor<1x2x1x1xf32>) -> tensor<1x2x1x1xf32> {
  %k = tensor.empty() : tensor<17x16xf32>
  %r = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %k : tensor<1x2x17x16xf32>, tensor<17x16xf32>) outs(%o : tensor<1x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  return %r : tensor<1x2x1x1xf32>
}

// -----

// 16x16 = 256 taps is at the limit and still decomposed.
// CHECK-LABEL: func.func @limit_window
// CHECK-COUNT-256: arith.maximumf
// CHECK-NOT: linalg.pooling
func.func @limit_window(%x: tensor<1x2x16x16xf32>, %o: tensor<1x2x1x1xf32>) -> tensor<1x2x1x1xf32> {
  %k = tensor.empty() : tensor<16x16xf32>
  %r = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %k : tensor<1x2x16x16xf32>, tensor<16x16xf32>) outs(%o : tensor<1x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  return %r : tensor<1x2x1x1xf32>
}
