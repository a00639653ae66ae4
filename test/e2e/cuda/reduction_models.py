#!/usr/bin/python3
"""Small ONNX reductions and their numpy references, for the block-level
reduction kernels of the CUDA backend.

For each model NAME it writes OUT/NAME/model.onnx, OUT/NAME/input_0.npy and
OUT/NAME/expected_0.npy (numpy in float64, stored as float32). Every
reduction is long enough (>= 64 elements per output) to run one block per
output on the GPU: softmax and layer norm over long rows, a sum, a global
max over 12 x 12 maps and a mean over the leading axis (strided reads).
"""
import argparse
import os

import numpy as np
from onnx import helper, numpy_helper

from onnx_cases import write_case


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def layer_norm(x, scale, bias, eps=1e-5):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * scale + bias


def models(rng):
    """(name, nodes, input, initializers, reference(x)) of each model."""
    def normal(*shape):
        return rng.standard_normal(shape).astype(np.float32)

    # Opset 17: ReduceSum takes its axes as an input, ReduceMean as an
    # attribute (an input from opset 18).
    axes1 = numpy_helper.from_array(np.array([1], dtype=np.int64), "axes")
    scale, bias = normal(512), normal(512)
    yield ("softmax", [helper.make_node("Softmax", ["x"], ["y"], axis=-1)],
           normal(4, 1000) * 4, [], softmax)
    yield ("reduce_sum",
           [helper.make_node("ReduceSum", ["x", "axes"], ["y"], keepdims=0)],
           normal(8, 300), [axes1], lambda x: x.sum(axis=1))
    yield ("global_max",
           [helper.make_node("GlobalMaxPool", ["x"], ["y"])],
           normal(2, 16, 12, 12), [],
           lambda x: x.max(axis=(2, 3), keepdims=True))
    yield ("reduce_mean_axis0",
           [helper.make_node("ReduceMean", ["x"], ["y"], axes=[0], keepdims=1)],
           normal(500, 3), [], lambda x: x.mean(axis=0, keepdims=True))
    yield ("layer_norm",
           [helper.make_node("LayerNormalization", ["x", "scale", "bias"],
                             ["y"], axis=-1, epsilon=1e-5)],
           normal(6, 512) * 3 + 1,
           [numpy_helper.from_array(scale, "scale"),
            numpy_helper.from_array(bias, "bias")],
           lambda x: layer_norm(x, scale.astype(np.float64),
                                bias.astype(np.float64)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(20261207)
    for name, nodes, x, initializers, reference in models(rng):
        y = reference(x.astype(np.float64)).astype(np.float32)
        directory = os.path.join(args.out, name)
        write_case(directory, nodes, x, y.shape, initializers)
        np.save(os.path.join(directory, "expected_0.npy"), y)


if __name__ == "__main__":
    main()
