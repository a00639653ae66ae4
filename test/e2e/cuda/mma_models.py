#!/usr/bin/python3
"""Small ONNX contractions and their references for the tensor-core tests.

For each model NAME it writes OUT/NAME/model.onnx, OUT/NAME/input_0.npy and
three reference directories for test/e2e/compare_npy.py:

  OUT/NAME/f16/expected_0.npy   the inputs and weights rounded to float16
  OUT/NAME/bf16/expected_0.npy  ... rounded to bfloat16
  OUT/NAME/f32/expected_0.npy   no rounding (the fp32 model's answer)

each computed in float64 by numpy and stored as float32. Rounding is to
nearest, ties to even, as arith.truncf (LLVM fptrunc) does in the kernels,
so the only difference left between a tensor-core result and its rounded
reference is the f32 summation order. The shapes are not multiples of the
kernel's 64 x 64 x 16 tiles, so the zero-filled edges are exercised.

OUT/f16_matmul is an f16 model (f16 tensors end to end), whose MatMul takes
the tensor cores without any flag.
"""
import argparse
import os

import numpy as np
from onnx import TensorProto, helper, numpy_helper

from onnx_cases import write_case


def round_bf16(x):
    """float32 -> nearest bfloat16 (ties to even), returned as float32."""
    bits = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32)
    bits = bits + np.uint32(0x7FFF) + ((bits >> np.uint32(16)) & np.uint32(1))
    return (bits & np.uint32(0xFFFF0000)).view(np.float32)


ROUNDINGS = {
    "f16": lambda x: x.astype(np.float16).astype(np.float32),
    "bf16": round_bf16,
    "f32": lambda x: x,
}


def conv2d(x, w, pad):
    """NCHW x FCHW -> NFHW, stride 1, symmetric zero padding, float64."""
    n, c, h, width = x.shape
    f, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    oh, ow = h + 2 * pad - kh + 1, width + 2 * pad - kw + 1
    out = np.zeros((n, f, oh, ow))
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, :, i:i + oh, j:j + ow]
            out += np.einsum("nchw,fc->nfhw", patch, w[:, :, i, j])
    return out


def models(rng):
    """(name, graph nodes, input, weight, reference(x, w)) of each model."""
    def uniform(*shape):
        return rng.uniform(-1.0, 1.0, shape).astype(np.float32)

    yield ("matmul", [helper.make_node("MatMul", ["x", "w"], ["y"], name="mm")],
           uniform(70, 130), uniform(130, 100), lambda x, w: x @ w)
    yield ("batch_matmul",
           [helper.make_node("MatMul", ["x", "w"], ["y"], name="bmm")],
           uniform(3, 33, 40), uniform(3, 40, 20), lambda x, w: x @ w)
    yield ("gemm_transb",
           [helper.make_node("Gemm", ["x", "w"], ["y"], name="gemm", transB=1)],
           uniform(5, 48), uniform(24, 48), lambda x, w: x @ w.T)
    yield ("conv",
           [helper.make_node("Conv", ["x", "w"], ["y"], name="conv",
                             kernel_shape=[3, 3], pads=[1, 1, 1, 1])],
           uniform(1, 8, 13, 13), uniform(16, 8, 3, 3),
           lambda x, w: conv2d(x, w, 1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = np.random.default_rng(20261207)
    for name, nodes, x, w, reference in models(rng):
        y = reference(x.astype(np.float64), w.astype(np.float64))
        directory = os.path.join(args.out, name)
        write_case(directory, nodes, x, y.shape,
                   [numpy_helper.from_array(w, "w")])
        for kind, rounding in ROUNDINGS.items():
            os.makedirs(os.path.join(directory, kind), exist_ok=True)
            expected = reference(rounding(x).astype(np.float64),
                                 rounding(w).astype(np.float64))
            np.save(os.path.join(directory, kind, "expected_0.npy"),
                    expected.astype(np.float32))
    write_f16_model(args.out, rng)


def write_f16_model(out, rng):
    """OUT/f16_matmul: an f16 MatMul (f16 input, weights and output), with
    the float64 product rounded once to f16 as its expected output."""
    x = rng.uniform(-1.0, 1.0, (70, 130)).astype(np.float16)
    w = rng.uniform(-1.0, 1.0, (130, 100)).astype(np.float16)
    directory = os.path.join(out, "f16_matmul")
    write_case(directory,
               [helper.make_node("MatMul", ["x", "w"], ["y"], name="mm")], x,
               (70, 100), [numpy_helper.from_array(w, "w")],
               dtype=TensorProto.FLOAT16)
    expected = x.astype(np.float64) @ w.astype(np.float64)
    np.save(os.path.join(directory, "expected_0.npy"),
            expected.astype(np.float16))


if __name__ == "__main__":
    main()
