// RUN: strata-opt %s | strata-opt | FileCheck %s
// RUN: strata-opt %s --mlir-print-op-generic | strata-opt | FileCheck %s

// Round-trip of the constant and data-movement ops of the graph dialect.
// Every result type written here is exactly the inferred one, so these cases
// also pin the shape rules (-1 in reshape, slice clamping, negative axes,
// dynamic dims, ...).

// CHECK-LABEL: func.func @constant
func.func @constant() -> (tensor<2x2xf32>, tensor<768xf32>, tensor<i1>,
                          tensor<2xbf16>, tensor<2x2xui8>, tensor<3xi64>,
                          tensor<0x3xf16>) {
  // Weights live in resource blobs (see the end of the file).
  // CHECK-NEXT: %[[W:.*]] = graph.constant dense_resource<fc_w> : tensor<2x2xf32>
  %0 = graph.constant dense_resource<fc_w> : tensor<2x2xf32>
  // CHECK-NEXT: %[[SPLAT:.*]] = graph.constant dense<0.000000e+00> : tensor<768xf32>
  %1 = graph.constant dense<0.0> : tensor<768xf32>
  // CHECK-NEXT: %[[TRUE:.*]] = graph.constant dense<true> : tensor<i1>
  %2 = graph.constant dense<true> : tensor<i1>
  // CHECK-NEXT: %[[BF:.*]] = graph.constant dense<[1.000000e+00, 2.500000e+00]> : tensor<2xbf16>
  %3 = graph.constant dense<[1.0, 2.5]> : tensor<2xbf16>
  // CHECK-NEXT: %[[U8:.*]] = graph.constant dense<{{\[}}[1, 2], [3, 255]]> : tensor<2x2xui8>
  %4 = graph.constant dense<[[1, 2], [3, 255]]> : tensor<2x2xui8>
  // CHECK-NEXT: %[[SHAPE:.*]] = graph.constant dense<[2, -1, 12]> : tensor<3xi64>
  %5 = graph.constant dense<[2, -1, 12]> : tensor<3xi64>
  // CHECK-NEXT: %[[EMPTY:.*]] = graph.constant dense<> : tensor<0x3xf16>
  %6 = graph.constant dense<> : tensor<0x3xf16>
  // CHECK-NEXT: return %[[W]], %[[SPLAT]], %[[TRUE]], %[[BF]], %[[U8]], %[[SHAPE]], %[[EMPTY]] :
  return %0, %1, %2, %3, %4, %5, %6 : tensor<2x2xf32>, tensor<768xf32>,
      tensor<i1>, tensor<2xbf16>, tensor<2x2xui8>, tensor<3xi64>,
      tensor<0x3xf16>
}

// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[P:[a-z0-9]+]]: tensor<1x2048x1x1xf32>, %[[H:[a-z0-9]+]]: tensor<2x?x768xf32>, %[[IMG:[a-z0-9]+]]: tensor<1x3x224x224xf32>, %[[D:[a-z0-9]+]]: tensor<?x4xi32>, %[[ONE:[a-z0-9]+]]: tensor<1x1xf16>, %[[Z:[a-z0-9]+]]: tensor<0x4xbf16>)
func.func @reshape(%p: tensor<1x2048x1x1xf32>, %h: tensor<2x?x768xf32>,
                   %img: tensor<1x3x224x224xf32>, %d: tensor<?x4xi32>,
                   %one: tensor<1x1xf16>, %z: tensor<0x4xbf16>)
    -> (tensor<1x2048xf32>, tensor<2x?x12x64xf32>, tensor<150528xf32>,
        tensor<2x8xi32>, tensor<f16>, tensor<4x0xbf16>, tensor<?x2x2xi32>) {
  // CHECK-NEXT: %[[R0:.*]] = graph.reshape %[[P]] {shape = array<i64: 1, 2048>} : tensor<1x2048x1x1xf32> -> tensor<1x2048xf32>
  %0 = graph.reshape %p {shape = array<i64: 1, 2048>}
      : tensor<1x2048x1x1xf32> -> tensor<1x2048xf32>
  // Split heads; -1 stays dynamic when the input size is unknown.
  // CHECK-NEXT: %[[R1:.*]] = graph.reshape %[[H]] {shape = array<i64: 2, -1, 12, 64>} : tensor<2x?x768xf32> -> tensor<2x?x12x64xf32>
  %1 = graph.reshape %h {shape = array<i64: 2, -1, 12, 64>}
      : tensor<2x?x768xf32> -> tensor<2x?x12x64xf32>
  // -1 is resolved when the element count is known: 3 * 224 * 224.
  // CHECK-NEXT: %[[R2:.*]] = graph.reshape %[[IMG]] {shape = array<i64: -1>} : tensor<1x3x224x224xf32> -> tensor<150528xf32>
  %2 = graph.reshape %img {shape = array<i64: -1>}
      : tensor<1x3x224x224xf32> -> tensor<150528xf32>
  // A fully static target shape gives a static result even from a dynamic
  // input.
  // CHECK-NEXT: %[[R3:.*]] = graph.reshape %[[D]] {shape = array<i64: 2, 8>} : tensor<?x4xi32> -> tensor<2x8xi32>
  %3 = graph.reshape %d {shape = array<i64: 2, 8>}
      : tensor<?x4xi32> -> tensor<2x8xi32>
  // CHECK-NEXT: %[[R4:.*]] = graph.reshape %[[ONE]] {shape = array<i64>} : tensor<1x1xf16> -> tensor<f16>
  %4 = graph.reshape %one {shape = array<i64>} : tensor<1x1xf16> -> tensor<f16>
  // CHECK-NEXT: %[[R5:.*]] = graph.reshape %[[Z]] {shape = array<i64: 4, 0>} : tensor<0x4xbf16> -> tensor<4x0xbf16>
  %5 = graph.reshape %z {shape = array<i64: 4, 0>}
      : tensor<0x4xbf16> -> tensor<4x0xbf16>
  // CHECK-NEXT: %[[R6:.*]] = graph.reshape %[[D]] {shape = array<i64: -1, 2, 2>} : tensor<?x4xi32> -> tensor<?x2x2xi32>
  %6 = graph.reshape %d {shape = array<i64: -1, 2, 2>}
      : tensor<?x4xi32> -> tensor<?x2x2xi32>
  // CHECK-NEXT: return %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]], %[[R5]], %[[R6]] :
  return %0, %1, %2, %3, %4, %5, %6 : tensor<1x2048xf32>, tensor<2x?x12x64xf32>,
      tensor<150528xf32>, tensor<2x8xi32>, tensor<f16>, tensor<4x0xbf16>,
      tensor<?x2x2xi32>
}

