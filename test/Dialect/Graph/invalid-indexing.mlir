// RUN: strata-opt %s -split-input-file -verify-diagnostics

// Diagnostics of the indexing ops (lib/Dialect/Graph/IR/IndexingOps.cpp).

func.func @gather_elements_rank(%a: tensor<4x8xf32>, %i: tensor<2xi64>) {
  // expected-error @+2 {{'graph.gather_elements' op indices have rank 1 but data has rank 2}}
  // expected-error @+1 {{'graph.gather_elements' op failed to infer returned types}}
  %0 = graph.gather_elements %a, %i : (tensor<4x8xf32>, tensor<2xi64>) -> tensor<2xf32>
  return
}

// -----

func.func @gather_elements_axis(%a: tensor<4x8xf32>, %i: tensor<2x2xi64>) {
  // expected-error @+2 {{'graph.gather_elements' op axis 2 is out of range for rank 2}}
  // expected-error @+1 {{'graph.gather_elements' op failed to infer returned types}}
  %0 = graph.gather_elements %a, %i {axis = 2 : i64} : (tensor<4x8xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
  return
}

// -----

func.func @gather_elements_dim(%a: tensor<4x8xf32>, %i: tensor<5x2xi64>) {
  // expected-error @+2 {{'graph.gather_elements' op indices dim 0 (5) exceeds the data dim (4)}}
  // expected-error @+1 {{'graph.gather_elements' op failed to infer returned types}}
  %0 = graph.gather_elements %a, %i {axis = 1 : i64} : (tensor<4x8xf32>, tensor<5x2xi64>) -> tensor<5x2xf32>
  return
}

// -----

func.func @scatter_updates_type(%a: tensor<4xf32>, %i: tensor<2xi64>, %u: tensor<2xf16>) {
  // expected-error @+2 {{'graph.scatter_elements' op updates have element type 'f16' but data has 'f32'}}
  // expected-error @+1 {{'graph.scatter_elements' op failed to infer returned types}}
  %0 = graph.scatter_elements %a, %i, %u : (tensor<4xf32>, tensor<2xi64>, tensor<2xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @scatter_updates_shape(%a: tensor<4xf32>, %i: tensor<2xi64>, %u: tensor<3xf32>) {
  // expected-error @+2 {{'graph.scatter_elements' op updates and indices differ in dim 0 (3 vs 2)}}
  // expected-error @+1 {{'graph.scatter_elements' op failed to infer returned types}}
  %0 = graph.scatter_elements %a, %i, %u : (tensor<4xf32>, tensor<2xi64>, tensor<3xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @arg_max_axis(%a: tensor<4xf32>) {
  // expected-error @+2 {{'graph.arg_max' op axis 1 is out of range for rank 1}}
  // expected-error @+1 {{'graph.arg_max' op failed to infer returned types}}
  %0 = graph.arg_max %a {axis = 1 : i64} : tensor<4xf32> -> tensor<1xi64>
  return
}

// -----

func.func @arg_min_result(%a: tensor<4xf32>) {
  // expected-error @+1 {{'graph.arg_min' op result #0 must be ranked tensor of 64-bit signless integer values, but got 'tensor<1xi32>'}}
  %0 = graph.arg_min %a : tensor<4xf32> -> tensor<1xi32>
  return
}

// -----

func.func @trilu_rank(%a: tensor<4xf32>) {
  // expected-error @+2 {{'graph.trilu' op input must have rank >= 2, got 1}}
  // expected-error @+1 {{'graph.trilu' op failed to infer returned types}}
  %0 = graph.trilu %a : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @trilu_k(%a: tensor<4x4xf32>, %k: tensor<2xi64>) {
  // expected-error @+2 {{'graph.trilu' op k_input must have one element, got 'tensor<2xi64>'}}
  // expected-error @+1 {{'graph.trilu' op failed to infer returned types}}
  %0 = graph.trilu %a, %k : (tensor<4x4xf32>, tensor<2xi64>) -> tensor<4x4xf32>
  return
}

// -----

func.func @cumsum_axis(%a: tensor<4xf32>) {
  // expected-error @+2 {{'graph.cumsum' op axis -2 is out of range for rank 1}}
  // expected-error @+1 {{'graph.cumsum' op failed to infer returned types}}
  %0 = graph.cumsum %a {axis = -2 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @resize_sizes(%a: tensor<1x4xf32>) {
  // expected-error @+2 {{'graph.resize' op sizes must have 2 entries, got 1}}
  // expected-error @+1 {{'graph.resize' op failed to infer returned types}}
  %0 = graph.resize %a {sizes = array<i64: 8>, scales = array<f64: 2.0>} : (tensor<1x4xf32>) -> tensor<8xf32>
  return
}

// -----

func.func @resize_scales(%a: tensor<1x4xf32>) {
  // expected-error @+2 {{'graph.resize' op scales must be > 0, got 0}}
  // expected-error @+1 {{'graph.resize' op failed to infer returned types}}
  %0 = graph.resize %a {sizes = array<i64: 1, 8>, scales = array<f64: 1.0, 0.0>} : (tensor<1x4xf32>) -> tensor<1x8xf32>
  return
}

// -----

func.func @resize_crop_roi(%a: tensor<1x4xf32>) {
  // expected-error @+2 {{'graph.resize' op tf_crop_and_resize needs a roi}}
  // expected-error @+1 {{'graph.resize' op failed to infer returned types}}
  %0 = graph.resize %a {sizes = array<i64: 1, 8>, scales = array<f64: 1.0, 2.0>, coordinate_mode = #graph<resize_coordinate_mode tf_crop_and_resize>} : (tensor<1x4xf32>) -> tensor<1x8xf32>
  return
}

// -----

func.func @resize_linear_int(%a: tensor<1x4xi32>) {
  // expected-error @+2 {{'graph.resize' op linear and cubic modes need a float element type, got 'i32'}}
  // expected-error @+1 {{'graph.resize' op failed to infer returned types}}
  %0 = graph.resize %a {sizes = array<i64: 1, 8>, scales = array<f64: 1.0, 2.0>, mode = #graph<resize_mode linear>} : (tensor<1x4xi32>) -> tensor<1x8xi32>
  return
}

// -----

func.func @resize_scales_input(%a: tensor<1x4xf32>, %s: tensor<3xf32>) {
  // expected-error @+2 {{'graph.resize' op scales_input must be a 1-D tensor of 2 entries}}
  // expected-error @+1 {{'graph.resize' op failed to infer returned types}}
  %0 = graph.resize %a, %s {sizes = array<i64: 1, 8>, scales = array<f64: 1.0, 2.0>} : (tensor<1x4xf32>, tensor<3xf32>) -> tensor<1x8xf32>
  return
}
