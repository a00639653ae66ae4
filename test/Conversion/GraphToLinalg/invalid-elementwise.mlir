// RUN: strata-opt %s -convert-graph-to-linalg -split-input-file -verify-diagnostics

// Graph ops the elementwise/reduction/normalisation lowering rejects, with
// the reason reported on the op (followed by the dialect conversion's own
// "failed to legalize").

// Unsigned element types in an op whose lowering does not handle them
// (rejected before the conversion, see UnsignedTypes.cpp).
func.func @unsigned_reduce(%a: tensor<4x4xui32>) -> tensor<1x1xui32> {
  // expected-error @+1 {{cannot lower to linalg: element type 'ui32' is not supported by graph.reduce_max}}
  %0 = graph.reduce_max %a : tensor<4x4xui32> -> tensor<1x1xui32>
  return %0 : tensor<1x1xui32>
}

// -----

// Float types other than f16, bf16, f32 and f64.
func.func @f8_exp(%a: tensor<4xf8E4M3FN>) -> tensor<4xf8E4M3FN> {
  // expected-error @+2 {{cannot lower to linalg: element type f8E4M3FN is not supported (f16, bf16, f32, f64 and integers are)}}
  // expected-error @+1 {{failed to legalize operation 'graph.exp'}}
  %0 = graph.exp %a : tensor<4xf8E4M3FN>
  return %0 : tensor<4xf8E4M3FN>
}

// -----

func.func @f8_softmax(%a: tensor<4x8xf8E5M2>) -> tensor<4x8xf8E5M2> {
  // expected-error @+2 {{element type f8E5M2 is not supported}}
  // expected-error @+1 {{failed to legalize operation 'graph.softmax'}}
  %0 = graph.softmax %a : tensor<4x8xf8E5M2> -> tensor<4x8xf8E5M2>
  return %0 : tensor<4x8xf8E5M2>
}

// -----

func.func @f8_layer_norm(%a: tensor<4x8xf8E5M2>, %s: tensor<8xf8E5M2>) -> tensor<4x8xf8E5M2> {
  // expected-error @+2 {{element type f8E5M2 is not supported}}
  // expected-error @+1 {{failed to legalize operation 'graph.layer_norm'}}
  %0 = graph.layer_norm %a, %s : (tensor<4x8xf8E5M2>, tensor<8xf8E5M2>) -> tensor<4x8xf8E5M2>
  return %0 : tensor<4x8xf8E5M2>
}
