// RUN: strata-opt %s | strata-opt | FileCheck %s
// RUN: strata-opt %s --mlir-print-op-generic | strata-opt | FileCheck %s

// Round-trip of the contraction, convolution, pooling, normalisation,
// softmax, reduction and attention ops of the graph dialect, with optional
// operands present and absent, default attributes (elided when printed) and
// non-default ones. Every result type written here is exactly the inferred
// one, so the verifier checks the shape rules as well.

// CHECK-LABEL: func.func @matmul
func.func @matmul(%x: tensor<2x?x768xf32>, %w: tensor<768x3072xf32>,
                  %a: tensor<8x1x64x32xf32>, %b: tensor<4x32x16xf32>,
                  %v: tensor<32xf16>, %c: tensor<4x32x16xf16>,
                  %i: tensor<?x32xi8>, %j: tensor<32xi8>,
                  %p: tensor<64xbf16>, %k: tensor<4x?xf32>,
                  %l: tensor<16x8xf32>)
    -> (tensor<2x?x3072xf32>, tensor<8x4x64x16xf32>, tensor<4x16xf16>,
        tensor<?xi8>, tensor<bf16>, tensor<4x8xf32>) {
  // Transformer MLP projection: the batch dims of lhs are kept.
  // CHECK-NEXT: graph.matmul %{{.*}}, %{{.*}} : (tensor<2x?x768xf32>, tensor<768x3072xf32>) -> tensor<2x?x3072xf32>
  %0 = graph.matmul %x, %w
      : (tensor<2x?x768xf32>, tensor<768x3072xf32>) -> tensor<2x?x3072xf32>
  // Batch dims broadcast like numpy.
  // CHECK-NEXT: graph.matmul %{{.*}}, %{{.*}} : (tensor<8x1x64x32xf32>, tensor<4x32x16xf32>) -> tensor<8x4x64x16xf32>
  %1 = graph.matmul %a, %b
      : (tensor<8x1x64x32xf32>, tensor<4x32x16xf32>) -> tensor<8x4x64x16xf32>
  // 1-D lhs is a row vector whose unit dim is dropped again.
  // CHECK-NEXT: graph.matmul %{{.*}}, %{{.*}} : (tensor<32xf16>, tensor<4x32x16xf16>) -> tensor<4x16xf16>
  %2 = graph.matmul %v, %c
      : (tensor<32xf16>, tensor<4x32x16xf16>) -> tensor<4x16xf16>
  // 1-D rhs is a column vector; integer matmul.
  // CHECK-NEXT: graph.matmul %{{.*}}, %{{.*}} : (tensor<?x32xi8>, tensor<32xi8>) -> tensor<?xi8>
  %3 = graph.matmul %i, %j : (tensor<?x32xi8>, tensor<32xi8>) -> tensor<?xi8>
  // Dot product of two vectors gives a scalar.
  // CHECK-NEXT: graph.matmul %{{.*}}, %{{.*}} : (tensor<64xbf16>, tensor<64xbf16>) -> tensor<bf16>
  %4 = graph.matmul %p, %p : (tensor<64xbf16>, tensor<64xbf16>) -> tensor<bf16>
  // A dynamic contracting dim is accepted.
  // CHECK-NEXT: graph.matmul %{{.*}}, %{{.*}} : (tensor<4x?xf32>, tensor<16x8xf32>) -> tensor<4x8xf32>
  %5 = graph.matmul %k, %l : (tensor<4x?xf32>, tensor<16x8xf32>) -> tensor<4x8xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<2x?x3072xf32>, tensor<8x4x64x16xf32>,
      tensor<4x16xf16>, tensor<?xi8>, tensor<bf16>, tensor<4x8xf32>
}

