"""The strata package's API on small models: every way to give a model,
calling conventions, signatures, IR stages, opt, save/load in a new process
and the errors (always Python exceptions, the process survives)."""

import os
import subprocess
import sys

import numpy as np
import onnx
import pytest
import torch
import torch.nn as nn

import strata
from models import MLP, export_onnx

RTOL, ATOL = 1e-5, 1e-6  # fp32, reductions of at most 64 terms


class TwoInTwoOut(nn.Module):
    def forward(self, a, b):
        return a + b, a * b


@pytest.fixture(scope="module")
def mlp():
    torch.manual_seed(0)
    model = MLP().eval()
    x = torch.randn(4, 32)
    with torch.no_grad():
        expected = model(x).numpy()
    return model, x, expected


@pytest.fixture(scope="module")
def mlp_compiled(mlp):
    model, x, _ = mlp
    return strata.compile(model, example_inputs=(x,))


@pytest.fixture(scope="module")
def mlp_onnx(mlp, tmp_path_factory):
    model, x, _ = mlp
    path = tmp_path_factory.mktemp("onnx") / "mlp.onnx"
    return export_onnx(model, (x,), str(path))


def test_torch_module_numpy_and_torch_inputs(mlp, mlp_compiled):
    _, x, expected = mlp
    out = mlp_compiled(x.numpy())
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, expected, rtol=RTOL, atol=ATOL)
    out = mlp_compiled(x)
    assert isinstance(out, torch.Tensor)
    np.testing.assert_allclose(out.numpy(), expected, rtol=RTOL, atol=ATOL)


def test_signature(mlp_compiled):
    (i,), (o,) = mlp_compiled.inputs, mlp_compiled.outputs
    assert (i.name, i.shape, i.dtype) == ("x", (4, 32), np.float32)
    assert (o.name, o.shape, o.dtype) == ("output", (4, 10), np.float32)


def test_run_with_dict(mlp, mlp_compiled):
    _, x, expected = mlp
    out = mlp_compiled.run({"x": x.numpy()})
    assert list(out) == ["output"]
    np.testing.assert_allclose(out["output"], expected, rtol=RTOL, atol=ATOL)
    with pytest.raises(ValueError, match="missing"):
        mlp_compiled.run({"y": x.numpy()})


def test_onnx_path_bytes_and_proto(mlp, mlp_onnx):
    _, x, expected = mlp
    with open(mlp_onnx, "rb") as f:
        data = f.read()
    for model in (mlp_onnx, data, onnx.load(mlp_onnx)):
        compiled = strata.compile(model)
        assert compiled.inputs[0].name == "input_0"
        np.testing.assert_allclose(compiled(x.numpy()), expected, rtol=RTOL,
                                   atol=ATOL)


def test_multiple_inputs_and_outputs():
    a, b = torch.randn(3, 5), torch.randn(1, 5)
    compiled = strata.compile(TwoInTwoOut().eval(), example_inputs=(a, b))
    s, p = compiled(a, b)
    np.testing.assert_allclose(s.numpy(), (a + b).numpy())
    np.testing.assert_allclose(p.numpy(), (a * b).numpy())
    assert [o.name for o in compiled.outputs] == ["output_0", "output_1"]


def test_ir_stages(mlp_compiled):
    assert "graph.gemm" in mlp_compiled.ir("import")
    assert "dense_resource<w_fc1.weight>" in mlp_compiled.ir("import")
    assert "graph." in mlp_compiled.ir("graph")
    assert "linalg." in mlp_compiled.ir("linalg")
    assert "llvm.func" in mlp_compiled.ir("llvm")
    with pytest.raises(ValueError, match="unknown stage"):
        mlp_compiled.ir("ptx")


def test_opt():
    text = """
    func.func @main(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
      %0 = graph.transpose %a {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
      %1 = graph.transpose %0 {perm = array<i64: 1, 0>} : tensor<3x2xf32> -> tensor<2x3xf32>
      return %1 : tensor<2x3xf32>
    }"""
    out = strata.opt(text, "func.func(canonicalize)")
    assert "graph.transpose" not in out
    out = strata.opt(text, "builtin.module(func.func(canonicalize))")
    assert "graph.transpose" not in out
    with pytest.raises(strata.CompileError, match="invalid pass pipeline"):
        strata.opt(text, "no-such-pass")
    with pytest.raises(strata.CompileError, match="<opt input>:1:5"):
        strata.opt("%x = ", "canonicalize")


SAVE_LOAD_CHILD = """
import sys, numpy as np
import strata
model = strata.load(sys.argv[1])
x = np.load(sys.argv[2])
np.save(sys.argv[3], model(x))
print(model.inputs[0], model.outputs[0])
"""


