#!/usr/bin/python3
"""Builds the small ONNX models the importer's lit tests read.

Usage: make_model.py NAME OUT.onnx

Each NAME is one function below; it returns a ModelProto built with
onnx.helper (and, for external data, also writes the weights file next to
OUT.onnx). Run by lit through %python (Debian's /usr/bin/python3, onnx 1.12).
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

F = TensorProto.FLOAT
I64 = TensorProto.INT64


def vi(name, elem, shape):
    return helper.make_tensor_value_info(name, elem, shape)


def const_i64(name, values):
    return numpy_helper.from_array(np.array(values, dtype=np.int64), name)


def model(nodes, inputs, outputs, inits=(), opset=13, value_info=()):
    graph = helper.make_graph(nodes, "g", inputs, outputs,
                              initializer=list(inits),
                              value_info=list(value_info))
    m = helper.make_model(graph, producer_name="strata-test",
                          opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    return m


# --- Graph structure ---------------------------------------------------------


def io():
    """dim_param inputs, a weight that is also a graph input, two outputs."""
    w = numpy_helper.from_array(np.full((4,), 2.0, np.float32), "w")
    nodes = [helper.make_node("Add", ["x", "w"], ["sum"], name="add0"),
             helper.make_node("Relu", ["sum"], ["out1"], name="relu0")]
    return model(nodes, [vi("x", F, ["batch", 4]), vi("w", F, [4]),
                         vi("y", F, [3, None])],
                 [vi("out1", F, ["batch", 4]), vi("y", F, [3, None])],
                 [w])


def initializers():
    big = numpy_helper.from_array(
        np.arange(96, dtype=np.float32).reshape(8, 12), "fc.weight")
    small = numpy_helper.from_array(np.arange(12, dtype=np.float32), "bias")
    half = numpy_helper.from_array(np.ones((2, 3), np.float16), "h")
    ints = helper.make_tensor("ints", TensorProto.INT32, [3], [1, -2, 3])
    flags = helper.make_tensor("flags", TensorProto.BOOL, [2], [1, 0])
    nodes = [helper.make_node("MatMul", ["x", "fc.weight"], ["mm"], name="mm"),
             helper.make_node("Add", ["mm", "bias"], ["y"], name="add"),
             helper.make_node("Identity", ["h"], ["h_out"], name="id_h"),
             helper.make_node("Identity", ["ints"], ["i_out"], name="id_i"),
             helper.make_node("Not", ["flags"], ["f_out"], name="not_f")]
    return model(nodes, [vi("x", F, [2, 8])],
                 [vi("y", F, [2, 12]), vi("h_out", TensorProto.FLOAT16, [2, 3]),
                  vi("i_out", TensorProto.INT32, [3]),
                  vi("f_out", TensorProto.BOOL, [2])],
                 [big, small, half, ints, flags])


def external_data(out):
    w = numpy_helper.from_array(
        np.arange(100, dtype=np.float32).reshape(10, 10), "ext_w")
    nodes = [helper.make_node("MatMul", ["x", "ext_w"], ["y"], name="mm")]
    m = model(nodes, [vi("x", F, [1, 10])], [vi("y", F, [1, 10])], [w])
    onnx.save_model(m, out, save_as_external_data=True,
                    all_tensors_to_one_file=True, location="weights.bin",
                    size_threshold=0)
    return None


def bad_dtype():
    t = helper.make_tensor("names", TensorProto.STRING, [1], [b"a"])
    nodes = [helper.make_node("Identity", ["names"], ["y"], name="id")]
    return model(nodes, [], [vi("y", TensorProto.STRING, [1])], [t])


# --- Elementwise -------------------------------------------------------------


def unary():
    ops = ["Relu", "Sigmoid", "Tanh", "Erf", "Exp", "Log", "Sqrt",
           "Reciprocal", "Neg", "Abs", "HardSwish"]
    nodes, prev = [], "x"
    for i, op in enumerate(ops):
        nodes.append(helper.make_node(op, [prev], [f"t{i}"], name=op.lower()))
        prev = f"t{i}"
    nodes.append(helper.make_node("LeakyRelu", [prev], ["lr"], alpha=0.1,
                                  name="leaky"))
    nodes.append(helper.make_node("HardSigmoid", ["lr"], ["y"], alpha=0.25,
                                  beta=0.4, name="hsig"))
    return model(nodes, [vi("x", F, [2, 3])], [vi("y", F, [2, 3])])


def math_ops():
    """Math functions, float tests, Mod, BitShift and Xor."""
    ops = ["Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh",
           "Asinh", "Acosh", "Atanh", "Floor", "Ceil", "Round", "Sign"]
    nodes, prev = [], "x"
    for i, op in enumerate(ops):
        nodes.append(helper.make_node(op, [prev], [f"t{i}"], name=op.lower()))
        prev = f"t{i}"
    nodes += [
        helper.make_node("Shrink", [prev], ["y"], lambd=1.5, bias=0.5,
                         name="shrink"),
        helper.make_node("IsNaN", ["y"], ["nan"], name="isnan"),
        helper.make_node("IsInf", ["y"], ["inf"], detect_negative=0,
                         name="isinf"),
        helper.make_node("Xor", ["nan", "inf"], ["xor"], name="xor"),
        helper.make_node("Mod", ["y", "x"], ["fmod"], fmod=1, name="fmod"),
        helper.make_node("Mod", ["i", "j"], ["imod"], name="imod"),
        helper.make_node("BitShift", ["i", "j"], ["shl"], direction="LEFT",
                         name="shl"),
        helper.make_node("BitShift", ["i", "j"], ["shr"], direction="RIGHT",
                         name="shr"),
    ]
    I32 = TensorProto.INT32
    return model(nodes, [vi("x", F, [2, 3]), vi("i", I32, [2, 3]),
                         vi("j", I32, [3])],
                 [vi("xor", TensorProto.BOOL, [2, 3]), vi("fmod", F, [2, 3]),
                  vi("imod", I32, [2, 3]), vi("shl", I32, [2, 3]),
                  vi("shr", I32, [2, 3])])


def bad_math():
    """A float Mod without fmod and a BitShift without direction."""
    nodes = [helper.make_node("Mod", ["x", "x"], ["y"], name="badmod")]
    return model(nodes, [vi("x", F, [2])], [vi("y", F, [2])])


def bad_shift():
    nodes = [helper.make_node("BitShift", ["i", "i"], ["y"], name="badshift",
                              direction="UP")]
    I32 = TensorProto.INT32
    return model(nodes, [vi("i", I32, [2])], [vi("y", I32, [2])])


def activations():
    """Activations the graph dialect composes from other ops."""
    slope = numpy_helper.from_array(np.full((3, 1), 0.25, np.float32), "slope")
    nodes = [
        helper.make_node("Elu", ["x"], ["elu"], alpha=0.5, name="elu"),
        helper.make_node("Selu", ["x"], ["selu"], name="selu"),
        helper.make_node("Celu", ["x"], ["celu"], alpha=2.0, name="celu"),
        helper.make_node("Softplus", ["x"], ["softplus"], name="softplus"),
        helper.make_node("Softsign", ["x"], ["softsign"], name="softsign"),
        helper.make_node("ThresholdedRelu", ["x"], ["trelu"], alpha=0.5,
                         name="trelu"),
        helper.make_node("PRelu", ["x", "slope"], ["prelu"], name="prelu"),
    ]
    outs = ["elu", "selu", "celu", "softplus", "softsign", "trelu", "prelu"]
    return model(nodes, [vi("x", F, [2, 3, 4])],
                 [vi(n, F, [2, 3, 4]) for n in outs], [slope])


def binary():
    nodes = [
        helper.make_node("Add", ["a", "b"], ["add"], name="add"),
        helper.make_node("Sub", ["add", "b"], ["sub"], name="sub"),
        helper.make_node("Mul", ["sub", "a"], ["mul"], name="mul"),
        helper.make_node("Div", ["mul", "b"], ["div"], name="div"),
        helper.make_node("Pow", ["div", "e"], ["pow"], name="pow"),
        helper.make_node("Max", ["pow", "a", "b"], ["max"], name="max3"),
        helper.make_node("Min", ["max", "a"], ["min"], name="min2"),
        helper.make_node("Sum", ["min", "a", "b"], ["y"], name="sum3"),
    ]
    e = helper.make_tensor("e", TensorProto.INT32, [], [2])
    return model(nodes, [vi("a", F, [4, 1, 3]), vi("b", F, [5, 1])],
                 [vi("y", F, [4, 5, 3])], [e])


def compare():
    nodes = [
        helper.make_node("Equal", ["a", "b"], ["eq"], name="eq"),
        helper.make_node("Less", ["a", "b"], ["lt"], name="lt"),
        helper.make_node("Greater", ["a", "b"], ["gt"], name="gt"),
        helper.make_node("LessOrEqual", ["a", "b"], ["le"], name="le"),
        helper.make_node("GreaterOrEqual", ["a", "b"], ["ge"], name="ge"),
        helper.make_node("And", ["eq", "lt"], ["and"], name="and"),
        helper.make_node("Or", ["and", "gt"], ["or"], name="or"),
        helper.make_node("Not", ["or"], ["not"], name="not"),
        helper.make_node("Where", ["not", "a", "b"], ["y"], name="where"),
        helper.make_node("Cast", ["le"], ["c"], to=TensorProto.FLOAT,
                         name="cast"),
        helper.make_node("Cast", ["ge"], ["c2"], to=TensorProto.BOOL,
                         name="cast_same"),
    ]
    return model(nodes, [vi("a", F, [3]), vi("b", F, [3])],
                 [vi("y", F, [3]), vi("c", F, [3]),
                  vi("c2", TensorProto.BOOL, [3])])


def castlike_mean():
    nodes = [helper.make_node("CastLike", ["i", "x"], ["c"], name="castlike"),
             helper.make_node("Mean", ["x", "c", "x"], ["y"], name="mean3")]
    return model(nodes, [vi("x", F, [3]), vi("i", TensorProto.INT32, [3])],
                 [vi("y", F, [3])], opset=15)


def clip6():
    nodes = [helper.make_node("Clip", ["x"], ["y"], min=-1.0, max=6.0,
                              name="clip_attr"),
             helper.make_node("Clip", ["y"], ["z"], max=3.0, name="clip_max")]
    return model(nodes, [vi("x", F, [4])], [vi("z", F, [4])], opset=6)


def clip13():
    lo = numpy_helper.from_array(np.array(0.0, np.float32), "lo")
    nodes = [helper.make_node("Clip", ["x", "lo"], ["y"], name="clip_min"),
             helper.make_node("Clip", ["y", "", "hi"], ["z"],
                              name="clip_dyn_max")]
    return model(nodes, [vi("x", F, [4]), vi("hi", F, [])],
                 [vi("z", F, [4])], [lo])


def dropout():
    nodes = [helper.make_node("Dropout", ["x"], ["d"], name="drop"),
             helper.make_node("Identity", ["d"], ["y"], name="ident")]
    return model(nodes, [vi("x", F, [2, 2])], [vi("y", F, [2, 2])])


# --- NN ----------------------------------------------------------------------


def gemm():
    w = numpy_helper.from_array(np.ones((5, 4), np.float32), "w")
    c = numpy_helper.from_array(np.ones((5,), np.float32), "c")
    nodes = [helper.make_node("Gemm", ["x", "w", "c"], ["g"], alpha=0.5,
                              beta=2.0, transB=1, name="gemm"),
             helper.make_node("Gemm", ["g", "x"], ["g2"], transA=1,
                              name="gemm_ta"),
             helper.make_node("MatMul", ["x", "m"], ["y"], name="matmul")]
    return model(nodes, [vi("x", F, [3, 4]), vi("m", F, [2, 4, 6])],
                 [vi("g2", F, [5, 4]), vi("y", F, [2, 3, 6])], [w, c])


def conv():
    w = numpy_helper.from_array(np.ones((8, 3, 3, 3), np.float32), "w")
    dw = numpy_helper.from_array(np.ones((8, 1, 3, 3), np.float32), "dw")
    b = numpy_helper.from_array(np.zeros((8,), np.float32), "b")
    nodes = [
        helper.make_node("Conv", ["x", "w", "b"], ["c1"], pads=[1, 1, 1, 1],
                         strides=[2, 2], name="conv_explicit"),
        helper.make_node("Conv", ["x", "w"], ["c2"], auto_pad="SAME_UPPER",
                         strides=[2, 2], name="conv_same_upper"),
        helper.make_node("Conv", ["x", "w"], ["c3"], auto_pad="SAME_LOWER",
                         strides=[2, 2], name="conv_same_lower"),
        helper.make_node("Conv", ["x", "w"], ["c4"], auto_pad="VALID",
                         dilations=[2, 2], name="conv_valid"),
        helper.make_node("Conv", ["c2", "dw"], ["c5"], group=8,
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                         name="conv_depthwise"),
    ]
    return model(nodes, [vi("x", F, [1, 3, 10, 10])],
                 [vi("c1", F, None), vi("c3", F, None), vi("c4", F, None),
                  vi("c5", F, None)], [w, dw, b])


def pool():
    nodes = [
        helper.make_node("MaxPool", ["x"], ["m"], kernel_shape=[3, 3],
                         strides=[2, 2], ceil_mode=1, name="maxpool_ceil"),
        helper.make_node("AveragePool", ["x"], ["a"], kernel_shape=[2, 2],
                         pads=[1, 1, 0, 0], count_include_pad=1,
                         name="avgpool_pad"),
        helper.make_node("MaxPool", ["x"], ["s"], kernel_shape=[3, 3],
                         strides=[2, 2], auto_pad="SAME_UPPER",
                         name="maxpool_same"),
        helper.make_node("GlobalAveragePool", ["x"], ["ga"], name="gap"),
        helper.make_node("GlobalMaxPool", ["x"], ["gm"], name="gmp"),
    ]
    return model(nodes, [vi("x", F, [1, 2, 8, 8])],
                 [vi(n, F, None) for n in ["m", "a", "s", "ga", "gm"]])


def norm():
    inits = [numpy_helper.from_array(np.full((3,), v, np.float32), n)
             for n, v in [("scale", 1.0), ("bias", 0.0), ("mean", 0.5),
                          ("var", 2.0)]]
    g = numpy_helper.from_array(np.ones((8,), np.float32), "g")
    nodes = [
        helper.make_node("BatchNormalization",
                         ["x", "scale", "bias", "mean", "var"], ["bn"],
                         epsilon=1e-3, name="bn"),
        helper.make_node("LayerNormalization", ["t", "g"], ["ln"], axis=-1,
                         epsilon=1e-6, name="ln"),
        helper.make_node("Softmax", ["t"], ["sm"], axis=1, name="softmax"),
        helper.make_node("LogSoftmax", ["t"], ["lsm"], name="logsoftmax"),
        helper.make_node("InstanceNormalization", ["x", "scale", "bias"],
                         ["in"], epsilon=1e-3, name="instnorm"),
    ]
    return model(nodes, [vi("x", F, [2, 3, 4, 4]), vi("t", F, [2, 5, 8])],
                 [vi(n, F, None) for n in ["bn", "ln", "sm", "lsm", "in"]],
                 inits + [g], opset=17)


def layernorm_stats():
    """LayerNormalization with its Mean and InvStdDev outputs."""
    g = numpy_helper.from_array(np.ones((4,), np.float32), "g")
    nodes = [helper.make_node("LayerNormalization", ["x", "g"],
                              ["y", "mean", "isd"], axis=1, name="ln")]
    return model(nodes, [vi("x", F, [2, 3, 4])],
                 [vi(n, F, None) for n in ["y", "mean", "isd"]], [g],
                 opset=17)


def conv_transpose():
    """ConvTranspose with stride 2, pads, output_padding and 2 groups."""
    w = numpy_helper.from_array(
        np.arange(4 * 3 * 3 * 3, dtype=np.float32).reshape(4, 3, 3, 3), "w")
    nodes = [helper.make_node("ConvTranspose", ["x", "w"], ["y"],
                              strides=[2, 2], pads=[1, 1, 1, 1],
                              output_padding=[1, 1], group=2, name="convt")]
    return model(nodes, [vi("x", F, [1, 4, 5, 5])], [vi("y", F, None)], [w])


def local_norm():
    """LRN and MeanVarianceNormalization, composed from graph ops."""
    nodes = [helper.make_node("LRN", ["x"], ["lrn"], size=3, alpha=0.02,
                              beta=0.5, bias=2.0, name="lrn"),
             helper.make_node("MeanVarianceNormalization", ["x"], ["mvn"],
                              name="mvn")]
    return model(nodes, [vi("x", F, [1, 4, 2, 3])],
                 [vi("lrn", F, None), vi("mvn", F, None)])


def empty_axes_input():
    """ReduceSum whose axes are a graph input that can only be empty."""
    nodes = [helper.make_node("ReduceSum", ["x", "axes"], ["all"],
                              name="sum_all"),
             helper.make_node("ReduceSum", ["x", "axes"], ["same"],
                              noop_with_empty_axes=1, name="sum_noop")]
    return model(nodes, [vi("x", F, [3, 2]), vi("axes", I64, [0])],
                 [vi("all", F, None), vi("same", F, None)])


def softmax11():
    nodes = [helper.make_node("Softmax", ["t"], ["sm"], axis=1,
                              name="softmax_flat"),
             helper.make_node("LogSoftmax", ["t"], ["lsm"], axis=2,
                              name="logsoftmax_last")]
    return model(nodes, [vi("t", F, [2, 5, 8])],
                 [vi("sm", F, [2, 5, 8]), vi("lsm", F, [2, 5, 8])], opset=11)


def reduce():
    nodes = [
        helper.make_node("ReduceSum", ["x", "axes"], ["s"], keepdims=0,
                         name="sum_input"),
        helper.make_node("ReduceSum", ["x"], ["s_all"], name="sum_all"),
        helper.make_node("ReduceSum", ["x", "noaxes"], ["s_noop"],
                         noop_with_empty_axes=1, name="sum_noop"),
        helper.make_node("ReduceMean", ["x"], ["mean"], axes=[-1],
                         name="mean_attr"),
        helper.make_node("ReduceMax", ["x"], ["max"], axes=[0, 2], keepdims=0,
                         name="max_attr"),
        helper.make_node("ReduceMin", ["x"], ["min"], axes=[1], name="min"),
        helper.make_node("ReduceProd", ["x"], ["prod"], name="prod"),
        helper.make_node("ReduceL1", ["x"], ["l1"], axes=[1], name="l1"),
        helper.make_node("ReduceL2", ["x"], ["l2"], axes=[1], name="l2"),
        helper.make_node("ReduceSumSquare", ["x"], ["ss"], axes=[1],
                         name="ss"),
        helper.make_node("ReduceLogSum", ["x"], ["ls"], axes=[1], name="ls"),
        helper.make_node("ReduceLogSumExp", ["x"], ["lse"], axes=[1],
                         keepdims=0, name="lse"),
    ]
    return model(nodes, [vi("x", F, [2, 3, 4])],
                 [vi(n, F, None) for n in ["s", "s_all", "s_noop", "mean",
                                           "max", "min", "prod", "l1", "l2",
                                           "ss", "ls", "lse"]],
                 [const_i64("axes", [1]), const_i64("noaxes", [])])


def opset18():
    """Opset 18 forms (newer than libonnx 1.12 knows): Reduce* axes inputs,
    Split num_outputs with a smaller last piece, Pad axes input."""
    nodes = [
        helper.make_node("ReduceMean", ["x", "ax"], ["m"], keepdims=0,
                         name="mean_input"),
        helper.make_node("ReduceMax", ["x"], ["mx"], name="max_all"),
        helper.make_node("Split", ["x"], ["s0", "s1", "s2"], axis=1,
                         num_outputs=3, name="split_num"),
        helper.make_node("Pad", ["x", "pads", "", "pax"], ["p"],
                         name="pad_axes"),
    ]
    return model(nodes, [vi("x", F, [2, 7])],
                 [vi(n, F, None) for n in ["m", "mx", "s2", "p"]],
                 [const_i64("ax", [1]), const_i64("pads", [1, 2]),
                  const_i64("pax", [-1])], opset=18)


# --- Shape ops ---------------------------------------------------------------


def shape_ops():
    nodes = [
        helper.make_node("Reshape", ["x", "shape"], ["r"], name="reshape"),
        helper.make_node("Reshape", ["z", "shape0"], ["r0"], allowzero=1,
                         name="reshape_allowzero"),
        helper.make_node("Transpose", ["x"], ["t"], name="transpose_default"),
        helper.make_node("Transpose", ["x"], ["t2"], perm=[0, 2, 1],
                         name="transpose"),
        helper.make_node("Concat", ["x", "x"], ["cat"], axis=-1,
                         name="concat"),
        helper.make_node("Slice", ["x", "st", "en", "ax", "sp"], ["sl"],
                         name="slice"),
        helper.make_node("Gather", ["x", "idx"], ["ga"], axis=1,
                         name="gather"),
        helper.make_node("Expand", ["col", "eshape"], ["ex"], name="expand"),
        helper.make_node("Flatten", ["x"], ["fl"], axis=2, name="flatten"),
        helper.make_node("Unsqueeze", ["x", "uax"], ["us"], name="unsqueeze"),
        helper.make_node("Squeeze", ["us", "uax"], ["sq"], name="squeeze"),
        helper.make_node("Split", ["x", "split"], ["p0", "p1"], axis=2,
                         name="split_input"),
        helper.make_node("Split", ["x"], ["q0", "q1"], axis=2,
                         name="split_equal"),
        helper.make_node("Pad", ["x", "pads", "pv"], ["pd"], name="pad"),
        helper.make_node("Pad", ["x", "pads"], ["pr"], mode="reflect",
                         name="pad_reflect"),
        helper.make_node("Pad", ["x", "pads"], ["pe"], mode="edge",
                         name="pad_edge"),
    ]
    inits = [const_i64("shape", [0, -1]), const_i64("shape0", [0, 4, 6]),
             const_i64("st", [1, -3]), const_i64("en", [100, -1]),
             const_i64("ax", [0, 2]), const_i64("sp", [1, 2]),
             const_i64("idx", [[0, 2], [1, 1]]), const_i64("eshape", [2, 1, 6]),
             const_i64("uax", [0, 3]), const_i64("split", [2, 4]),
             const_i64("pads", [0, 1, 1, 0, 1, 1]),
             numpy_helper.from_array(np.array(1.5, np.float32), "pv")]
    outs = ["r", "r0", "t", "t2", "cat", "sl", "ga", "ex", "fl", "sq", "p1",
            "q1", "pd", "pr", "pe"]
    return model(nodes, [vi("x", F, [2, 3, 6]), vi("col", F, [3, 1]),
                         vi("z", F, [4, 0, 6])],
                 [vi(n, F, None) for n in outs], inits)


def shape_ops11():
    """Attribute forms of Squeeze/Unsqueeze/Split and Slice/Pad at old opsets."""
    nodes = [
        helper.make_node("Unsqueeze", ["x"], ["us"], axes=[1], name="unsq"),
        helper.make_node("Squeeze", ["us"], ["sq"], axes=[1], name="sq"),
        helper.make_node("Split", ["x"], ["a", "b"], axis=1, split=[1, 2],
                         name="split_attr"),
        helper.make_node("Reshape", ["x", "shape"], ["r"], name="reshape"),
    ]
    return model(nodes, [vi("x", F, [2, 3])],
                 [vi(n, F, None) for n in ["sq", "a", "b", "r"]],
                 [const_i64("shape", [-1])], opset=11)


def slice_pad_old():
    nodes = [helper.make_node("Slice", ["x"], ["s"], starts=[1], ends=[3],
                              axes=[1], name="slice_attr"),
             helper.make_node("Pad", ["s"], ["p"], pads=[0, 1, 0, 2],
                              value=3.0, name="pad_attr")]
    return model(nodes, [vi("x", F, [2, 4])], [vi("p", F, None)], opset=9)


def constants():
    nodes = [
        helper.make_node("Constant", [], ["c_t"], name="c_tensor",
                         value=numpy_helper.from_array(
                             np.ones((10, 10), np.float32))),
        helper.make_node("Constant", [], ["c_f"], value_float=2.5,
                         name="c_float"),
        helper.make_node("Constant", [], ["c_fs"], value_floats=[1.0, 2.0],
                         name="c_floats"),
        helper.make_node("Constant", [], ["c_i"], value_int=7, name="c_int"),
        helper.make_node("Constant", [], ["c_is"], value_ints=[1, 2, 3],
                         name="c_ints"),
        helper.make_node("Add", ["x", "c_t"], ["y"], name="use_t"),
        helper.make_node("Mul", ["y", "c_f"], ["y2"], name="use_f"),
    ]
    return model(nodes, [vi("x", F, [10, 10])],
                 [vi("y2", F, [10, 10]), vi("c_fs", F, [2]),
                  vi("c_i", I64, []), vi("c_is", I64, [3])])


def shape_subgraph():
    """What PyTorch emits for x.view(x.size(0), x.size(1), heads, -1) and a
    causal mask: Shape/Gather/Unsqueeze/Concat/Reshape, ConstantOfShape,
    Range, Equal/Where, Cast, Slice of a shape, Div/Mul of ints."""
    def n(op, ins, outs, **kw):
        return helper.make_node(op, ins, outs, name=outs[0] + "_node", **kw)
    nodes = [
        n("Shape", ["x"], ["shp"]),
        n("Gather", ["shp", "zero"], ["b"], axis=0),
        n("Gather", ["shp", "one"], ["s"], axis=0),
        n("Unsqueeze", ["b", "ax0"], ["b1"]),
        n("Unsqueeze", ["s", "ax0"], ["s1"]),
        n("Slice", ["shp", "two", "three"], ["d1"]),
        n("Div", ["d1", "four"], ["hd"]),
        n("Concat", ["b1", "s1", "four", "hd"], ["newshape"], axis=0),
        n("Reshape", ["x", "newshape"], ["heads"]),
        n("Cast", ["s"], ["sf"], to=TensorProto.FLOAT),
        n("Range", ["zero_s", "s", "one_s"], ["pos"]),
        n("Unsqueeze", ["pos", "ax1"], ["row"]),
        n("Unsqueeze", ["pos", "ax0"], ["col"]),
        n("Less", ["row", "col"], ["upper"]),
        n("ConstantOfShape", ["s1s1"], ["zeros"],
          value=numpy_helper.from_array(np.array([0.0], np.float32))),
        n("Concat", ["s1", "s1"], ["s1s1"], axis=0),
        n("Where", ["upper", "ninf", "zeros"], ["mask"]),
        n("Equal", ["b1", "two"], ["is2"]),
        n("Where", ["is2", "b1", "four"], ["sel"]),
        n("Expand", ["x", "eshape"], ["xe"]),
        n("Mul", ["sf", "half"], ["sf2"]),
        n("Split", ["shp", "split12"], ["shp_b", "shp_rest"]),
        n("ConstantOfShape", ["shp_rest"], ["x2"]),
    ]
    # ConstantOfShape's input is defined after it in this list: reorder.
    nodes = nodes[:14] + [nodes[15], nodes[14]] + nodes[16:]
    inits = [const_i64("zero", 0), const_i64("one", 1),
             const_i64("ax0", [0]), const_i64("ax1", [1]),
             const_i64("two", [2]), const_i64("three", [3]),
             const_i64("four", [4]), const_i64("zero_s", 0),
             const_i64("one_s", 1), const_i64("eshape", [2, 1, 1]),
             const_i64("split12", [1, 2]),
             numpy_helper.from_array(np.array(-np.inf, np.float32), "ninf"),
             numpy_helper.from_array(np.array(0.5, np.float32), "half")]
    return model(nodes, [vi("x", F, [2, 5, 16])],
                 [vi("heads", F, None), vi("mask", F, None),
                  vi("sel", I64, None), vi("xe", F, None),
                  vi("sf2", F, None), vi("x2", F, None)], inits)


# --- Errors ------------------------------------------------------------------


def unsupported_op():
    nodes = [helper.make_node("Relu", ["x"], ["r"], name="relu_ok"),
             helper.make_node("Foo", ["r"], ["y"], name="foo_1")]
    return model(nodes, [vi("x", F, [2])], [vi("y", F, [2])])


def pad_wrap():
    nodes = [helper.make_node("Pad", ["x", "pads"], ["y"], mode="wrap",
                              name="p")]
    return model(nodes, [vi("x", F, [2, 2])], [vi("y", F, None)],
                 [const_i64("pads", [1, 1, 1, 1])])


def custom_domain():
    nodes = [helper.make_node("FusedThing", ["x"], ["y"], name="fused",
                              domain="com.example")]
    m = model(nodes, [vi("x", F, [2])], [vi("y", F, [2])])
    m.opset_import.append(helper.make_opsetid("com.example", 3))
    return m


def dynamic_reshape():
    nodes = [helper.make_node("Reshape", ["x", "s"], ["y"], name="reshape_dyn")]
    return model(nodes, [vi("x", F, [2, 3]), vi("s", I64, [2])],
                 [vi("y", F, None)])


def dynamic_shape():
    nodes = [helper.make_node("Shape", ["x"], ["s"], name="shape_of_dyn"),
             helper.make_node("Reshape", ["x", "s"], ["y"], name="reshape")]
    return model(nodes, [vi("x", F, ["n", 3])], [vi("y", F, None)])


def bad_operands():
    nodes = [helper.make_node("MatMul", ["a", "b"], ["y"], name="mm_bad")]
    return model(nodes, [vi("a", F, [2, 3]), vi("b", F, [4, 5])],
                 [vi("y", F, None)])


def main():
    name, out = sys.argv[1], sys.argv[2]
    fn = globals()[name]
    if fn.__code__.co_argcount == 1:
        fn(out)
        return
    m = fn()
    with open(out, "wb") as f:
        f.write(m.SerializeToString())


if __name__ == "__main__":
    main()
