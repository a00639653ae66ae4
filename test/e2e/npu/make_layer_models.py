"""Writes single-layer ONNX models of the NPU's kernels, each with a random
input: OUT_DIR/NAME/model.onnx and OUT_DIR/NAME/input_0.npy.

    conv_tiled   3x3 s1 p1 Conv 300 -> 200 channels, bias, Relu: the weights
                 (1 MiB of bf16) split into channel blocks, several K steps
    conv_stem    7x7 s2 p3 Conv 3 -> 16 on an odd 45x47 image, batch 2: four
                 phase images, rows outside the image refilled per tile
    conv_1x1_s2  1x1 s2 Conv 64 -> 128 without bias (resnet's downsample)
    depthwise    3x3 s2 depthwise Conv, 40 channels, asymmetric pads, bias,
                 Clip(0, 1.5) (mobilenet's relu6, with a bound that bites)
    maxpool      3x3 s2 p1 MaxPool over 40 channels of 33x33
    avgpool      GlobalAveragePool over 70 channels of 9x11, squared, then
                 Clip(0.002, 0.02) (both bounds bite)
    softmax      Softmax over rows of 77, 300 rows (several chunks)
    layernorm    LayerNormalization over 300 with scale and bias
    transpose    Transpose [6, 20, 30] by (2, 0, 1): the last axis moves
    slice_concat Slice with step 2 on two axes, concatenated with a
                 transposed copy of the input's slice, then divided by 3
    bmm          MatMuls of two activations, batch 4: g = x^T relu(x), then
                 x [4,50,70] x g[:, :, :30] [4,70,30]
usage: make_layer_models.py OUT_DIR
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(11)


def conv_shape(n, h, w, co, k, s, pads):
    return [n, co, (h + pads[0] + pads[2] - k[0]) // s[0] + 1,
            (w + pads[1] + pads[3] - k[1]) // s[1] + 1]


def write(out, name, in_shape, out_shape, nodes, inits, extra_inputs=()):
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, in_shape)] +
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, s)
         for n, s in extra_inputs],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, out_shape)],
        [numpy_helper.from_array(v, k) for k, v in inits.items()])
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 17)])
    onnx.checker.check_model(model)
    os.makedirs(os.path.join(out, name), exist_ok=True)
    onnx.save(model, os.path.join(out, name, "model.onnx"))
    x = rng.standard_normal(in_shape).astype(np.float32)
    np.save(os.path.join(out, name, "input_0.npy"), x)


def conv_model(out, name, n, ci, h, w, co, k, s, pads, group=1, bias=True,
               act=None, dilations=(1, 1)):
    wt = (rng.standard_normal((co, ci // group) + tuple(k)) /
          np.sqrt(ci // group * k[0] * k[1])).astype(np.float32)
    inits = {"w": wt}
    inputs = ["x", "w"]
    if bias:
        inits["b"] = rng.standard_normal(co).astype(np.float32) * 0.1
        inputs.append("b")
    conv_out = "c" if act else "y"
    nodes = [helper.make_node("Conv", inputs, [conv_out], name="conv",
                              kernel_shape=list(k), strides=list(s),
                              pads=list(pads), group=group,
                              dilations=list(dilations))]
    if act == "relu":
        nodes.append(helper.make_node("Relu", ["c"], ["y"], name="relu"))
    elif act == "clip":
        inits["lo"] = np.array(0.0, np.float32)
        inits["hi"] = np.array(1.5, np.float32)
        nodes.append(helper.make_node("Clip", ["c", "lo", "hi"], ["y"],
                                      name="clip"))
    span = tuple((kk - 1) * d + 1 for kk, d in zip(k, dilations))
    write(out, name, [n, ci, h, w], conv_shape(n, h, w, co, span, s, pads),
          nodes, inits)


def main():
    out = sys.argv[1]
    conv_model(out, "conv_tiled", 1, 300, 14, 14, 200, (3, 3), (1, 1),
               (1, 1, 1, 1), act="relu")
    conv_model(out, "conv_stem", 2, 3, 45, 47, 16, (7, 7), (2, 2),
               (3, 3, 3, 3))
    conv_model(out, "conv_1x1_s2", 1, 64, 28, 28, 128, (1, 1), (2, 2),
               (0, 0, 0, 0), bias=False)
    conv_model(out, "depthwise", 1, 40, 17, 17, 40, (3, 3), (2, 2),
               (1, 0, 2, 1), group=40, act="clip")
    conv_model(out, "grouped", 2, 12, 11, 10, 18, (3, 3), (2, 2),
               (1, 1, 1, 1), group=3, act="relu")
    conv_model(out, "dilated", 1, 16, 19, 17, 24, (3, 3), (1, 1),
               (2, 2, 2, 2), dilations=(2, 2))
    conv_model(out, "dilated_s2", 1, 8, 21, 20, 8, (3, 2), (2, 2),
               (2, 1, 1, 3), dilations=(3, 2))
    shape = [1, 40, 33, 33]
    write(out, "maxpool", shape, [1, 40, 17, 17],
          [helper.make_node("MaxPool", ["x"], ["y"], name="pool",
                            kernel_shape=[3, 3], strides=[2, 2],
                            pads=[1, 1, 1, 1])], {})
    write(out, "avgpool_window", [2, 24, 15, 14], [2, 24, 8, 7],
          [helper.make_node("AveragePool", ["x"], ["y"], name="pool",
                            kernel_shape=[3, 3], strides=[2, 2],
                            pads=[1, 1, 1, 1], count_include_pad=1)], {})
    write(out, "avgpool_exclude_pad", [1, 20, 13, 11], [1, 20, 7, 6],
          [helper.make_node("AveragePool", ["x"], ["y"], name="pool",
                            kernel_shape=[3, 3], strides=[2, 2],
                            pads=[1, 2, 1, 0], count_include_pad=0)], {})
    write(out, "avgpool_unpadded", [1, 32, 12, 12], [1, 32, 6, 6],
          [helper.make_node("AveragePool", ["x"], ["y"], name="pool",
                            kernel_shape=[2, 2], strides=[2, 2])], {})
    inits = {"lo": np.array(0.002, np.float32),
             "hi": np.array(0.02, np.float32)}
    write(out, "avgpool", [1, 70, 9, 11], [1, 70, 1, 1],
          [helper.make_node("GlobalAveragePool", ["x"], ["g"], name="gap"),
           helper.make_node("Mul", ["g", "g"], ["m"], name="square"),
           helper.make_node("Clip", ["m", "lo", "hi"], ["y"], name="clip")],
          inits)
    write(out, "softmax", [300, 77], [300, 77],
          [helper.make_node("Softmax", ["x"], ["y"], name="softmax",
                            axis=-1)], {})
    write(out, "layernorm", [5, 40, 300], [5, 40, 300],
          [helper.make_node("LayerNormalization", ["x", "g", "b"], ["y"],
                            name="ln", axis=-1, epsilon=1e-5)],
          {"g": rng.standard_normal(300).astype(np.float32),
           "b": rng.standard_normal(300).astype(np.float32)})
    write(out, "broadcast", [4, 30, 50], [4, 30, 50],
          [helper.make_node("Mul", ["x", "s"], ["m"], name="scale"),
           helper.make_node("Add", ["m", "b"], ["y"], name="shift")],
          {"s": rng.standard_normal((30, 1)).astype(np.float32),
           "b": rng.standard_normal(50).astype(np.float32)})
    # Copies larger than SRAM (1 MiB) run streamed: a 2 MiB broadcast, a
    # 1.8 MiB concat and a 1.2 MiB transpose of the last axis.
    write(out, "broadcast_large", [512, 1024], [512, 1024],
          [helper.make_node("Mul", ["x", "s"], ["y"], name="scale")],
          {"s": rng.standard_normal(1024).astype(np.float32)})
    write(out, "concat_large", [1, 96, 48, 48], [1, 192, 48, 48],
          [helper.make_node("Relu", ["x"], ["r"], name="relu"),
           helper.make_node("Concat", ["r", "x"], ["y"], name="cat",
                            axis=1)], {})
    write(out, "transpose_large", [300, 1000], [1000, 300],
          [helper.make_node("Transpose", ["x"], ["y"], name="t",
                            perm=[1, 0])], {})
    write(out, "softmax_axis1", [6, 70, 9], [6, 70, 9],
          [helper.make_node("Softmax", ["x"], ["y"], name="softmax",
                            axis=1)], {})
    write(out, "layernorm_2d", [4, 6, 50], [4, 6, 50],
          [helper.make_node("LayerNormalization", ["x", "g", "b"], ["y"],
                            name="ln", axis=1, epsilon=1e-5)],
          {"g": rng.standard_normal((6, 50)).astype(np.float32),
           "b": rng.standard_normal((6, 50)).astype(np.float32)})
    # Gathers with constant indices: a 2 x 2 block of rows along axis 1
    # (a negative index too), and one token (a scalar index: the axis goes).
    write(out, "gather", [5, 40, 30], [5, 2, 2, 30],
          [helper.make_node("Gather", ["x", "idx"], ["y"], name="take",
                            axis=1)],
          {"idx": np.array([[3, -1], [0, 3]], np.int64)})
    write(out, "gather_neg_axis", [5, 40, 30], [5, 3, 30],
          [helper.make_node("Gather", ["x", "idx"], ["y"], name="take",
                            axis=-2)],
          {"idx": np.array([7, 0, -3], np.int64)})
    write(out, "layernorm_neg_axis", [4, 6, 50], [4, 6, 50],
          [helper.make_node("LayerNormalization", ["x", "g", "b"], ["y"],
                            name="ln", axis=-2, epsilon=1e-5)],
          {"g": rng.standard_normal((6, 50)).astype(np.float32),
           "b": rng.standard_normal((6, 50)).astype(np.float32)})
    write(out, "gather_token", [4, 16, 64], [4, 64],
          [helper.make_node("Gather", ["x", "zero"], ["y"], name="cls",
                            axis=1)],
          {"zero": np.array(0, np.int64)})
    write(out, "transpose", [6, 20, 30], [30, 6, 20],
          [helper.make_node("Transpose", ["x"], ["y"], name="t",
                            perm=[2, 0, 1])], {})
    i64 = lambda *v: np.array(v, np.int64)
    write(out, "slice_concat", [8, 12, 10], [8, 11, 5],
          [helper.make_node("Slice", ["x", "s0", "e0", "a0", "st0"], ["p"],
                            name="strided"),
           helper.make_node("Slice", ["x", "s1", "e1", "a1"], ["q0"],
                            name="window"),
           helper.make_node("Transpose", ["q0"], ["q"], name="swap",
                            perm=[0, 2, 1]),
           helper.make_node("Concat", ["p", "q"], ["c"], name="cat", axis=1),
           helper.make_node("Div", ["c", "three"], ["y"], name="div")],
          {"s0": i64(1, 0), "e0": i64(12, 10), "a0": i64(1, 2),
           "st0": i64(2, 2), "s1": i64(3, 2), "e1": i64(8, 7),
           "a1": i64(2, 1), "three": np.array(3.0, np.float32)})
    write(out, "bmm", [4, 50, 70], [4, 50, 30],
          [helper.make_node("Relu", ["x"], ["r"], name="relu"),
           helper.make_node("Transpose", ["x"], ["xt"], name="xt",
                            perm=[0, 2, 1]),
           helper.make_node("MatMul", ["xt", "r"], ["g"], name="gram"),
           helper.make_node("Slice", ["g", "z", "thirty", "two"], ["bs"],
                            name="cols"),
           helper.make_node("MatMul", ["x", "bs"], ["y"], name="bmm")],
          {"z": i64(0), "thirty": i64(30), "two": i64(2)})


if __name__ == "__main__":
    main()
