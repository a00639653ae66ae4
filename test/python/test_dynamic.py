"""strata.compile(..., dynamic_dims=...): one compile, several sizes.

Every result is compared with torch eager (no_grad) on the same inputs.
Tolerances are fp32 ones: the MLP's reductions have at most 64 terms
(rtol 1e-5, atol 1e-6); the encoder chains attention, softmax and layer
norms over d_model 64 (rtol 1e-4, atol 1e-5, as in test_models.py)."""

import numpy as np
import pytest
import torch

import strata
from models import MLP, encoder, export_onnx, gpt_block


@pytest.fixture(scope="module")
def mlp():
    torch.manual_seed(0)
    return MLP().eval()


def _eager(model, *inputs):
    with torch.no_grad():
        out = model(*inputs)
    return out.numpy()


def test_torch_dynamic_batch(mlp):
    compiled = strata.compile(mlp, example_inputs=(torch.randn(4, 32),),
                              dynamic_dims={"x": [0]})
    assert compiled.inputs[0].shape == ("x_0", 32)
    assert compiled.outputs[0].shape[1] == 10
    assert not isinstance(compiled.outputs[0].shape[0], int)
    gen = torch.Generator().manual_seed(1)
    for batch in (1, 3, 4, 7):
        x = torch.randn(batch, 32, generator=gen)
        got = compiled(x.numpy())
        assert got.shape == (batch, 10)
        np.testing.assert_allclose(got, _eager(mlp, x), rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match=r"expects float32\[x_0x32\]"):
        compiled(np.zeros((3, 31), np.float32))


def test_input_by_position_with_symbol(mlp):
    compiled = strata.compile(mlp, example_inputs=(torch.randn(2, 32),),
                              dynamic_dims={0: {-2: "N"}})
    assert compiled.inputs[0].shape == ("N", 32)
    x = torch.randn(5, 32)
    np.testing.assert_allclose(compiled(x.numpy()), _eager(mlp, x),
                               rtol=1e-5, atol=1e-6)


def test_saved_dynamic_artifact(mlp, tmp_path):
    compiled = strata.compile(mlp, example_inputs=(torch.randn(4, 32),),
                              dynamic_dims={"x": {0: "N"}})
    path = str(tmp_path / "mlp.so")
    compiled.save(path)
    loaded = strata.load(path)
    assert loaded.inputs[0].shape == ("N", 32)
    x = torch.randn(6, 32)
    np.testing.assert_allclose(loaded(x.numpy()), _eager(mlp, x),
                               rtol=1e-5, atol=1e-6)


def test_onnx_dynamic_batch(mlp, tmp_path):
    path = export_onnx(mlp, (torch.randn(4, 32),), str(tmp_path / "m.onnx"))
    compiled = strata.compile(path, dynamic_dims={"input_0": {0: "batch"}})
    assert compiled.inputs[0].shape == ("batch", 32)
    for batch in (1, 4, 9):
        x = torch.randn(batch, 32)
        np.testing.assert_allclose(compiled(x.numpy()), _eager(mlp, x),
                                   rtol=1e-5, atol=1e-6)


def test_encoder_shared_batch_symbol():
    model, (src, mask) = encoder()
    compiled = strata.compile(model, example_inputs=(src, mask),
                              dynamic_dims={"src": {0: "B"},
                                            "key_padding_mask": {0: "B"}})
    assert compiled.inputs[0].shape == ("B", 16, 64)
    assert compiled.inputs[1].shape == ("B", 16)
    gen = torch.Generator().manual_seed(5)
    for batch in (1, 2, 3):
        x = torch.randn(batch, 16, 64, generator=gen)
        m = torch.zeros(batch, 16, dtype=torch.bool)
        if batch > 1:
            m[-1, 9:] = True  # the last sequence has 9 tokens
        got = compiled(x.numpy(), m.numpy())
        expected = _eager(model, x, m)
        assert got.shape == expected.shape
        # Padded positions are unspecified (torch's fast path zeroes them).
        keep = ~m.numpy()
        np.testing.assert_allclose(got[keep], expected[keep],
                                   rtol=1e-4, atol=1e-5)
    with pytest.raises(ValueError, match="B"):
        compiled(np.zeros((2, 16, 64), np.float32),
                 np.zeros((3, 16), np.bool_))


def test_size_dependent_computation_is_reported():
    model, (x,) = gpt_block()
    # The causal mask is sliced to the sequence length: T is baked into
    # the graph, so a symbolic T cannot be expressed.
    with pytest.raises(strata.UnsupportedOperationError, match="masked_fill"):
        strata.compile(model, example_inputs=(x,), dynamic_dims={"x": [1]})
    # The batch dim is not: it compiles and runs at another batch.
    compiled = strata.compile(model, example_inputs=(x,),
                              dynamic_dims={"x": [0]})
    y = torch.randn(3, 16, 64)
    np.testing.assert_allclose(compiled(y.numpy()), _eager(model, y),
                               rtol=1e-4, atol=1e-5)


def test_bad_dynamic_dims(mlp, tmp_path):
    x = torch.randn(4, 32)
    with pytest.raises(ValueError, match="no input 'y'"):
        strata.compile(mlp, example_inputs=(x,), dynamic_dims={"y": [0]})
    with pytest.raises(ValueError, match="out of range for rank 2"):
        strata.compile(mlp, example_inputs=(x,), dynamic_dims={"x": [2]})
    with pytest.raises(ValueError, match="input index 1 out of range"):
        strata.compile(mlp, example_inputs=(x,), dynamic_dims={1: [0]})
    with pytest.raises(ValueError, match="must be a dict"):
        strata.compile(mlp, example_inputs=(x,), dynamic_dims=[0])
    with pytest.raises(ValueError, match="not an integer"):
        strata.compile(mlp, example_inputs=(x,), dynamic_dims={"x": ["0"]})
    path = tmp_path / "m.mlir"
    path.write_text("func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> {\n"
                    "  return %a : tensor<2xf32>\n}\n")
    with pytest.raises(ValueError, match="write `\\?` dims"):
        strata.compile(str(path), dynamic_dims={0: [0]})
