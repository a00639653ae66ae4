// RUN: strata-opt %s -convert-graph-to-linalg -split-input-file -verify-diagnostics

// Graph ops the elementwise/reduction/normalisation lowering rejects, with
// the reason reported on the op (followed by the dialect conversion's own
// "failed to legalize").

// Unsigned element types: arith is signless-only and tensor.bitcast (the
// signless view) does not bufferize upstream.
func.func @unsigned_add(%a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xui8> {
  // expected-error @+2 {{cannot lower to linalg: element type ui8 is not supported: arith has no unsigned types and a signless view (tensor.bitcast) does not bufferize}}
  // expected-error @+1 {{failed to legalize operation 'graph.add' that was explicitly marked illegal}}
  %0 = graph.add %a, %b : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

func.func @unsigned_cast(%a: tensor<4xui16>) -> tensor<4xf32> {
  // expected-error @+2 {{element type ui16 is not supported}}
  // expected-error @+1 {{failed to legalize operation 'graph.cast'}}
  %0 = graph.cast %a : tensor<4xui16> to f32
  return %0 : tensor<4xf32>
}

// -----

func.func @cast_to_unsigned(%a: tensor<4xf32>) -> tensor<4xui8> {
  // expected-error @+2 {{element type ui8 is not supported}}
  // expected-error @+1 {{failed to legalize operation 'graph.cast'}}
  %0 = graph.cast %a : tensor<4xf32> to ui8
  return %0 : tensor<4xui8>
}

// -----

func.func @unsigned_reduce(%a: tensor<4x4xui32>) -> tensor<1x1xui32> {
  // expected-error @+2 {{element type ui32 is not supported}}
  // expected-error @+1 {{failed to legalize operation 'graph.reduce_max'}}
  %0 = graph.reduce_max %a : tensor<4x4xui32> -> tensor<1x1xui32>
  return %0 : tensor<1x1xui32>
}

// -----

// Float types other than f16, bf16, f32 and f64.
func.func @f8_exp(%a: tensor<4xf8E4M3FN>) -> tensor<4xf8E4M3FN> {
  // expected-error @+2 {{cannot lower to linalg: element type f8E4M3FN is not supported (f16, bf16, f32, f64 and signless integers are)}}
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