// CHECK-LABEL: func.func @gemm
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<1x2048xf32>, %[[W:[a-z0-9]+]]: tensor<1000x2048xf32>, %[[B:[a-z0-9]+]]: tensor<1000xf32>, %[[A:[a-z0-9]+]]: tensor<64x?xf32>, %[[M:[a-z0-9]+]]: tensor<64x128xf32>, %[[S:[a-z0-9]+]]: tensor<f32>, %[[C:[a-z0-9]+]]: tensor<?x1xf32>)
func.func @gemm(%x: tensor<1x2048xf32>, %w: tensor<1000x2048xf32>,
                %b: tensor<1000xf32>, %a: tensor<64x?xf32>,
                %m: tensor<64x128xf32>, %s: tensor<f32>, %c: tensor<?x1xf32>)
    -> (tensor<1x1000xf32>, tensor<?x128xf32>, tensor<?x128xf32>,
        tensor<1x1000xf32>) {
  // ResNet classifier (ONNX Gemm with transB = 1).
  // CHECK-NEXT: %[[FC:.*]] = graph.gemm %[[X]], %[[W]], %[[B]] {trans_b = true} : (tensor<1x2048xf32>, tensor<1000x2048xf32>, tensor<1000xf32>) -> tensor<1x1000xf32>
  %0 = graph.gemm %x, %w, %b {trans_b = true}
      : (tensor<1x2048xf32>, tensor<1000x2048xf32>, tensor<1000xf32>)
      -> tensor<1x1000xf32>
  // No c; transposed a with a dynamic M.
  // CHECK-NEXT: %[[T:.*]] = graph.gemm %[[A]], %[[M]] {alpha = 5.000000e-01 : f64, trans_a = true} : (tensor<64x?xf32>, tensor<64x128xf32>) -> tensor<?x128xf32>
  %1 = graph.gemm %a, %m {alpha = 0.5 : f64, trans_a = true}
      : (tensor<64x?xf32>, tensor<64x128xf32>) -> tensor<?x128xf32>
  // Scalar and column c.
  // CHECK-NEXT: %[[SC:.*]] = graph.gemm %[[A]], %[[M]], %[[S]] {beta = 2.000000e+00 : f64, trans_a = true} : (tensor<64x?xf32>, tensor<64x128xf32>, tensor<f32>) -> tensor<?x128xf32>
  %2 = graph.gemm %a, %m, %s {beta = 2.0 : f64, trans_a = true}
      : (tensor<64x?xf32>, tensor<64x128xf32>, tensor<f32>) -> tensor<?x128xf32>
  // Attributes spelled with their default values are elided.
  // CHECK-NEXT: %[[DEF:.*]] = graph.gemm %[[X]], %[[W]], %[[C]] {trans_b = true} : (tensor<1x2048xf32>, tensor<1000x2048xf32>, tensor<?x1xf32>) -> tensor<1x1000xf32>
  %3 = graph.gemm %x, %w, %c {alpha = 1.0 : f64, beta = 1.0 : f64,
                              trans_a = false, trans_b = true}
      : (tensor<1x2048xf32>, tensor<1000x2048xf32>, tensor<?x1xf32>)
      -> tensor<1x1000xf32>
  // CHECK-NEXT: return %[[FC]], %[[T]], %[[SC]], %[[DEF]] :
  return %0, %1, %2, %3 : tensor<1x1000xf32>, tensor<?x128xf32>,
      tensor<?x128xf32>, tensor<1x1000xf32>
}

// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[IMG:[a-z0-9]+]]: tensor<1x3x224x224xf32>, %[[W7:[a-z0-9]+]]: tensor<64x3x7x7xf32>, %[[B64:[a-z0-9]+]]: tensor<64xf32>, %[[DWI:[a-z0-9]+]]: tensor<?x32x112x112xf16>, %[[DWW:[a-z0-9]+]]: tensor<32x1x3x3xf16>, %[[GI:[a-z0-9]+]]: tensor<1x128x56x56xf32>, %[[GW:[a-z0-9]+]]: tensor<128x4x3x3xf32>, %[[DI:[a-z0-9]+]]: tensor<1x256x?x64xf32>, %[[DW:[a-z0-9]+]]: tensor<256x256x3x3xf32>, %[[AU:[a-z0-9]+]]: tensor<1x1x16000xf32>, %[[AW:[a-z0-9]+]]: tensor<512x1x10xf32>, %[[VI:[a-z0-9]+]]: tensor<1x3x16x112x112xbf16>, %[[VW:[a-z0-9]+]]: tensor<64x3x3x7x7xbf16>)
func.func @conv(%img: tensor<1x3x224x224xf32>, %w7: tensor<64x3x7x7xf32>,
                %b64: tensor<64xf32>,
                %dwi: tensor<?x32x112x112xf16>, %dww: tensor<32x1x3x3xf16>,
                %gi: tensor<1x128x56x56xf32>, %gw: tensor<128x4x3x3xf32>,
                %di: tensor<1x256x?x64xf32>, %dw: tensor<256x256x3x3xf32>,
                %au: tensor<1x1x16000xf32>, %aw: tensor<512x1x10xf32>,
                %vi: tensor<1x3x16x112x112xbf16>,
                %vw: tensor<64x3x3x7x7xbf16>)
    -> (tensor<1x64x112x112xf32>, tensor<?x32x56x56xf16>,
        tensor<1x128x56x56xf32>, tensor<1x256x?x64xf32>,
        tensor<1x512x3199xf32>, tensor<1x64x16x56x56xbf16>,
        tensor<1x64x218x218xf32>) {
  // ResNet stem: 7x7 stride 2 pad 3 with bias.
  // CHECK-NEXT: %[[STEM:.*]] = graph.conv %[[IMG]], %[[W7]], %[[B64]] {pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<1x64x112x112xf32>
  %0 = graph.conv %img, %w7, %b64 {strides = array<i64: 2, 2>,
                                   pads = array<i64: 3, 3, 3, 3>}
      : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>)
      -> tensor<1x64x112x112xf32>
  // MobileNet depthwise 3x3 stride 2, dynamic batch, no bias.
  // CHECK-NEXT: %[[DEPTH:.*]] = graph.conv %[[DWI]], %[[DWW]] {groups = 32 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<?x32x112x112xf16>, tensor<32x1x3x3xf16>) -> tensor<?x32x56x56xf16>
  %1 = graph.conv %dwi, %dww {strides = array<i64: 2, 2>,
                              pads = array<i64: 1, 1, 1, 1>, groups = 32}
      : (tensor<?x32x112x112xf16>, tensor<32x1x3x3xf16>)
      -> tensor<?x32x56x56xf16>
  // ResNeXt grouped conv (32 groups of 4 channels).
  // CHECK-NEXT: %[[GROUP:.*]] = graph.conv %[[GI]], %[[GW]] {groups = 32 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x128x56x56xf32>, tensor<128x4x3x3xf32>) -> tensor<1x128x56x56xf32>
  %2 = graph.conv %gi, %gw {pads = array<i64: 1, 1, 1, 1>, groups = 32}
      : (tensor<1x128x56x56xf32>, tensor<128x4x3x3xf32>)
      -> tensor<1x128x56x56xf32>
  // DeepLab atrous conv: dilation 2, dynamic height.
  // CHECK-NEXT: %[[ATROUS:.*]] = graph.conv %[[DI]], %[[DW]] {dilations = array<i64: 2, 2>, pads = array<i64: 2, 2, 2, 2>} : (tensor<1x256x?x64xf32>, tensor<256x256x3x3xf32>) -> tensor<1x256x?x64xf32>
  %3 = graph.conv %di, %dw {dilations = array<i64: 2, 2>,
                            pads = array<i64: 2, 2, 2, 2>}
      : (tensor<1x256x?x64xf32>, tensor<256x256x3x3xf32>)
      -> tensor<1x256x?x64xf32>
  // wav2vec-style 1-D feature extractor: (16000 - 10) / 5 + 1.
  // CHECK-NEXT: %[[AUDIO:.*]] = graph.conv %[[AU]], %[[AW]] {strides = array<i64: 5>} : (tensor<1x1x16000xf32>, tensor<512x1x10xf32>) -> tensor<1x512x3199xf32>
  %4 = graph.conv %au, %aw {strides = array<i64: 5>}
      : (tensor<1x1x16000xf32>, tensor<512x1x10xf32>) -> tensor<1x512x3199xf32>
  // 3-D video conv with asymmetric per-dim strides and pads.
  // CHECK-NEXT: %[[VIDEO:.*]] = graph.conv %[[VI]], %[[VW]] {pads = array<i64: 1, 3, 3, 1, 3, 3>, strides = array<i64: 1, 2, 2>} : (tensor<1x3x16x112x112xbf16>, tensor<64x3x3x7x7xbf16>) -> tensor<1x64x16x56x56xbf16>
  %5 = graph.conv %vi, %vw {strides = array<i64: 1, 2, 2>,
                            pads = array<i64: 1, 3, 3, 1, 3, 3>}
      : (tensor<1x3x16x112x112xbf16>, tensor<64x3x3x7x7xbf16>)
      -> tensor<1x64x16x56x56xbf16>
  // Explicit defaults (empty arrays, groups = 1) are elided; no padding.
  // CHECK-NEXT: %[[PLAIN:.*]] = graph.conv %[[IMG]], %[[W7]], %[[B64]] : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<1x64x218x218xf32>
  %6 = graph.conv %img, %w7, %b64 {strides = array<i64>,
                                   dilations = array<i64>, pads = array<i64>,
                                   groups = 1}
      : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>)
      -> tensor<1x64x218x218xf32>
  // CHECK-NEXT: return %[[STEM]], %[[DEPTH]], %[[GROUP]], %[[ATROUS]], %[[AUDIO]], %[[VIDEO]], %[[PLAIN]] :
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<1x64x112x112xf32>, tensor<?x32x56x56xf16>,
        tensor<1x128x56x56xf32>, tensor<1x256x?x64xf32>,
        tensor<1x512x3199xf32>, tensor<1x64x16x56x56xbf16>,
        tensor<1x64x218x218xf32>
}

