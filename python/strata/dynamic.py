"""Dynamic (symbolic) input dims for strata.compile's `dynamic_dims`.

`dynamic_dims` names the input dims that may change from run to run:
`{input: [dim, ...]}` or `{input: {dim: "symbol"}}`, where `input` is an
input name or position. Dims given the same symbol must be equal at run
time (the runtime checks it); a dim given as a bare index gets the symbol
`<input>_<dim>`.

- ONNX models: the dims become `dim_param`s of the graph inputs, which the
  importer keeps as `?` dims (docs/importers/onnx.md).
- torch modules: the fx importer computes every result type by running the
  module on the example inputs, so one trace only knows one size. The module
  is traced twice, the second time with every dynamic dim one larger (or one
  smaller), and the two graph-dialect texts are merged: a dim that differs
  between them becomes `?`, a reshape target entry that differs becomes -1.
  Anything else that differs (a constant sliced to the sequence length, an
  attribute computed from a size, a different op sequence) means the module
  computes something from the size that the graph dialect cannot express
  symbolically, and is reported naming the fx node.
"""

import re

import numpy as np

from .errors import UnsupportedOperationError


def normalize(dynamic_dims, input_names, ranks):
    """{input index: {dim: symbol}} from the user's `dynamic_dims`."""
    if not isinstance(dynamic_dims, dict):
        raise ValueError("dynamic_dims must be a dict {input: [dims]} or "
                         "{input: {dim: 'symbol'}}, not "
                         f"{type(dynamic_dims).__name__}")
    result = {}
    for key, dims in dynamic_dims.items():
        if isinstance(key, int) and not isinstance(key, bool):
            if not 0 <= key < len(input_names):
                raise ValueError(f"dynamic_dims: input index {key} out of "
                                 f"range (the model has {len(input_names)} "
                                 "input(s))")
            index = key
        elif key in input_names:
            index = input_names.index(key)
        else:
            raise ValueError(f"dynamic_dims: the model has no input "
                             f"{key!r} (inputs: {', '.join(input_names)})")
        name = input_names[index]
        if isinstance(dims, dict):
            items = list(dims.items())
        elif isinstance(dims, (list, tuple, set)):
            items = [(d, None) for d in dims]
        else:
            raise ValueError(f"dynamic_dims[{key!r}] must be a list of dims "
                             "or a dict {dim: 'symbol'}")
        rank = ranks[index]
        entry = result.setdefault(index, {})
        for dim, symbol in items:
            if isinstance(dim, bool) or not isinstance(dim, int):
                raise ValueError(f"dynamic_dims[{key!r}]: dim {dim!r} is not "
                                 "an integer")
            if rank is not None and not -rank <= dim < rank:
                raise ValueError(f"dynamic_dims[{key!r}]: dim {dim} out of "
                                 f"range for rank {rank}")
            if rank is not None:
                dim %= rank
            if symbol is not None and (not isinstance(symbol, str) or
                                       not symbol):
                raise ValueError(f"dynamic_dims[{key!r}][{dim}]: symbol must "
                                 "be a non-empty string")
            entry[dim] = symbol or f"{name}_{dim}"
    return result


def mark_onnx_inputs(data, dims, example_shapes=()):
    """Serialized ONNX model `data` with the dims in `dims` ({index:
    {dim: symbol}} over the non-initializer graph inputs) made dim_params,
    and every other dim of an input with an example shape pinned to it."""
    import onnx
    proto = onnx.load_from_string(data)
    initializers = {t.name for t in proto.graph.initializer}
    inputs = [i for i in proto.graph.input if i.name not in initializers]
    for index, example in enumerate(example_shapes):
        shape = inputs[index].type.tensor_type.shape
        if len(shape.dim) != len(example):
            raise ValueError(f"input {index} ('{inputs[index].name}') has "
                             f"rank {len(shape.dim)}, its example has rank "
                             f"{len(example)}")
        for dim, size in enumerate(example):
            if dim not in dims.get(index, {}):
                shape.dim[dim].Clear()
                shape.dim[dim].dim_value = size
    for index, entry in dims.items():
        shape = inputs[index].type.tensor_type.shape
        for dim, symbol in entry.items():
            shape.dim[dim].Clear()
            shape.dim[dim].dim_param = symbol
    if dims:
        # Shapes recorded by the exporter were inferred from the static
        # inputs (an output of 4x10 for a batch of 4): drop them so that the
        # importer's shape inference derives them from the symbolic inputs.
        del proto.graph.value_info[:]
        for output in proto.graph.output:
            if output.type.tensor_type.HasField("shape"):
                for d in output.type.tensor_type.shape.dim:
                    if d.HasField("dim_value"):
                        d.Clear()
    return proto.SerializeToString()


def onnx_input_ranks(data):
    import onnx
    proto = onnx.load_from_string(data)
    initializers = {t.name for t in proto.graph.initializer}
    ranks = []
    for i in proto.graph.input:
        if i.name in initializers:
            continue
        t = i.type.tensor_type
        ranks.append(len(t.shape.dim) if t.HasField("shape") else None)
    return ranks


