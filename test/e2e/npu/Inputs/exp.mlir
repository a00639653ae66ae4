func.func @main(%x: tensor<2x8xf32> {strata.name = "x"}) -> (tensor<2x8xf32> {strata.name = "y"}) {
  %0 = graph.exp %x : tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}