// CHECK-LABEL: func.func @transpose
// CHECK-SAME: (%[[H:[a-z0-9]+]]: tensor<2x?x12x64xf32>, %[[IMG:[a-z0-9]+]]: tensor<1x3x224x224xui8>, %[[S:[a-z0-9]+]]: tensor<f32>)
func.func @transpose(%h: tensor<2x?x12x64xf32>, %img: tensor<1x3x224x224xui8>,
                     %s: tensor<f32>)
    -> (tensor<2x12x?x64xf32>, tensor<1x224x224x3xui8>, tensor<f32>,
        tensor<64x?x12x2xf32>) {
  // CHECK-NEXT: %[[T0:.*]] = graph.transpose %[[H]] {perm = array<i64: 0, 2, 1, 3>} : tensor<2x?x12x64xf32> -> tensor<2x12x?x64xf32>
  %0 = graph.transpose %h {perm = array<i64: 0, 2, 1, 3>}
      : tensor<2x?x12x64xf32> -> tensor<2x12x?x64xf32>
  // NCHW -> NHWC.
  // CHECK-NEXT: %[[T1:.*]] = graph.transpose %[[IMG]] {perm = array<i64: 0, 2, 3, 1>} : tensor<1x3x224x224xui8> -> tensor<1x224x224x3xui8>
  %1 = graph.transpose %img {perm = array<i64: 0, 2, 3, 1>}
      : tensor<1x3x224x224xui8> -> tensor<1x224x224x3xui8>
  // CHECK-NEXT: %[[T2:.*]] = graph.transpose %[[S]] {perm = array<i64>} : tensor<f32> -> tensor<f32>
  %2 = graph.transpose %s {perm = array<i64>} : tensor<f32> -> tensor<f32>
  // CHECK-NEXT: %[[T3:.*]] = graph.transpose %[[H]] {perm = array<i64: 3, 1, 2, 0>} : tensor<2x?x12x64xf32> -> tensor<64x?x12x2xf32>
  %3 = graph.transpose %h {perm = array<i64: 3, 1, 2, 0>}
      : tensor<2x?x12x64xf32> -> tensor<64x?x12x2xf32>
  // CHECK-NEXT: return %[[T0]], %[[T1]], %[[T2]], %[[T3]] :
  return %0, %1, %2, %3 : tensor<2x12x?x64xf32>, tensor<1x224x224x3xui8>,
      tensor<f32>, tensor<64x?x12x2xf32>
}

// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:[a-z0-9]+]]: tensor<1x64x56x56xf32>, %[[B:[a-z0-9]+]]: tensor<1x32x56x56xf32>, %[[CACHE:[a-z0-9]+]]: tensor<1x32x?x128xf16>, %[[NEW:[a-z0-9]+]]: tensor<1x32x1x128xf16>, %[[P:[a-z0-9]+]]: tensor<?x4xi64>, %[[Q:[a-z0-9]+]]: tensor<2x3xi64>, %[[R:[a-z0-9]+]]: tensor<?x1xi64>, %[[V:[a-z0-9]+]]: tensor<4xi1>)
func.func @concat(%a: tensor<1x64x56x56xf32>, %b: tensor<1x32x56x56xf32>,
                  %cache: tensor<1x32x?x128xf16>, %new: tensor<1x32x1x128xf16>,
                  %p: tensor<?x4xi64>, %q: tensor<2x3xi64>, %r: tensor<?x1xi64>,
                  %v: tensor<4xi1>)
    -> (tensor<1x96x56x56xf32>, tensor<1x32x?x128xf16>, tensor<2x8xi64>,
        tensor<4xi1>, tensor<8xi1>) {
  // DenseNet feature concatenation.
  // CHECK-NEXT: %[[C0:.*]] = graph.concat %[[A]], %[[B]] {axis = 1 : i64} : (tensor<1x64x56x56xf32>, tensor<1x32x56x56xf32>) -> tensor<1x96x56x56xf32>
  %0 = graph.concat %a, %b {axis = 1 : i64}
      : (tensor<1x64x56x56xf32>, tensor<1x32x56x56xf32>) -> tensor<1x96x56x56xf32>
  // KV-cache append: a dynamic size along the axis stays dynamic.
  // CHECK-NEXT: %[[C1:.*]] = graph.concat %[[CACHE]], %[[NEW]] {axis = 2 : i64} : (tensor<1x32x?x128xf16>, tensor<1x32x1x128xf16>) -> tensor<1x32x?x128xf16>
  %1 = graph.concat %cache, %new {axis = 2 : i64}
      : (tensor<1x32x?x128xf16>, tensor<1x32x1x128xf16>) -> tensor<1x32x?x128xf16>
  // Negative axis, three inputs; the dynamic dim 0 is refined to 2.
  // CHECK-NEXT: %[[C2:.*]] = graph.concat %[[P]], %[[Q]], %[[R]] {axis = -1 : i64} : (tensor<?x4xi64>, tensor<2x3xi64>, tensor<?x1xi64>) -> tensor<2x8xi64>
  %2 = graph.concat %p, %q, %r {axis = -1 : i64}
      : (tensor<?x4xi64>, tensor<2x3xi64>, tensor<?x1xi64>) -> tensor<2x8xi64>
  // CHECK-NEXT: %[[C3:.*]] = graph.concat %[[V]] {axis = 0 : i64} : (tensor<4xi1>) -> tensor<4xi1>
  %3 = graph.concat %v {axis = 0 : i64} : (tensor<4xi1>) -> tensor<4xi1>
  // CHECK-NEXT: %[[C4:.*]] = graph.concat %[[V]], %[[V]] {axis = 0 : i64} : (tensor<4xi1>, tensor<4xi1>) -> tensor<8xi1>
  %4 = graph.concat %v, %v {axis = 0 : i64}
      : (tensor<4xi1>, tensor<4xi1>) -> tensor<8xi1>
  // CHECK-NEXT: return %[[C0]], %[[C1]], %[[C2]], %[[C3]], %[[C4]] :
  return %0, %1, %2, %3, %4 : tensor<1x96x56x56xf32>, tensor<1x32x?x128xf16>,
      tensor<2x8xi64>, tensor<4xi1>, tensor<8xi1>
}

