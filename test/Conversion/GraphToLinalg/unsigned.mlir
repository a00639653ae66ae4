// RUN: strata-opt %s -convert-graph-to-linalg -split-input-file -verify-diagnostics | FileCheck %s

// Unsigned tensors are made signless before the conversion (see
// lib/Conversion/GraphToLinalg/UnsignedTypes.cpp); the patterns pick the
// unsigned arith ops.

// CHECK-LABEL: func.func @arith
// CHECK-SAME: (%{{.*}}: tensor<4xi8>, %{{.*}}: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi1>, tensor<4xi8>)
// CHECK: arith.divui
// CHECK: arith.maxui
// CHECK: arith.remui
// CHECK: arith.cmpi ult
// CHECK: arith.shrui
func.func @arith(%a: tensor<4xui8>, %b: tensor<4xui8>) -> (tensor<4xui8>, tensor<4xi1>, tensor<4xui8>) {
  %0 = graph.div %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %1 = graph.max %0, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %2 = graph.mod %1, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %3 = graph.compare lt, %2, %a : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  %4 = graph.bitshift %2, %b {left = false} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %2, %3, %4 : tensor<4xui8>, tensor<4xi1>, tensor<4xui8>
}

// -----

// Casts from and to unsigned types zero-extend and use uitofp / fptoui;
// unsigned constants keep their bits.
// CHECK-LABEL: func.func @casts
// CHECK: arith.constant dense<[-56, 1]> : tensor<2xi8>
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// CHECK: arith.fptoui %{{.*}} : f32 to i16
func.func @casts(%a: tensor<2xui8>, %f: tensor<2xf32>) -> (tensor<2xi32>, tensor<2xf32>, tensor<2xui16>) {
  %c = graph.constant dense<[200, 1]> : tensor<2xui8>
  %s = graph.add %a, %c : (tensor<2xui8>, tensor<2xui8>) -> tensor<2xui8>
  %0 = graph.cast %s : tensor<2xui8> to i32
  %1 = graph.cast %a : tensor<2xui8> to f32
  %2 = graph.cast %f : tensor<2xf32> to ui16
  return %0, %1, %2 : tensor<2xi32>, tensor<2xf32>, tensor<2xui16>
}

// -----

// An op whose lowering depends on signedness and does not handle unsigned
// types is rejected.
func.func @reduce_max(%a: tensor<4xui8>) -> tensor<ui8> {
  // expected-error @+1 {{cannot lower to linalg: element type 'ui8' is not supported by graph.reduce_max (unsigned integers are supported by elementwise arithmetic, compare, cast and data movement)}}
  %0 = graph.reduce_max %a {axes = array<i64: 0>, keepdims = false} : tensor<4xui8> -> tensor<ui8>
  return %0 : tensor<ui8>
}
