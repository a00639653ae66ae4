// RUN: strata-opt %s | strata-opt | FileCheck %s
// RUN: strata-opt %s --mlir-print-op-generic | strata-opt | FileCheck %s

// Round-trip of the elementwise ops of the graph dialect: unary (float-only,
// any element type, boolean), parameterised activations (default attributes
// are elided when printing), clip, cast, broadcasting binary ops, compare and
// where. The second RUN line parses the generic form, so it also checks that
// every attribute survives as an op property.

// CHECK-LABEL: func.func @unary_float
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<1x64x56x56xf32>, %[[H:[a-z0-9]+]]: tensor<2x?x768xf16>, %[[B:[a-z0-9]+]]: tensor<?x1024xbf16>)
func.func @unary_float(%x: tensor<1x64x56x56xf32>, %h: tensor<2x?x768xf16>,
                       %b: tensor<?x1024xbf16>)
    -> (tensor<1x64x56x56xf32>, tensor<2x?x768xf16>, tensor<?x1024xbf16>) {
  // CHECK-NEXT: %[[EXP:.*]] = graph.exp %[[X]] : tensor<1x64x56x56xf32>
  %0 = graph.exp %x : tensor<1x64x56x56xf32>
  // CHECK-NEXT: %[[LOG:.*]] = graph.log %[[EXP]] : tensor<1x64x56x56xf32>
  %1 = graph.log %0 : tensor<1x64x56x56xf32>
  // CHECK-NEXT: %[[SQRT:.*]] = graph.sqrt %[[LOG]] : tensor<1x64x56x56xf32>
  %2 = graph.sqrt %1 : tensor<1x64x56x56xf32>
  // CHECK-NEXT: %[[RSQRT:.*]] = graph.rsqrt %[[SQRT]] : tensor<1x64x56x56xf32>
  %3 = graph.rsqrt %2 : tensor<1x64x56x56xf32>
  // CHECK-NEXT: %[[RECIP:.*]] = graph.reciprocal %[[RSQRT]] : tensor<1x64x56x56xf32>
  %4 = graph.reciprocal %3 : tensor<1x64x56x56xf32>
  // CHECK-NEXT: %[[TANH:.*]] = graph.tanh %[[H]] : tensor<2x?x768xf16>
  %5 = graph.tanh %h : tensor<2x?x768xf16>
  // CHECK-NEXT: %[[SIG:.*]] = graph.sigmoid %[[TANH]] : tensor<2x?x768xf16>
  %6 = graph.sigmoid %5 : tensor<2x?x768xf16>
  // CHECK-NEXT: %[[ERF:.*]] = graph.erf %[[B]] : tensor<?x1024xbf16>
  %7 = graph.erf %b : tensor<?x1024xbf16>
  // CHECK-NEXT: %[[SILU:.*]] = graph.silu %[[ERF]] : tensor<?x1024xbf16>
  %8 = graph.silu %7 : tensor<?x1024xbf16>
  // CHECK-NEXT: %[[HSW:.*]] = graph.hardswish %[[RECIP]] : tensor<1x64x56x56xf32>
  %9 = graph.hardswish %4 : tensor<1x64x56x56xf32>
  // CHECK-NEXT: return %[[HSW]], %[[SIG]], %[[SILU]] : tensor<1x64x56x56xf32>, tensor<2x?x768xf16>, tensor<?x1024xbf16>
  return %9, %6, %8
      : tensor<1x64x56x56xf32>, tensor<2x?x768xf16>, tensor<?x1024xbf16>
}