// CHECK-LABEL: func.func @pool
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<1x64x112x112xf32>, %[[S:[a-z0-9]+]]: tensor<1x8x6xf32>, %[[T:[a-z0-9]+]]: tensor<1x8x4xf32>, %[[D:[a-z0-9]+]]: tensor<1x16x?x32xf16>, %[[F:[a-z0-9]+]]: tensor<1x2048x7x7xf32>, %[[V:[a-z0-9]+]]: tensor<2x64x8x28x28xbf16>)
func.func @pool(%x: tensor<1x64x112x112xf32>, %s: tensor<1x8x6xf32>,
                %t: tensor<1x8x4xf32>, %d: tensor<1x16x?x32xf16>,
                %f: tensor<1x2048x7x7xf32>, %v: tensor<2x64x8x28x28xbf16>)
    -> (tensor<1x64x56x56xf32>, tensor<1x64x57x57xf32>, tensor<1x8x3xf32>,
        tensor<1x8x2xf32>, tensor<1x16x?x30xf16>, tensor<1x2048x1x1xf32>,
        tensor<1x8x6xf32>, tensor<1x8x4xf32>, tensor<2x64x4x14x14xbf16>) {
  // ResNet max pool 3x3 stride 2 pad 1.
  // CHECK-NEXT: %[[MP:.*]] = graph.max_pool %[[X]] {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x64x112x112xf32> -> tensor<1x64x56x56xf32>
  %0 = graph.max_pool %x {kernel_shape = array<i64: 3, 3>,
                          strides = array<i64: 2, 2>,
                          pads = array<i64: 1, 1, 1, 1>}
      : tensor<1x64x112x112xf32> -> tensor<1x64x56x56xf32>
  // The same with ceil_mode rounds up.
  // CHECK-NEXT: %[[MPC:.*]] = graph.max_pool %[[X]] {ceil_mode = true, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x64x112x112xf32> -> tensor<1x64x57x57xf32>
  %1 = graph.max_pool %x {kernel_shape = array<i64: 3, 3>,
                          strides = array<i64: 2, 2>,
                          pads = array<i64: 1, 1, 1, 1>, ceil_mode = true}
      : tensor<1x64x112x112xf32> -> tensor<1x64x57x57xf32>
  // 1-D: ceil((6 - 3) / 2) + 1 = 3 windows.
  // CHECK-NEXT: %[[C1:.*]] = graph.max_pool %[[S]] {ceil_mode = true, kernel_shape = array<i64: 3>, strides = array<i64: 2>} : tensor<1x8x6xf32> -> tensor<1x8x3xf32>
  %2 = graph.max_pool %s {kernel_shape = array<i64: 3>,
                          strides = array<i64: 2>, ceil_mode = true}
      : tensor<1x8x6xf32> -> tensor<1x8x3xf32>
  // A third window would start inside the end padding: dropped.
  // CHECK-NEXT: %[[C2:.*]] = graph.max_pool %[[T]] {ceil_mode = true, kernel_shape = array<i64: 3>, pads = array<i64: 0, 2>, strides = array<i64: 2>} : tensor<1x8x4xf32> -> tensor<1x8x2xf32>
  %3 = graph.max_pool %t {kernel_shape = array<i64: 3>,
                          strides = array<i64: 2>, pads = array<i64: 0, 2>,
                          ceil_mode = true}
      : tensor<1x8x4xf32> -> tensor<1x8x2xf32>
  // Dilated window of extent 3; dynamic height; defaults elided.
  // CHECK-NEXT: %[[DIL:.*]] = graph.max_pool %[[D]] {dilations = array<i64: 2, 2>, kernel_shape = array<i64: 2, 2>} : tensor<1x16x?x32xf16> -> tensor<1x16x?x30xf16>
  %4 = graph.max_pool %d {kernel_shape = array<i64: 2, 2>,
                          dilations = array<i64: 2, 2>, strides = array<i64>,
                          ceil_mode = false}
      : tensor<1x16x?x32xf16> -> tensor<1x16x?x30xf16>
  // CHECK-NEXT: %[[AP:.*]] = graph.avg_pool %[[F]] {kernel_shape = array<i64: 7, 7>} : tensor<1x2048x7x7xf32> -> tensor<1x2048x1x1xf32>
  %5 = graph.avg_pool %f {kernel_shape = array<i64: 7, 7>,
                          count_include_pad = false}
      : tensor<1x2048x7x7xf32> -> tensor<1x2048x1x1xf32>
  // CHECK-NEXT: %[[APP:.*]] = graph.avg_pool %[[S]] {count_include_pad = true, kernel_shape = array<i64: 3>, pads = array<i64: 1, 1>} : tensor<1x8x6xf32> -> tensor<1x8x6xf32>
  %6 = graph.avg_pool %s {kernel_shape = array<i64: 3>,
                          pads = array<i64: 1, 1>, count_include_pad = true}
      : tensor<1x8x6xf32> -> tensor<1x8x6xf32>
  // ceil((6 + 2 - 3) / 2) + 1 = 4 windows (starting at -1, 1, 3, 5) where
  // floor mode gives 3.
  // CHECK-NEXT: %[[APC:.*]] = graph.avg_pool %[[S]] {ceil_mode = true, kernel_shape = array<i64: 3>, pads = array<i64: 1, 1>, strides = array<i64: 2>} : tensor<1x8x6xf32> -> tensor<1x8x4xf32>
  %7 = graph.avg_pool %s {kernel_shape = array<i64: 3>, strides = array<i64: 2>,
                          pads = array<i64: 1, 1>, ceil_mode = true}
      : tensor<1x8x6xf32> -> tensor<1x8x4xf32>
  // CHECK-NEXT: %[[AP3:.*]] = graph.avg_pool %[[V]] {kernel_shape = array<i64: 2, 2, 2>, strides = array<i64: 2, 2, 2>} : tensor<2x64x8x28x28xbf16> -> tensor<2x64x4x14x14xbf16>
  %8 = graph.avg_pool %v {kernel_shape = array<i64: 2, 2, 2>,
                          strides = array<i64: 2, 2, 2>}
      : tensor<2x64x8x28x28xbf16> -> tensor<2x64x4x14x14xbf16>
  // CHECK-NEXT: return %[[MP]], %[[MPC]], %[[C1]], %[[C2]], %[[DIL]], %[[AP]], %[[APP]], %[[APC]], %[[AP3]] :
  return %0, %1, %2, %3, %4, %5, %6, %7, %8
      : tensor<1x64x56x56xf32>, tensor<1x64x57x57xf32>, tensor<1x8x3xf32>,
        tensor<1x8x2xf32>, tensor<1x16x?x30xf16>, tensor<1x2048x1x1xf32>,
        tensor<1x8x6xf32>, tensor<1x8x4xf32>, tensor<2x64x4x14x14xbf16>
}

