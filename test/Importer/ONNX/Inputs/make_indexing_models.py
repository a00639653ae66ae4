#!/usr/bin/python3
"""Builds the small ONNX models of IndexingImporters.test.

Usage: make_indexing_models.py NAME OUT.onnx

Each NAME is one function below returning a ModelProto built with
onnx.helper (Debian's python3-onnx 1.12, run by lit through %python).
"""

import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

F = TensorProto.FLOAT
I64 = TensorProto.INT64


def vi(name, elem, shape):
    return helper.make_tensor_value_info(name, elem, shape)


def const(name, values, dtype):
    return numpy_helper.from_array(np.array(values, dtype=dtype), name)


def model(nodes, inputs, outputs, inits=(), opset=13):
    graph = helper.make_graph(nodes, "g", inputs, outputs,
                              initializer=list(inits))
    m = helper.make_model(graph, producer_name="strata-test",
                          opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    return m


def indexing():
    """GatherElements, ScatterElements, ArgMax/ArgMin, Trilu, CumSum."""
    n = helper.make_node
    nodes = [
        n("GatherElements", ["x", "i"], ["g"], axis=-1),
        n("ScatterElements", ["x", "i", "u"], ["s"], axis=1,
          reduction="mul"),
        n("ArgMax", ["x"], ["amax"], axis=-1, keepdims=0,
          select_last_index=1),
        n("ArgMin", ["x"], ["amin"]),
        n("Trilu", ["x", "k"], ["tri"], upper=0),
        n("Trilu", ["x", "kin"], ["trirt"]),
        n("CumSum", ["x", "axis"], ["cs"], exclusive=1, reverse=1),
    ]
    return model(
        nodes,
        [vi("x", F, [2, 3]), vi("i", I64, [2, 2]), vi("u", F, [2, 2]),
         vi("kin", I64, [])],
        [vi(o, F, None) for o in ["g", "s", "tri", "trirt", "cs"]] +
        [vi("amax", I64, None), vi("amin", I64, None)],
        [const("k", [-1], np.int64), const("axis", [-1], np.int64)],
        opset=16)


def losses():
    """NegativeLogLikelihoodLoss with weights and ignore_index; SCE."""
    n = helper.make_node
    nodes = [
        n("NegativeLogLikelihoodLoss", ["x", "t", "w"], ["nll"],
          ignore_index=-1, reduction="mean"),
        n("SoftmaxCrossEntropyLoss", ["x", "t"], ["sce", "logp"],
          reduction="sum"),
    ]
    return model(
        nodes,
        [vi("x", F, [2, 3, 4]), vi("t", I64, [2, 4]), vi("w", F, [3])],
        [vi("nll", F, None), vi("sce", F, None), vi("logp", F, None)])


def resize():
    """Resize with constant scales, constant sizes, run-time scales."""
    n = helper.make_node
    nodes = [
        n("Resize", ["x", "", "sc"], ["up"], mode="linear",
          coordinate_transformation_mode="align_corners"),
        n("Resize", ["x", "", "", "sz"], ["down"],
          nearest_mode="floor"),
        n("Resize", ["x", "", "rts"], ["rt"], mode="cubic",
          cubic_coeff_a=-0.5, exclude_outside=1),
        n("Upsample", ["x", "sc"], ["old"], mode="nearest"),
    ]
    return model(
        nodes,
        [vi("x", F, [1, 1, 2, 4]), vi("rts", F, [4])],
        [vi("up", F, None), vi("down", F, None), vi("rt", F, [1, 1, 4, 6]),
         vi("old", F, None)],
        [const("sc", [1, 1, 2, 1.5], np.float32),
         const("sz", [1, 1, 1, 2], np.int64)])


def upsample9():
    n = helper.make_node
    return model([n("Upsample", ["x", "sc"], ["y"], mode="linear")],
                 [vi("x", F, [1, 1, 2, 2])], [vi("y", F, None)],
                 [const("sc", [1, 1, 2, 2], np.float32)], opset=9)


def rearrange():
    """DepthToSpace, SpaceToDepth, Tile, Hardmax, OneHot, EyeLike, Einsum."""
    n = helper.make_node
    nodes = [
        n("DepthToSpace", ["x"], ["d2s"], blocksize=2, mode="CRD"),
        n("SpaceToDepth", ["d2s"], ["s2d"], blocksize=2),
        n("Tile", ["x", "rep"], ["tile"]),
        n("Hardmax", ["x"], ["hm"], axis=1),
        n("OneHot", ["idx", "depth", "vals"], ["oh"], axis=0),
        n("EyeLike", ["m"], ["eye"], k=1, dtype=TensorProto.INT32),
        n("Einsum", ["m", "m"], ["es"], equation="ij,kj->ik"),
        n("Einsum", ["sq"], ["diag"], equation="ii->i"),
    ]
    return model(
        nodes,
        [vi("x", F, [1, 4, 2, 3]), vi("idx", I64, [3]), vi("m", F, [2, 3]),
         vi("sq", F, [3, 3])],
        [vi(o, F, None) for o in ["d2s", "s2d", "tile", "hm", "oh", "es",
                                  "diag"]] +
        [vi("eye", TensorProto.INT32, None)],
        [const("rep", [1, 1, 2, 1], np.int64),
         const("depth", [5], np.int64),
         const("vals", [0.0, 3.0], np.float32)])


def nd_index():
    """GatherND with batch_dims, ScatterND, TopK (run-time k), ReverseSequence."""
    n = helper.make_node
    nodes = [
        n("GatherND", ["d", "gi"], ["g"], batch_dims=1),
        n("ScatterND", ["d", "si", "u"], ["s"], reduction="add"),
        n("TopK", ["x", "k"], ["v", "i"], axis=0, largest=0),
        n("ReverseSequence", ["x", "len"], ["r"], time_axis=0,
          batch_axis=1),
    ]
    return model(
        nodes,
        [vi("d", F, [2, 3, 4]), vi("gi", I64, [2, 1]), vi("si", I64, [2, 2]),
         vi("u", F, [2, 4]), vi("x", F, [3, 2]), vi("k", I64, [1]),
         vi("len", I64, [2])],
        [vi("g", F, None), vi("s", F, None), vi("v", F, [2, 2]),
         vi("i", I64, [2, 2]), vi("r", F, None)], opset=16)


def bad_attrs():
    """Unsupported attribute values are diagnostics."""
    n = helper.make_node
    return model(
        [n("ScatterElements", ["x", "i", "u"], ["s"], reduction="avg")],
        [vi("x", F, [2, 3]), vi("i", I64, [2, 2]), vi("u", F, [2, 2])],
        [vi("s", F, None)], opset=18)


def bad_resize():
    n = helper.make_node
    return model([n("Resize", ["x", "", "sc"], ["y"], mode="area")],
                 [vi("x", F, [1, 1, 2, 2])], [vi("y", F, None)],
                 [const("sc", [1, 1, 2, 2], np.float32)])


def bad_loss():
    n = helper.make_node
    return model(
        [n("NegativeLogLikelihoodLoss", ["x", "t"], ["l"],
           reduction="max")],
        [vi("x", F, [2, 3]), vi("t", I64, [2])], [vi("l", F, None)])


def main():
    name, out = sys.argv[1], sys.argv[2]
    with open(out, "wb") as f:
        f.write(globals()[name]().SerializeToString())


if __name__ == "__main__":
    main()