// neg, abs, relu and clip accept every element type; not is boolean only.
// CHECK-LABEL: func.func @unary_any_element
// CHECK-SAME: (%[[I:[a-z0-9]+]]: tensor<8x?xi32>, %[[U:[a-z0-9]+]]: tensor<16xui8>, %[[F:[a-z0-9]+]]: tensor<f64>, %[[M:[a-z0-9]+]]: tensor<1x1x128x128xi1>)
func.func @unary_any_element(%i: tensor<8x?xi32>, %u: tensor<16xui8>,
                             %f: tensor<f64>, %m: tensor<1x1x128x128xi1>)
    -> (tensor<8x?xi32>, tensor<16xui8>, tensor<f64>, tensor<1x1x128x128xi1>) {
  // CHECK-NEXT: %[[NEG:.*]] = graph.neg %[[I]] : tensor<8x?xi32>
  %0 = graph.neg %i : tensor<8x?xi32>
  // CHECK-NEXT: %[[ABS:.*]] = graph.abs %[[NEG]] : tensor<8x?xi32>
  %1 = graph.abs %0 : tensor<8x?xi32>
  // CHECK-NEXT: %[[RELU:.*]] = graph.relu %[[U]] : tensor<16xui8>
  %2 = graph.relu %u : tensor<16xui8>
  // CHECK-NEXT: %[[NEGF:.*]] = graph.neg %[[F]] : tensor<f64>
  %3 = graph.neg %f : tensor<f64>
  // CHECK-NEXT: %[[NOT:.*]] = graph.not %[[M]] : tensor<1x1x128x128xi1>
  %4 = graph.not %m : tensor<1x1x128x128xi1>
  // CHECK-NEXT: return %[[ABS]], %[[RELU]], %[[NEGF]], %[[NOT]] :
  return %1, %2, %3, %4
      : tensor<8x?xi32>, tensor<16xui8>, tensor<f64>, tensor<1x1x128x128xi1>
}