// CHECK-LABEL: func.func @slice
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<1x197x768xf32>, %[[V:[a-z0-9]+]]: tensor<10xi32>, %[[IMG:[a-z0-9]+]]: tensor<1x3x224x224xf16>, %[[D:[a-z0-9]+]]: tensor<?x8xbf16>)
func.func @slice(%x: tensor<1x197x768xf32>, %v: tensor<10xi32>,
                 %img: tensor<1x3x224x224xf16>, %d: tensor<?x8xbf16>)
    -> (tensor<1x1x768xf32>, tensor<1x196x768xf32>, tensor<10xi32>,
        tensor<1x3x112x112xf16>, tensor<?x4xbf16>, tensor<0xi32>,
        tensor<3xi32>, tensor<?x3xbf16>) {
  // ViT class token.
  // CHECK-NEXT: %[[CLS:.*]] = graph.slice %[[X]] {axes = array<i64: 1>, ends = array<i64: 1>, starts = array<i64: 0>} : tensor<1x197x768xf32> -> tensor<1x1x768xf32>
  %0 = graph.slice %x {starts = array<i64: 0>, ends = array<i64: 1>,
                       axes = array<i64: 1>}
      : tensor<1x197x768xf32> -> tensor<1x1x768xf32>
  // ONNX "to the end": ends = INT64_MAX is clamped; steps = [1] is printed
  // because only an empty array is the default.
  // CHECK-NEXT: %[[PATCH:.*]] = graph.slice %[[X]] {axes = array<i64: 1>, ends = array<i64: 9223372036854775807>, starts = array<i64: 1>, steps = array<i64: 1>} : tensor<1x197x768xf32> -> tensor<1x196x768xf32>
  %1 = graph.slice %x {starts = array<i64: 1>,
                       ends = array<i64: 9223372036854775807>,
                       axes = array<i64: 1>, steps = array<i64: 1>}
      : tensor<1x197x768xf32> -> tensor<1x196x768xf32>
  // Reversal: start -1, end INT64_MIN, step -1 selects all 10 elements.
  // CHECK-NEXT: %[[REV:.*]] = graph.slice %[[V]] {ends = array<i64: -9223372036854775808>, starts = array<i64: -1>, steps = array<i64: -1>} : tensor<10xi32> -> tensor<10xi32>
  %2 = graph.slice %v {starts = array<i64: -1>,
                       ends = array<i64: -9223372036854775808>,
                       steps = array<i64: -1>}
      : tensor<10xi32> -> tensor<10xi32>
  // Strided downsampling of H and W, axes given negatively.
  // CHECK-NEXT: %[[DOWN:.*]] = graph.slice %[[IMG]] {axes = array<i64: -2, -1>, ends = array<i64: 224, 224>, starts = array<i64: 0, 0>, steps = array<i64: 2, 2>} : tensor<1x3x224x224xf16> -> tensor<1x3x112x112xf16>
  %3 = graph.slice %img {starts = array<i64: 0, 0>, ends = array<i64: 224, 224>,
                         axes = array<i64: -2, -1>, steps = array<i64: 2, 2>}
      : tensor<1x3x224x224xf16> -> tensor<1x3x112x112xf16>
  // Default axes are 0, 1, ...; a dynamic dim stays dynamic; empty
  // attributes are elided.
  // CHECK-NEXT: %[[DFLT:.*]] = graph.slice %[[D]] {ends = array<i64: -1, 6>, starts = array<i64: 0, 2>} : tensor<?x8xbf16> -> tensor<?x4xbf16>
  %4 = graph.slice %d {starts = array<i64: 0, 2>, ends = array<i64: -1, 6>,
                       axes = array<i64>, steps = array<i64>}
      : tensor<?x8xbf16> -> tensor<?x4xbf16>
  // start > end with a positive step selects nothing.
  // CHECK-NEXT: %[[NONE:.*]] = graph.slice %[[V]] {ends = array<i64: 2>, starts = array<i64: 5>} : tensor<10xi32> -> tensor<0xi32>
  %5 = graph.slice %v {starts = array<i64: 5>, ends = array<i64: 2>}
      : tensor<10xi32> -> tensor<0xi32>
  // 8, 5, 2: start 8 down to (excluding) 0 in steps of 3.
  // CHECK-NEXT: %[[BACK:.*]] = graph.slice %[[V]] {ends = array<i64: 0>, starts = array<i64: 8>, steps = array<i64: -3>} : tensor<10xi32> -> tensor<3xi32>
  %6 = graph.slice %v {starts = array<i64: 8>, ends = array<i64: 0>,
                       steps = array<i64: -3>}
      : tensor<10xi32> -> tensor<3xi32>
  // Out-of-range starts and ends clamp to the dim: [-100, 3) of 8 is 3 long.
  // CHECK-NEXT: %[[CLAMP:.*]] = graph.slice %[[D]] {axes = array<i64: 1>, ends = array<i64: 3>, starts = array<i64: -100>} : tensor<?x8xbf16> -> tensor<?x3xbf16>
  %7 = graph.slice %d {starts = array<i64: -100>, ends = array<i64: 3>,
                       axes = array<i64: 1>}
      : tensor<?x8xbf16> -> tensor<?x3xbf16>
  // CHECK-NEXT: return %[[CLS]], %[[PATCH]], %[[REV]], %[[DOWN]], %[[DFLT]], %[[NONE]], %[[BACK]], %[[CLAMP]] :
  return %0, %1, %2, %3, %4, %5, %6, %7
      : tensor<1x1x768xf32>, tensor<1x196x768xf32>, tensor<10xi32>,
        tensor<1x3x112x112xf16>, tensor<?x4xbf16>, tensor<0xi32>,
        tensor<3xi32>, tensor<?x3xbf16>
}

// CHECK-LABEL: func.func @gather
// CHECK-SAME: (%[[E:[a-z0-9]+]]: tensor<30522x768xf32>, %[[IDS:[a-z0-9]+]]: tensor<2x?xi64>, %[[H:[a-z0-9]+]]: tensor<2x197x768xf16>, %[[I0:[a-z0-9]+]]: tensor<i64>, %[[T:[a-z0-9]+]]: tensor<4x10xi8>, %[[I3:[a-z0-9]+]]: tensor<3xi32>)
func.func @gather(%e: tensor<30522x768xf32>, %ids: tensor<2x?xi64>,
                  %h: tensor<2x197x768xf16>, %i0: tensor<i64>,
                  %t: tensor<4x10xi8>, %i3: tensor<3xi32>)
    -> (tensor<2x?x768xf32>, tensor<2x768xf16>, tensor<4x3xi8>,
        tensor<3x10xi8>) {
  // BERT token embedding lookup; the default axis is elided.
  // CHECK-NEXT: %[[EMB:.*]] = graph.gather %[[E]], %[[IDS]] : (tensor<30522x768xf32>, tensor<2x?xi64>) -> tensor<2x?x768xf32>
  %0 = graph.gather %e, %ids {axis = 0 : i64}
      : (tensor<30522x768xf32>, tensor<2x?xi64>) -> tensor<2x?x768xf32>
  // A scalar index removes the axis.
  // CHECK-NEXT: %[[TOK:.*]] = graph.gather %[[H]], %[[I0]] {axis = 1 : i64} : (tensor<2x197x768xf16>, tensor<i64>) -> tensor<2x768xf16>
  %1 = graph.gather %h, %i0 {axis = 1 : i64}
      : (tensor<2x197x768xf16>, tensor<i64>) -> tensor<2x768xf16>
  // CHECK-NEXT: %[[COLS:.*]] = graph.gather %[[T]], %[[I3]] {axis = -1 : i64} : (tensor<4x10xi8>, tensor<3xi32>) -> tensor<4x3xi8>
  %2 = graph.gather %t, %i3 {axis = -1 : i64}
      : (tensor<4x10xi8>, tensor<3xi32>) -> tensor<4x3xi8>
  // CHECK-NEXT: %[[ROWS:.*]] = graph.gather %[[T]], %[[I3]] : (tensor<4x10xi8>, tensor<3xi32>) -> tensor<3x10xi8>
  %3 = graph.gather %t, %i3 : (tensor<4x10xi8>, tensor<3xi32>) -> tensor<3x10xi8>
  // CHECK-NEXT: return %[[EMB]], %[[TOK]], %[[COLS]], %[[ROWS]] :
  return %0, %1, %2, %3 : tensor<2x?x768xf32>, tensor<2x768xf16>,
      tensor<4x3xi8>, tensor<3x10xi8>
}

