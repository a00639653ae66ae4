func.func @main(%x: tensor<2x8xf32> {strata.name = "x"}) -> tensor<2x8xf32> {
  %0 = graph.softmax %x : tensor<2x8xf32> -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}
