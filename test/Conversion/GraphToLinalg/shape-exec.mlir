// REQUIRES: mlir-runner
// RUN: strata-opt %s -convert-graph-to-linalg %lower_to_llvm \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_runner_libs \
// RUN:   | FileCheck %s

// Runs the data-movement lowerings end to end on i32 tensors. The expected
// values were computed with numpy (slicing with negative steps, np.pad in
// reflect/edge/constant modes, np.take, transpose/reshape, broadcast_to,
// concatenate).

// slice_negative_steps
// CHECK: sizes = [2, 2, 2]
// CHECK-NEXT: {{\[\[\[}}11, 9],
// CHECK-NEXT: [7, 5]],
// CHECK-NEXT: {{\[\[}}23, 21],
// CHECK-NEXT: [19, 17]]]

// pad_reflect
// CHECK: sizes = [7, 8]
// CHECK-NEXT: {{\[\[}}11, 10, 9, 8, 9, 10, 11, 10],
// CHECK-NEXT: [7, 6, 5, 4, 5, 6, 7, 6],
// CHECK-NEXT: [3, 2, 1, 0, 1, 2, 3, 2],
// CHECK-NEXT: [7, 6, 5, 4, 5, 6, 7, 6],
// CHECK-NEXT: [11, 10, 9, 8, 9, 10, 11, 10],
// CHECK-NEXT: [7, 6, 5, 4, 5, 6, 7, 6],
// CHECK-NEXT: [3, 2, 1, 0, 1, 2, 3, 2]]

// pad_edge_crop
// CHECK: sizes = [4, 5]
// CHECK-NEXT: {{\[\[}}1, 2, 3, 3, 3],
// CHECK-NEXT: [1, 2, 3, 3, 3],
// CHECK-NEXT: [5, 6, 7, 7, 7],
// CHECK-NEXT: [9, 10, 11, 11, 11]]

// pad_constant
// CHECK: sizes = [4, 5]
// CHECK-NEXT: {{\[\[}}-5, 0, 1, 2, 3],
// CHECK-NEXT: [-5, 4, 5, 6, 7],
// CHECK-NEXT: [-5, 8, 9, 10, 11],
// CHECK-NEXT: [-5, -5, -5, -5, -5]]

// gather_negative
// CHECK: sizes = [2, 2, 2, 4]
// CHECK-NEXT: {{\[\[\[\[}}0, 1, 2, 3],
// CHECK-NEXT: [8, 9, 10, 11]],
// CHECK-NEXT: {{\[\[}}8, 9, 10, 11],
// CHECK-NEXT: [0, 1, 2, 3]]],
// CHECK-NEXT: {{\[\[\[}}12, 13, 14, 15],
// CHECK-NEXT: [20, 21, 22, 23]],
// CHECK-NEXT: {{\[\[}}20, 21, 22, 23],
// CHECK-NEXT: [12, 13, 14, 15]]]]

// transpose_reshape
// CHECK: sizes = [3, 8]
// CHECK-NEXT: {{\[\[}}0, 4, 8, 12, 16, 20, 1, 5],
// CHECK-NEXT: [9, 13, 17, 21, 2, 6, 10, 14],
// CHECK-NEXT: [18, 22, 3, 7, 11, 15, 19, 23]]

// expand
// CHECK: sizes = [2, 3, 4]
// CHECK-NEXT: {{\[\[\[}}1, 1, 1, 1],
// CHECK-NEXT: [2, 2, 2, 2],
// CHECK-NEXT: [3, 3, 3, 3]],
// CHECK-NEXT: {{\[\[}}1, 1, 1, 1],
// CHECK-NEXT: [2, 2, 2, 2],
// CHECK-NEXT: [3, 3, 3, 3]]]

// split_concat
// CHECK: sizes = [2, 3, 4]
// CHECK-NEXT: {{\[\[\[}}1, 2, 3, 0],
// CHECK-NEXT: [5, 6, 7, 4],
// CHECK-NEXT: [9, 10, 11, 8]],
// CHECK-NEXT: {{\[\[}}13, 14, 15, 12],
// CHECK-NEXT: [17, 18, 19, 16],
// CHECK-NEXT: [21, 22, 23, 20]]]