// CHECK-LABEL: func.func @global_pool
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<?x2048x7x7xf32>, %[[A:[a-z0-9]+]]: tensor<1x512x?xf16>, %[[V:[a-z0-9]+]]: tensor<2x?x4x7x7xbf16>)
func.func @global_pool(%x: tensor<?x2048x7x7xf32>, %a: tensor<1x512x?xf16>,
                       %v: tensor<2x?x4x7x7xbf16>)
    -> (tensor<?x2048x1x1xf32>, tensor<1x512x1xf16>, tensor<2x?x1x1x1xbf16>,
        tensor<?x2048x1x1xf32>) {
  // CHECK-NEXT: %[[GAP:.*]] = graph.global_avg_pool %[[X]] : tensor<?x2048x7x7xf32> -> tensor<?x2048x1x1xf32>
  %0 = graph.global_avg_pool %x : tensor<?x2048x7x7xf32> -> tensor<?x2048x1x1xf32>
  // A dynamic spatial dim still reduces to 1.
  // CHECK-NEXT: %[[GMP:.*]] = graph.global_max_pool %[[A]] : tensor<1x512x?xf16> -> tensor<1x512x1xf16>
  %1 = graph.global_max_pool %a : tensor<1x512x?xf16> -> tensor<1x512x1xf16>
  // CHECK-NEXT: %[[G3:.*]] = graph.global_avg_pool %[[V]] : tensor<2x?x4x7x7xbf16> -> tensor<2x?x1x1x1xbf16>
  %2 = graph.global_avg_pool %v
      : tensor<2x?x4x7x7xbf16> -> tensor<2x?x1x1x1xbf16>
  // CHECK-NEXT: %[[GMX:.*]] = graph.global_max_pool %[[X]] : tensor<?x2048x7x7xf32> -> tensor<?x2048x1x1xf32>
  %3 = graph.global_max_pool %x : tensor<?x2048x7x7xf32> -> tensor<?x2048x1x1xf32>
  // CHECK-NEXT: return %[[GAP]], %[[GMP]], %[[G3]], %[[GMX]] :
  return %0, %1, %2, %3 : tensor<?x2048x1x1xf32>, tensor<1x512x1xf16>,
      tensor<2x?x1x1x1xbf16>, tensor<?x2048x1x1xf32>
}

