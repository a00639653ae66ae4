// A two-layer MLP in the graph dialect, written as an importer would emit it:
// result dims left dynamic where the importer did not know them, and a
// flatten/reshape pair that cancels. Run:
//   build/bin/strata-opt examples/mlp.mlir -canonicalize -graph-infer-shapes
func.func @mlp(%x: tensor<8x1x28x28xf32>) -> tensor<?x10xf32> {
  %w1 = graph.constant dense<0.01> : tensor<784x128xf32>
  %b1 = graph.constant dense<0.1> : tensor<128xf32>
  %w2 = graph.constant dense<0.02> : tensor<128x10xf32>
  %b2 = graph.constant dense<0.0> : tensor<10xf32>
  %0 = graph.flatten %x : tensor<8x1x28x28xf32> -> tensor<?x?xf32>
  %1 = graph.reshape %0 {shape = array<i64: -1, 784>} : tensor<?x?xf32> -> tensor<?x784xf32>
  %2 = graph.matmul %1, %w1 : (tensor<?x784xf32>, tensor<784x128xf32>) -> tensor<?x128xf32>
  %3 = graph.add %2, %b1 : (tensor<?x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %4 = graph.relu %3 : tensor<?x128xf32>
  %5 = graph.gemm %4, %w2, %b2 : (tensor<?x128xf32>, tensor<128x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  %6 = graph.softmax %5 : tensor<?x10xf32> -> tensor<?x10xf32>
  return %6 : tensor<?x10xf32>
}
