// RUN: strata-opt %s -convert-graph-to-linalg -split-input-file -verify-diagnostics

// What the structured-op and data-movement lowerings reject, with the reason
// reported on the op (followed by the dialect conversion's own error).

func.func @matmul_unsigned(%a: tensor<3x4xui8>, %b: tensor<4x5xui8>) -> tensor<3x5xui8> {
  // expected-error @+1 {{cannot lower to linalg: element type 'ui8' is not supported by graph.matmul}}
  %0 = graph.matmul %a, %b : (tensor<3x4xui8>, tensor<4x5xui8>) -> tensor<3x5xui8>
  return %0 : tensor<3x5xui8>
}

// -----

func.func @gemm_int_fractional_alpha(%a: tensor<3x4xi32>, %b: tensor<4x5xi32>) -> tensor<3x5xi32> {
  // expected-error @+2 {{cannot lower to linalg: alpha and beta must be integers for an integer gemm}}
  // expected-error @+1 {{failed to legalize operation 'graph.gemm'}}
  %0 = graph.gemm %a, %b {alpha = 0.5} : (tensor<3x4xi32>, tensor<4x5xi32>) -> tensor<3x5xi32>
  return %0 : tensor<3x5xi32>
}

// -----

func.func @conv_dynamic_spatial(%x: tensor<1x3x?x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x?x6xf32> {
  // expected-error @+2 {{cannot lower to linalg: dynamic spatial or kernel dims are not supported}}
  // expected-error @+1 {{failed to legalize operation 'graph.conv'}}
  %0 = graph.conv %x, %w : (tensor<1x3x?x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x?x6xf32>
  return %0 : tensor<1x4x?x6xf32>
}

// -----

func.func @max_pool_dynamic_spatial(%x: tensor<1x3x8x?xf32>) -> tensor<1x3x4x?xf32> {
  // expected-error @+2 {{cannot lower to linalg: dynamic spatial dims are not supported}}
  // expected-error @+1 {{failed to legalize operation 'graph.max_pool'}}
  %0 = graph.max_pool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x3x8x?xf32> -> tensor<1x3x4x?xf32>
  return %0 : tensor<1x3x4x?xf32>
}

// -----

func.func @attention_dynamic_head_dim(%q: tensor<4x?xf32>, %k: tensor<6x?xf32>, %v: tensor<6x5xf32>) -> tensor<4x5xf32> {
  // expected-error @+2 {{cannot lower to linalg: the default scale needs a static head dim}}
  // expected-error @+1 {{failed to legalize operation 'graph.attention'}}
  %0 = graph.attention %q, %k, %v : (tensor<4x?xf32>, tensor<6x?xf32>, tensor<6x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @slice_dynamic_dim(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+2 {{cannot lower to linalg: slicing a dynamic dim is not supported}}
  // expected-error @+1 {{failed to legalize operation 'graph.slice'}}
  %0 = graph.slice %x {starts = array<i64: 1>, ends = array<i64: -1>} : tensor<?x4xf32> -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @pad_crop_dynamic_dim(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+2 {{cannot lower to linalg: negative pads on a dynamic dim are not supported}}
  // expected-error @+1 {{failed to legalize operation 'graph.pad'}}
  %0 = graph.pad %x {pads = array<i64: -1, 0, 0, 0>} : tensor<?x4xf32> -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
