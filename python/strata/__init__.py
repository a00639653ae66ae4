"""Strata: compile ONNX models and PyTorch modules for the CPU from Python.

    import strata
    model = strata.compile("model.onnx")            # or bytes, ModelProto,
    outputs = model(x)                               # torch.nn.Module
    model.save("model.so"); strata.load("model.so")

See docs/python.md for the whole API.
"""

from .compiler import CompiledModel, TensorInfo, compile, load, opt
from .errors import CompileError, UnsupportedOperationError

__all__ = [
    "CompiledModel",
    "CompileError",
    "TensorInfo",
    "UnsupportedOperationError",
    "compile",
    "load",
    "opt",
]
