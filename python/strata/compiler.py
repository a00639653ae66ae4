"""strata.compile, strata.load, strata.opt and CompiledModel.

A model is compiled by the native extension (`_strata`, Strata's C++ driver):
ONNX models as serialized bytes, PyTorch modules as graph-dialect MLIR text
produced by `torch_importer` plus their weights as numpy buffers.
"""

import os
import shutil
from dataclasses import dataclass

import numpy as np

from . import _strata
from .errors import CompileError

STAGES = ("import", "graph", "linalg", "llvm")


@dataclass(frozen=True)
class TensorInfo:
    """One input or output of a compiled model. `shape` holds ints for
    static dims and, for a dynamic dim, its symbol (a str, e.g. "N") or
    None when it has none, as onnxruntime does."""

    name: str
    shape: tuple
    dtype: np.dtype

    def __str__(self):
        dims = "x".join("?" if d is None else str(d)
                        for d in self.shape) or "scalar"
        return f"{self.name}: {self.dtype}[{dims}]"

    def matches(self, shape):
        """True when an array of `shape` fits (any size for dynamic dims)."""
        return len(shape) == len(self.shape) and all(
            not isinstance(d, int) or d == s for d, s in zip(self.shape, shape))


def _infos(specs):
    infos = []
    for s in specs:
        dims = s.get("dims") or [""] * len(s["shape"])
        shape = tuple(d if d >= 0 else (None if name in ("", "?") else name)
                      for d, name in zip(s["shape"], dims))
        infos.append(TensorInfo(s["name"], shape, np.dtype(s["dtype"])))
    return infos


def _is_torch_tensor(value):
    torch = _torch_if_loaded()
    return torch is not None and isinstance(value, torch.Tensor)


def _torch_if_loaded():
    # Never import torch for an ONNX-only user; if it is in use it is loaded.
    import sys
    return sys.modules.get("torch")


def _to_numpy(value, index):
    if _is_torch_tensor(value):
        return value.detach().cpu().contiguous().numpy()
    if isinstance(value, np.ndarray):
        return value
    if np.isscalar(value):
        return np.asarray(value)
    raise ValueError(f"input {index}: expected a numpy array or a torch "
                     f"tensor, got {type(value).__name__}")


class CompiledModel:
    """A compiled model: call it like the original model.

    `model(*inputs)` takes numpy arrays or torch tensors in signature order
    and returns one array for a single-output model, else a tuple (torch
    tensors when torch tensors came in). `model.run({name: array})` returns a
    dict by output name.
    """

    def __init__(self, native, artifact_path=None):
        self._native = native
        self._artifact_path = artifact_path
        sig = native.signature
        self.inputs = _infos(sig["inputs"])
        self.outputs = _infos(sig["outputs"])
        self.target = sig["target"]

    def __repr__(self):
        ins = ", ".join(str(i) for i in self.inputs)
        outs = ", ".join(str(o) for o in self.outputs)
        return f"<strata.CompiledModel ({ins}) -> ({outs}) on {self.target}>"

    def _check(self, arrays):
        if len(arrays) != len(self.inputs):
            names = ", ".join(i.name for i in self.inputs)
            raise ValueError(f"the model takes {len(self.inputs)} input(s) "
                             f"({names}), {len(arrays)} given")
        for i, (array, info) in enumerate(zip(arrays, self.inputs)):
            if array.dtype != info.dtype or not info.matches(array.shape):
                got = "x".join(str(d) for d in array.shape) or "scalar"
                raise ValueError(f"input {i} ('{info.name}') expects "
                                 f"{str(info).split(': ', 1)[1]}, got "
                                 f"{array.dtype}[{got}]")

    def _run(self, values, threads=0):
        arrays = [_to_numpy(v, i) for i, v in enumerate(values)]
        self._check(arrays)
        outputs = self._native.run(arrays, threads)
        if any(_is_torch_tensor(v) for v in values):
            torch = _torch_if_loaded()
            outputs = [torch.from_numpy(o) for o in outputs]
        return outputs

    def __call__(self, *inputs, threads=0):
        outputs = self._run(inputs, threads)
        return outputs[0] if len(outputs) == 1 else tuple(outputs)

    def run(self, inputs, threads=0):
        """Runs on {input name: array}; returns {output name: array}."""
        names = [i.name for i in self.inputs]
        unknown = sorted(set(inputs) - set(names))
        missing = [n for n in names if n not in inputs]
        if unknown or missing:
            raise ValueError(f"inputs are {names}; missing {missing}, "
                             f"unknown {unknown}")
        outputs = self._run([inputs[n] for n in names], threads)
        return {o.name: v for o, v in zip(self.outputs, outputs)}

    def save(self, path):
        """Writes the AOT artifact (a shared library, as strata-compile
        emits) to `path`; strata.load(path) runs it without recompiling."""
        path = os.fspath(path)
        if self._artifact_path is not None:
            shutil.copyfile(self._artifact_path, path)
        else:
            self._native.save(path)

    def ir(self, stage="graph"):
        """IR text after a stage: "import" (as imported), "graph" (after the
        graph-level optimisation), "linalg" (after graph -> linalg) or
        "llvm" (the LLVM dialect). Large weights are elided."""
        if self._artifact_path is not None:
            raise ValueError("a loaded artifact carries no IR; compile the "
                             "model to see its IR")
        if stage not in STAGES:
            raise ValueError(f"unknown stage '{stage}' (stages: "
                             f"{', '.join(STAGES)})")
        return self._native.ir(stage)


