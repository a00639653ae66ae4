// RUN: strata-opt %s -split-input-file -verify-diagnostics

// Diagnostics of the graph dialect: ODS type constraints, result types that
// contradict the inferred ones, and every message of the verifiers and type
// inference in lib/Dialect/Graph/IR/{ElementwiseOps,NNOps,ShapeOps}.cpp.
// A type-inference failure is followed by MLIR's generic "failed to infer
// returned types", which is expected as well.
//
// Not covered because no textual IR reaches them: "operand #N must be a
// ranked tensor, got ..." (requireRanked), "operand must be a ranked tensor"
// (cast, pooling, softmax, reductions, shape ops) and "value must be an
// elements attribute" (constant). The ODS operand/attribute constraints are
// verified before type inference runs, and the custom parsers only accept
// ranked tensor types and elements attributes (see @unranked_* and
// @constant_not_elements for what is reported instead).

//===----------------------------------------------------------------------===//
// Type constraints (ODS)
//===----------------------------------------------------------------------===//

func.func @unranked_operand(%a: tensor<*xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'graph.add' op operand #0 must be ranked tensor of float or integer values, but got 'tensor<*xf32>'}}
  %0 = graph.add %a, %b : (tensor<*xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @unranked_operand_unary(%a: tensor<*xf32>) {
  // expected-error @+1 {{'graph.softmax' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<*xf32>'}}
  %0 = "graph.softmax"(%a) : (tensor<*xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @unranked_cast(%a: tensor<*xf32>) {
  // expected-error @+1 {{invalid kind of type specified: expected builtin.tensor, but found 'tensor<*xf32>'}}
  %0 = graph.cast %a : tensor<*xf32> to f16
  return
}

// -----

func.func @unranked_result(%a: tensor<4xf32>) {
  // expected-error @+1 {{'graph.reshape' op result #0 must be ranked tensor of float or integer values, but got 'tensor<*xf32>'}}
  %0 = "graph.reshape"(%a) <{shape = array<i64: 2, 2>}> : (tensor<4xf32>) -> tensor<*xf32>
  return
}

// -----

func.func @exp_of_integer(%a: tensor<4xi32>) {
  // expected-error @+1 {{'graph.exp' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = graph.exp %a : tensor<4xi32>
  return
}

// -----

func.func @and_of_float(%a: tensor<4xf32>) {
  // expected-error @+1 {{'graph.and' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = graph.and %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @not_of_i8(%a: tensor<4xi8>) {
  // expected-error @+1 {{'graph.not' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<4xi8>'}}
  %0 = graph.not %a : tensor<4xi8>
  return
}

// -----

func.func @max_pool_of_integer(%a: tensor<1x3x8x8xi8>) {
  // expected-error @+1 {{'graph.max_pool' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<1x3x8x8xi8>'}}
  %0 = graph.max_pool %a {kernel_shape = array<i64: 2, 2>} : tensor<1x3x8x8xi8> -> tensor<1x3x7x7xi8>
  return
}

// -----

func.func @index_element(%a: tensor<4xindex>) {
  // expected-error @+1 {{'graph.neg' op operand #0 must be ranked tensor of float or integer values, but got 'tensor<4xindex>'}}
  %0 = graph.neg %a : tensor<4xindex>
  return
}

// -----

func.func @compare_result_not_bool(%a: tensor<4xf32>) {
  // expected-error @+1 {{'graph.compare' op result #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<4xf32>'}}
  %0 = graph.compare eq, %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @where_condition_not_bool(%c: tensor<4xi8>, %a: tensor<4xf32>) {
  // expected-error @+1 {{'graph.where' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<4xi8>'}}
  %0 = graph.where %c, %a, %a : (tensor<4xi8>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @gather_float_indices(%a: tensor<4x8xf32>, %i: tensor<2xf32>) {
  // expected-error @+1 {{'graph.gather' op operand #1 must be ranked tensor of signless integer values, but got 'tensor<2xf32>'}}
  %0 = graph.gather %a, %i : (tensor<4x8xf32>, tensor<2xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @gather_unsigned_indices(%a: tensor<4x8xf32>, %i: tensor<2xui32>) {
  // expected-error @+1 {{'graph.gather' op operand #1 must be ranked tensor of signless integer values, but got 'tensor<2xui32>'}}
  %0 = graph.gather %a, %i : (tensor<4x8xf32>, tensor<2xui32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @cast_to_index(%a: tensor<4xf32>) {
  // expected-error @+1 {{'graph.cast' op target must be an integer or float type, got 'index'}}
  %0 = graph.cast %a : tensor<4xf32> to index
  return
}

// -----

// A non-element target type is rejected before any type is built from it.
func.func @cast_to_tensor(%a: tensor<4xf32>) {
  // expected-error @+1 {{'graph.cast' op target must be an integer or float type, got 'tensor<2xf32>'}}
  %0 = graph.cast %a : tensor<4xf32> to tensor<2xf32>
  return
}

// -----

// The generic form reaches the ODS constraint on `to`.
func.func @cast_to_index_generic(%a: tensor<4xf32>) {
  // expected-error @+1 {{'graph.cast' op attribute 'to' failed to satisfy constraint: type attribute of float or integer}}
  %0 = "graph.cast"(%a) <{to = index}> : (tensor<4xf32>) -> tensor<4xindex>
  return
}

// -----

func.func @missing_kernel_shape(%a: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'graph.max_pool' op requires attribute 'kernel_shape'}}
  %0 = graph.max_pool %a : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
  return
}

// -----

func.func @unary_result_element(%a: tensor<4xf32>) {
  // expected-error @+1 {{'graph.relu' op requires the same type for all operands and results}}
  %0 = "graph.relu"(%a) : (tensor<4xf32>) -> tensor<4xf16>
  return
}

// -----

func.func @constant_not_elements() {
  // expected-error @+1 {{'graph.constant' op attribute 'value' failed to satisfy constraint: constant vector/tensor attribute}}
  %0 = "graph.constant"() {value = 1 : i32} : () -> tensor<i32>
  return
}

// -----

func.func @constant_vector() {
  // expected-error @+1 {{'graph.constant' op result #0 must be ranked tensor of float or integer values, but got 'vector<4xf32>'}}
  %0 = graph.constant dense<1.0> : vector<4xf32>
  return
}

// -----

func.func @unknown_compare_direction(%a: tensor<4xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'direction' [eq, ne, lt, le, gt, ge]}}
  %0 = graph.compare less, %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return
}

//===----------------------------------------------------------------------===//
// Result types that contradict the inferred ones
//===----------------------------------------------------------------------===//

// -----

func.func @infer_add_shape(%a: tensor<4x1xf32>, %b: tensor<5xf32>) {
  // expected-error @+2 {{'graph.add' op inferred type(s) 'tensor<4x5xf32>' are incompatible with return type(s) of operation 'tensor<4x4xf32>'}}
  // expected-error @+1 {{'graph.add' op failed to infer returned types}}
  %0 = graph.add %a, %b : (tensor<4x1xf32>, tensor<5xf32>) -> tensor<4x4xf32>
  return
}

// -----

func.func @infer_matmul_element(%a: tensor<4x8xf32>, %b: tensor<8x2xf32>) {
  // expected-error @+2 {{'graph.matmul' op inferred type(s) 'tensor<4x2xf32>' are incompatible with return type(s) of operation 'tensor<4x2xf16>'}}
  // expected-error @+1 {{'graph.matmul' op failed to infer returned types}}
  %0 = graph.matmul %a, %b : (tensor<4x8xf32>, tensor<8x2xf32>) -> tensor<4x2xf16>
  return
}

// -----

func.func @infer_reduce_rank(%a: tensor<2x3xf32>) {
  // keepdims defaults to true.
  // expected-error @+2 {{'graph.reduce_sum' op inferred type(s) 'tensor<2x1xf32>' are incompatible with return type(s) of operation 'tensor<2xf32>'}}
  // expected-error @+1 {{'graph.reduce_sum' op failed to infer returned types}}
  %0 = graph.reduce_sum %a {axes = array<i64: 1>} : tensor<2x3xf32> -> tensor<2xf32>
  return
}

// -----

func.func @infer_conv_spatial(%a: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>) {
  // (224 + 6 - 7) / 2 + 1 = 112, not 111.
  // expected-error @+2 {{'graph.conv' op inferred type(s) 'tensor<1x64x112x112xf32>' are incompatible with return type(s) of operation 'tensor<1x64x111x111xf32>'}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %a, %w {strides = array<i64: 2, 2>, pads = array<i64: 3, 3, 3, 3>} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>) -> tensor<1x64x111x111xf32>
  return
}

// -----

func.func @infer_split_count(%a: tensor<6xf32>) {
  // expected-error @+2 {{'graph.split' op inferred type(s) 'tensor<3xf32>', 'tensor<3xf32>' are incompatible with return type(s) of operation 'tensor<2xf32>', 'tensor<2xf32>', 'tensor<2xf32>'}}
  // expected-error @+1 {{'graph.split' op failed to infer returned types}}
  %0:3 = graph.split %a {axis = 0 : i64, sizes = array<i64: 3, 3>} : tensor<6xf32> -> tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
  return
}

// -----

func.func @infer_static_vs_static(%a: tensor<?x4xf32>) {
  // The written 8 contradicts the inferred 4 even though dim 0 is dynamic.
  // expected-error @+2 {{'graph.transpose' op inferred type(s) 'tensor<4x?xf32>' are incompatible with return type(s) of operation 'tensor<8x?xf32>'}}
  // expected-error @+1 {{'graph.transpose' op failed to infer returned types}}
  %0 = graph.transpose %a {perm = array<i64: 1, 0>} : tensor<?x4xf32> -> tensor<8x?xf32>
  return
}

// -----

func.func @infer_compare_bool_shape(%a: tensor<4xf32>, %b: tensor<f32>) {
  // expected-error @+2 {{'graph.compare' op inferred type(s) 'tensor<4xi1>' are incompatible with return type(s) of operation 'tensor<1xi1>'}}
  // expected-error @+1 {{'graph.compare' op failed to infer returned types}}
  %0 = graph.compare lt, %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<1xi1>
  return
}

// -----

func.func @infer_rank_dynamic(%a: tensor<?x?xf32>) {
  // Dynamic dims do not make the rank negotiable.
  // expected-error @+2 {{'graph.add' op inferred type(s) 'tensor<?x?xf32>' are incompatible with return type(s) of operation 'tensor<?xf32>'}}
  // expected-error @+1 {{'graph.add' op failed to infer returned types}}
  %0 = graph.add %a, %a : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @infer_element_dynamic(%e: tensor<?x?xf32>, %i: tensor<?xi64>) {
  // expected-error @+2 {{'graph.gather' op inferred type(s) 'tensor<?x?xf32>' are incompatible with return type(s) of operation 'tensor<?x?xf16>'}}
  // expected-error @+1 {{'graph.gather' op failed to infer returned types}}
  %0 = graph.gather %e, %i : (tensor<?x?xf32>, tensor<?xi64>) -> tensor<?x?xf16>
  return
}

// -----

func.func @infer_known_unit_dim(%a: tensor<?x1xf32>) {
  // A static 1 in the inferred type is not widened to the written 5.
  // expected-error @+2 {{'graph.mul' op inferred type(s) 'tensor<?x1xf32>' are incompatible with return type(s) of operation 'tensor<?x5xf32>'}}
  // expected-error @+1 {{'graph.mul' op failed to infer returned types}}
  %0 = graph.mul %a, %a : (tensor<?x1xf32>, tensor<?x1xf32>) -> tensor<?x5xf32>
  return
}

//===----------------------------------------------------------------------===//
// Elementwise ops (ElementwiseOps.cpp)
//===----------------------------------------------------------------------===//

// -----

func.func @binary_element_types(%a: tensor<4xf32>, %b: tensor<4xf16>) {
  // expected-error @+2 {{'graph.add' op operand element types differ: 'f32' vs 'f16'}}
  // expected-error @+1 {{'graph.add' op failed to infer returned types}}
  %0 = graph.add %a, %b : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @compare_element_types(%a: tensor<4xi32>, %b: tensor<4xi64>) {
  // expected-error @+2 {{'graph.compare' op operand element types differ: 'i32' vs 'i64'}}
  // expected-error @+1 {{'graph.compare' op failed to infer returned types}}
  %0 = graph.compare eq, %a, %b : (tensor<4xi32>, tensor<4xi64>) -> tensor<4xi1>
  return
}

// -----

func.func @binary_signedness(%a: tensor<4xi8>, %b: tensor<4xui8>) {
  // expected-error @+2 {{'graph.max' op operand element types differ: 'i8' vs 'ui8'}}
  // expected-error @+1 {{'graph.max' op failed to infer returned types}}
  %0 = graph.max %a, %b : (tensor<4xi8>, tensor<4xui8>) -> tensor<4xi8>
  return
}

// -----

func.func @binary_broadcast(%a: tensor<4x3xf32>, %b: tensor<5xf32>) {
  // expected-error @+2 {{'graph.mul' op operands are not broadcast-compatible: shapes [4, 3] and [5] do not broadcast: result dim 1 would need 3 and 5}}
  // expected-error @+1 {{'graph.mul' op failed to infer returned types}}
  %0 = graph.mul %a, %b : (tensor<4x3xf32>, tensor<5xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @binary_broadcast_dynamic(%a: tensor<?x3xf32>, %b: tensor<2x?x4xf32>) {
  // A dynamic dim does not hide a clash of static ones.
  // expected-error @+2 {{'graph.sub' op operands are not broadcast-compatible: shapes [?, 3] and [2, ?, 4] do not broadcast: result dim 2 would need 3 and 4}}
  // expected-error @+1 {{'graph.sub' op failed to infer returned types}}
  %0 = graph.sub %a, %b : (tensor<?x3xf32>, tensor<2x?x4xf32>) -> tensor<2x?x4xf32>
  return
}

// -----

func.func @where_value_types(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xi32>) {
  // expected-error @+2 {{'graph.where' op true and false values have different element types: 'f32' vs 'i32'}}
  // expected-error @+1 {{'graph.where' op failed to infer returned types}}
  %0 = graph.where %c, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<4xi32>) -> tensor<4xf32>
  return
}

// -----

func.func @where_broadcast(%c: tensor<3xi1>, %a: tensor<4xf32>) {
  // The condition takes part in the broadcast.
  // expected-error @+2 {{'graph.where' op operands are not broadcast-compatible: shapes [3] and [4] do not broadcast: result dim 0 would need 3 and 4}}
  // expected-error @+1 {{'graph.where' op failed to infer returned types}}
  %0 = graph.where %c, %a, %a : (tensor<3xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @clip_min_greater_than_max(%a: tensor<1x32x112x112xf32>) {
  // expected-error @+1 {{'graph.clip' op min (6.000000e+00) is greater than max (5.000000e-01)}}
  %0 = graph.clip %a {min = 6.0 : f64, max = 0.5 : f64} : tensor<1x32x112x112xf32>
  return
}

//===----------------------------------------------------------------------===//
// matmul, gemm
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_element_types(%a: tensor<4x8xf32>, %b: tensor<8x2xf16>) {
  // expected-error @+2 {{'graph.matmul' op operand #1 has element type 'f16' but operand #0 has 'f32'}}
  // expected-error @+1 {{'graph.matmul' op failed to infer returned types}}
  %0 = graph.matmul %a, %b : (tensor<4x8xf32>, tensor<8x2xf16>) -> tensor<4x2xf32>
  return
}

// -----

func.func @matmul_scalar(%a: tensor<f32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{'graph.matmul' op operands must have rank >= 1, got [] and [4]}}
  // expected-error @+1 {{'graph.matmul' op failed to infer returned types}}
  %0 = graph.matmul %a, %b : (tensor<f32>, tensor<4xf32>) -> tensor<f32>
  return
}

// -----

func.func @matmul_contracting(%a: tensor<2x?x768xf32>, %b: tensor<512x3072xf32>) {
  // expected-error @+2 {{'graph.matmul' op contracting dims differ: lhs [2, ?, 768] has 768, rhs [512, 3072] has 512}}
  // expected-error @+1 {{'graph.matmul' op failed to infer returned types}}
  %0 = graph.matmul %a, %b : (tensor<2x?x768xf32>, tensor<512x3072xf32>) -> tensor<2x?x3072xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x4x8xf32>, %b: tensor<3x8x5xf32>) {
  // expected-error @+2 {{'graph.matmul' op batch dims do not broadcast: shapes [2] and [3] do not broadcast: result dim 0 would need 2 and 3}}
  // expected-error @+1 {{'graph.matmul' op failed to infer returned types}}
  %0 = graph.matmul %a, %b : (tensor<2x4x8xf32>, tensor<3x8x5xf32>) -> tensor<2x4x5xf32>
  return
}

// -----

func.func @gemm_rank(%a: tensor<1x1x2048xf32>, %b: tensor<2048x1000xf32>) {
  // expected-error @+2 {{'graph.gemm' op a and b must be 2-D, got ranks 3 and 2}}
  // expected-error @+1 {{'graph.gemm' op failed to infer returned types}}
  %0 = graph.gemm %a, %b : (tensor<1x1x2048xf32>, tensor<2048x1000xf32>) -> tensor<1x1000xf32>
  return
}

// -----

func.func @gemm_contracting(%a: tensor<1x2048xf32>, %b: tensor<1000x2048xf32>) {
  // A missing trans_b.
  // expected-error @+2 {{'graph.gemm' op contracting dims differ: op(a) is [1, 2048], op(b) is [1000, 2048]}}
  // expected-error @+1 {{'graph.gemm' op failed to infer returned types}}
  %0 = graph.gemm %a, %b : (tensor<1x2048xf32>, tensor<1000x2048xf32>) -> tensor<1x2048xf32>
  return
}

// -----

func.func @gemm_c_shape(%a: tensor<1x2048xf32>, %b: tensor<1000x2048xf32>, %c: tensor<1000x1xf32>) {
  // c must broadcast to the result, not the other way round.
  // expected-error @+2 {{'graph.gemm' op c of shape [1000, 1] does not broadcast to the result [1, 1000]}}
  // expected-error @+1 {{'graph.gemm' op failed to infer returned types}}
  %0 = graph.gemm %a, %b, %c {trans_b = true} : (tensor<1x2048xf32>, tensor<1000x2048xf32>, tensor<1000x1xf32>) -> tensor<1x1000xf32>
  return
}

// -----

func.func @gemm_c_rank(%a: tensor<1x2048xf32>, %b: tensor<1000x2048xf32>, %c: tensor<1x1x1000xf32>) {
  // expected-error @+2 {{'graph.gemm' op c of shape [1, 1, 1000] does not broadcast to the result [1, 1000]}}
  // expected-error @+1 {{'graph.gemm' op failed to infer returned types}}
  %0 = graph.gemm %a, %b, %c {trans_b = true} : (tensor<1x2048xf32>, tensor<1000x2048xf32>, tensor<1x1x1000xf32>) -> tensor<1x1000xf32>
  return
}

// -----

func.func @gemm_c_element(%a: tensor<1x2048xf32>, %b: tensor<1000x2048xf32>, %c: tensor<1000xf16>) {
  // expected-error @+2 {{'graph.gemm' op operand #2 has element type 'f16' but operand #0 has 'f32'}}
  // expected-error @+1 {{'graph.gemm' op failed to infer returned types}}
  %0 = graph.gemm %a, %b, %c {trans_b = true} : (tensor<1x2048xf32>, tensor<1000x2048xf32>, tensor<1000xf16>) -> tensor<1x1000xf32>
  return
}

//===----------------------------------------------------------------------===//
// conv
//===----------------------------------------------------------------------===//

// -----

func.func @conv_input_rank(%a: tensor<3x224xf32>, %w: tensor<64x3xf32>) {
  // expected-error @+2 {{'graph.conv' op input must have rank 3, 4 or 5 (N x C x 1 to 3 spatial dims), got rank 2}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %a, %w : (tensor<3x224xf32>, tensor<64x3xf32>) -> tensor<3x64xf32>
  return
}

// -----

func.func @conv_input_rank_6(%a: tensor<1x3x4x4x4x4xf32>, %w: tensor<8x3x1x1x1x1xf32>) {
  // expected-error @+2 {{'graph.conv' op input must have rank 3, 4 or 5 (N x C x 1 to 3 spatial dims), got rank 6}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %a, %w : (tensor<1x3x4x4x4x4xf32>, tensor<8x3x1x1x1x1xf32>) -> tensor<1x8x4x4x4x4xf32>
  return
}

// -----

func.func @conv_weight_rank(%a: tensor<1x3x224x224xf32>, %w: tensor<64x3x7xf32>) {
  // expected-error @+2 {{'graph.conv' op weight must have the input's rank 4, got rank 3}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %a, %w : (tensor<1x3x224x224xf32>, tensor<64x3x7xf32>) -> tensor<1x64x218x218xf32>
  return
}

// -----

func.func @conv_groups(%a: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{'graph.conv' op groups must be positive, got 0}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %a, %w {groups = 0 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_channels(%a: tensor<1x32x112x112xf32>, %w: tensor<32x1x3x3xf32>) {
  // A depthwise weight without groups = 32.
  // expected-error @+2 {{'graph.conv' op input has 32 channels but weight expects 1 per group x 1 groups}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %a, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x32x112x112xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x112x112xf32>
  return
}

// -----

func.func @conv_output_channels(%a: tensor<1x8x8x8xf32>, %w: tensor<30x2x3x3xf32>) {
  // expected-error @+2 {{'graph.conv' op output channels (30) must be divisible by groups (4)}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %a, %w {groups = 4 : i64} : (tensor<1x8x8x8xf32>, tensor<30x2x3x3xf32>) -> tensor<1x30x6x6xf32>
  return
}

// -----

func.func @conv_bias(%a: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>, %b: tensor<32xf32>) {
  // expected-error @+2 {{'graph.conv' op bias must be 1-D with 64 entries (output channels), got [32]}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %a, %w, %b : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<32xf32>) -> tensor<1x64x218x218xf32>
  return
}

// -----

func.func @conv_bias_element(%a: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>, %b: tensor<64xf16>) {
  // expected-error @+2 {{'graph.conv' op operand #2 has element type 'f16' but operand #0 has 'f32'}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %a, %w, %b : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf16>) -> tensor<1x64x218x218xf32>
  return
}

// -----

func.func @conv_strides_length(%a: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>) {
  // expected-error @+2 {{'graph.conv' op strides must have 2 entries (one per spatial dim), got 1}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %a, %w {strides = array<i64: 2>} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>) -> tensor<1x64x109x109xf32>
  return
}

// -----

func.func @conv_dilations_length(%a: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>) {
  // expected-error @+2 {{'graph.conv' op dilations must have 2 entries (one per spatial dim), got 3}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %a, %w {dilations = array<i64: 1, 1, 1>} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>) -> tensor<1x64x218x218xf32>
  return
}

// -----

func.func @conv_pads_length(%a: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>) {
  // Two pads (one per spatial dim) instead of begins and ends.
  // expected-error @+2 {{'graph.conv' op pads must have 4 entries (begins then ends), got 2}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %a, %w {pads = array<i64: 3, 3>} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>) -> tensor<1x64x224x224xf32>
  return
}

// -----

func.func @conv_strides_positive(%a: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>) {
  // expected-error @+2 {{'graph.conv' op strides must be positive, got [0, 1]}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %a, %w {strides = array<i64: 0, 1>} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>) -> tensor<1x64x218x218xf32>
  return
}

// -----

func.func @conv_dilations_positive(%a: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>) {
  // expected-error @+2 {{'graph.conv' op dilations must be positive, got [1, -1]}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %a, %w {dilations = array<i64: 1, -1>} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>) -> tensor<1x64x218x218xf32>
  return
}

// -----

func.func @conv_pads_non_negative(%a: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>) {
  // expected-error @+2 {{'graph.conv' op pads must be non-negative, got [1, 1, -1, 1]}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %a, %w {pads = array<i64: 1, 1, -1, 1>} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>) -> tensor<1x64x218x218xf32>
  return
}

// -----

func.func @conv_window_too_large(%a: tensor<1x3x8x4xf32>, %w: tensor<16x3x3x3xf32>) {
  // Dilation 2 gives a window of extent 5 along the width of 4.
  // expected-error @+2 {{'graph.conv' op spatial dim 1: window of extent 5 does not fit an input of size 4 padded by 0 and 0}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %a, %w {dilations = array<i64: 1, 2>} : (tensor<1x3x8x4xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x6x1xf32>
  return
}

// -----

func.func @conv_empty_kernel(%a: tensor<1x3x8x8xf32>, %w: tensor<4x3x0x3xf32>) {
  // expected-error @+2 {{'graph.conv' op weight has an empty kernel: [4, 3, 0, 3]}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %a, %w : (tensor<1x3x8x8xf32>, tensor<4x3x0x3xf32>) -> tensor<1x4x9x6xf32>
  return
}

// -----

func.func @conv_window_overflow(%a: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // dilation * (kernel - 1) + 1 does not fit in int64.
  // expected-error @+2 {{'graph.conv' op spatial dim 0: window or padding sizes overflow 64-bit integers}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %a, %w {dilations = array<i64: 9223372036854775807, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x6xf32>
  return
}

// -----

func.func @conv_padding_overflow(%a: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // 8 + pad_begin + pad_end does not fit in int64.
  // expected-error @+2 {{'graph.conv' op spatial dim 1: window or padding sizes overflow 64-bit integers}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %a, %w {pads = array<i64: 0, 9223372036854775807, 0, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

// -----

func.func @pool_input_rank(%a: tensor<1x2048xf32>) {
  // expected-error @+2 {{'graph.max_pool' op input must have rank 3, 4 or 5 (N x C x 1 to 3 spatial dims), got rank 2}}
  // expected-error @+1 {{'graph.max_pool' op failed to infer returned types}}
  %0 = graph.max_pool %a {kernel_shape = array<i64>} : tensor<1x2048xf32> -> tensor<1x2048xf32>
  return
}

// -----

func.func @pool_kernel_length(%a: tensor<1x64x112x112xf32>) {
  // expected-error @+2 {{'graph.max_pool' op kernel_shape must have 2 entries (one per spatial dim), got 1}}
  // expected-error @+1 {{'graph.max_pool' op failed to infer returned types}}
  %0 = graph.max_pool %a {kernel_shape = array<i64: 3>} : tensor<1x64x112x112xf32> -> tensor<1x64x110x110xf32>
  return
}

// -----

func.func @pool_kernel_positive(%a: tensor<1x64x112x112xf32>) {
  // expected-error @+2 {{'graph.avg_pool' op kernel_shape must be positive, got [3, 0]}}
  // expected-error @+1 {{'graph.avg_pool' op failed to infer returned types}}
  %0 = graph.avg_pool %a {kernel_shape = array<i64: 3, 0>} : tensor<1x64x112x112xf32> -> tensor<1x64x110x113xf32>
  return
}

// -----

func.func @pool_pads_vs_kernel(%a: tensor<1x64x112x112xf32>) {
  // expected-error @+2 {{'graph.max_pool' op pads must be smaller than the kernel, got [1, 1, 3, 1] for kernel [3, 3]}}
  // expected-error @+1 {{'graph.max_pool' op failed to infer returned types}}
  %0 = graph.max_pool %a {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 3, 1>} : tensor<1x64x112x112xf32> -> tensor<1x64x114x112xf32>
  return
}

// -----

func.func @pool_strides_positive(%a: tensor<1x64x112x112xf32>) {
  // The window attributes of pooling are checked like those of conv.
  // expected-error @+2 {{'graph.avg_pool' op strides must be positive, got [2, 0]}}
  // expected-error @+1 {{'graph.avg_pool' op failed to infer returned types}}
  %0 = graph.avg_pool %a {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 0>} : tensor<1x64x112x112xf32> -> tensor<1x64x55x55xf32>
  return
}

// -----

func.func @pool_pads_length(%a: tensor<1x64x112x112xf32>) {
  // expected-error @+2 {{'graph.max_pool' op pads must have 4 entries (begins then ends), got 2}}
  // expected-error @+1 {{'graph.max_pool' op failed to infer returned types}}
  %0 = graph.max_pool %a {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1>} : tensor<1x64x112x112xf32> -> tensor<1x64x112x112xf32>
  return
}

// -----

func.func @pool_window_too_large(%a: tensor<1x512x5x5xf32>) {
  // expected-error @+2 {{'graph.avg_pool' op spatial dim 0: window of extent 7 does not fit an input of size 5 padded by 0 and 0}}
  // expected-error @+1 {{'graph.avg_pool' op failed to infer returned types}}
  %0 = graph.avg_pool %a {kernel_shape = array<i64: 7, 7>} : tensor<1x512x5x5xf32> -> tensor<1x512x1x1xf32>
  return
}

// -----

func.func @global_pool_rank(%a: tensor<1x2048xf32>) {
  // expected-error @+2 {{'graph.global_avg_pool' op input must have rank >= 3 (N x C x spatial dims), got 'tensor<1x2048xf32>'}}
  // expected-error @+1 {{'graph.global_avg_pool' op failed to infer returned types}}
  %0 = graph.global_avg_pool %a : tensor<1x2048xf32> -> tensor<1x2048xf32>
  return
}

// -----

func.func @global_max_pool_rank(%a: tensor<8xf16>) {
  // expected-error @+2 {{'graph.global_max_pool' op input must have rank >= 3 (N x C x spatial dims), got 'tensor<8xf16>'}}
  // expected-error @+1 {{'graph.global_max_pool' op failed to infer returned types}}
  %0 = graph.global_max_pool %a : tensor<8xf16> -> tensor<8xf16>
  return
}

//===----------------------------------------------------------------------===//
// Normalisation, softmax, reductions
//===----------------------------------------------------------------------===//

// -----

func.func @batch_norm_rank(%a: tensor<64xf32>, %p: tensor<64xf32>) {
  // expected-error @+2 {{'graph.batch_norm' op input must have rank >= 2 (N x C x ...), got rank 1}}
  // expected-error @+1 {{'graph.batch_norm' op failed to infer returned types}}
  %0 = graph.batch_norm %a, %p, %p, %p, %p : (tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
  return
}

// -----

func.func @batch_norm_scale(%a: tensor<1x64x56x56xf32>, %s: tensor<64x1x1xf32>, %p: tensor<64xf32>) {
  // expected-error @+2 {{'graph.batch_norm' op scale must be 1-D with 64 entries (input dim 1), got [64, 1, 1]}}
  // expected-error @+1 {{'graph.batch_norm' op failed to infer returned types}}
  %0 = graph.batch_norm %a, %s, %p, %p, %p : (tensor<1x64x56x56xf32>, tensor<64x1x1xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<1x64x56x56xf32>
  return
}

// -----

func.func @batch_norm_variance(%a: tensor<1x64x56x56xf32>, %p: tensor<64xf32>, %v: tensor<32xf32>) {
  // The message names the operand.
  // expected-error @+2 {{'graph.batch_norm' op variance must be 1-D with 64 entries (input dim 1), got [32]}}
  // expected-error @+1 {{'graph.batch_norm' op failed to infer returned types}}
  %0 = graph.batch_norm %a, %p, %p, %p, %v : (tensor<1x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<32xf32>) -> tensor<1x64x56x56xf32>
  return
}

// -----

func.func @batch_norm_epsilon(%a: tensor<1x64x56x56xf32>, %p: tensor<64xf32>) {
  // expected-error @+2 {{'graph.batch_norm' op epsilon must be non-negative}}
  // expected-error @+1 {{'graph.batch_norm' op failed to infer returned types}}
  %0 = graph.batch_norm %a, %p, %p, %p, %p {epsilon = -1.0e-5 : f64} : (tensor<1x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<1x64x56x56xf32>
  return
}

// -----

func.func @batch_norm_element(%a: tensor<1x64x56x56xf32>, %p: tensor<64xf32>, %m: tensor<64xf16>) {
  // expected-error @+2 {{'graph.batch_norm' op operand #3 has element type 'f16' but operand #0 has 'f32'}}
  // expected-error @+1 {{'graph.batch_norm' op failed to infer returned types}}
  %0 = graph.batch_norm %a, %p, %p, %m, %p : (tensor<1x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf16>, tensor<64xf32>) -> tensor<1x64x56x56xf32>
  return
}

// -----

func.func @layer_norm_axis(%a: tensor<2x?x768xf32>, %s: tensor<768xf32>) {
  // expected-error @+2 {{'graph.layer_norm' op axis 3 is out of range for rank 3}}
  // expected-error @+1 {{'graph.layer_norm' op failed to infer returned types}}
  %0 = graph.layer_norm %a, %s {axis = 3 : i64} : (tensor<2x?x768xf32>, tensor<768xf32>) -> tensor<2x?x768xf32>
  return
}

// -----

func.func @layer_norm_scale(%a: tensor<2x?x768xf32>, %s: tensor<1024xf32>) {
  // expected-error @+2 {{'graph.layer_norm' op scale and bias must broadcast to the normalised shape [768], got [1024]}}
  // expected-error @+1 {{'graph.layer_norm' op failed to infer returned types}}
  %0 = graph.layer_norm %a, %s : (tensor<2x?x768xf32>, tensor<1024xf32>) -> tensor<2x?x768xf32>
  return
}

// -----

func.func @layer_norm_bias_rank(%a: tensor<2x?x768xf32>, %s: tensor<768xf32>, %b: tensor<2x768xf32>) {
  // The bias would broadcast the normalised [768] up to [2, 768].
  // expected-error @+2 {{'graph.layer_norm' op scale and bias must broadcast to the normalised shape [768], got [2, 768]}}
  // expected-error @+1 {{'graph.layer_norm' op failed to infer returned types}}
  %0 = graph.layer_norm %a, %s, %b : (tensor<2x?x768xf32>, tensor<768xf32>, tensor<2x768xf32>) -> tensor<2x?x768xf32>
  return
}

// -----

func.func @layer_norm_epsilon(%a: tensor<2x?x768xf32>, %s: tensor<768xf32>) {
  // expected-error @+2 {{'graph.layer_norm' op epsilon must be non-negative}}
  // expected-error @+1 {{'graph.layer_norm' op failed to infer returned types}}
  %0 = graph.layer_norm %a, %s {epsilon = -1.0 : f64} : (tensor<2x?x768xf32>, tensor<768xf32>) -> tensor<2x?x768xf32>
  return
}

// -----

func.func @layer_norm_element(%a: tensor<2x?x768xf32>, %s: tensor<768xbf16>) {
  // expected-error @+2 {{'graph.layer_norm' op operand #1 has element type 'bf16' but operand #0 has 'f32'}}
  // expected-error @+1 {{'graph.layer_norm' op failed to infer returned types}}
  %0 = graph.layer_norm %a, %s : (tensor<2x?x768xf32>, tensor<768xbf16>) -> tensor<2x?x768xf32>
  return
}

// -----

func.func @softmax_axis(%a: tensor<1x1000xf32>) {
  // expected-error @+2 {{'graph.softmax' op axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'graph.softmax' op failed to infer returned types}}
  %0 = graph.softmax %a {axis = 2 : i64} : tensor<1x1000xf32> -> tensor<1x1000xf32>
  return
}

// -----

func.func @log_softmax_scalar(%a: tensor<f32>) {
  // No axis of a scalar is valid. (With the default axis -1 the message
  // prints the axis as an unsigned number; see known-bugs/.)
  // expected-error @+2 {{'graph.log_softmax' op axis 0 is out of range for rank 0}}
  // expected-error @+1 {{'graph.log_softmax' op failed to infer returned types}}
  %0 = graph.log_softmax %a {axis = 0 : i64} : tensor<f32> -> tensor<f32>
  return
}

// -----

func.func @reduce_axis_range(%a: tensor<2x?x768xf32>) {
  // expected-error @+2 {{'graph.reduce_sum' op axis -4 is out of range for rank 3}}
  // expected-error @+1 {{'graph.reduce_sum' op failed to infer returned types}}
  %0 = graph.reduce_sum %a {axes = array<i64: -4>} : tensor<2x?x768xf32> -> tensor<2x?x768xf32>
  return
}

// -----

func.func @reduce_axis_twice(%a: tensor<2x?x768xf32>) {
  // 2 and -1 are the same axis.
  // expected-error @+2 {{'graph.reduce_mean' op axis -1 is listed twice}}
  // expected-error @+1 {{'graph.reduce_mean' op failed to infer returned types}}
  %0 = graph.reduce_mean %a {axes = array<i64: 2, -1>} : tensor<2x?x768xf32> -> tensor<2x?x1xf32>
  return
}

// -----

func.func @reduce_prod_axis_range(%a: tensor<4xi32>) {
  // expected-error @+2 {{'graph.reduce_prod' op axis 1 is out of range for rank 1}}
  // expected-error @+1 {{'graph.reduce_prod' op failed to infer returned types}}
  %0 = graph.reduce_prod %a {axes = array<i64: 1>} : tensor<4xi32> -> tensor<1xi32>
  return
}

//===----------------------------------------------------------------------===//
// attention
//===----------------------------------------------------------------------===//

// -----

func.func @attention_ranks(%q: tensor<2x12x128x64xf32>, %k: tensor<12x128x64xf32>) {
  // expected-error @+2 {{'graph.attention' op query, key and value must have the same rank >= 2, got ranks 4, 3 and 4}}
  // expected-error @+1 {{'graph.attention' op failed to infer returned types}}
  %0 = graph.attention %q, %k, %q : (tensor<2x12x128x64xf32>, tensor<12x128x64xf32>, tensor<2x12x128x64xf32>) -> tensor<2x12x128x64xf32>
  return
}

// -----

func.func @attention_rank_1(%q: tensor<64xf32>) {
  // expected-error @+2 {{'graph.attention' op query, key and value must have the same rank >= 2, got ranks 1, 1 and 1}}
  // expected-error @+1 {{'graph.attention' op failed to infer returned types}}
  %0 = graph.attention %q, %q, %q : (tensor<64xf32>, tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
  return
}

// -----

func.func @attention_batch(%q: tensor<2x12x128x64xf32>, %k: tensor<2x8x128x64xf32>) {
  // Grouped-query attention must repeat the key heads first.
  // expected-error @+2 {{'graph.attention' op batch dims of query [2, 12, 128, 64], key [2, 8, 128, 64] and value [2, 12, 128, 64] differ}}
  // expected-error @+1 {{'graph.attention' op failed to infer returned types}}
  %0 = graph.attention %q, %k, %q : (tensor<2x12x128x64xf32>, tensor<2x8x128x64xf32>, tensor<2x12x128x64xf32>) -> tensor<2x12x128x64xf32>
  return
}

// -----

func.func @attention_head_dim(%q: tensor<2x12x128x64xf32>, %k: tensor<2x12x128x32xf32>) {
  // expected-error @+2 {{'graph.attention' op query head dim 64 differs from key head dim 32}}
  // expected-error @+1 {{'graph.attention' op failed to infer returned types}}
  %0 = graph.attention %q, %k, %k : (tensor<2x12x128x64xf32>, tensor<2x12x128x32xf32>, tensor<2x12x128x32xf32>) -> tensor<2x12x128x32xf32>
  return
}

// -----

func.func @attention_positions(%q: tensor<2x12x128x64xf32>, %v: tensor<2x12x64x64xf32>) {
  // expected-error @+2 {{'graph.attention' op key has 128 positions but value has 64}}
  // expected-error @+1 {{'graph.attention' op failed to infer returned types}}
  %0 = graph.attention %q, %q, %v : (tensor<2x12x128x64xf32>, tensor<2x12x128x64xf32>, tensor<2x12x64x64xf32>) -> tensor<2x12x128x64xf32>
  return
}

// -----

func.func @attention_mask_element(%q: tensor<2x12x128x64xf32>, %m: tensor<2x1x1x128xf16>) {
  // expected-error @+2 {{'graph.attention' op mask must be i1 or the query's element type 'f32', got 'f16'}}
  // expected-error @+1 {{'graph.attention' op failed to infer returned types}}
  %0 = graph.attention %q, %q, %q, %m : (tensor<2x12x128x64xf32>, tensor<2x12x128x64xf32>, tensor<2x12x128x64xf32>, tensor<2x1x1x128xf16>) -> tensor<2x12x128x64xf32>
  return
}

// -----

func.func @attention_mask_shape(%q: tensor<2x12x128x64xf32>, %m: tensor<2x1x1x64xi1>) {
  // expected-error @+2 {{'graph.attention' op mask of shape [2, 1, 1, 64] does not broadcast to the scores [2, 12, 128, 128]}}
  // expected-error @+1 {{'graph.attention' op failed to infer returned types}}
  %0 = graph.attention %q, %q, %q, %m : (tensor<2x12x128x64xf32>, tensor<2x12x128x64xf32>, tensor<2x12x128x64xf32>, tensor<2x1x1x64xi1>) -> tensor<2x12x128x64xf32>
  return
}

// -----

func.func @attention_mask_rank(%q: tensor<12x128x64xf32>, %m: tensor<2x12x128x128xi1>) {
  // The mask may not add batch dims to the scores.
  // expected-error @+2 {{'graph.attention' op mask of shape [2, 12, 128, 128] does not broadcast to the scores [12, 128, 128]}}
  // expected-error @+1 {{'graph.attention' op failed to infer returned types}}
  %0 = graph.attention %q, %q, %q, %m : (tensor<12x128x64xf32>, tensor<12x128x64xf32>, tensor<12x128x64xf32>, tensor<2x12x128x128xi1>) -> tensor<12x128x64xf32>
  return
}

// -----

func.func @attention_scale(%q: tensor<2x12x128x64xf32>) {
  // expected-error @+2 {{'graph.attention' op scale must be positive}}
  // expected-error @+1 {{'graph.attention' op failed to infer returned types}}
  %0 = graph.attention %q, %q, %q {scale = 0.0 : f64} : (tensor<2x12x128x64xf32>, tensor<2x12x128x64xf32>, tensor<2x12x128x64xf32>) -> tensor<2x12x128x64xf32>
  return
}

// -----

func.func @attention_scale_nan(%q: tensor<2x12x128x64xf32>) {
  // expected-error @+2 {{'graph.attention' op scale must be positive}}
  // expected-error @+1 {{'graph.attention' op failed to infer returned types}}
  %0 = graph.attention %q, %q, %q {scale = 0x7FF8000000000000 : f64} : (tensor<2x12x128x64xf32>, tensor<2x12x128x64xf32>, tensor<2x12x128x64xf32>) -> tensor<2x12x128x64xf32>
  return
}

// -----

func.func @attention_element(%q: tensor<2x12x128x64xf32>, %k: tensor<2x12x128x64xf16>) {
  // expected-error @+2 {{'graph.attention' op operand #1 has element type 'f16' but operand #0 has 'f32'}}
  // expected-error @+1 {{'graph.attention' op failed to infer returned types}}
  %0 = graph.attention %q, %k, %k : (tensor<2x12x128x64xf32>, tensor<2x12x128x64xf16>, tensor<2x12x128x64xf16>) -> tensor<2x12x128x64xf32>
  return
}

//===----------------------------------------------------------------------===//
// reshape, flatten, squeeze, unsqueeze, transpose
//===----------------------------------------------------------------------===//

// -----

func.func @reshape_two_minus_one(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{'graph.reshape' op shape [-1, -1] has more than one -1}}
  // expected-error @+1 {{'graph.reshape' op failed to infer returned types}}
  %0 = graph.reshape %a {shape = array<i64: -1, -1>} : tensor<2x3xf32> -> tensor<?x?xf32>
  return
}

// -----

func.func @reshape_negative(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{'graph.reshape' op shape [3, -2] has a negative entry other than -1}}
  // expected-error @+1 {{'graph.reshape' op failed to infer returned types}}
  %0 = graph.reshape %a {shape = array<i64: 3, -2>} : tensor<2x3xf32> -> tensor<3x2xf32>
  return
}

// -----

func.func @reshape_indivisible(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{'graph.reshape' op cannot reshape [2, 3] (6 elements) to [4, -1]}}
  // expected-error @+1 {{'graph.reshape' op failed to infer returned types}}
  %0 = graph.reshape %a {shape = array<i64: 4, -1>} : tensor<2x3xf32> -> tensor<4x?xf32>
  return
}

// -----

func.func @reshape_count(%a: tensor<1x2048x1x1xf32>) {
  // expected-error @+2 {{'graph.reshape' op cannot reshape [1, 2048, 1, 1] (2048 elements) to [1, 1024] (1024 elements)}}
  // expected-error @+1 {{'graph.reshape' op failed to infer returned types}}
  %0 = graph.reshape %a {shape = array<i64: 1, 1024>} : tensor<1x2048x1x1xf32> -> tensor<1x1024xf32>
  return
}

// -----

func.func @flatten_axis(%a: tensor<2x3x4xf32>) {
  // expected-error @+2 {{'graph.flatten' op axis 4 is out of range [-rank, rank] for rank 3}}
  // expected-error @+1 {{'graph.flatten' op failed to infer returned types}}
  %0 = graph.flatten %a {axis = 4 : i64} : tensor<2x3x4xf32> -> tensor<24x1xf32>
  return
}

// -----

func.func @flatten_negative_axis(%a: tensor<2x3x4xf32>) {
  // expected-error @+2 {{'graph.flatten' op axis -4 is out of range [-rank, rank] for rank 3}}
  // expected-error @+1 {{'graph.flatten' op failed to infer returned types}}
  %0 = graph.flatten %a {axis = -4 : i64} : tensor<2x3x4xf32> -> tensor<1x24xf32>
  return
}

// -----

func.func @squeeze_axis_range(%a: tensor<1x2048xf32>) {
  // expected-error @+2 {{'graph.squeeze' op axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'graph.squeeze' op failed to infer returned types}}
  %0 = graph.squeeze %a {axes = array<i64: 2>} : tensor<1x2048xf32> -> tensor<2048xf32>
  return
}

// -----

func.func @squeeze_axis_twice(%a: tensor<1x1xf32>) {
  // expected-error @+2 {{'graph.squeeze' op axis -2 is listed twice}}
  // expected-error @+1 {{'graph.squeeze' op failed to infer returned types}}
  %0 = graph.squeeze %a {axes = array<i64: 0, -2>} : tensor<1x1xf32> -> tensor<1xf32>
  return
}

// -----

func.func @squeeze_non_unit(%a: tensor<1x2048x1x1xf32>) {
  // expected-error @+2 {{'graph.squeeze' op cannot squeeze axis 1 of size 2048}}
  // expected-error @+1 {{'graph.squeeze' op failed to infer returned types}}
  %0 = graph.squeeze %a {axes = array<i64: 1>} : tensor<1x2048x1x1xf32> -> tensor<1x1x1xf32>
  return
}

// -----

func.func @unsqueeze_axis_range(%a: tensor<2x3xf32>) {
  // The range is that of the result rank, 3.
  // expected-error @+2 {{'graph.unsqueeze' op axis 3 is out of range for result rank 3}}
  // expected-error @+1 {{'graph.unsqueeze' op failed to infer returned types}}
  %0 = graph.unsqueeze %a {axes = array<i64: 3>} : tensor<2x3xf32> -> tensor<2x3x1xf32>
  return
}

// -----

func.func @unsqueeze_axis_twice(%a: tensor<2x3xf32>) {
  // 0 and -4 are the same position in a rank-4 result.
  // expected-error @+2 {{'graph.unsqueeze' op axis -4 is listed twice}}
  // expected-error @+1 {{'graph.unsqueeze' op failed to infer returned types}}
  %0 = graph.unsqueeze %a {axes = array<i64: 0, -4>} : tensor<2x3xf32> -> tensor<1x1x2x3xf32>
  return
}

// -----

func.func @transpose_length(%a: tensor<2x?x12x64xf32>) {
  // expected-error @+2 {{'graph.transpose' op perm [0, 2, 1] is not a permutation of [0, 4)}}
  // expected-error @+1 {{'graph.transpose' op failed to infer returned types}}
  %0 = graph.transpose %a {perm = array<i64: 0, 2, 1>} : tensor<2x?x12x64xf32> -> tensor<2x12x?xf32>
  return
}

// -----

func.func @transpose_repeated(%a: tensor<2x3x4xf32>) {
  // expected-error @+2 {{'graph.transpose' op perm [0, 0, 1] is not a permutation of [0, 3)}}
  // expected-error @+1 {{'graph.transpose' op failed to infer returned types}}
  %0 = graph.transpose %a {perm = array<i64: 0, 0, 1>} : tensor<2x3x4xf32> -> tensor<2x2x3xf32>
  return
}

// -----

func.func @transpose_negative(%a: tensor<2x3xf32>) {
  // Negative entries are not accepted in a permutation.
  // expected-error @+2 {{'graph.transpose' op perm [-1, 0] is not a permutation of [0, 2)}}
  // expected-error @+1 {{'graph.transpose' op failed to infer returned types}}
  %0 = graph.transpose %a {perm = array<i64: -1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  return
}

//===----------------------------------------------------------------------===//
// concat, split
//===----------------------------------------------------------------------===//

// -----

func.func @concat_no_input() {
  // expected-error @+2 {{'graph.concat' op needs at least one input}}
  // expected-error @+1 {{'graph.concat' op failed to infer returned types}}
  %0 = graph.concat {axis = 0 : i64} : () -> tensor<0xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<4x3xf32>) {
  // expected-error @+2 {{'graph.concat' op axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'graph.concat' op failed to infer returned types}}
  %0 = graph.concat %a, %a {axis = 2 : i64} : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x6xf32>
  return
}

// -----

func.func @concat_element(%a: tensor<4x3xf32>, %b: tensor<4x2xf16>) {
  // expected-error @+2 {{'graph.concat' op input #1 ('tensor<4x2xf16>') does not match input #0 ('tensor<4x3xf32>') in rank and element type}}
  // expected-error @+1 {{'graph.concat' op failed to infer returned types}}
  %0 = graph.concat %a, %b {axis = 1 : i64} : (tensor<4x3xf32>, tensor<4x2xf16>) -> tensor<4x5xf32>
  return
}

// -----

func.func @concat_rank(%a: tensor<4x3xf32>, %b: tensor<4x2x1xf32>) {
  // expected-error @+2 {{'graph.concat' op input #1 ('tensor<4x2x1xf32>') does not match input #0 ('tensor<4x3xf32>') in rank and element type}}
  // expected-error @+1 {{'graph.concat' op failed to infer returned types}}
  %0 = graph.concat %a, %b {axis = 1 : i64} : (tensor<4x3xf32>, tensor<4x2x1xf32>) -> tensor<4x5xf32>
  return
}

// -----

func.func @concat_dim(%a: tensor<1x64x56x56xf32>, %b: tensor<1x32x28x28xf32>) {
  // expected-error @+2 {{'graph.concat' op input #1 has size 28 in dim 2 where input #0 has 56}}
  // expected-error @+1 {{'graph.concat' op failed to infer returned types}}
  %0 = graph.concat %a, %b {axis = 1 : i64} : (tensor<1x64x56x56xf32>, tensor<1x32x28x28xf32>) -> tensor<1x96x56x56xf32>
  return
}

// -----

func.func @concat_dim_refined(%a: tensor<?x3xf32>, %b: tensor<4x3xf32>, %c: tensor<5x3xf32>) {
  // Dim 0 becomes 4 from input #1, which input #2 then contradicts.
  // expected-error @+2 {{'graph.concat' op input #2 has size 5 in dim 0 where input #0 has 4}}
  // expected-error @+1 {{'graph.concat' op failed to infer returned types}}
  %0 = graph.concat %a, %b, %c {axis = 1 : i64} : (tensor<?x3xf32>, tensor<4x3xf32>, tensor<5x3xf32>) -> tensor<4x9xf32>
  return
}

// -----

func.func @split_axis(%a: tensor<4x6xf32>) {
  // expected-error @+2 {{'graph.split' op axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'graph.split' op failed to infer returned types}}
  %0:2 = graph.split %a {axis = 2 : i64, sizes = array<i64: 3, 3>} : tensor<4x6xf32> -> tensor<4x3xf32>, tensor<4x3xf32>
  return
}

// -----

func.func @split_empty(%a: tensor<4xf32>) {
  // expected-error @+2 {{'graph.split' op sizes must not be empty}}
  // expected-error @+1 {{'graph.split' op failed to infer returned types}}
  "graph.split"(%a) <{axis = 0 : i64, sizes = array<i64>}> : (tensor<4xf32>) -> ()
  return
}

// -----

func.func @split_negative(%a: tensor<4xf32>) {
  // expected-error @+2 {{'graph.split' op sizes must be non-negative, got [5, -1]}}
  // expected-error @+1 {{'graph.split' op failed to infer returned types}}
  %0:2 = graph.split %a {axis = 0 : i64, sizes = array<i64: 5, -1>} : tensor<4xf32> -> tensor<5xf32>, tensor<?xf32>
  return
}

// -----

func.func @split_total(%a: tensor<2x128x2304xf32>) {
  // expected-error @+2 {{'graph.split' op sizes [768, 768] add up to 1536 but dim 2 has size 2304}}
  // expected-error @+1 {{'graph.split' op failed to infer returned types}}
  %0:2 = graph.split %a {axis = -1 : i64, sizes = array<i64: 768, 768>} : tensor<2x128x2304xf32> -> tensor<2x128x768xf32>, tensor<2x128x768xf32>
  return
}

//===----------------------------------------------------------------------===//
// slice, gather
//===----------------------------------------------------------------------===//

// -----

func.func @slice_lengths(%a: tensor<4x6xf32>) {
  // expected-error @+2 {{'graph.slice' op starts and ends have different lengths (2 vs 1)}}
  // expected-error @+1 {{'graph.slice' op failed to infer returned types}}
  %0 = graph.slice %a {starts = array<i64: 0, 0>, ends = array<i64: 2>} : tensor<4x6xf32> -> tensor<2x6xf32>
  return
}

// -----

func.func @slice_too_many(%a: tensor<4x6xf32>) {
  // expected-error @+2 {{'graph.slice' op slices 3 axes of a rank-2 tensor}}
  // expected-error @+1 {{'graph.slice' op failed to infer returned types}}
  %0 = graph.slice %a {starts = array<i64: 0, 0, 0>, ends = array<i64: 1, 1, 1>} : tensor<4x6xf32> -> tensor<1x1xf32>
  return
}

// -----

func.func @slice_axes_length(%a: tensor<4x6xf32>) {
  // expected-error @+2 {{'graph.slice' op axes must have 1 entries, got 2}}
  // expected-error @+1 {{'graph.slice' op failed to infer returned types}}
  %0 = graph.slice %a {starts = array<i64: 0>, ends = array<i64: 2>, axes = array<i64: 0, 1>} : tensor<4x6xf32> -> tensor<2x6xf32>
  return
}

// -----

func.func @slice_steps_length(%a: tensor<4x6xf32>) {
  // expected-error @+2 {{'graph.slice' op steps must have 2 entries, got 1}}
  // expected-error @+1 {{'graph.slice' op failed to infer returned types}}
  %0 = graph.slice %a {starts = array<i64: 0, 0>, ends = array<i64: 2, 2>, steps = array<i64: 1>} : tensor<4x6xf32> -> tensor<2x2xf32>
  return
}

// -----

func.func @slice_axis_range(%a: tensor<4x6xf32>) {
  // expected-error @+2 {{'graph.slice' op axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'graph.slice' op failed to infer returned types}}
  %0 = graph.slice %a {starts = array<i64: 0>, ends = array<i64: 2>, axes = array<i64: 2>} : tensor<4x6xf32> -> tensor<4x6xf32>
  return
}

// -----

func.func @slice_axis_twice(%a: tensor<4x6xf32>) {
  // expected-error @+2 {{'graph.slice' op axis -1 is listed twice}}
  // expected-error @+1 {{'graph.slice' op failed to infer returned types}}
  %0 = graph.slice %a {starts = array<i64: 0, 1>, ends = array<i64: 2, 3>, axes = array<i64: 1, -1>} : tensor<4x6xf32> -> tensor<4x2xf32>
  return
}

// -----

func.func @slice_zero_step(%a: tensor<4x6xf32>) {
  // expected-error @+2 {{'graph.slice' op step for axis 1 must be non-zero}}
  // expected-error @+1 {{'graph.slice' op failed to infer returned types}}
  %0 = graph.slice %a {starts = array<i64: 0>, ends = array<i64: 2>, axes = array<i64: 1>, steps = array<i64: 0>} : tensor<4x6xf32> -> tensor<4x2xf32>
  return
}

// -----

func.func @gather_scalar_data(%a: tensor<f32>, %i: tensor<2xi64>) {
  // expected-error @+2 {{'graph.gather' op data must have rank >= 1}}
  // expected-error @+1 {{'graph.gather' op failed to infer returned types}}
  %0 = graph.gather %a, %i : (tensor<f32>, tensor<2xi64>) -> tensor<2xf32>
  return
}

// -----

func.func @gather_axis(%a: tensor<30522x768xf32>, %i: tensor<2x128xi64>) {
  // expected-error @+2 {{'graph.gather' op axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'graph.gather' op failed to infer returned types}}
  %0 = graph.gather %a, %i {axis = 2 : i64} : (tensor<30522x768xf32>, tensor<2x128xi64>) -> tensor<2x128x768xf32>
  return
}

//===----------------------------------------------------------------------===//
// pad, expand
//===----------------------------------------------------------------------===//

// -----

func.func @pad_length(%a: tensor<1x3x224x224xf32>) {
  // expected-error @+2 {{'graph.pad' op pads must have 8 entries (begins then ends), got 4}}
  // expected-error @+1 {{'graph.pad' op failed to infer returned types}}
  %0 = graph.pad %a {pads = array<i64: 3, 3, 3, 3>} : tensor<1x3x224x224xf32> -> tensor<1x3x230x230xf32>
  return
}

// -----

func.func @pad_reflect(%a: tensor<1x3x4x4xf32>) {
  // Reflection needs pad < dim (it does not repeat the edge).
  // expected-error @+2 {{'graph.pad' op reflect padding of dim 2 (size 4) must be smaller than the dim, got 4 and 0}}
  // expected-error @+1 {{'graph.pad' op failed to infer returned types}}
  %0 = graph.pad %a {pads = array<i64: 0, 0, 4, 0, 0, 0, 0, 0>, mode = #graph<pad_mode reflect>} : tensor<1x3x4x4xf32> -> tensor<1x3x8x4xf32>
  return
}

// -----

func.func @pad_edge_empty(%a: tensor<0x4xf32>) {
  // expected-error @+2 {{'graph.pad' op cannot edge-pad empty dim 0}}
  // expected-error @+1 {{'graph.pad' op failed to infer returned types}}
  %0 = graph.pad %a {pads = array<i64: 1, 0, 0, 0>, mode = #graph<pad_mode edge>} : tensor<0x4xf32> -> tensor<1x4xf32>
  return
}

// -----

func.func @pad_crop(%a: tensor<4x4xf32>) {
  // expected-error @+2 {{'graph.pad' op negative pads -3 and -2 crop more than dim 0 (size 4)}}
  // expected-error @+1 {{'graph.pad' op failed to infer returned types}}
  %0 = graph.pad %a {pads = array<i64: -3, 0, -2, 0>} : tensor<4x4xf32> -> tensor<0x4xf32>
  return
}

// -----

func.func @pad_mode(%a: tensor<4x4xf32>) {
  // expected-error @+2 {{expected ::strata::graph::PadMode to be one of: constant, reflect, edge}}
  // expected-error @+1 {{failed to parse Graph_PadModeAttr parameter 'value' which is to be a `::strata::graph::PadMode`}}
  %0 = graph.pad %a {pads = array<i64: 1, 1, 1, 1>, mode = #graph<pad_mode wrap>} : tensor<4x4xf32> -> tensor<6x6xf32>
  return
}

// -----

func.func @expand_negative(%a: tensor<3x1xf32>) {
  // expected-error @+2 {{'graph.expand' op shape entries must be non-negative, got [-1, 4]}}
  // expected-error @+1 {{'graph.expand' op failed to infer returned types}}
  %0 = graph.expand %a {shape = array<i64: -1, 4>} : tensor<3x1xf32> -> tensor<3x4xf32>
  return
}

// -----

func.func @expand_broadcast(%a: tensor<3x4xf32>) {
  // expected-error @+2 {{'graph.expand' op shapes [3, 4] and [3, 5] do not broadcast: result dim 1 would need 4 and 5}}
  // expected-error @+1 {{'graph.expand' op failed to infer returned types}}
  %0 = graph.expand %a {shape = array<i64: 3, 5>} : tensor<3x4xf32> -> tensor<3x5xf32>
  return
}

// -----

// Negative axes are reported as written (signed), not as unsigned values.
func.func @softmax_negative_axis_rank0(%a: tensor<f32>) {
  // expected-error @+2 {{'graph.softmax' op axis -1 is out of range for rank 0}}
  // expected-error @+1 {{'graph.softmax' op failed to infer returned types}}
  %0 = graph.softmax %a : tensor<f32> -> tensor<f32>
  return
}

// -----

func.func @concat_negative_axis(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{'graph.concat' op axis -3 is out of range for rank 2}}
  // expected-error @+1 {{'graph.concat' op failed to infer returned types}}
  %0 = graph.concat %a {axis = -3 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

// Dynamic sizes are printed as `?` in messages.
func.func @conv_bias_dynamic_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<?x3x3x3xf32>, %b: tensor<2x2xf32>) {
  // expected-error @+2 {{'graph.conv' op bias must be 1-D with ? entries (output channels), got [2, 2]}}
  // expected-error @+1 {{'graph.conv' op failed to infer returned types}}
  %0 = graph.conv %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<?x3x3x3xf32>, tensor<2x2xf32>) -> tensor<1x?x6x6xf32>
  return
}

// -----

func.func @batch_norm_dynamic_channels(%x: tensor<1x?x8x8xf32>, %s: tensor<2x2xf32>, %v: tensor<2xf32>) {
  // expected-error @+2 {{'graph.batch_norm' op scale must be 1-D with ? entries (input dim 1), got [2, 2]}}
  // expected-error @+1 {{'graph.batch_norm' op failed to infer returned types}}
  %0 = graph.batch_norm %x, %s, %v, %v, %v : (tensor<1x?x8x8xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x?x8x8xf32>
  return
}

// -----

// cast and constant do not print their result type, so it must be exactly
// the inferred one (otherwise the printed IR would not parse back).
func.func @cast_result_less_static(%a: tensor<?x4xf32>) {
  // expected-error @+2 {{'graph.cast' op inferred type(s) 'tensor<?x4xf16>' are incompatible with return type(s) of operation 'tensor<2x4xf16>'}}
  // expected-error @+1 {{'graph.cast' op failed to infer returned types}}
  %0 = "graph.cast"(%a) <{to = f16}> : (tensor<?x4xf32>) -> tensor<2x4xf16>
  return
}

// -----

func.func @constant_result_differs() {
  // expected-error @+2 {{'graph.constant' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<?xf32>'}}
  // expected-error @+1 {{'graph.constant' op failed to infer returned types}}
  %0 = "graph.constant"() <{value = dense<1.0> : tensor<4xf32>}> : () -> tensor<?xf32>
  return
}

// -----

func.func @reflect_pad_empty_dim(%a: tensor<0x4xf32>) {
  // expected-error @+2 {{'graph.pad' op cannot reflect-pad empty dim 0}}
  // expected-error @+1 {{'graph.pad' op failed to infer returned types}}
  %0 = graph.pad %a {pads = array<i64: 1, 0, 0, 0>, mode = #graph<pad_mode reflect>} : tensor<0x4xf32> -> tensor<1x4xf32>
  return
}

// -----

// Sizes that overflow 64 bits are errors, not wrapped values.
func.func @reshape_overflow(%a: tensor<0xf32>) {
  // expected-error @+2 {{'graph.reshape' op shape [4294967296, 4294967296] has more than 2^63 elements}}
  // expected-error @+1 {{'graph.reshape' op failed to infer returned types}}
  %0 = graph.reshape %a {shape = array<i64: 4294967296, 4294967296>} : tensor<0xf32> -> tensor<4294967296x4294967296xf32>
  return
}

// -----

func.func @pad_overflow(%a: tensor<4xf32>) {
  // expected-error @+2 {{'graph.pad' op padded size of dim 0 overflows 64-bit integers}}
  // expected-error @+1 {{'graph.pad' op failed to infer returned types}}
  %0 = graph.pad %a {pads = array<i64: 9223372036854775807, 1>} : tensor<4xf32> -> tensor<?xf32>
  return
}

// -----

func.func @concat_overflow(%a: tensor<4611686018427387904xf32>) {
  // expected-error @+2 {{'graph.concat' op concatenated size overflows 64-bit integers}}
  // expected-error @+1 {{'graph.concat' op failed to infer returned types}}
  %0 = graph.concat %a, %a, %a {axis = 0 : i64} : (tensor<4611686018427387904xf32>, tensor<4611686018427387904xf32>, tensor<4611686018427387904xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @mod_float_without_fmod(%a: tensor<4xf32>) {
  // expected-error @+2 {{'graph.mod' op a float remainder requires fmod = true, got 'f32' with fmod = false}}
  // expected-error @+1 {{'graph.mod' op failed to infer returned types}}
  %0 = graph.mod %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @bitshift_of_float(%a: tensor<4xf32>) {
  // expected-error @+1 {{'graph.bitshift' op operand #0 must be ranked tensor of integer values, but got 'tensor<4xf32>'}}
  %0 = graph.bitshift %a, %a {left = true} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @is_nan_of_integer(%a: tensor<4xi32>) {
  // expected-error @+1 {{'graph.is_nan' op operand #0 must be ranked tensor of floating-point values, but got 'tensor<4xi32>'}}
  %0 = graph.is_nan %a : tensor<4xi32> -> tensor<4xi1>
  return
}

// -----

func.func @layer_norm_stats_axis(%a: tensor<2x4xf32>) {
  // expected-error @+2 {{'graph.layer_norm_stats' op axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'graph.layer_norm_stats' op failed to infer returned types}}
  %m, %s = graph.layer_norm_stats %a {axis = 2 : i64} : tensor<2x4xf32> -> tensor<2x1xf32>, tensor<2x1xf32>
  return
}