// CHECK-LABEL: func.func @split
// CHECK-SAME: (%[[QKV:[a-z0-9]+]]: tensor<2x128x2304xf32>, %[[D:[a-z0-9]+]]: tensor<?x10xf16>, %[[I:[a-z0-9]+]]: tensor<4x6xi32>)
func.func @split(%qkv: tensor<2x128x2304xf32>, %d: tensor<?x10xf16>,
                 %i: tensor<4x6xi32>)
    -> (tensor<2x128x768xf32>, tensor<2x128x768xf32>, tensor<2x128x768xf32>,
        tensor<3x10xf16>, tensor<7x10xf16>, tensor<4x6xi32>, tensor<4x0xi32>) {
  // Fused QKV projection split into query, key and value.
  // CHECK-NEXT: %[[S:.*]]:3 = graph.split %[[QKV]] {axis = -1 : i64, sizes = array<i64: 768, 768, 768>} : tensor<2x128x2304xf32> -> tensor<2x128x768xf32>, tensor<2x128x768xf32>, tensor<2x128x768xf32>
  %0:3 = graph.split %qkv {axis = -1 : i64, sizes = array<i64: 768, 768, 768>}
      : tensor<2x128x2304xf32>
      -> tensor<2x128x768xf32>, tensor<2x128x768xf32>, tensor<2x128x768xf32>
  // Sizes are not checked against a dynamic dim; the pieces are static.
  // CHECK-NEXT: %[[T:.*]]:2 = graph.split %[[D]] {axis = 0 : i64, sizes = array<i64: 3, 7>} : tensor<?x10xf16> -> tensor<3x10xf16>, tensor<7x10xf16>
  %1:2 = graph.split %d {axis = 0 : i64, sizes = array<i64: 3, 7>}
      : tensor<?x10xf16> -> tensor<3x10xf16>, tensor<7x10xf16>
  // CHECK-NEXT: %[[ONE:.*]] = graph.split %[[I]] {axis = 1 : i64, sizes = array<i64: 6>} : tensor<4x6xi32> -> tensor<4x6xi32>
  %2 = graph.split %i {axis = 1 : i64, sizes = array<i64: 6>}
      : tensor<4x6xi32> -> tensor<4x6xi32>
  // Empty pieces are allowed.
  // CHECK-NEXT: %[[E:.*]]:2 = graph.split %[[I]] {axis = 1 : i64, sizes = array<i64: 0, 6>} : tensor<4x6xi32> -> tensor<4x0xi32>, tensor<4x6xi32>
  %3:2 = graph.split %i {axis = 1 : i64, sizes = array<i64: 0, 6>}
      : tensor<4x6xi32> -> tensor<4x0xi32>, tensor<4x6xi32>
  // CHECK-NEXT: return %[[S]]#0, %[[S]]#1, %[[S]]#2, %[[T]]#0, %[[T]]#1, %[[ONE]], %[[E]]#0 :
  return %0#0, %0#1, %0#2, %1#0, %1#1, %2, %3#0
      : tensor<2x128x768xf32>, tensor<2x128x768xf32>, tensor<2x128x768xf32>,
        tensor<3x10xf16>, tensor<7x10xf16>, tensor<4x6xi32>, tensor<4x0xi32>
}

