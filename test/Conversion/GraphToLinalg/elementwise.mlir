// RUN: strata-opt %s -convert-graph-to-linalg -split-input-file | FileCheck %s

// Elementwise graph ops lower to one linalg.generic each (see
// lib/Conversion/GraphToLinalg/ElementwiseToLinalg.cpp).

// CHECK-DAG: #[[ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[B0:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG: #[[B1:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-LABEL: func.func @add_broadcast
// CHECK-SAME: (%[[A:.*]]: tensor<4x1x3xf32>, %[[B:.*]]: tensor<5x1xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4x5x3xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[B0]], #[[B1]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<4x1x3xf32>, tensor<5x1xf32>) outs(%[[E]] : tensor<4x5x3xf32>)
// CHECK: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK-NEXT: linalg.yield %[[S]] : f32
// CHECK: return %[[R]]
func.func @add_broadcast(%a: tensor<4x1x3xf32>, %b: tensor<5x1xf32>) -> tensor<4x5x3xf32> {
  %0 = graph.add %a, %b : (tensor<4x1x3xf32>, tensor<5x1xf32>) -> tensor<4x5x3xf32>
  return %0 : tensor<4x5x3xf32>
}

// -----

// A dynamic operand dim gives the result size (tensor.dim) and is assumed
// not to broadcast; the static 1 of the other operand does.
// CHECK-DAG: #[[LHS:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[RHS:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func.func @mul_dynamic
// CHECK-SAME: (%[[A:.*]]: tensor<?x8xf32>, %[[B:.*]]: tensor<1x8xf32>)
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[D:.*]] = tensor.dim %[[A]], %[[C0]] : tensor<?x8xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[D]]) : tensor<?x8xf32>
// CHECK: linalg.generic {indexing_maps = [#[[LHS]], #[[RHS]], #[[LHS]]]
// CHECK: arith.mulf
func.func @mul_dynamic(%a: tensor<?x8xf32>, %b: tensor<1x8xf32>) -> tensor<?x8xf32> {
  %0 = graph.mul %a, %b : (tensor<?x8xf32>, tensor<1x8xf32>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// -----

// A result type less static than the operands give is reached by tensor.cast.
// CHECK-LABEL: func.func @sub_less_static
// CHECK: %[[R:.*]] = linalg.generic
// CHECK: arith.subf
// CHECK: %[[C:.*]] = tensor.cast %[[R]] : tensor<2x3xf32> to tensor<?x3xf32>
// CHECK: return %[[C]]
func.func @sub_less_static(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<?x3xf32> {
  %0 = graph.sub %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// Integers: division truncates (divsi), max/min are signed, pow is ipowi.
// CHECK-LABEL: func.func @int_binary
// CHECK: arith.divsi
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: math.ipowi
// CHECK: arith.andi
// CHECK: arith.ori
func.func @int_binary(%a: tensor<4xi32>, %b: tensor<4xi32>, %p: tensor<4xi1>, %q: tensor<4xi1>)
    -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi1>, tensor<4xi1>) {
  %0 = graph.div %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = graph.max %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %2 = graph.min %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %3 = graph.pow %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %4 = graph.and %p, %q : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %5 = graph.or %p, %q : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0, %1, %2, %3, %4, %5 : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi1>, tensor<4xi1>
}

// -----

// Floats: max/min propagate NaN (maximumf/minimumf), pow is powf.
// CHECK-LABEL: func.func @float_binary
// CHECK: arith.divf
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: math.powf
func.func @float_binary(%a: tensor<4xf16>, %b: tensor<4xf16>)
    -> (tensor<4xf16>, tensor<4xf16>, tensor<4xf16>, tensor<4xf16>) {
  %0 = graph.div %a, %b : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  %1 = graph.max %a, %b : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  %2 = graph.min %a, %b : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  %3 = graph.pow %a, %b : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  return %0, %1, %2, %3 : tensor<4xf16>, tensor<4xf16>, tensor<4xf16>, tensor<4xf16>
}

// -----

// CHECK-LABEL: func.func @compare
// CHECK: arith.cmpf oeq
// CHECK: arith.cmpf une
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf ole
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf oge
// CHECK: arith.cmpi slt
// CHECK: arith.cmpi sge
// CHECK: arith.cmpi ne
func.func @compare(%a: tensor<4xf32>, %b: tensor<f32>, %i: tensor<4xi64>, %j: tensor<4xi64>)
    -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = graph.compare eq, %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  %1 = graph.compare ne, %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  %2 = graph.compare lt, %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  %3 = graph.compare le, %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  %4 = graph.compare gt, %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  %5 = graph.compare ge, %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  %6 = graph.compare lt, %i, %j : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi1>
  %7 = graph.compare ge, %i, %j : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi1>
  %8 = graph.compare ne, %i, %j : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi1>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// All three operands of where broadcast.
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[T:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[F:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @where
// CHECK: linalg.generic {indexing_maps = [#[[C]], #[[T]], #[[F]], #[[ID]]]
// CHECK: ^bb0(%[[P:.*]]: i1, %[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: arith.select %[[P]], %[[X]], %[[Y]] : f32
func.func @where(%c: tensor<2x1xi1>, %t: tensor<3xf32>, %f: tensor<f32>) -> tensor<2x3xf32> {
  %0 = graph.where %c, %t, %f : (tensor<2x1xi1>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @unary_float
// CHECK: arith.negf
// CHECK: math.absf
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: arith.maximumf
// CHECK: math.exp
// CHECK: math.log
// CHECK: math.sqrt
// CHECK: math.rsqrt
// CHECK: arith.constant 1.000000e+00 : f32
// CHECK: arith.divf
// CHECK: math.tanh
// CHECK: math.erf
func.func @unary_float(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %0 = graph.neg %x : tensor<?xf32>
  %1 = graph.abs %x : tensor<?xf32>
  %2 = graph.relu %x : tensor<?xf32>
  %3 = graph.exp %x : tensor<?xf32>
  %4 = graph.log %x : tensor<?xf32>
  %5 = graph.sqrt %x : tensor<?xf32>
  %6 = graph.rsqrt %x : tensor<?xf32>
  %7 = graph.reciprocal %x : tensor<?xf32>
  %8 = graph.tanh %x : tensor<?xf32>
  %9 = graph.erf %x : tensor<?xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>
}

// -----

// CHECK-LABEL: func.func @unary_int
// CHECK: %[[Z:.*]] = arith.constant 0 : i8
// CHECK: arith.subi %[[Z]], %{{.*}} : i8
// CHECK: math.absi
// CHECK: arith.maxsi
// CHECK: %[[T:.*]] = arith.constant true
// CHECK: arith.xori %{{.*}}, %[[T]] : i1
func.func @unary_int(%x: tensor<4xi8>, %b: tensor<4xi1>) -> (tensor<4xi8>, tensor<4xi8>, tensor<4xi8>, tensor<4xi1>) {
  %0 = graph.neg %x : tensor<4xi8>
  %1 = graph.abs %x : tensor<4xi8>
  %2 = graph.relu %x : tensor<4xi8>
  %3 = graph.not %b : tensor<4xi1>
  return %0, %1, %2, %3 : tensor<4xi8>, tensor<4xi8>, tensor<4xi8>, tensor<4xi1>
}

// -----

// sigmoid(x) = 1 / (1 + exp(-x)); silu(x) = x * sigmoid(x).
// CHECK-LABEL: func.func @activations
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[N:.*]] = arith.negf %[[X]]
// CHECK-NEXT: %[[E:.*]] = math.exp %[[N]]
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.0
// CHECK-NEXT: %[[D:.*]] = arith.addf %[[ONE]], %[[E]]
// CHECK-NEXT: %[[S:.*]] = arith.divf %[[ONE]], %[[D]]
// CHECK-NEXT: linalg.yield %[[S]]
// silu
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[S:.*]] = arith.divf
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[X]], %[[S]]
// CHECK-NEXT: linalg.yield %[[M]]
// hardswish: x * max(0, min(1, x / 6 + 0.5))
// CHECK: arith.constant 0.16666
// CHECK: arith.mulf
// CHECK: arith.constant 5.000000e-01
// CHECK: arith.addf
// CHECK: arith.minimumf
// CHECK: arith.maximumf
// CHECK: arith.mulf
// leaky_relu
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[P:.*]] = arith.cmpf oge, %[[X]]
// CHECK: %[[A:.*]] = arith.constant 2.000000e-01
// CHECK: %[[Y:.*]] = arith.mulf %[[A]], %[[X]]
// CHECK: arith.select %[[P]], %[[X]], %[[Y]]
// hardsigmoid with alpha = 0.25, beta = 0.75
// CHECK: arith.constant 2.500000e-01
// CHECK: arith.constant 7.500000e-01
// CHECK: arith.minimumf
// CHECK: arith.maximumf
func.func @activations(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) {
  %0 = graph.sigmoid %x : tensor<8xf32>
  %1 = graph.silu %x : tensor<8xf32>
  %2 = graph.hardswish %x : tensor<8xf32>
  %3 = graph.leaky_relu %x {alpha = 0.2} : tensor<8xf32>
  %4 = graph.hardsigmoid %x {alpha = 0.25, beta = 0.75} : tensor<8xf32>
  return %0, %1, %2, %3, %4 : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @gelu
// CHECK: arith.constant 0.7071067
// CHECK: math.erf
// CHECK: arith.constant 4.471500e-02
// CHECK: arith.constant 0.797884
// CHECK: math.tanh
func.func @gelu(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %0 = graph.gelu %x : tensor<8xf32>
  %1 = graph.gelu %x {approximate = #graph<gelu_approximation tanh>} : tensor<8xf32>
  return %0, %1 : tensor<8xf32>, tensor<8xf32>
}

// -----

// Float clip bounds; integer bounds round toward zero and saturate.
// CHECK-LABEL: func.func @clip
// CHECK: arith.constant -1.500000e+00 : f32
// CHECK: arith.maximumf
// CHECK: arith.constant 6.000000e+00 : f32
// CHECK: arith.minimumf
// CHECK: ^bb0
// CHECK-NOT: arith.maximumf
// CHECK: arith.constant 3.000000e+00 : f32
// CHECK: arith.minimumf
// CHECK: ^bb0
// CHECK: arith.constant -2 : i8
// CHECK: arith.maxsi
// CHECK: arith.constant 127 : i8
// CHECK: arith.minsi
func.func @clip(%x: tensor<8xf32>, %i: tensor<8xi8>) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xi8>) {
  %0 = graph.clip %x {min = -1.5, max = 6.0} : tensor<8xf32>
  %1 = graph.clip %x {max = 3.0} : tensor<8xf32>
  %2 = graph.clip %i {min = -2.9, max = 1000.0} : tensor<8xi8>
  return %0, %1, %2 : tensor<8xf32>, tensor<8xf32>, tensor<8xi8>
}

// -----

// CHECK-LABEL: func.func @cast
// CHECK: arith.fptosi %{{.*}} : f32 to i32
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: arith.cmpf une
// CHECK: arith.sitofp %{{.*}} : i8 to f32
// CHECK: arith.uitofp %{{.*}} : i1 to f32
// CHECK: arith.extsi %{{.*}} : i8 to i64
// CHECK: arith.extui %{{.*}} : i1 to i32
// CHECK: arith.trunci %{{.*}} : i64 to i8
// CHECK: arith.constant 0 : i8
// CHECK: arith.cmpi ne
// CHECK: arith.truncf %{{.*}} : f32 to f16
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK-NEXT: arith.truncf %{{.*}} : f32 to bf16
func.func @cast(%f: tensor<4xf32>, %i: tensor<4xi8>, %b: tensor<4xi1>, %l: tensor<4xi64>, %h: tensor<4xf16>)
    -> (tensor<4xi32>, tensor<4xi1>, tensor<4xf32>, tensor<4xf32>, tensor<4xi64>, tensor<4xi32>, tensor<4xi8>, tensor<4xi1>, tensor<4xf16>, tensor<4xbf16>) {
  %0 = graph.cast %f : tensor<4xf32> to i32
  %1 = graph.cast %f : tensor<4xf32> to i1
  %2 = graph.cast %i : tensor<4xi8> to f32
  %3 = graph.cast %b : tensor<4xi1> to f32
  %4 = graph.cast %i : tensor<4xi8> to i64
  %5 = graph.cast %b : tensor<4xi1> to i32
  %6 = graph.cast %l : tensor<4xi64> to i8
  %7 = graph.cast %i : tensor<4xi8> to i1
  %8 = graph.cast %f : tensor<4xf32> to f16
  %9 = graph.cast %h : tensor<4xf16> to bf16
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : tensor<4xi32>, tensor<4xi1>, tensor<4xf32>, tensor<4xf32>, tensor<4xi64>, tensor<4xi32>, tensor<4xi8>, tensor<4xi1>, tensor<4xf16>, tensor<4xbf16>
}

// -----

// Constants keep their attribute, dense_resource included; unsigned ones
// are reinterpreted as signless (same bits).
// CHECK-LABEL: func.func @constants
// CHECK: arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: arith.constant dense_resource<blob> : tensor<2xf32>
// CHECK: arith.constant dense<[1, -56]> : tensor<2xi8>
func.func @constants() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xui8>) {
  %0 = graph.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %1 = graph.constant dense_resource<blob> : tensor<2xf32>
  %2 = graph.constant dense<[1, 200]> : tensor<2xui8>
  return %0, %1, %2 : tensor<2xf32>, tensor<2xf32>, tensor<2xui8>
}

{-#
  dialect_resources: {
    builtin: {
      blob: "0x040000000000803F00000040"
    }
  }
#-}