func.func @slice_negative_steps(%a0: tensor<2x3x4xi32>) -> tensor<2x2x2xi32> {
  %r = graph.slice %a0 {starts = array<i64: -1, 2>, ends = array<i64: -100, 0>, axes = array<i64: 2, 1>, steps = array<i64: -2, -1>} : tensor<2x3x4xi32> -> tensor<2x2x2xi32>
  return %r : tensor<2x2x2xi32>
}

func.func @pad_reflect(%a0: tensor<3x4xi32>) -> tensor<7x8xi32> {
  %r = graph.pad %a0 {pads = array<i64: 2, 3, 2, 1>, mode = #graph<pad_mode reflect>} : tensor<3x4xi32> -> tensor<7x8xi32>
  return %r : tensor<7x8xi32>
}

func.func @pad_edge_crop(%a0: tensor<3x4xi32>) -> tensor<4x5xi32> {
  %r = graph.pad %a0 {pads = array<i64: 1, -1, 0, 2>, mode = #graph<pad_mode edge>} : tensor<3x4xi32> -> tensor<4x5xi32>
  return %r : tensor<4x5xi32>
}

func.func @pad_constant(%a0: tensor<3x4xi32>) -> tensor<4x5xi32> {
  %r = graph.pad %a0 {pads = array<i64: 0, 1, 1, 0>, value = -5.0} : tensor<3x4xi32> -> tensor<4x5xi32>
  return %r : tensor<4x5xi32>
}

func.func @gather_negative(%a0: tensor<2x3x4xi32>, %a1: tensor<2x2xi64>) -> tensor<2x2x2x4xi32> {
  %r = graph.gather %a0, %a1 {axis = 1} : (tensor<2x3x4xi32>, tensor<2x2xi64>) -> tensor<2x2x2x4xi32>
  return %r : tensor<2x2x2x4xi32>
}

func.func @transpose_reshape(%a0: tensor<2x3x4xi32>) -> tensor<3x8xi32> {
  %t = graph.transpose %a0 {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xi32> -> tensor<4x2x3xi32>
  %r = graph.reshape %t {shape = array<i64: 3, -1>} : tensor<4x2x3xi32> -> tensor<3x8xi32>
  return %r : tensor<3x8xi32>
}

func.func @expand(%a0: tensor<3x1xi32>) -> tensor<2x3x4xi32> {
  %r = graph.expand %a0 {shape = array<i64: 2, 1, 4>} : tensor<3x1xi32> -> tensor<2x3x4xi32>
  return %r : tensor<2x3x4xi32>
}

func.func @split_concat(%a0: tensor<2x3x4xi32>) -> tensor<2x3x4xi32> {
  %s:2 = graph.split %a0 {axis = 2, sizes = array<i64: 1, 3>} : tensor<2x3x4xi32> -> tensor<2x3x1xi32>, tensor<2x3x3xi32>
  %r = graph.concat %s#1, %s#0 {axis = 2} : (tensor<2x3x3xi32>, tensor<2x3x1xi32>) -> tensor<2x3x4xi32>
  return %r : tensor<2x3x4xi32>
}

func.func private @printMemrefI32(tensor<*xi32>)

func.func @main() {
  %slice_negative_steps_0 = arith.constant dense<[[[ 0, 1, 2, 3],
  [ 4, 5, 6, 7],
  [ 8, 9,10,11]],

 [[12,13,14,15],
  [16,17,18,19],
  [20,21,22,23]]]> : tensor<2x3x4xi32>
  %slice_negative_steps = call @slice_negative_steps(%slice_negative_steps_0) : (tensor<2x3x4xi32>) -> tensor<2x2x2xi32>
  %slice_negative_steps_u = tensor.cast %slice_negative_steps : tensor<2x2x2xi32> to tensor<*xi32>
  call @printMemrefI32(%slice_negative_steps_u) : (tensor<*xi32>) -> ()
  %pad_reflect_0 = arith.constant dense<[[ 0, 1, 2, 3],
 [ 4, 5, 6, 7],
 [ 8, 9,10,11]]> : tensor<3x4xi32>
  %pad_reflect = call @pad_reflect(%pad_reflect_0) : (tensor<3x4xi32>) -> tensor<7x8xi32>
  %pad_reflect_u = tensor.cast %pad_reflect : tensor<7x8xi32> to tensor<*xi32>
  call @printMemrefI32(%pad_reflect_u) : (tensor<*xi32>) -> ()
  %pad_edge_crop_0 = arith.constant dense<[[ 0, 1, 2, 3],
 [ 4, 5, 6, 7],
 [ 8, 9,10,11]]> : tensor<3x4xi32>
  %pad_edge_crop = call @pad_edge_crop(%pad_edge_crop_0) : (tensor<3x4xi32>) -> tensor<4x5xi32>
  %pad_edge_crop_u = tensor.cast %pad_edge_crop : tensor<4x5xi32> to tensor<*xi32>
  call @printMemrefI32(%pad_edge_crop_u) : (tensor<*xi32>) -> ()
  %pad_constant_0 = arith.constant dense<[[ 0, 1, 2, 3],
 [ 4, 5, 6, 7],
 [ 8, 9,10,11]]> : tensor<3x4xi32>
  %pad_constant = call @pad_constant(%pad_constant_0) : (tensor<3x4xi32>) -> tensor<4x5xi32>
  %pad_constant_u = tensor.cast %pad_constant : tensor<4x5xi32> to tensor<*xi32>
  call @printMemrefI32(%pad_constant_u) : (tensor<*xi32>) -> ()
  %gather_negative_0 = arith.constant dense<[[[ 0, 1, 2, 3],
  [ 4, 5, 6, 7],
  [ 8, 9,10,11]],

 [[12,13,14,15],
  [16,17,18,19],
  [20,21,22,23]]]> : tensor<2x3x4xi32>
  %gather_negative_1 = arith.constant dense<[[ 0,-1],
 [ 2,-3]]> : tensor<2x2xi64>
  %gather_negative = call @gather_negative(%gather_negative_0, %gather_negative_1) : (tensor<2x3x4xi32>, tensor<2x2xi64>) -> tensor<2x2x2x4xi32>
  %gather_negative_u = tensor.cast %gather_negative : tensor<2x2x2x4xi32> to tensor<*xi32>
  call @printMemrefI32(%gather_negative_u) : (tensor<*xi32>) -> ()
  %transpose_reshape_0 = arith.constant dense<[[[ 0, 1, 2, 3],
  [ 4, 5, 6, 7],
  [ 8, 9,10,11]],

 [[12,13,14,15],
  [16,17,18,19],
  [20,21,22,23]]]> : tensor<2x3x4xi32>
  %transpose_reshape = call @transpose_reshape(%transpose_reshape_0) : (tensor<2x3x4xi32>) -> tensor<3x8xi32>
  %transpose_reshape_u = tensor.cast %transpose_reshape : tensor<3x8xi32> to tensor<*xi32>
  call @printMemrefI32(%transpose_reshape_u) : (tensor<*xi32>) -> ()
  %expand_0 = arith.constant dense<[[1],
 [2],
 [3]]> : tensor<3x1xi32>
  %expand = call @expand(%expand_0) : (tensor<3x1xi32>) -> tensor<2x3x4xi32>
  %expand_u = tensor.cast %expand : tensor<2x3x4xi32> to tensor<*xi32>
  call @printMemrefI32(%expand_u) : (tensor<*xi32>) -> ()
  %split_concat_0 = arith.constant dense<[[[ 0, 1, 2, 3],
  [ 4, 5, 6, 7],
  [ 8, 9,10,11]],

 [[12,13,14,15],
  [16,17,18,19],
  [20,21,22,23]]]> : tensor<2x3x4xi32>
  %split_concat = call @split_concat(%split_concat_0) : (tensor<2x3x4xi32>) -> tensor<2x3x4xi32>
  %split_concat_u = tensor.cast %split_concat : tensor<2x3x4xi32> to tensor<*xi32>
  call @printMemrefI32(%split_concat_u) : (tensor<*xi32>) -> ()
  return
}