def test_save_and_load_in_new_process(mlp, mlp_compiled, tmp_path):
    _, x, expected = mlp
    artifact = tmp_path / "mlp.so"
    mlp_compiled.save(artifact)
    np.save(tmp_path / "x.npy", x.numpy())
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    result = subprocess.run(
        [sys.executable, "-c", SAVE_LOAD_CHILD, str(artifact),
         str(tmp_path / "x.npy"), str(tmp_path / "out.npy")],
        env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "x: float32[4x32]" in result.stdout
    np.testing.assert_allclose(np.load(tmp_path / "out.npy"), expected,
                               rtol=RTOL, atol=ATOL)
    loaded = strata.load(artifact)
    np.testing.assert_allclose(loaded(x.numpy()), expected, rtol=RTOL,
                               atol=ATOL)
    with pytest.raises(ValueError, match="no IR"):
        loaded.ir("llvm")


# -- errors ------------------------------------------------------------------

def test_bad_model_bytes():
    with pytest.raises(strata.CompileError):
        strata.compile(b"this is not an ONNX model")
    with pytest.raises(strata.CompileError):
        strata.load(__file__)


def test_unsupported_torch_node():
    class Inner(nn.Module):
        def forward(self, x):
            return torch.cumsum(x, 0)

    class Outer(nn.Module):
        def __init__(self):
            super().__init__()
            self.block = Inner()

        def forward(self, x):
            return self.block(x) + 1

    with pytest.raises(strata.UnsupportedOperationError) as info:
        strata.compile(Outer().eval(), example_inputs=(torch.randn(3),))
    message = str(info.value)
    assert "cumsum" in message and "'block'" in message
    assert isinstance(info.value, strata.CompileError)


def test_wrong_input_shape_and_dtype(mlp_compiled):
    with pytest.raises(ValueError, match=r"expects float32\[4x32\], got "
                                         r"float32\[4x31\]"):
        mlp_compiled(np.zeros((4, 31), np.float32))
    with pytest.raises(ValueError, match=r"expects float32\[4x32\], got "
                                         r"float64\[4x32\]"):
        mlp_compiled(np.zeros((4, 32)))
    with pytest.raises(ValueError, match="takes 1 input"):
        mlp_compiled()


def test_invalid_mlir_reports_locations(tmp_path):
    path = tmp_path / "bad.mlir"
    path.write_text("func.func @main(%a: tensor<2xf32>) -> tensor<3xf32> {\n"
                    "  %0 = graph.relu %a : tensor<3xf32>\n"
                    "  return %0 : tensor<3xf32>\n}\n")
    with pytest.raises(strata.CompileError, match=r"bad.mlir:2:"):
        strata.compile(str(path))


def test_cuda_emu_target(mlp):
    # The CUDA kernels on the CPU emulator; fp32 tolerance as on the CPU
    # (plain FMA, a different summation order than PyTorch's).
    model, x, expected = mlp
    compiled = strata.compile(model, "cuda-emu", example_inputs=(x,))
    np.testing.assert_allclose(compiled(x), expected, rtol=1e-4, atol=1e-5)


def test_cuda_emu_tensor_cores():
    # options={"cuda_mma": "f16"}: the Linear's matmul on emulated tensor
    # cores, its operands rounded to f16. Against a float64 product of the
    # same rounded operands only the f32 summation order differs, so the
    # fp32 tolerance holds; against the unrounded product it does not.
    torch.manual_seed(1)
    model = torch.nn.Linear(48, 24).eval()
    x = torch.randn(5, 48)
    w, b = model.weight.detach(), model.bias.detach()
    rounded = (x.half().double() @ w.half().double().T + b.double()).numpy()
    exact = (x.double() @ w.double().T + b.double()).numpy()
    compiled = strata.compile(model, "cuda-emu", example_inputs=(x,),
                              options={"cuda_mma": "f16"})
    y = compiled(x)
    np.testing.assert_allclose(y, rounded, rtol=1e-4, atol=1e-5)
    assert not np.allclose(y, exact, rtol=1e-4, atol=1e-5)
    with pytest.raises(strata.CompileError, match="unknown cuda_mma 'tf32'"):
        strata.compile(model, "cuda-emu", example_inputs=(x,),
                       options={"cuda_mma": "tf32"})
    with pytest.raises(strata.CompileError, match="option of the cuda-emu"):
        strata.compile(model, example_inputs=(x,),
                       options={"cuda_mma": "f16"})


def test_option_and_mode_errors(mlp):
    model, x, _ = mlp
    with pytest.raises(strata.CompileError, match="unknown target"):
        strata.compile(model, "tpu", example_inputs=(x,))
    with pytest.raises(ValueError, match="unknown compile option"):
        strata.compile(model, example_inputs=(x,), options={"fast": True})
    with pytest.raises(ValueError, match="eval"):
        strata.compile(MLP().train(), example_inputs=(x,))
    with pytest.raises(ValueError, match="example_inputs"):
        strata.compile(model)
    lean = strata.compile(model, example_inputs=(x,),
                          options={"keep_ir": False, "threads": 1})
    with pytest.raises(ValueError, match="not kept"):
        lean.ir("graph")
    assert lean(x).shape == (4, 10)