def _onnx_bytes(model):
    """(bytes, name) of an ONNX model given as a path, bytes or ModelProto;
    None if `model` is none of these."""
    if isinstance(model, (str, os.PathLike)):
        path = os.fspath(model)
        with open(path, "rb") as f:
            return f.read(), path
    if isinstance(model, (bytes, bytearray, memoryview)):
        return bytes(model), "<bytes>"
    if type(model).__name__ == "ModelProto" and hasattr(
            model, "SerializeToString"):
        return model.SerializeToString(), "<onnx.ModelProto>"
    return None


def _onnx_input_names(data):
    """Graph inputs (not initializers) of a serialized ONNX model, or None
    if the onnx package cannot parse it (the importer will say why)."""
    try:
        import onnx
        proto = onnx.load_from_string(data)
    except Exception:
        return None
    initializers = {t.name for t in proto.graph.initializer}
    return [i.name for i in proto.graph.input if i.name not in initializers]


def _example_shapes(example_inputs):
    if example_inputs is None:
        return []
    if not isinstance(example_inputs, (list, tuple)):
        example_inputs = (example_inputs,)
    return [tuple(_to_numpy(v, i).shape) for i, v in enumerate(example_inputs)]


def compile(model, target="cpu", *, example_inputs=None, dynamic_dims=None,
            options=None):
    """Compiles `model` for `target` and returns a CompiledModel.

    `model` is an ONNX file path (a `.mlir` path is read as graph-dialect
    MLIR), ONNX bytes, an onnx.ModelProto or a torch.nn.Module. For a
    module, `example_inputs` (a tensor or a tuple of tensors) gives the input
    shapes and dtypes; for ONNX it pins symbolic input dims. `options`:
    threads (default thread count, 0 = all cores), parallel, vectorize,
    keep_ir (default True), input_shapes ({name: shape}, ONNX/MLIR only),
    cuda_mma ("none", "f16" or "bf16": the f32 matmuls and convolutions of
    the cuda-emu target on emulated tensor cores, see docs/cuda.md).
    `dynamic_dims` ({input: [dims]} or {input: {dim: "symbol"}}, inputs by
    name or position) compiles those dims as symbolic: the model then runs
    at any size of them without recompiling (see docs/python.md).
    """
    options = dict(options or {})
    input_shapes = {k: list(v) for k, v in
                    dict(options.pop("input_shapes", {}) or {}).items()}
    options["target"] = target
    blobs = {}

    torch = _torch_if_loaded()
    if torch is not None and isinstance(model, torch.nn.Module):
        if example_inputs is None:
            raise ValueError("compiling a torch.nn.Module needs "
                             "example_inputs (tensors of the input shapes "
                             "and dtypes)")
        if input_shapes:
            raise ValueError("input_shapes applies to ONNX/MLIR models; a "
                             "module is compiled for its example_inputs")
        from .torch_importer import import_module
        text, blobs = import_module(model, example_inputs, dynamic_dims)
        kind, source, name = "mlir", text.encode(), type(model).__name__
    elif isinstance(model, (str, os.PathLike)) and os.fspath(
            model).endswith(".mlir"):
        if dynamic_dims:
            raise ValueError("dynamic_dims applies to ONNX models and torch "
                             "modules; write `?` dims in the MLIR instead")
        with open(model, "rb") as f:
            kind, source, name = "mlir", f.read(), os.fspath(model)
    else:
        onnx_model = _onnx_bytes(model)
        if onnx_model is None:
            raise TypeError(
                "strata.compile takes an ONNX path, bytes or ModelProto, a "
                f"torch.nn.Module or a .mlir path, not {type(model).__name__}")
        source, name = onnx_model
        kind = "onnx"
        shapes = _example_shapes(example_inputs)
        if dynamic_dims:
            source = _mark_onnx_dynamic(source, dynamic_dims, shapes)
            shapes = []
        if shapes:
            names = _onnx_input_names(source)
            if names is not None:
                if len(names) != len(shapes):
                    raise ValueError(f"the model takes {len(names)} input(s) "
                                     f"{names}, {len(shapes)} example(s) "
                                     "given")
                for n, s in zip(names, shapes):
                    input_shapes.setdefault(n, list(s))
    native = _strata.compile(kind, source, name, blobs, input_shapes, options)
    return CompiledModel(native)


def _mark_onnx_dynamic(source, dynamic_dims, shapes):
    """The ONNX model with `dynamic_dims` as dim_params (and the other dims
    of `shapes`, the example inputs, pinned)."""
    from . import dynamic
    names = _onnx_input_names(source)
    if names is None:
        raise ValueError("dynamic_dims needs the onnx package to read the "
                         "model's inputs (python3-onnx)")
    ranks = dynamic.onnx_input_ranks(source)
    if shapes and len(shapes) != len(names):
        raise ValueError(f"the model takes {len(names)} input(s) {names}, "
                         f"{len(shapes)} example(s) given")
    dims = dynamic.normalize(dynamic_dims, names, ranks)
    return dynamic.mark_onnx_inputs(source, dims, shapes)


def load(path):
    """Loads an AOT artifact written by CompiledModel.save or strata-compile;
    nothing is recompiled."""
    path = os.fspath(path)
    return CompiledModel(_strata.load(path), artifact_path=path)


def opt(mlir_text, pipeline):
    """Runs a pass pipeline (strata-opt syntax, e.g.
    "func.func(canonicalize),graph-infer-shapes" or "strata-cpu-pipeline")
    on MLIR text and returns the resulting IR text."""
    if isinstance(mlir_text, bytes):
        mlir_text = mlir_text.decode()
    return _strata.opt(mlir_text, pipeline)


__all__ = ["CompiledModel", "CompileError", "TensorInfo", "compile", "load",
           "opt"]
