#!/usr/bin/python3
"""Evaluate an ONNX graph made only of Gemm and Relu nodes with numpy.

usage: eval_gemm_relu.py MODEL_DIR OUT_DIR

Reads MODEL_DIR/model.onnx and MODEL_DIR/input_<k>.npy and writes
OUT_DIR/output_<k>.npy and OUT_DIR/outputs.json the way strata-run does: an
independent check that export_models.py's MLP export, inputs and PyTorch
reference agree with each other.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def main(model_dir, out_dir):
    model = onnx.load(os.path.join(model_dir, "model.onnx"))
    g = model.graph
    env = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in g.initializer}
    inputs = [i for i in g.input if i.name not in env]
    for k, i in enumerate(inputs):
        env[i.name] = np.load(os.path.join(model_dir, f"input_{k}.npy")).astype(np.float64)
    for node in g.node:
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        x = [env[n] for n in node.input]
        if node.op_type == "Gemm":
            a = x[0].T if attrs.get("transA") else x[0]
            b = x[1].T if attrs.get("transB") else x[1]
            y = attrs.get("alpha", 1.0) * (a @ b)
            if len(x) > 2:
                y = y + attrs.get("beta", 1.0) * x[2]
        elif node.op_type == "Relu":
            y = np.maximum(x[0], 0)
        else:
            sys.exit(f"eval_gemm_relu: unsupported op {node.op_type}")
        env[node.output[0]] = y
    os.makedirs(out_dir, exist_ok=True)
    listing = []
    for k, o in enumerate(g.output):
        y = env[o.name].astype(np.float32)
        np.save(os.path.join(out_dir, f"output_{k}.npy"), y)
        listing.append({"index": k, "name": o.name, "shape": list(y.shape), "dtype": str(y.dtype)})
    with open(os.path.join(out_dir, "outputs.json"), "w") as f:
        json.dump(listing, f)


if __name__ == "__main__":
    main(*sys.argv[1:3])
