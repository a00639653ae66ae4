// RUN: strata-opt %s -convert-graph-to-linalg -split-input-file | FileCheck %s

// Math functions, float tests, Mod, BitShift, Xor, Sign and Shrink lower to
// one linalg.generic each (lib/Conversion/GraphToLinalg/ElementwiseToLinalg.cpp).

// CHECK-LABEL: func.func @trig
// CHECK: math.sin
// CHECK: math.atanh
// CHECK: math.roundeven
func.func @trig(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.sin %x : tensor<4xf32>
  %1 = graph.atanh %0 : tensor<4xf32>
  %2 = graph.round %1 : tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

// f16 is computed in f32 (libm has no f16 functions).
// CHECK-LABEL: func.func @tan_f16
// CHECK: ^bb0(%[[X:.*]]: f16, %{{.*}}: f16):
// CHECK-NEXT: %[[W:.*]] = arith.extf %[[X]] : f16 to f32
// CHECK-NEXT: %[[T:.*]] = math.tan %[[W]] : f32
// CHECK-NEXT: %[[N:.*]] = arith.truncf %[[T]] : f32 to f16
// CHECK-NEXT: linalg.yield %[[N]] : f16
func.func @tan_f16(%x: tensor<4xf16>) -> tensor<4xf16> {
  %0 = graph.tan %x : tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// CHECK-LABEL: func.func @tests
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: i1):
// CHECK-NEXT: %[[NAN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : f32
// CHECK-NEXT: linalg.yield %[[NAN]] : i1
// CHECK: ^bb0(%[[Y:.*]]: f32, %{{.*}}: i1):
// CHECK-NEXT: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK-NEXT: %[[IS:.*]] = arith.cmpf oeq, %[[Y]], %[[NINF]] : f32
// CHECK-NEXT: linalg.yield %[[IS]] : i1
// CHECK: arith.xori %{{.*}}, %{{.*}} : i1
func.func @tests(%x: tensor<4xf32>) -> tensor<4xi1> {
  %0 = graph.is_nan %x : tensor<4xf32> -> tensor<4xi1>
  %1 = graph.is_inf %x {detect_positive = false} : tensor<4xf32> -> tensor<4xi1>
  %2 = graph.xor %0, %1 : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %2 : tensor<4xi1>
}

// -----

// Python-style integer remainder: a nonzero remainder whose sign differs
// from the divisor's gets the divisor added.
// CHECK-LABEL: func.func @mod_int
// CHECK: ^bb0(%[[A:.*]]: i32, %[[B:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT: %[[R:.*]] = arith.remsi %[[A]], %[[B]] : i32
// CHECK: %[[NZ:.*]] = arith.cmpi ne, %[[R]]
// CHECK: %[[RN:.*]] = arith.cmpi slt, %[[R]]
// CHECK: %[[BN:.*]] = arith.cmpi slt, %[[B]]
// CHECK: %[[D:.*]] = arith.xori %[[RN]], %[[BN]] : i1
// CHECK: %[[ADJ:.*]] = arith.andi %[[NZ]], %[[D]] : i1
// CHECK: %[[S:.*]] = arith.addi %[[R]], %[[B]] : i32
// CHECK: %[[V:.*]] = arith.select %[[ADJ]], %[[S]], %[[R]] : i32
// CHECK: linalg.yield %[[V]] : i32
// CHECK-LABEL: func.func @mod_float
// CHECK: arith.remf
func.func @mod_int(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = graph.mod %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}
func.func @mod_float(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.mod %a, %b {fmod = true} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Shift amounts of at least the width give 0 (left) or the sign (arithmetic
// right shift) instead of poison.
// CHECK-LABEL: func.func @shifts
// CHECK: ^bb0(%[[A:.*]]: i8, %[[N:.*]]: i8, %{{.*}}: i8):
// CHECK: %[[IN:.*]] = arith.cmpi ult, %[[N]], %{{.*}} : i8
// CHECK: %[[L:.*]] = arith.shli %[[A]], %[[N]] : i8
// CHECK: arith.select %[[IN]], %[[L]], %{{.*}} : i8
// CHECK: ^bb0(%[[A2:.*]]: i8, %[[N2:.*]]: i8, %{{.*}}: i8):
// CHECK: %[[IN2:.*]] = arith.cmpi ult, %[[N2]], %{{.*}} : i8
// CHECK: %[[C:.*]] = arith.select %[[IN2]], %[[N2]], %{{.*}} : i8
// CHECK: arith.shrsi %[[A2]], %[[C]] : i8
func.func @shifts(%a: tensor<4xi8>, %n: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>) {
  %0 = graph.bitshift %a, %n {left = true} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  %1 = graph.bitshift %a, %n {left = false} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0, %1 : tensor<4xi8>, tensor<4xi8>
}

// -----

// CHECK-LABEL: func.func @sign_shrink
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf olt
// CHECK: arith.select
// CHECK: arith.select
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf ogt
// CHECK: arith.addf
// CHECK: arith.subf
func.func @sign_shrink(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.sign %x : tensor<4xf32>
  %1 = graph.shrink %0 {lambd = 1.0 : f64, bias = 0.5 : f64} : tensor<4xf32>
  return %1 : tensor<4xf32>
}
