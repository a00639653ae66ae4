"""Writes graph-dialect MLIR text, one op at a time, from Python.

`GraphBuilder` is what the torch importer emits through. Every SSA value is a
`Value` carrying an example tensor (the value it takes for the example
inputs), so result types come from running the same computation in torch:
the builder never re-implements shape inference. Ops are written in MLIR's
generic form (`"graph.add"(%a, %b) : (...) -> ...`), which has one syntax
for every op.

Weights larger than `INLINE_LIMIT` elements become `dense_resource<name>`
references; their bytes are handed to the native extension (`blobs`), which
registers them as builtin-dialect resource blobs after parsing. Small
constants are written inline as hex `dense<"0x...">` (exact, foldable).
"""

import math
import re

import numpy as np
import torch

INLINE_LIMIT = 1024

_ELEMENT_TYPES = {
    torch.float32: "f32",
    torch.float64: "f64",
    torch.float16: "f16",
    torch.bfloat16: "bf16",
    torch.int64: "i64",
    torch.int32: "i32",
    torch.int16: "i16",
    torch.int8: "i8",
    torch.uint8: "ui8",
    torch.bool: "i1",
}


def element_type(dtype):
    try:
        return _ELEMENT_TYPES[dtype]
    except KeyError:
        raise TypeError(f"dtype {dtype} has no graph-dialect element type")


def tensor_type(example):
    dims = "".join(f"{d}x" for d in example.shape)
    return f"tensor<{dims}{element_type(example.dtype)}>"


def i64_array(values):
    return "array<i64" + "".join(
        (": " if i == 0 else ", ") + str(int(v))
        for i, v in enumerate(values)) + ">"


def f64(value):
    """An f64 attribute (hex for infinities and NaN)."""
    value = float(value)
    if math.isnan(value):
        return "0x7FF8000000000000 : f64"
    if math.isinf(value):
        return ("0x7FF0000000000000" if value > 0 else
                "0xFFF0000000000000") + " : f64"
    return f"{value:.17e} : f64"


def i64(value):
    return f"{int(value)} : i64"


def boolean(value):
    return "true" if value else "false"


class Value:
    """An SSA value of the graph being built and its example tensor."""

    __slots__ = ("name", "example")

    def __init__(self, name, example):
        self.name = name
        self.example = example

    @property
    def shape(self):
        return tuple(self.example.shape)

    @property
    def dtype(self):
        return self.example.dtype

    @property
    def rank(self):
        return self.example.dim()

    def __repr__(self):
        return f"Value({self.name}: {tensor_type(self.example)})"


class GraphBuilder:
    """Accumulates the body of `func.func @main` and its weights."""

    def __init__(self):
        self.lines = []
        self.blobs = {}
        self._next = 0
        self._constants = {}
        self.arguments = []
        self.results = []

    # -- values ------------------------------------------------------------

    def _fresh(self):
        name = f"%{self._next}"
        self._next += 1
        return name

    def argument(self, name, example):
        value = Value(f"%arg{len(self.arguments)}", example)
        self.arguments.append((name, value))
        return value

    def op(self, name, operands, results, attrs=None):
        """Emits `graph.<name>`; `results` is one example tensor (returns a
        Value) or a list of them (returns a list of Values)."""
        single = isinstance(results, torch.Tensor)
        examples = [results] if single else list(results)
        result = self._fresh()
        attr_text = ""
        if attrs:
            attr_text = " {" + ", ".join(
                f"{k} = {v}" for k, v in attrs.items()) + "}"
        operand_types = ", ".join(tensor_type(o.example) for o in operands)
        result_types = ", ".join(tensor_type(e) for e in examples)
        if not single:
            result_types = f"({result_types})"
        lhs = result if single else f"{result}:{len(examples)}"
        self.lines.append(
            f"    {lhs} = \"graph.{name}\"("
            f"{', '.join(o.name for o in operands)}){attr_text} : "
            f"({operand_types}) -> {result_types}")
        if single:
            return Value(result, results)
        return [Value(f"{result}#{i}", e) for i, e in enumerate(examples)]

    def constant(self, tensor, hint="const"):
        """A graph.constant holding `tensor` (deduplicated by storage)."""
        tensor = tensor.detach()
        # Same storage, layout and type: the same constant (tied weights).
        key = (tensor.data_ptr(), tensor.dtype, tuple(tensor.shape),
               tuple(tensor.stride()))
        cached = self._constants.get(key)
        if cached is not None:
            return cached[1]
        if tensor.dtype == torch.bool:
            # i1 has no byte-per-element hex form: go through ui8.
            value = self.cast(self.constant(tensor.to(torch.uint8), hint),
                              torch.bool)
        else:
            value = self._constant(tensor.contiguous(), hint)
        self._constants[key] = (tensor, value)
        return value

    def _constant(self, tensor, hint):
        array = tensor.cpu().numpy() if tensor.dtype != torch.bfloat16 else \
            tensor.view(torch.int16).cpu().numpy()
        if tensor.numel() <= INLINE_LIMIT:
            literal = f"dense<\"0x{array.tobytes().hex().upper()}\">"
            if tensor.numel() == 0:
                literal = "dense<>"
        else:
            name = self._blob_name(hint)
            self.blobs[name] = np.ascontiguousarray(array)
            literal = f"dense_resource<{name}>"
        result = self._fresh()
        self.lines.append(f"    {result} = \"graph.constant\"() "
                          f"{{value = {literal} : {tensor_type(tensor)}}} : "
                          f"() -> {tensor_type(tensor)}")
        return Value(result, tensor)

    def _blob_name(self, hint):
        base = "w_" + re.sub(r"[^A-Za-z0-9_.]", "_", hint)
        name, i = base, 1
        while name in self.blobs:
            name, i = f"{base}_{i}", i + 1
        return name

    def cast(self, value, dtype):
        if value.dtype == dtype:
            return value
        return self.op("cast", [value], value.example.to(dtype),
                       {"to": element_type(dtype)})

    # -- the module --------------------------------------------------------

    def text(self):
        args = ", ".join(
            f"{v.name}: {tensor_type(v.example)} {{strata.name = \"{n}\"}}"
            for n, v in self.arguments)
        rets = ", ".join(
            f"{tensor_type(v.example)} {{strata.name = \"{n}\"}}"
            for n, v in self.results)
        ret_values = ", ".join(v.name for _, v in self.results)
        ret_types = ", ".join(tensor_type(v.example) for _, v in self.results)
        body = "\n".join(self.lines)
        return (f"module {{\n  func.func @main({args}) -> ({rets}) {{\n"
                f"{body}\n    return {ret_values} : {ret_types}\n  }}\n}}\n")