// CHECK-LABEL: func.func @pad
// CHECK-SAME: (%[[IMG:[a-z0-9]+]]: tensor<1x3x224x224xf32>, %[[F:[a-z0-9]+]]: tensor<1x64x56x56xf16>, %[[I:[a-z0-9]+]]: tensor<10x?xi32>, %[[E:[a-z0-9]+]]: tensor<0x4xf32>)
func.func @pad(%img: tensor<1x3x224x224xf32>, %f: tensor<1x64x56x56xf16>,
               %i: tensor<10x?xi32>, %e: tensor<0x4xf32>)
    -> (tensor<1x3x230x230xf32>, tensor<1x64x58x58xf16>, tensor<1x64x57x59xf16>,
        tensor<5x?xi32>, tensor<1x3x225x225xf32>, tensor<2x4xf32>,
        tensor<0x6xf32>) {
  // Zero padding ahead of the ResNet stem; mode and value defaults elided.
  // CHECK-NEXT: %[[P0:.*]] = graph.pad %[[IMG]] {pads = array<i64: 0, 0, 3, 3, 0, 0, 3, 3>} : tensor<1x3x224x224xf32> -> tensor<1x3x230x230xf32>
  %0 = graph.pad %img {pads = array<i64: 0, 0, 3, 3, 0, 0, 3, 3>,
                       mode = #graph<pad_mode constant>, value = 0.0 : f64}
      : tensor<1x3x224x224xf32> -> tensor<1x3x230x230xf32>
  // CHECK-NEXT: %[[P1:.*]] = graph.pad %[[F]] {mode = #graph<pad_mode reflect>, pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>} : tensor<1x64x56x56xf16> -> tensor<1x64x58x58xf16>
  %1 = graph.pad %f {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>,
                     mode = #graph<pad_mode reflect>}
      : tensor<1x64x56x56xf16> -> tensor<1x64x58x58xf16>
  // Begins and ends differ per dim.
  // CHECK-NEXT: %[[P2:.*]] = graph.pad %[[F]] {mode = #graph<pad_mode edge>, pads = array<i64: 0, 0, 0, 1, 0, 0, 1, 2>} : tensor<1x64x56x56xf16> -> tensor<1x64x57x59xf16>
  %2 = graph.pad %f {pads = array<i64: 0, 0, 0, 1, 0, 0, 1, 2>,
                     mode = #graph<pad_mode edge>}
      : tensor<1x64x56x56xf16> -> tensor<1x64x57x59xf16>
  // Negative pads crop; a dynamic dim stays dynamic.
  // CHECK-NEXT: %[[P3:.*]] = graph.pad %[[I]] {pads = array<i64: -2, 1, -3, 2>, value = -1.000000e+00 : f64} : tensor<10x?xi32> -> tensor<5x?xi32>
  %3 = graph.pad %i {pads = array<i64: -2, 1, -3, 2>, value = -1.0 : f64}
      : tensor<10x?xi32> -> tensor<5x?xi32>
  // TF "SAME" padding before a max pool: -inf fill.
  // CHECK-NEXT: %[[P4:.*]] = graph.pad %[[IMG]] {pads = array<i64: 0, 0, 0, 0, 0, 0, 1, 1>, value = 0xFFF0000000000000 : f64} : tensor<1x3x224x224xf32> -> tensor<1x3x225x225xf32>
  %4 = graph.pad %img {pads = array<i64: 0, 0, 0, 0, 0, 0, 1, 1>,
                       value = 0xFFF0000000000000 : f64}
      : tensor<1x3x224x224xf32> -> tensor<1x3x225x225xf32>
  // Constant padding of an empty dim is fine.
  // CHECK-NEXT: %[[P5:.*]] = graph.pad %[[E]] {pads = array<i64: 1, 0, 1, 0>} : tensor<0x4xf32> -> tensor<2x4xf32>
  %5 = graph.pad %e {pads = array<i64: 1, 0, 1, 0>}
      : tensor<0x4xf32> -> tensor<2x4xf32>
  // Edge padding only along the non-empty dim.
  // CHECK-NEXT: %[[P6:.*]] = graph.pad %[[E]] {mode = #graph<pad_mode edge>, pads = array<i64: 0, 1, 0, 1>} : tensor<0x4xf32> -> tensor<0x6xf32>
  %6 = graph.pad %e {pads = array<i64: 0, 1, 0, 1>, mode = #graph<pad_mode edge>}
      : tensor<0x4xf32> -> tensor<0x6xf32>
  // CHECK-NEXT: return %[[P0]], %[[P1]], %[[P2]], %[[P3]], %[[P4]], %[[P5]], %[[P6]] :
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<1x3x230x230xf32>, tensor<1x64x58x58xf16>,
        tensor<1x64x57x59xf16>, tensor<5x?xi32>, tensor<1x3x225x225xf32>,
        tensor<2x4xf32>, tensor<0x6xf32>
}

// CHECK-LABEL: func.func @expand
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<3x1xf32>, %[[M:[a-z0-9]+]]: tensor<1x1x?x?xi1>, %[[D:[a-z0-9]+]]: tensor<?x4xbf16>, %[[S:[a-z0-9]+]]: tensor<2x3xi64>)
func.func @expand(%x: tensor<3x1xf32>, %m: tensor<1x1x?x?xi1>,
                  %d: tensor<?x4xbf16>, %s: tensor<2x3xi64>)
    -> (tensor<2x3x6xf32>, tensor<2x12x?x?xi1>, tensor<5x4xbf16>,
        tensor<2x3xi64>, tensor<?x4xbf16>) {
  // The example of the op description.
  // CHECK-NEXT: %[[E0:.*]] = graph.expand %[[X]] {shape = array<i64: 2, 1, 6>} : tensor<3x1xf32> -> tensor<2x3x6xf32>
  %0 = graph.expand %x {shape = array<i64: 2, 1, 6>}
      : tensor<3x1xf32> -> tensor<2x3x6xf32>
  // CHECK-NEXT: %[[E1:.*]] = graph.expand %[[M]] {shape = array<i64: 2, 12, 1, 1>} : tensor<1x1x?x?xi1> -> tensor<2x12x?x?xi1>
  %1 = graph.expand %m {shape = array<i64: 2, 12, 1, 1>}
      : tensor<1x1x?x?xi1> -> tensor<2x12x?x?xi1>
  // A dynamic dim expanded to 5 is 5.
  // CHECK-NEXT: %[[E2:.*]] = graph.expand %[[D]] {shape = array<i64: 5, 4>} : tensor<?x4xbf16> -> tensor<5x4xbf16>
  %2 = graph.expand %d {shape = array<i64: 5, 4>}
      : tensor<?x4xbf16> -> tensor<5x4xbf16>
  // A shorter shape of ones is a no-op.
  // CHECK-NEXT: %[[E3:.*]] = graph.expand %[[S]] {shape = array<i64: 1>} : tensor<2x3xi64> -> tensor<2x3xi64>
  %3 = graph.expand %s {shape = array<i64: 1>} : tensor<2x3xi64> -> tensor<2x3xi64>
  // CHECK-NEXT: %[[E4:.*]] = graph.expand %[[D]] {shape = array<i64: 1, 1>} : tensor<?x4xbf16> -> tensor<?x4xbf16>
  %4 = graph.expand %d {shape = array<i64: 1, 1>}
      : tensor<?x4xbf16> -> tensor<?x4xbf16>
  // CHECK-NEXT: return %[[E0]], %[[E1]], %[[E2]], %[[E3]], %[[E4]] :
  return %0, %1, %2, %3, %4 : tensor<2x3x6xf32>, tensor<2x12x?x?xi1>,
      tensor<5x4xbf16>, tensor<2x3xi64>, tensor<?x4xbf16>
}

// CHECK-LABEL: func.func @squeeze_unsqueeze
// CHECK-SAME: (%[[P:[a-z0-9]+]]: tensor<1x2048x1x1xf32>, %[[D:[a-z0-9]+]]: tensor<1x?x1x768xf16>, %[[Q:[a-z0-9]+]]: tensor<?x768xf16>, %[[I:[a-z0-9]+]]: tensor<2x1xi64>, %[[M:[a-z0-9]+]]: tensor<2x128xi1>, %[[V:[a-z0-9]+]]: tensor<768xf32>, %[[S:[a-z0-9]+]]: tensor<f32>, %[[B:[a-z0-9]+]]: tensor<2x3xbf16>)
func.func @squeeze_unsqueeze(%p: tensor<1x2048x1x1xf32>,
                             %d: tensor<1x?x1x768xf16>, %q: tensor<?x768xf16>,
                             %i: tensor<2x1xi64>, %m: tensor<2x128xi1>,
                             %v: tensor<768xf32>, %s: tensor<f32>,
                             %b: tensor<2x3xbf16>)
    -> (tensor<1x2048xf32>, tensor<?x768xf16>, tensor<768xf16>, tensor<2xi64>,
        tensor<2x1x1x128xi1>, tensor<768x1xf32>, tensor<1xf32>,
        tensor<1x2x3x1xbf16>) {
  // CHECK-NEXT: %[[S0:.*]] = graph.squeeze %[[P]] {axes = array<i64: 2, 3>} : tensor<1x2048x1x1xf32> -> tensor<1x2048xf32>
  %0 = graph.squeeze %p {axes = array<i64: 2, 3>}
      : tensor<1x2048x1x1xf32> -> tensor<1x2048xf32>
  // Empty axes remove the static unit dims only.
  // CHECK-NEXT: %[[S1:.*]] = graph.squeeze %[[D]] : tensor<1x?x1x768xf16> -> tensor<?x768xf16>
  %1 = graph.squeeze %d {axes = array<i64>}
      : tensor<1x?x1x768xf16> -> tensor<?x768xf16>
  // A listed dynamic dim is taken to be 1.
  // CHECK-NEXT: %[[S2:.*]] = graph.squeeze %[[Q]] {axes = array<i64: 0>} : tensor<?x768xf16> -> tensor<768xf16>
  %2 = graph.squeeze %q {axes = array<i64: 0>}
      : tensor<?x768xf16> -> tensor<768xf16>
  // CHECK-NEXT: %[[S3:.*]] = graph.squeeze %[[I]] {axes = array<i64: -1>} : tensor<2x1xi64> -> tensor<2xi64>
  %3 = graph.squeeze %i {axes = array<i64: -1>} : tensor<2x1xi64> -> tensor<2xi64>
  // Attention padding mask to B x 1 x 1 x S.
  // CHECK-NEXT: %[[U0:.*]] = graph.unsqueeze %[[M]] {axes = array<i64: 1, 2>} : tensor<2x128xi1> -> tensor<2x1x1x128xi1>
  %4 = graph.unsqueeze %m {axes = array<i64: 1, 2>}
      : tensor<2x128xi1> -> tensor<2x1x1x128xi1>
  // Negative axes count from the back of the result.
  // CHECK-NEXT: %[[U1:.*]] = graph.unsqueeze %[[V]] {axes = array<i64: -1>} : tensor<768xf32> -> tensor<768x1xf32>
  %5 = graph.unsqueeze %v {axes = array<i64: -1>}
      : tensor<768xf32> -> tensor<768x1xf32>
  // CHECK-NEXT: %[[U2:.*]] = graph.unsqueeze %[[S]] {axes = array<i64: 0>} : tensor<f32> -> tensor<1xf32>
  %6 = graph.unsqueeze %s {axes = array<i64: 0>} : tensor<f32> -> tensor<1xf32>
  // Unsorted axes.
  // CHECK-NEXT: %[[U3:.*]] = graph.unsqueeze %[[B]] {axes = array<i64: 3, 0>} : tensor<2x3xbf16> -> tensor<1x2x3x1xbf16>
  %7 = graph.unsqueeze %b {axes = array<i64: 3, 0>}
      : tensor<2x3xbf16> -> tensor<1x2x3x1xbf16>
  // CHECK-NEXT: return %[[S0]], %[[S1]], %[[S2]], %[[S3]], %[[U0]], %[[U1]], %[[U2]], %[[U3]] :
  return %0, %1, %2, %3, %4, %5, %6, %7
      : tensor<1x2048xf32>, tensor<?x768xf16>, tensor<768xf16>, tensor<2xi64>,
        tensor<2x1x1x128xi1>, tensor<768x1xf32>, tensor<1xf32>,
        tensor<1x2x3x1xbf16>
}

// CHECK-LABEL: func.func @flatten
// CHECK-SAME: (%[[P:[a-z0-9]+]]: tensor<1x2048x1x1xf32>, %[[X:[a-z0-9]+]]: tensor<2x3x4xi8>, %[[D:[a-z0-9]+]]: tensor<?x3x4xf16>)
func.func @flatten(%p: tensor<1x2048x1x1xf32>, %x: tensor<2x3x4xi8>,
                   %d: tensor<?x3x4xf16>)
    -> (tensor<1x2048xf32>, tensor<1x24xi8>, tensor<24x1xi8>, tensor<6x4xi8>,
        tensor<?x12xf16>, tensor<?x4xf16>) {
  // CHECK-NEXT: %[[F0:.*]] = graph.flatten %[[P]] : tensor<1x2048x1x1xf32> -> tensor<1x2048xf32>
  %0 = graph.flatten %p {axis = 1 : i64}
      : tensor<1x2048x1x1xf32> -> tensor<1x2048xf32>
  // CHECK-NEXT: %[[F1:.*]] = graph.flatten %[[X]] {axis = 0 : i64} : tensor<2x3x4xi8> -> tensor<1x24xi8>
  %1 = graph.flatten %x {axis = 0 : i64} : tensor<2x3x4xi8> -> tensor<1x24xi8>
  // axis == rank is allowed.
  // CHECK-NEXT: %[[F2:.*]] = graph.flatten %[[X]] {axis = 3 : i64} : tensor<2x3x4xi8> -> tensor<24x1xi8>
  %2 = graph.flatten %x {axis = 3 : i64} : tensor<2x3x4xi8> -> tensor<24x1xi8>
  // CHECK-NEXT: %[[F3:.*]] = graph.flatten %[[X]] {axis = -1 : i64} : tensor<2x3x4xi8> -> tensor<6x4xi8>
  %3 = graph.flatten %x {axis = -1 : i64} : tensor<2x3x4xi8> -> tensor<6x4xi8>
  // CHECK-NEXT: %[[F4:.*]] = graph.flatten %[[D]] : tensor<?x3x4xf16> -> tensor<?x12xf16>
  %4 = graph.flatten %d : tensor<?x3x4xf16> -> tensor<?x12xf16>
  // CHECK-NEXT: %[[F5:.*]] = graph.flatten %[[D]] {axis = 2 : i64} : tensor<?x3x4xf16> -> tensor<?x4xf16>
  %5 = graph.flatten %d {axis = 2 : i64} : tensor<?x3x4xf16> -> tensor<?x4xf16>
  // CHECK-NEXT: return %[[F0]], %[[F1]], %[[F2]], %[[F3]], %[[F4]], %[[F5]] :
  return %0, %1, %2, %3, %4, %5 : tensor<1x2048xf32>, tensor<1x24xi8>,
      tensor<24x1xi8>, tensor<6x4xi8>, tensor<?x12xf16>, tensor<?x4xf16>
}

// The resource blob survives the round trip (little-endian f32 1, 2, 3, 4
// after the 4-byte alignment header).
// CHECK: dialect_resources
// CHECK-NEXT: builtin
// CHECK-NEXT: fc_w: "0x040000000000803F000000400000404000008040"
{-#
  dialect_resources: {
    builtin: {
      fc_w: "0x040000000000803F000000400000404000008040"
    }
  }
#-}
