// RUN: strata-opt %s -canonicalize -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @transpose_of_transpose
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[T:.*]] = graph.transpose %[[X]] {perm = array<i64: 1, 2, 0>} : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
// CHECK-NEXT: return %[[T]]
func.func @transpose_of_transpose(%x: tensor<2x3x4xf32>) -> tensor<3x4x2xf32> {
  %0 = graph.transpose %x {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  %1 = graph.transpose %0 {perm = array<i64: 2, 0, 1>} : tensor<4x2x3xf32> -> tensor<3x4x2xf32>
  return %1 : tensor<3x4x2xf32>
}

// -----

// Two transposes that cancel disappear entirely.
// CHECK-LABEL: func.func @transpose_roundtrip
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @transpose_roundtrip(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = graph.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  %1 = graph.transpose %0 {perm = array<i64: 1, 0>} : tensor<3x2xf32> -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_chain
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-NEXT: %[[R:.*]] = graph.reshape %[[X]] {shape = array<i64: 4, -1>} : tensor<2x3x4xf32> -> tensor<4x6xf32>
// CHECK-NEXT: return %[[R]]
func.func @reshape_chain(%x: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %0 = graph.flatten %x {axis = 2 : i64} : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %1 = graph.unsqueeze %0 {axes = array<i64: 0>} : tensor<6x4xf32> -> tensor<1x6x4xf32>
  %2 = graph.reshape %1 {shape = array<i64: 24>} : tensor<1x6x4xf32> -> tensor<24xf32>
  %3 = graph.reshape %2 {shape = array<i64: 4, -1>} : tensor<24xf32> -> tensor<4x6xf32>
  return %3 : tensor<4x6xf32>
}

// -----

// CHECK-LABEL: func.func @no_op_removal
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[Y:.*]]: tensor<2x3xf32>)
// CHECK-NOT: graph.
// CHECK: return %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]]
func.func @no_op_removal(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = graph.reshape %x {shape = array<i64: 2, 3>} : tensor<2x3xf32> -> tensor<2x3xf32>
  %1 = graph.transpose %x {perm = array<i64: 0, 1>} : tensor<2x3xf32> -> tensor<2x3xf32>
  %2 = graph.cast %x : tensor<2x3xf32> to f32
  %3 = graph.expand %x {shape = array<i64: 1, 3>} : tensor<2x3xf32> -> tensor<2x3xf32>
  %4 = graph.slice %x {starts = array<i64: 0>, ends = array<i64: 9223372036854775807>} : tensor<2x3xf32> -> tensor<2x3xf32>
  %5 = graph.pad %x {pads = array<i64: 0, 0, 0, 0>} : tensor<2x3xf32> -> tensor<2x3xf32>
  %6 = graph.concat %x {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %7 = graph.split %x {axis = 1 : i64, sizes = array<i64: 3>} : tensor<2x3xf32> -> tensor<2x3xf32>
  %8 = graph.squeeze %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %9 = graph.clip %x : tensor<2x3xf32>
  %n = graph.neg %x : tensor<2x3xf32>
  %10 = graph.neg %n : tensor<2x3xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7#0, %8, %9, %10 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// A reversing slice is not a no-op even though its type is unchanged.
// CHECK-LABEL: func.func @reverse_slice_kept
// CHECK: graph.slice
func.func @reverse_slice_kept(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = graph.slice %x {starts = array<i64: -1>, ends = array<i64: -9223372036854775808>, steps = array<i64: -1>} : tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Arithmetic identities: only those exact in IEEE arithmetic are folded.
// CHECK-LABEL: func.func @identities
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-DAG: %[[ZERO:.*]] = graph.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK: %[[KEEP:.*]] = graph.add %[[X]], %[[ZERO]]
// CHECK: %[[BCAST:.*]] = graph.mul %[[X]], %{{.*}} : (tensor<4xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
// CHECK: return %[[X]], %[[X]], %[[X]], %[[X]], %[[KEEP]], %[[BCAST]]
func.func @identities(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<2x4xf32>) {
  %negzero = graph.constant dense<-0.0> : tensor<4xf32>
  %zero = graph.constant dense<0.0> : tensor<4xf32>
  %one = graph.constant dense<1.0> : tensor<4xf32>
  %one2 = graph.constant dense<1.0> : tensor<2x1xf32>
  %0 = graph.add %x, %negzero : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = graph.sub %x, %zero : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = graph.mul %one, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = graph.div %x, %one : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  // x + 0.0 is -0.0 + 0.0 = +0.0 for x = -0.0, so it stays.
  %4 = graph.add %x, %zero : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  // Multiplying by ones that broadcast changes the shape, so it stays.
  %5 = graph.mul %x, %one2 : (tensor<4xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<2x4xf32>
}

// -----

// Constant folding of small tensors, with broadcasting.
// CHECK-LABEL: func.func @fold_constants
// CHECK-DAG: %[[A:.*]] = graph.constant dense<{{\[}}[1.100000e+01, 1.200000e+01], [2.100000e+01, 2.200000e+01]]> : tensor<2x2xf32>
// CHECK-DAG: %[[B:.*]] = graph.constant dense<true> : tensor<2xi1>
// CHECK-DAG: %[[C:.*]] = graph.constant dense<[2, -3]> : tensor<2xi32>
// CHECK-DAG: %[[D:.*]] = graph.constant dense<{{\[}}[1, 3], [2, 4]]> : tensor<2x2xi64>
// CHECK-DAG: %[[E:.*]] = graph.constant dense<[1, 2, 3, 4, 5]> : tensor<5xi64>
// CHECK-DAG: %[[F:.*]] = graph.constant dense<[0.000000e+00, 2.000000e+00]> : tensor<2xf16>
// CHECK-DAG: %[[G:.*]] = graph.constant dense<[1.000000e+00, 2.71828175]> : tensor<2xf32>
// CHECK: return %[[A]], %[[B]], %[[C]], %[[D]], %[[E]], %[[F]], %[[G]]
func.func @fold_constants() -> (tensor<2x2xf32>, tensor<2xi1>, tensor<2xi32>, tensor<2x2xi64>, tensor<5xi64>, tensor<2xf16>, tensor<2xf32>) {
  %a = graph.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = graph.constant dense<[[10.0], [20.0]]> : tensor<2x1xf32>
  %0 = graph.add %a, %b : (tensor<2xf32>, tensor<2x1xf32>) -> tensor<2x2xf32>
  %1 = graph.compare lt, %a, %a : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  %2 = graph.not %1 : tensor<2xi1>
  %c = graph.constant dense<[7, -7]> : tensor<2xi32>
  %d = graph.constant dense<[3, 2]> : tensor<2xi32>
  // Integer division truncates toward zero.
  %3 = graph.div %c, %d : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  %e = graph.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  %4 = graph.transpose %e {perm = array<i64: 1, 0>} : tensor<2x2xi64> -> tensor<2x2xi64>
  %f = graph.constant dense<[1, 2]> : tensor<2xi64>
  %g = graph.constant dense<[3, 4, 5]> : tensor<3xi64>
  %5 = graph.concat %f, %g {axis = 0 : i64} : (tensor<2xi64>, tensor<3xi64>) -> tensor<5xi64>
  %h = graph.constant dense<[-0.5, 2.7]> : tensor<2xf32>
  %r = graph.relu %h : tensor<2xf32>
  // relu gives [0.0, 2.7]; float to int truncates toward zero.
  %i = graph.cast %r : tensor<2xf32> to i32
  %6 = graph.cast %i : tensor<2xi32> to f16
  %z = graph.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %7 = graph.exp %z : tensor<2xf32>
  return %0, %2, %3, %4, %5, %6, %7 : tensor<2x2xf32>, tensor<2xi1>, tensor<2xi32>, tensor<2x2xi64>, tensor<5xi64>, tensor<2xf16>, tensor<2xf32>
}

// -----

// Integer division by zero is left for run time; large tensors are not
// folded (they would bloat the IR) unless they are splats.
// CHECK-LABEL: func.func @not_folded
// CHECK: graph.div
// CHECK: graph.neg %{{.*}} : tensor<8192xf32>
// CHECK-NOT: graph.neg
// CHECK: return
func.func @not_folded(%big: tensor<8192xf32>) -> (tensor<2xi32>, tensor<8192xf32>, tensor<8192xf32>) {
  %c = graph.constant dense<[7, -7]> : tensor<2xi32>
  %d = graph.constant dense<[0, 2]> : tensor<2xi32>
  %0 = graph.div %c, %d : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  %e = graph.constant dense_resource<big_blob> : tensor<8192xf32>
  %1 = graph.neg %e : tensor<8192xf32>
  %s = graph.constant dense<2.0> : tensor<8192xf32>
  %2 = graph.neg %s : tensor<8192xf32>
  return %0, %1, %2 : tensor<2xi32>, tensor<8192xf32>, tensor<8192xf32>
}

{-#
  dialect_resources: {
    builtin: {
      big_blob: "0x04000000"
    }
  }
#-}

// -----

// CHECK-LABEL: func.func @fold_pow
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>)
// CHECK: %[[C:.*]] = graph.constant dense<[8.000000e+00, 3.000000e+00]> : tensor<2xf32>
// CHECK: return %[[C]], %[[X]]
func.func @fold_pow(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %a = graph.constant dense<[2.0, 9.0]> : tensor<2xf32>
  %b = graph.constant dense<[3.0, 0.5]> : tensor<2xf32>
  %one = graph.constant dense<1.0> : tensor<2xf32>
  %0 = graph.pow %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %1 = graph.pow %x, %one : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0, %1 : tensor<2xf32>, tensor<2xf32>
}

// -----

// Constant math functions, Python-style integer mod, shifts and sign fold.
// CHECK-LABEL: func.func @fold_math
// CHECK-DAG: graph.constant dense<[2.000000e+00, -2.000000e+00, 2.000000e+00]> : tensor<3xf32>
// CHECK-DAG: graph.constant dense<[-2, 2, 0]> : tensor<3xi32>
// CHECK-DAG: graph.constant dense<[12, -12, 0]> : tensor<3xi32>
// CHECK-DAG: graph.constant dense<[-1, 1, 0]> : tensor<3xi32>
// CHECK-NOT: graph.round
func.func @fold_math() -> (tensor<3xf32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>) {
  %f = graph.constant dense<[2.5, -2.5, 1.5]> : tensor<3xf32>
  %r = graph.round %f : tensor<3xf32>
  %a = graph.constant dense<[7, -7, 6]> : tensor<3xi32>
  %b = graph.constant dense<[-3, 3, 3]> : tensor<3xi32>
  %m = graph.mod %a, %b : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  %c = graph.constant dense<[3, -3, 0]> : tensor<3xi32>
  %two = graph.constant dense<2> : tensor<i32>
  %s = graph.bitshift %c, %two {left = true} : (tensor<3xi32>, tensor<i32>) -> tensor<3xi32>
  %neg = graph.neg %c : tensor<3xi32>
  %sg = graph.sign %neg : tensor<3xi32>
  return %r, %m, %s, %sg : tensor<3xf32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>
}
