"""Writes one small ONNX test case: OUT/NAME/model.onnx and input_0.npy.

Shared by mma_models.py and reduction_models.py: a graph of `nodes` with
one input "x" (the array `x`) and one output "y" of `y_shape`, the
`initializers` as constants, opset 17, checked by onnx.checker.
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper


def write_case(directory, nodes, x, y_shape, initializers,
               dtype=TensorProto.FLOAT):
    graph = helper.make_graph(
        nodes, os.path.basename(directory),
        [helper.make_tensor_value_info("x", dtype, x.shape)],
        [helper.make_tensor_value_info("y", dtype, y_shape)],
        initializer=initializers)
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    os.makedirs(directory, exist_ok=True)
    onnx.save(model, os.path.join(directory, "model.onnx"))
    np.save(os.path.join(directory, "input_0.npy"), x)