// CHECK-LABEL: func.func @batch_norm
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<1x64x112x112xf32>, %[[P:[a-z0-9]+]]: tensor<64xf32>, %[[D:[a-z0-9]+]]: tensor<?x?x56x56xf16>, %[[Q:[a-z0-9]+]]: tensor<64xf16>, %[[R:[a-z0-9]+]]: tensor<?xf16>, %[[F:[a-z0-9]+]]: tensor<32x256xbf16>, %[[G:[a-z0-9]+]]: tensor<256xbf16>)
func.func @batch_norm(%x: tensor<1x64x112x112xf32>, %p: tensor<64xf32>,
                      %d: tensor<?x?x56x56xf16>, %q: tensor<64xf16>,
                      %r: tensor<?xf16>, %f: tensor<32x256xbf16>,
                      %g: tensor<256xbf16>)
    -> (tensor<1x64x112x112xf32>, tensor<1x64x112x112xf32>,
        tensor<?x?x56x56xf16>, tensor<32x256xbf16>) {
  // CHECK-NEXT: %[[BN0:.*]] = graph.batch_norm %[[X]], %[[P]], %[[P]], %[[P]], %[[P]] : (tensor<1x64x112x112xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<1x64x112x112xf32>
  %0 = graph.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-5 : f64}
      : (tensor<1x64x112x112xf32>, tensor<64xf32>, tensor<64xf32>,
         tensor<64xf32>, tensor<64xf32>) -> tensor<1x64x112x112xf32>
  // CHECK-NEXT: %[[BN1:.*]] = graph.batch_norm %[[X]], %[[P]], %[[P]], %[[P]], %[[P]] {epsilon = 1.000000e-03 : f64} : (tensor<1x64x112x112xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<1x64x112x112xf32>
  %1 = graph.batch_norm %x, %p, %p, %p, %p {epsilon = 1.0e-3 : f64}
      : (tensor<1x64x112x112xf32>, tensor<64xf32>, tensor<64xf32>,
         tensor<64xf32>, tensor<64xf32>) -> tensor<1x64x112x112xf32>
  // Dynamic channels agree with any per-channel size; epsilon 0 is allowed.
  // CHECK-NEXT: %[[BN2:.*]] = graph.batch_norm %[[D]], %[[Q]], %[[R]], %[[Q]], %[[R]] {epsilon = 0.000000e+00 : f64} : (tensor<?x?x56x56xf16>, tensor<64xf16>, tensor<?xf16>, tensor<64xf16>, tensor<?xf16>) -> tensor<?x?x56x56xf16>
  %2 = graph.batch_norm %d, %q, %r, %q, %r {epsilon = 0.0 : f64}
      : (tensor<?x?x56x56xf16>, tensor<64xf16>, tensor<?xf16>,
         tensor<64xf16>, tensor<?xf16>) -> tensor<?x?x56x56xf16>
  // BatchNorm1d on a rank-2 input.
  // CHECK-NEXT: %[[BN3:.*]] = graph.batch_norm %[[F]], %[[G]], %[[G]], %[[G]], %[[G]] : (tensor<32x256xbf16>, tensor<256xbf16>, tensor<256xbf16>, tensor<256xbf16>, tensor<256xbf16>) -> tensor<32x256xbf16>
  %3 = graph.batch_norm %f, %g, %g, %g, %g
      : (tensor<32x256xbf16>, tensor<256xbf16>, tensor<256xbf16>,
         tensor<256xbf16>, tensor<256xbf16>) -> tensor<32x256xbf16>
  // CHECK-NEXT: return %[[BN0]], %[[BN1]], %[[BN2]], %[[BN3]] :
  return %0, %1, %2, %3 : tensor<1x64x112x112xf32>, tensor<1x64x112x112xf32>,
      tensor<?x?x56x56xf16>, tensor<32x256xbf16>
}

// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<2x?x768xf32>, %[[G:[a-z0-9]+]]: tensor<768xf32>, %[[V:[a-z0-9]+]]: tensor<1x197x768xf16>, %[[S2:[a-z0-9]+]]: tensor<197x768xf16>, %[[S1:[a-z0-9]+]]: tensor<1x768xf16>)
func.func @layer_norm(%x: tensor<2x?x768xf32>, %g: tensor<768xf32>,
                      %v: tensor<1x197x768xf16>, %s2: tensor<197x768xf16>,
                      %s1: tensor<1x768xf16>)
    -> (tensor<2x?x768xf32>, tensor<2x?x768xf32>, tensor<1x197x768xf16>,
        tensor<1x197x768xf16>) {
  // BERT layer norm with bias; default axis and epsilon are elided.
  // CHECK-NEXT: %[[LN0:.*]] = graph.layer_norm %[[X]], %[[G]], %[[G]] : (tensor<2x?x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<2x?x768xf32>
  %0 = graph.layer_norm %x, %g, %g {axis = -1 : i64, epsilon = 1.0e-5 : f64}
      : (tensor<2x?x768xf32>, tensor<768xf32>, tensor<768xf32>)
      -> tensor<2x?x768xf32>
  // Without bias; the positive spelling of the last axis is kept.
  // CHECK-NEXT: %[[LN1:.*]] = graph.layer_norm %[[X]], %[[G]] {axis = 2 : i64, epsilon = 9.9999999999999995E-7 : f64} : (tensor<2x?x768xf32>, tensor<768xf32>) -> tensor<2x?x768xf32>
  %1 = graph.layer_norm %x, %g {axis = 2 : i64, epsilon = 1.0e-6 : f64}
      : (tensor<2x?x768xf32>, tensor<768xf32>) -> tensor<2x?x768xf32>
  // Normalising over the last two dims; scale and bias broadcast to them.
  // CHECK-NEXT: %[[LN2:.*]] = graph.layer_norm %[[V]], %[[S2]], %[[S1]] {axis = -2 : i64} : (tensor<1x197x768xf16>, tensor<197x768xf16>, tensor<1x768xf16>) -> tensor<1x197x768xf16>
  %2 = graph.layer_norm %v, %s2, %s1 {axis = -2 : i64}
      : (tensor<1x197x768xf16>, tensor<197x768xf16>, tensor<1x768xf16>)
      -> tensor<1x197x768xf16>
  // Layer norm over every dim.
  // CHECK-NEXT: %[[LN3:.*]] = graph.layer_norm %[[V]], %[[S1]] {axis = 0 : i64} : (tensor<1x197x768xf16>, tensor<1x768xf16>) -> tensor<1x197x768xf16>
  %3 = graph.layer_norm %v, %s1 {axis = 0 : i64}
      : (tensor<1x197x768xf16>, tensor<1x768xf16>) -> tensor<1x197x768xf16>
  // CHECK-NEXT: return %[[LN0]], %[[LN1]], %[[LN2]], %[[LN3]] :
  return %0, %1, %2, %3 : tensor<2x?x768xf32>, tensor<2x?x768xf32>,
      tensor<1x197x768xf16>, tensor<1x197x768xf16>
}

// CHECK-LABEL: func.func @softmax
// CHECK-SAME: (%[[S:[a-z0-9]+]]: tensor<2x12x?x?xf32>, %[[L:[a-z0-9]+]]: tensor<1x1000xf16>, %[[V:[a-z0-9]+]]: tensor<?xbf16>)
func.func @softmax(%s: tensor<2x12x?x?xf32>, %l: tensor<1x1000xf16>,
                   %v: tensor<?xbf16>)
    -> (tensor<2x12x?x?xf32>, tensor<1x1000xf16>, tensor<1x1000xf16>,
        tensor<?xbf16>, tensor<2x12x?x?xf32>) {
  // CHECK-NEXT: %[[SM0:.*]] = graph.softmax %[[S]] : tensor<2x12x?x?xf32> -> tensor<2x12x?x?xf32>
  %0 = graph.softmax %s : tensor<2x12x?x?xf32> -> tensor<2x12x?x?xf32>
  // CHECK-NEXT: %[[SM1:.*]] = graph.softmax %[[L]] {axis = 1 : i64} : tensor<1x1000xf16> -> tensor<1x1000xf16>
  %1 = graph.softmax %l {axis = 1 : i64} : tensor<1x1000xf16> -> tensor<1x1000xf16>
  // CHECK-NEXT: %[[LS0:.*]] = graph.log_softmax %[[L]] : tensor<1x1000xf16> -> tensor<1x1000xf16>
  %2 = graph.log_softmax %l {axis = -1 : i64}
      : tensor<1x1000xf16> -> tensor<1x1000xf16>
  // CHECK-NEXT: %[[LS1:.*]] = graph.log_softmax %[[V]] {axis = 0 : i64} : tensor<?xbf16> -> tensor<?xbf16>
  %3 = graph.log_softmax %v {axis = 0 : i64} : tensor<?xbf16> -> tensor<?xbf16>
  // CHECK-NEXT: %[[SM2:.*]] = graph.softmax %[[S]] {axis = -4 : i64} : tensor<2x12x?x?xf32> -> tensor<2x12x?x?xf32>
  %4 = graph.softmax %s {axis = -4 : i64}
      : tensor<2x12x?x?xf32> -> tensor<2x12x?x?xf32>
  // CHECK-NEXT: return %[[SM0]], %[[SM1]], %[[LS0]], %[[LS1]], %[[SM2]] :
  return %0, %1, %2, %3, %4 : tensor<2x12x?x?xf32>, tensor<1x1000xf16>,
      tensor<1x1000xf16>, tensor<?xbf16>, tensor<2x12x?x?xf32>
}