def resized_examples(examples, dims):
    """The example inputs with every dynamic dim grown by one (or shrunk by
    one where the first choice fails): one list per candidate."""
    import torch
    candidates = []
    for delta in (1, -1):
        sizes = {}
        ok = True
        for index, entry in dims.items():
            for dim, symbol in entry.items():
                size = examples[index].shape[dim] + delta
                if size < 1 or sizes.get(symbol, size) != size:
                    ok = False
                sizes[symbol] = size
        if not ok:
            continue
        resized = list(examples)
        for index, entry in dims.items():
            x = examples[index]
            shape = list(x.shape)
            for dim, symbol in entry.items():
                shape[dim] = sizes[symbol]
            # Repeat the example's own values so masks and indices stay in
            # range (a mask of all-False rows would change softmax, say).
            idx = [torch.arange(s) % x.shape[d] for d, s in enumerate(shape)]
            resized[index] = x[torch.meshgrid(*idx, indexing="ij")] \
                if x.dim() else x
        candidates.append(resized)
    return candidates


_TOKEN = re.compile(r"(tensor<[^>]*>|array<i64[^>]*>)")


def _merge_tensor(a, b):
    ta, tb = a[len("tensor<"):-1].split("x"), b[len("tensor<"):-1].split("x")
    if len(ta) != len(tb) or ta[-1] != tb[-1]:
        return None
    return "tensor<" + "x".join(
        x if x == y else "?" for x, y in zip(ta[:-1], tb[:-1])) + \
        ("x" if len(ta) > 1 else "") + ta[-1] + ">"


def _merge_reshape(a, b):
    va = [int(v) for v in a[len("array<i64: "):-1].split(",")]
    vb = [int(v) for v in b[len("array<i64: "):-1].split(",")]
    if len(va) != len(vb) or -1 in va:
        return None
    differ = [i for i, (x, y) in enumerate(zip(va, vb)) if x != y]
    if len(differ) != 1:
        return None
    va[differ[0]] = -1
    return "array<i64: " + ", ".join(str(v) for v in va) + ">"


def merge(trace_a, trace_b):
    """Merges two imports of the same module (MLIR text, blobs, origins)
    into one with `?` dims; raises UnsupportedOperationError naming the fx
    node whose import depends on a dynamic size in a way it cannot keep."""
    (text_a, blobs_a, origin_a), (text_b, blobs_b, _) = trace_a, trace_b
    lines_a, lines_b = text_a.splitlines(), text_b.splitlines()

    def fail(i, reason):
        node, target, path = origin_a.get(i, ("(module)", "", ""))
        raise UnsupportedOperationError(
            node, target or "?", path,
            f"dynamic dims: {reason}; compile for static shapes instead "
            "(one compile per size)")

    if len(lines_a) != len(lines_b):
        first = next((i for i, (x, y) in enumerate(zip(lines_a, lines_b))
                      if _TOKEN.sub("", x) != _TOKEN.sub("", y)),
                     min(len(lines_a), len(lines_b)) - 1)
        fail(first, "the traced graph changes with the size of a dynamic "
             "dim (Python control flow or op elision on sizes)")
    merged = []
    for i, (la, lb) in enumerate(zip(lines_a, lines_b)):
        if la == lb:
            merged.append(la)
            continue
        pa, pb = _TOKEN.split(la), _TOKEN.split(lb)
        if len(pa) != len(pb) or any(x != y for x, y in
                                     zip(pa[0::2], pb[0::2])):
            fail(i, "a value or attribute computed from a dynamic size is "
                 "not a shape the graph dialect can keep symbolic")
        if '"graph.constant"' in la:
            fail(i, "a constant's shape depends on a dynamic size (e.g. a "
                 "buffer sliced to the input length)")
        out = list(pa)
        for k in range(1, len(pa), 2):
            x, y = pa[k], pb[k]
            if x == y:
                continue
            if x.startswith("tensor<"):
                m = _merge_tensor(x, y)
            elif '"graph.reshape"' in la:
                m = _merge_reshape(x, y)
            else:
                m = None
            if m is None:
                fail(i, f"'{x}' becomes '{y}' at another size and cannot "
                     "be made symbolic")
            out[k] = m
        merged.append("".join(out))
    for name, blob in blobs_a.items():
        other = blobs_b.get(name)
        if other is None or other.shape != blob.shape or \
                not np.array_equal(other, blob):
            raise UnsupportedOperationError(
                name, "weight", "", "dynamic dims: a weight's value depends "
                "on a dynamic size")
    return "\n".join(merged) + "\n", blobs_a


def annotate_dim_names(text, arguments, dims):
    """Adds `strata.dim_names` to the entry's arguments that have dynamic
    dims, so the runtime checks equal symbols for equal sizes."""
    for index, entry in dims.items():
        name, rank = arguments[index]
        names = ", ".join(f'"{entry.get(d, "")}"' for d in range(rank))
        old = f'{{strata.name = "{name}"}}'
        new = f'{{strata.dim_names = [{names}], strata.name = "{name}"}}'
        text = text.replace(old, new, 1)
    return text
