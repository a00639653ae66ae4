"""Whole models through both importers, compared with torch eager under
torch.no_grad(): torchvision resnet18, mobilenet_v2 and efficientnet_b0, a
2-layer nn.TransformerEncoder with a key padding mask and a GPT-2-style
block. Each model is compiled once from the torch.nn.Module (torch.fx) and
once from its torch.onnx.export.

Tolerance (fp32, numpy allclose |a - e| <= atol + rtol*|e|): rtol 1e-4,
atol 1e-5, as the end-to-end ONNX tests (test/e2e/models): Strata and torch
sum the same products in different orders (tiling, vectorisation, FMA
contraction), each K-term reduction carrying ~sqrt(K)*eps relative error.
"""

import numpy as np
import pytest
import torch

import strata
from models import BUILDERS, export_onnx

RTOL, ATOL = 1e-4, 1e-5
MODELS = sorted(BUILDERS)


@pytest.fixture(scope="module", params=MODELS)
def case(request, tmp_path_factory):
    """(name, model, inputs, expected outputs, ONNX path); built once."""
    name = request.param
    model, inputs = BUILDERS[name]()
    with torch.no_grad():
        expected = model(*inputs)
    path = tmp_path_factory.mktemp(name) / "model.onnx"
    export_onnx(model, inputs, str(path))
    return name, model, inputs, expected, str(path)


def _compare(name, inputs, out, expected):
    out = out.numpy() if isinstance(out, torch.Tensor) else out
    expected = expected.numpy()
    assert out.shape == expected.shape and out.dtype == expected.dtype
    if name == "encoder":
        # Under no_grad nn.TransformerEncoder takes torch's nested-tensor
        # fast path, which leaves padded positions at 0 instead of computing
        # them: compare the real tokens only.
        keep = ~inputs[1].numpy()
        out, expected = out[keep], expected[keep]
    np.testing.assert_allclose(out, expected, rtol=RTOL, atol=ATOL)


def test_torch_module(case):
    name, model, inputs, expected, _ = case
    compiled = strata.compile(model, example_inputs=inputs)
    _compare(name, inputs, compiled(*inputs), expected)


def test_onnx_export(case):
    name, _, inputs, expected, path = case
    compiled = strata.compile(path)
    out = compiled(*[t.numpy() for t in inputs])
    _compare(name, inputs, out, expected)