// Attributes equal to their default are elided; the others are printed.
// CHECK-LABEL: func.func @activations
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<1x?x768xf32>)
func.func @activations(%x: tensor<1x?x768xf32>) -> (
    tensor<1x?x768xf32>, tensor<1x?x768xf32>, tensor<1x?x768xf32>,
    tensor<1x?x768xf32>, tensor<1x?x768xf32>, tensor<1x?x768xf32>,
    tensor<1x?x768xf32>) {
  // CHECK-NEXT: %[[LR0:.*]] = graph.leaky_relu %[[X]] : tensor<1x?x768xf32>
  %0 = graph.leaky_relu %x : tensor<1x?x768xf32>
  // CHECK-NEXT: %[[LR1:.*]] = graph.leaky_relu %[[X]] : tensor<1x?x768xf32>
  %1 = graph.leaky_relu %x {alpha = 0.01 : f64} : tensor<1x?x768xf32>
  // CHECK-NEXT: %[[LR2:.*]] = graph.leaky_relu %[[X]] {alpha = 2.000000e-01 : f64} : tensor<1x?x768xf32>
  %2 = graph.leaky_relu %x {alpha = 0.2 : f64} : tensor<1x?x768xf32>
  // CHECK-NEXT: %[[HS0:.*]] = graph.hardsigmoid %[[X]] : tensor<1x?x768xf32>
  %3 = graph.hardsigmoid %x {alpha = 0.2 : f64, beta = 0.5 : f64}
      : tensor<1x?x768xf32>
  // ONNX HardSigmoid as used by HardSwish: alpha = 1/6.
  // CHECK-NEXT: %[[HS1:.*]] = graph.hardsigmoid %[[X]] {alpha = 0.16666666666666666 : f64} : tensor<1x?x768xf32>
  %4 = graph.hardsigmoid %x {alpha = 0.16666666666666666 : f64}
      : tensor<1x?x768xf32>
  // CHECK-NEXT: %[[G0:.*]] = graph.gelu %[[X]] : tensor<1x?x768xf32>
  %5 = graph.gelu %x {approximate = #graph<gelu_approximation none>}
      : tensor<1x?x768xf32>
  // CHECK-NEXT: %[[G1:.*]] = graph.gelu %[[X]] {approximate = #graph<gelu_approximation tanh>} : tensor<1x?x768xf32>
  %6 = graph.gelu %x {approximate = #graph<gelu_approximation tanh>}
      : tensor<1x?x768xf32>
  // CHECK-NEXT: return %[[LR0]], %[[LR1]], %[[LR2]], %[[HS0]], %[[HS1]], %[[G0]], %[[G1]] :
  return %0, %1, %2, %3, %4, %5, %6
      : tensor<1x?x768xf32>, tensor<1x?x768xf32>, tensor<1x?x768xf32>,
        tensor<1x?x768xf32>, tensor<1x?x768xf32>, tensor<1x?x768xf32>,
        tensor<1x?x768xf32>
}

// ReLU6 (MobileNet) and one-sided clips; equal bounds are allowed.
// CHECK-LABEL: func.func @clip
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<1x32x112x112xf16>, %[[I:[a-z0-9]+]]: tensor<?xi8>)
func.func @clip(%x: tensor<1x32x112x112xf16>, %i: tensor<?xi8>)
    -> (tensor<1x32x112x112xf16>, tensor<1x32x112x112xf16>,
        tensor<?xi8>, tensor<?xi8>, tensor<?xi8>) {
  // CHECK-NEXT: %[[R6:.*]] = graph.clip %[[X]] {max = 6.000000e+00 : f64, min = 0.000000e+00 : f64} : tensor<1x32x112x112xf16>
  %0 = graph.clip %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<1x32x112x112xf16>
  // CHECK-NEXT: %[[NONE:.*]] = graph.clip %[[X]] : tensor<1x32x112x112xf16>
  %1 = graph.clip %x : tensor<1x32x112x112xf16>
  // CHECK-NEXT: %[[LO:.*]] = graph.clip %[[I]] {min = -1.280000e+02 : f64} : tensor<?xi8>
  %2 = graph.clip %i {min = -128.0 : f64} : tensor<?xi8>
  // CHECK-NEXT: %[[HI:.*]] = graph.clip %[[I]] {max = 1.270000e+02 : f64} : tensor<?xi8>
  %3 = graph.clip %i {max = 127.0 : f64} : tensor<?xi8>
  // CHECK-NEXT: %[[EQ:.*]] = graph.clip %[[I]] {max = 3.000000e+00 : f64, min = 3.000000e+00 : f64} : tensor<?xi8>
  %4 = graph.clip %i {min = 3.0 : f64, max = 3.0 : f64} : tensor<?xi8>
  // CHECK-NEXT: return %[[R6]], %[[NONE]], %[[LO]], %[[HI]], %[[EQ]] :
  return %0, %1, %2, %3, %4 : tensor<1x32x112x112xf16>,
      tensor<1x32x112x112xf16>, tensor<?xi8>, tensor<?xi8>, tensor<?xi8>
}

// The result type of cast is inferred from `to`: the uses below only parse
// if the result has the input's shape with the new element type.
// CHECK-LABEL: func.func @cast
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<?x3x224x224xf32>, %[[I:[a-z0-9]+]]: tensor<4x?xi64>)
func.func @cast(%x: tensor<?x3x224x224xf32>, %i: tensor<4x?xi64>)
    -> (tensor<?x3x224x224xbf16>, tensor<?x3x224x224xui8>, tensor<4x?xi1>,
        tensor<4x?xf16>, tensor<4x?xi64>) {
  // CHECK-NEXT: %[[BF:.*]] = graph.cast %[[X]] : tensor<?x3x224x224xf32> to bf16
  %0 = graph.cast %x : tensor<?x3x224x224xf32> to bf16
  // CHECK-NEXT: %[[U8:.*]] = graph.cast %[[BF]] : tensor<?x3x224x224xbf16> to ui8
  %1 = graph.cast %0 : tensor<?x3x224x224xbf16> to ui8
  // CHECK-NEXT: %[[BOOL:.*]] = graph.cast %[[I]] : tensor<4x?xi64> to i1
  %2 = graph.cast %i : tensor<4x?xi64> to i1
  // CHECK-NEXT: %[[HALF:.*]] = graph.cast %[[BOOL]] : tensor<4x?xi1> to f16
  %3 = graph.cast %2 : tensor<4x?xi1> to f16
  // A cast to the same element type is valid (and folds away).
  // CHECK-NEXT: %[[SAME:.*]] = graph.cast %[[I]] : tensor<4x?xi64> to i64
  %4 = graph.cast %i : tensor<4x?xi64> to i64
  // CHECK-NEXT: return %[[BF]], %[[U8]], %[[BOOL]], %[[HALF]], %[[SAME]] :
  return %0, %1, %2, %3, %4 : tensor<?x3x224x224xbf16>,
      tensor<?x3x224x224xui8>, tensor<4x?xi1>, tensor<4x?xf16>, tensor<4x?xi64>
}

