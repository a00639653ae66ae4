// RUN: strata-opt %s -convert-graph-to-linalg -split-input-file -verify-diagnostics

// A dynamic dim broadcast against a static size other than 1 may be 1 at
// run time: the broadcast is ambiguous and rejected with the reason.
func.func @dynamic_vs_static(%a: tensor<?x4xf32>, %b: tensor<3x4xf32>) -> tensor<3x4xf32> {
  // expected-error @+2 {{cannot lower to linalg: dim 0 of operand 0 is dynamic and broadcast against size 3 (dim 0 of operand 1): it may be 1 at run time, which is ambiguous}}
  // expected-error @+1 {{failed to legalize operation 'graph.mul' that was explicitly marked illegal}}
  %0 = graph.mul %a, %b : (tensor<?x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// Dynamic against dynamic (assumed equal) and against 1 are fine.
func.func @dynamic_ok(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>, %c: tensor<1x4xf32>) -> tensor<?x4xf32> {
  %0 = graph.add %a, %b : (tensor<?x4xf32>, tensor<?x4xf32>) -> tensor<?x4xf32>
  %1 = graph.add %0, %c : (tensor<?x4xf32>, tensor<1x4xf32>) -> tensor<?x4xf32>
  return %1 : tensor<?x4xf32>
}