// CHECK-LABEL: func.func @reduce
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<1x2048x7x7xf32>, %[[H:[a-z0-9]+]]: tensor<2x?x768xf16>, %[[I:[a-z0-9]+]]: tensor<4x?xi32>, %[[U:[a-z0-9]+]]: tensor<16x16xui8>, %[[L:[a-z0-9]+]]: tensor<?x3xi64>, %[[S:[a-z0-9]+]]: tensor<bf16>)
func.func @reduce(%x: tensor<1x2048x7x7xf32>, %h: tensor<2x?x768xf16>,
                  %i: tensor<4x?xi32>, %u: tensor<16x16xui8>,
                  %l: tensor<?x3xi64>, %s: tensor<bf16>)
    -> (tensor<1x2048x1x1xf32>, tensor<2x?xf16>, tensor<1x1xi32>, tensor<ui8>,
        tensor<1x3xi64>, tensor<bf16>, tensor<2x768xf16>) {
  // Global average pooling spelled as a mean over H and W; keepdims (the
  // default) is elided.
  // CHECK-NEXT: %[[MEAN:.*]] = graph.reduce_mean %[[X]] {axes = array<i64: 2, 3>} : tensor<1x2048x7x7xf32> -> tensor<1x2048x1x1xf32>
  %0 = graph.reduce_mean %x {axes = array<i64: 2, 3>, keepdims = true}
      : tensor<1x2048x7x7xf32> -> tensor<1x2048x1x1xf32>
  // CHECK-NEXT: %[[SUM:.*]] = graph.reduce_sum %[[H]] {axes = array<i64: -1>, keepdims = false} : tensor<2x?x768xf16> -> tensor<2x?xf16>
  %1 = graph.reduce_sum %h {axes = array<i64: -1>, keepdims = false}
      : tensor<2x?x768xf16> -> tensor<2x?xf16>
  // Empty axes reduce every dim.
  // CHECK-NEXT: %[[MAX:.*]] = graph.reduce_max %[[I]] : tensor<4x?xi32> -> tensor<1x1xi32>
  %2 = graph.reduce_max %i : tensor<4x?xi32> -> tensor<1x1xi32>
  // CHECK-NEXT: %[[MIN:.*]] = graph.reduce_min %[[U]] {keepdims = false} : tensor<16x16xui8> -> tensor<ui8>
  %3 = graph.reduce_min %u {axes = array<i64>, keepdims = false}
      : tensor<16x16xui8> -> tensor<ui8>
  // CHECK-NEXT: %[[PROD:.*]] = graph.reduce_prod %[[L]] {axes = array<i64: 0>} : tensor<?x3xi64> -> tensor<1x3xi64>
  %4 = graph.reduce_prod %l {axes = array<i64: 0>}
      : tensor<?x3xi64> -> tensor<1x3xi64>
  // Reducing a scalar is the identity.
  // CHECK-NEXT: %[[SCALAR:.*]] = graph.reduce_sum %[[S]] : tensor<bf16> -> tensor<bf16>
  %5 = graph.reduce_sum %s : tensor<bf16> -> tensor<bf16>
  // Mean over the (dynamic) sequence dim, axes in any order.
  // CHECK-NEXT: %[[SEQ:.*]] = graph.reduce_mean %[[H]] {axes = array<i64: 1>, keepdims = false} : tensor<2x?x768xf16> -> tensor<2x768xf16>
  %6 = graph.reduce_mean %h {axes = array<i64: 1>, keepdims = false}
      : tensor<2x?x768xf16> -> tensor<2x768xf16>
  // CHECK-NEXT: return %[[MEAN]], %[[SUM]], %[[MAX]], %[[MIN]], %[[PROD]], %[[SCALAR]], %[[SEQ]] :
  return %0, %1, %2, %3, %4, %5, %6 : tensor<1x2048x1x1xf32>, tensor<2x?xf16>,
      tensor<1x1xi32>, tensor<ui8>, tensor<1x3xi64>, tensor<bf16>,
      tensor<2x768xf16>
}