// Binary ops with numpy broadcasting: bias add, per-channel scale, scalar
// operands, dynamic dims against static and unit dims.
// CHECK-LABEL: func.func @binary
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<1x64x56x56xf32>, %[[C:[a-z0-9]+]]: tensor<64x1x1xf32>, %[[S:[a-z0-9]+]]: tensor<f32>, %[[D:[a-z0-9]+]]: tensor<?x1x56xf32>)
func.func @binary(%x: tensor<1x64x56x56xf32>, %c: tensor<64x1x1xf32>,
                  %s: tensor<f32>, %d: tensor<?x1x56xf32>)
    -> tensor<1x64x56x56xf32> {
  // CHECK-NEXT: %[[ADD:.*]] = graph.add %[[X]], %[[C]] : (tensor<1x64x56x56xf32>, tensor<64x1x1xf32>) -> tensor<1x64x56x56xf32>
  %0 = graph.add %x, %c
      : (tensor<1x64x56x56xf32>, tensor<64x1x1xf32>) -> tensor<1x64x56x56xf32>
  // CHECK-NEXT: %[[SUB:.*]] = graph.sub %[[ADD]], %[[S]] : (tensor<1x64x56x56xf32>, tensor<f32>) -> tensor<1x64x56x56xf32>
  %1 = graph.sub %0, %s
      : (tensor<1x64x56x56xf32>, tensor<f32>) -> tensor<1x64x56x56xf32>
  // CHECK-NEXT: %[[MUL:.*]] = graph.mul %[[S]], %[[SUB]] : (tensor<f32>, tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32>
  %2 = graph.mul %s, %1
      : (tensor<f32>, tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32>
  // A dynamic dim broadcast against 64 gives 64.
  // CHECK-NEXT: %[[DIV:.*]] = graph.div %[[MUL]], %[[D]] : (tensor<1x64x56x56xf32>, tensor<?x1x56xf32>) -> tensor<1x64x56x56xf32>
  %3 = graph.div %2, %d
      : (tensor<1x64x56x56xf32>, tensor<?x1x56xf32>) -> tensor<1x64x56x56xf32>
  // CHECK-NEXT: %[[POW:.*]] = graph.pow %[[DIV]], %[[S]] : (tensor<1x64x56x56xf32>, tensor<f32>) -> tensor<1x64x56x56xf32>
  %4 = graph.pow %3, %s
      : (tensor<1x64x56x56xf32>, tensor<f32>) -> tensor<1x64x56x56xf32>
  // CHECK-NEXT: %[[MAX:.*]] = graph.max %[[POW]], %[[C]] : (tensor<1x64x56x56xf32>, tensor<64x1x1xf32>) -> tensor<1x64x56x56xf32>
  %5 = graph.max %4, %c
      : (tensor<1x64x56x56xf32>, tensor<64x1x1xf32>) -> tensor<1x64x56x56xf32>
  // CHECK-NEXT: %[[MIN:.*]] = graph.min %[[MAX]], %[[X]] : (tensor<1x64x56x56xf32>, tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32>
  %6 = graph.min %5, %x
      : (tensor<1x64x56x56xf32>, tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32>
  // CHECK-NEXT: return %[[MIN]] : tensor<1x64x56x56xf32>
  return %6 : tensor<1x64x56x56xf32>
}

// Integer and boolean binary ops; dynamic dims stay dynamic against unit or
// dynamic dims.
// CHECK-LABEL: func.func @binary_int_bool
// CHECK-SAME: (%[[I:[a-z0-9]+]]: tensor<?x1xi32>, %[[J:[a-z0-9]+]]: tensor<1x?xi32>, %[[U:[a-z0-9]+]]: tensor<4xui16>, %[[M:[a-z0-9]+]]: tensor<?x1x1x?xi1>, %[[N:[a-z0-9]+]]: tensor<1x8x1x128xi1>)
func.func @binary_int_bool(%i: tensor<?x1xi32>, %j: tensor<1x?xi32>,
                           %u: tensor<4xui16>, %m: tensor<?x1x1x?xi1>,
                           %n: tensor<1x8x1x128xi1>)
    -> (tensor<?x?xi32>, tensor<4xui16>, tensor<?x8x1x128xi1>,
        tensor<?x8x1x128xi1>) {
  // CHECK-NEXT: %[[ADD:.*]] = graph.add %[[I]], %[[J]] : (tensor<?x1xi32>, tensor<1x?xi32>) -> tensor<?x?xi32>
  %0 = graph.add %i, %j : (tensor<?x1xi32>, tensor<1x?xi32>) -> tensor<?x?xi32>
  // CHECK-NEXT: %[[DIV:.*]] = graph.div %[[U]], %[[U]] : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xui16>
  %1 = graph.div %u, %u : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xui16>
  // CHECK-NEXT: %[[AND:.*]] = graph.and %[[M]], %[[N]] : (tensor<?x1x1x?xi1>, tensor<1x8x1x128xi1>) -> tensor<?x8x1x128xi1>
  %2 = graph.and %m, %n
      : (tensor<?x1x1x?xi1>, tensor<1x8x1x128xi1>) -> tensor<?x8x1x128xi1>
  // CHECK-NEXT: %[[OR:.*]] = graph.or %[[AND]], %[[N]] : (tensor<?x8x1x128xi1>, tensor<1x8x1x128xi1>) -> tensor<?x8x1x128xi1>
  %3 = graph.or %2, %n
      : (tensor<?x8x1x128xi1>, tensor<1x8x1x128xi1>) -> tensor<?x8x1x128xi1>
  // CHECK-NEXT: return %[[ADD]], %[[DIV]], %[[AND]], %[[OR]] :
  return %0, %1, %2, %3 : tensor<?x?xi32>, tensor<4xui16>,
      tensor<?x8x1x128xi1>, tensor<?x8x1x128xi1>
}

// Every comparison direction; the result is always i1.
// CHECK-LABEL: func.func @compare
// CHECK-SAME: (%[[A:[a-z0-9]+]]: tensor<2x?x16xf16>, %[[B:[a-z0-9]+]]: tensor<16xf16>, %[[P:[a-z0-9]+]]: tensor<1x128xi64>, %[[Q:[a-z0-9]+]]: tensor<128x1xi64>, %[[U:[a-z0-9]+]]: tensor<8xui8>)
func.func @compare(%a: tensor<2x?x16xf16>, %b: tensor<16xf16>,
                   %p: tensor<1x128xi64>, %q: tensor<128x1xi64>,
                   %u: tensor<8xui8>)
    -> (tensor<2x?x16xi1>, tensor<2x?x16xi1>, tensor<2x?x16xi1>,
        tensor<128x128xi1>, tensor<8xi1>, tensor<8xi1>) {
  // CHECK-NEXT: %[[EQ:.*]] = graph.compare eq, %[[A]], %[[B]] : (tensor<2x?x16xf16>, tensor<16xf16>) -> tensor<2x?x16xi1>
  %0 = graph.compare eq, %a, %b
      : (tensor<2x?x16xf16>, tensor<16xf16>) -> tensor<2x?x16xi1>
  // CHECK-NEXT: %[[NE:.*]] = graph.compare ne, %[[B]], %[[A]] : (tensor<16xf16>, tensor<2x?x16xf16>) -> tensor<2x?x16xi1>
  %1 = graph.compare ne, %b, %a
      : (tensor<16xf16>, tensor<2x?x16xf16>) -> tensor<2x?x16xi1>
  // CHECK-NEXT: %[[LT:.*]] = graph.compare lt, %[[A]], %[[A]] : (tensor<2x?x16xf16>, tensor<2x?x16xf16>) -> tensor<2x?x16xi1>
  %2 = graph.compare lt, %a, %a
      : (tensor<2x?x16xf16>, tensor<2x?x16xf16>) -> tensor<2x?x16xi1>
  // Causal-mask construction: column index <= row index.
  // CHECK-NEXT: %[[LE:.*]] = graph.compare le, %[[P]], %[[Q]] : (tensor<1x128xi64>, tensor<128x1xi64>) -> tensor<128x128xi1>
  %3 = graph.compare le, %p, %q
      : (tensor<1x128xi64>, tensor<128x1xi64>) -> tensor<128x128xi1>
  // CHECK-NEXT: %[[GT:.*]] = graph.compare gt, %[[U]], %[[U]] : (tensor<8xui8>, tensor<8xui8>) -> tensor<8xi1>
  %4 = graph.compare gt, %u, %u : (tensor<8xui8>, tensor<8xui8>) -> tensor<8xi1>
  // CHECK-NEXT: %[[GE:.*]] = graph.compare ge, %[[U]], %[[U]] : (tensor<8xui8>, tensor<8xui8>) -> tensor<8xi1>
  %5 = graph.compare ge, %u, %u : (tensor<8xui8>, tensor<8xui8>) -> tensor<8xi1>
  // CHECK-NEXT: return %[[EQ]], %[[NE]], %[[LT]], %[[LE]], %[[GT]], %[[GE]] :
  return %0, %1, %2, %3, %4, %5 : tensor<2x?x16xi1>, tensor<2x?x16xi1>,
      tensor<2x?x16xi1>, tensor<128x128xi1>, tensor<8xi1>, tensor<8xi1>
}

// where broadcasts all three operands (masked fill of attention scores).
// CHECK-LABEL: func.func @where
// CHECK-SAME: (%[[M:[a-z0-9]+]]: tensor<1x1x?x?xi1>, %[[S:[a-z0-9]+]]: tensor<2x12x?x?xf32>, %[[F:[a-z0-9]+]]: tensor<f32>, %[[C:[a-z0-9]+]]: tensor<4xi1>, %[[I:[a-z0-9]+]]: tensor<3x1xi64>)
func.func @where(%m: tensor<1x1x?x?xi1>, %s: tensor<2x12x?x?xf32>,
                 %f: tensor<f32>, %c: tensor<4xi1>, %i: tensor<3x1xi64>)
    -> (tensor<2x12x?x?xf32>, tensor<3x4xi64>) {
  // CHECK-NEXT: %[[W0:.*]] = graph.where %[[M]], %[[S]], %[[F]] : (tensor<1x1x?x?xi1>, tensor<2x12x?x?xf32>, tensor<f32>) -> tensor<2x12x?x?xf32>
  %0 = graph.where %m, %s, %f : (tensor<1x1x?x?xi1>, tensor<2x12x?x?xf32>,
                                 tensor<f32>) -> tensor<2x12x?x?xf32>
  // The condition alone decides one result dim here.
  // CHECK-NEXT: %[[W1:.*]] = graph.where %[[C]], %[[I]], %[[I]] : (tensor<4xi1>, tensor<3x1xi64>, tensor<3x1xi64>) -> tensor<3x4xi64>
  %1 = graph.where %c, %i, %i
      : (tensor<4xi1>, tensor<3x1xi64>, tensor<3x1xi64>) -> tensor<3x4xi64>
  // CHECK-NEXT: return %[[W0]], %[[W1]] : tensor<2x12x?x?xf32>, tensor<3x4xi64>
  return %0, %1 : tensor<2x12x?x?xf32>, tensor<3x4xi64>
}

// Math functions, float tests, mod, bitshift and xor.
// CHECK-LABEL: func.func @math
func.func @math(%x: tensor<4xf32>, %i: tensor<4xui8>, %b: tensor<4xi1>)
    -> (tensor<4xf32>, tensor<4xi1>, tensor<4xui8>) {
  // CHECK-NEXT: %[[S:.*]] = graph.sin %{{.*}} : tensor<4xf32>
  %0 = graph.sin %x : tensor<4xf32>
  // CHECK-NEXT: %[[R:.*]] = graph.round %[[S]] : tensor<4xf32>
  %1 = graph.round %0 : tensor<4xf32>
  // CHECK-NEXT: %[[SH:.*]] = graph.shrink %[[R]] {lambd = 1.000000e+00 : f64} : tensor<4xf32>
  %2 = graph.shrink %1 {lambd = 1.0 : f64} : tensor<4xf32>
  // CHECK-NEXT: %[[M:.*]] = graph.mod %[[SH]], %[[S]] {fmod = true} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = graph.mod %2, %0 {fmod = true} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  // CHECK-NEXT: %[[INF:.*]] = graph.is_inf %[[M]] {detect_negative = false} : tensor<4xf32> -> tensor<4xi1>
  %4 = graph.is_inf %3 {detect_negative = false} : tensor<4xf32> -> tensor<4xi1>
  // CHECK-NEXT: %[[X:.*]] = graph.xor %[[INF]], %{{.*}} : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %5 = graph.xor %4, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  // CHECK-NEXT: %[[SHL:.*]] = graph.bitshift %{{.*}}, %{{.*}} {left = true} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %6 = graph.bitshift %i, %i {left = true} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %3, %5, %6 : tensor<4xf32>, tensor<4xi1>, tensor<4xui8>
}
