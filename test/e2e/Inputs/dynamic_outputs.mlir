// Outputs of a model with a dynamic output: an input returned as is, a
// constant and a static input. The compiled code returns all of them (ABI
// version 2); buffers the function does not own are copied for the caller,
// which frees them.
func.func @main(%x: tensor<?x4xf32> {strata.name = "x", strata.dim_names = ["N", ""]},
                %y: tensor<2xf32> {strata.name = "y"})
    -> (tensor<?x4xf32> {strata.name = "relu"}, tensor<?x4xf32> {strata.name = "same"},
        tensor<4xf32> {strata.name = "const"}, tensor<2xf32> {strata.name = "y_out"}) {
  %c = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %r = graph.relu %x : tensor<?x4xf32>
  return %r, %x, %c, %y : tensor<?x4xf32>, tensor<?x4xf32>, tensor<4xf32>, tensor<2xf32>
}
