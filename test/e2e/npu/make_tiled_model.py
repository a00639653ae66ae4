"""Writes an ONNX model whose matmuls need tiling in M, N and K on the NPU
and whose elementwise ops span several chunks, plus a random input:
    h = Relu(Gemm(x, W1, b1, transB=1))    x: 300x1500, W1: 600x1500
    y = MatMul(h, W2)                      W2: 600x200 (two uses: no fusion)
    out = Add(y, Relu(y))
usage: make_tiled_model.py OUT_DIR
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(7)
w1 = rng.standard_normal((600, 1500), np.float32) * 0.03
b1 = rng.standard_normal(600, np.float32) * 0.1
w2 = rng.standard_normal((600, 200), np.float32) * 0.05
x = rng.standard_normal((300, 1500), np.float32)
nodes = [
    helper.make_node("Gemm", ["x", "w1", "b1"], ["g"], name="fc1", transB=1),
    helper.make_node("Relu", ["g"], ["h"], name="relu1"),
    helper.make_node("MatMul", ["h", "w2"], ["y"], name="fc2"),
    helper.make_node("Relu", ["y"], ["r"], name="relu2"),
    helper.make_node("Add", ["y", "r"], ["out"], name="add"),
]
graph = helper.make_graph(
    nodes, "tiled",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [300, 1500])],
    [helper.make_tensor_value_info("out", TensorProto.FLOAT, [300, 200])],
    [numpy_helper.from_array(w1, "w1"), numpy_helper.from_array(b1, "b1"),
     numpy_helper.from_array(w2, "w2")])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
onnx.save(model, os.path.join(out, "model.onnx"))
np.save(os.path.join(out, "input_0.npy"), x)