// CHECK-LABEL: func.func @attention
// CHECK-SAME: (%[[Q:[a-z0-9]+]]: tensor<2x12x128x64xf32>, %[[PAD:[a-z0-9]+]]: tensor<2x1x1x128xi1>, %[[DQ:[a-z0-9]+]]: tensor<1x32x1x128xf16>, %[[KV:[a-z0-9]+]]: tensor<1x32x?x128xf16>, %[[BQ:[a-z0-9]+]]: tensor<?x8x?x64xbf16>, %[[BV:[a-z0-9]+]]: tensor<?x8x?x32xbf16>, %[[BIAS:[a-z0-9]+]]: tensor<?x?xbf16>, %[[Q2:[a-z0-9]+]]: tensor<16x64xf32>, %[[K2:[a-z0-9]+]]: tensor<32x64xf32>, %[[V2:[a-z0-9]+]]: tensor<32x48xf32>, %[[DB:[a-z0-9]+]]: tensor<?x4x8xf32>, %[[SB:[a-z0-9]+]]: tensor<2x6x8xf32>, %[[VB:[a-z0-9]+]]: tensor<?x6x8xf32>)
func.func @attention(%q: tensor<2x12x128x64xf32>, %pad: tensor<2x1x1x128xi1>,
                     %dq: tensor<1x32x1x128xf16>, %kv: tensor<1x32x?x128xf16>,
                     %bq: tensor<?x8x?x64xbf16>, %bv: tensor<?x8x?x32xbf16>,
                     %bias: tensor<?x?xbf16>,
                     %q2: tensor<16x64xf32>, %k2: tensor<32x64xf32>,
                     %v2: tensor<32x48xf32>,
                     %db: tensor<?x4x8xf32>, %sb: tensor<2x6x8xf32>,
                     %vb: tensor<?x6x8xf32>)
    -> (tensor<2x12x128x64xf32>, tensor<1x32x1x128xf16>,
        tensor<?x8x?x32xbf16>, tensor<16x48xf32>, tensor<2x4x8xf32>) {
  // BERT self-attention with a boolean padding mask.
  // CHECK-NEXT: %[[BERT:.*]] = graph.attention %[[Q]], %[[Q]], %[[Q]], %[[PAD]] : (tensor<2x12x128x64xf32>, tensor<2x12x128x64xf32>, tensor<2x12x128x64xf32>, tensor<2x1x1x128xi1>) -> tensor<2x12x128x64xf32>
  %0 = graph.attention %q, %q, %q, %pad
      : (tensor<2x12x128x64xf32>, tensor<2x12x128x64xf32>,
         tensor<2x12x128x64xf32>, tensor<2x1x1x128xi1>)
      -> tensor<2x12x128x64xf32>
  // Decoder step against a KV cache: causal, explicit scale, no mask.
  // CHECK-NEXT: %[[DEC:.*]] = graph.attention %[[DQ]], %[[KV]], %[[KV]] {causal = true, scale = 0.08837890625 : f64} : (tensor<1x32x1x128xf16>, tensor<1x32x?x128xf16>, tensor<1x32x?x128xf16>) -> tensor<1x32x1x128xf16>
  %1 = graph.attention %dq, %kv, %kv {causal = true, scale = 0.08837890625 : f64}
      : (tensor<1x32x1x128xf16>, tensor<1x32x?x128xf16>,
         tensor<1x32x?x128xf16>) -> tensor<1x32x1x128xf16>
  // Additive float mask; the value head dim (32) differs from the query's.
  // CHECK-NEXT: %[[ADDM:.*]] = graph.attention %[[BQ]], %[[BQ]], %[[BV]], %[[BIAS]] : (tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16>, tensor<?x8x?x32xbf16>, tensor<?x?xbf16>) -> tensor<?x8x?x32xbf16>
  %2 = graph.attention %bq, %bq, %bv, %bias {causal = false}
      : (tensor<?x8x?x64xbf16>, tensor<?x8x?x64xbf16>, tensor<?x8x?x32xbf16>,
         tensor<?x?xbf16>) -> tensor<?x8x?x32xbf16>
  // Rank 2 (no batch dims), Sq != Sk.
  // CHECK-NEXT: %[[CROSS:.*]] = graph.attention %[[Q2]], %[[K2]], %[[V2]] : (tensor<16x64xf32>, tensor<32x64xf32>, tensor<32x48xf32>) -> tensor<16x48xf32>
  %3 = graph.attention %q2, %k2, %v2
      : (tensor<16x64xf32>, tensor<32x64xf32>, tensor<32x48xf32>)
      -> tensor<16x48xf32>
  // A batch dim dynamic in the query is taken from the key.
  // CHECK-NEXT: %[[BATCH:.*]] = graph.attention %[[DB]], %[[SB]], %[[VB]] : (tensor<?x4x8xf32>, tensor<2x6x8xf32>, tensor<?x6x8xf32>) -> tensor<2x4x8xf32>
  %4 = graph.attention %db, %sb, %vb
      : (tensor<?x4x8xf32>, tensor<2x6x8xf32>, tensor<?x6x8xf32>)
      -> tensor<2x4x8xf32>
  // CHECK-NEXT: return %[[BERT]], %[[DEC]], %[[ADDM]], %[[CROSS]], %[[BATCH]] :
  return %0, %1, %2, %3, %4 : tensor<2x12x128x64xf32>, tensor<1x32x1x128xf16>,
      tensor<?x8x?x32xbf16>, tensor<16x48xf32>, tensor<2x4x8xf32>
}

// CHECK-LABEL: func.func @layer_norm_stats
func.func @layer_norm_stats(%x: tensor<2x?x8xf32>)
    -> (tensor<2x1x1xf32>, tensor<2x1x1xf32>) {
  // CHECK-NEXT: %{{.*}}, %{{.*}} = graph.layer_norm_stats %{{.*}} {axis = 1 : i64} : tensor<2x?x8xf32> -> tensor<2x1x1xf32>, tensor<2x1x1xf32>
  %m, %s = graph.layer_norm_stats %x {axis = 1 : i64}
      : tensor<2x?x8xf32> -> tensor<2x1x1xf32>, tensor<2x1x1xf32>
  return %m, %s : tensor<2x1x1xf32>, tensor<2x1x1xf32>
}
