"""The torch importer op by op: small modules covering the nn layers,
functional ops and tensor methods it maps, each compiled for the CPU and
compared with torch eager under torch.no_grad() (fp32; rtol 1e-4, atol 1e-5:
reductions here are at most a few hundred terms)."""

import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

import strata

RTOL, ATOL = 1e-4, 1e-5


class ConvNet1d(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(4, 8, 3, stride=2, padding=1)
        self.bn = nn.BatchNorm1d(8)
        self.pool = nn.MaxPool1d(2)
        self.avg = nn.AvgPool1d(3, stride=1, padding=1)
        self.flat = nn.Flatten()

    def forward(self, x):
        return self.flat(self.avg(self.pool(F.relu(self.bn(self.conv(x))))))


class ConvNet2d(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(8, 16, 3, padding="same", dilation=2)
        self.depthwise = nn.Conv2d(16, 16, 3, stride=2, padding=1, groups=16,
                                   bias=False)
        self.gn = nn.GroupNorm(4, 16)
        self.act = nn.SiLU()
        self.hs = nn.Hardswish()
        self.pool = nn.AdaptiveAvgPool2d((2, 2))
        self.avg = nn.AvgPool2d(2, ceil_mode=True, count_include_pad=False)

    def forward(self, x):
        y = self.hs(self.act(self.gn(self.depthwise(self.conv(x)))))
        return self.pool(y), self.avg(y), F.adaptive_avg_pool2d(y, 1)


class Activations(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln = nn.LayerNorm(16)
        self.layers = nn.ModuleList([
            nn.GELU(), nn.Tanh(), nn.Sigmoid(), nn.Hardsigmoid(),
            nn.LeakyReLU(0.2), nn.ReLU6(), nn.Dropout(0.5), nn.ReLU()])

    def forward(self, x):
        x = self.ln(x) * 3.0
        outs = [layer(x) for layer in self.layers]
        outs.append(F.gelu(x, approximate="tanh"))
        outs.append(torch.clamp(x, min=-0.5, max=0.25))
        outs.append(F.hardtanh(x))
        return torch.cat(outs, dim=-1)


class EmbeddingModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(50, 16)
        self.fc = nn.Linear(16, 8)

    def forward(self, ids):
        h = self.fc(self.emb(ids))
        return F.softmax(h, dim=-1), F.log_softmax(h, -1), h.softmax(1)


class TiedEmbedding(nn.Module):
    """A language-model head sharing the embedding's weight."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(40, 16)
        self.head = nn.Linear(16, 40, bias=False)
        self.head.weight = self.emb.weight

    def forward(self, ids):
        return self.head(self.emb(ids) * 0.5)


class CrossAttention(nn.Module):
    """Sequence-first MultiheadAttention with a float attn_mask and
    different query and key/value sources."""

    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(32, 4)

    def forward(self, q, kv, mask):
        out, _ = self.attn(q, kv, kv, attn_mask=mask)
        return out


class CausalSelfAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(32, 2, batch_first=True)
        self.register_buffer("causal", torch.triu(
            torch.ones(6, 6, dtype=torch.bool), diagonal=1))

    def forward(self, x, padding):
        return self.attn(x, x, x, key_padding_mask=padding,
                         attn_mask=self.causal, need_weights=False)[0]


class TensorMethods(nn.Module):
    def forward(self, x, y):
        b, c, n = x.size()
        t = x.view(b, c * n).reshape(b, c, n).permute(0, 2, 1).contiguous()
        t = t.transpose(1, 2)
        a, rest = t.split([1, c - 1], dim=1)
        p, q = rest.chunk(2, dim=1)
        s = torch.cat([p, q, a], 1) * 2 + 1 - x / 4
        m = s.matmul(y) @ y.t()
        m = m.masked_fill(m > 1.5, 0.0)
        z = torch.where(s < 0, s, -s) ** 2
        r = 1 - z.mean(dim=-1, keepdim=True) + z.sum(-1, keepdim=True)
        e = s.unsqueeze(1).squeeze(1)[:, 1:, ::2]
        f = torch.stack([s, -s], dim=0).amax(0)
        g = s[..., 0].unsqueeze(-1).expand(b, c, n)
        return m, r, e, f, g, (s > 0).float(), x.shape[0] * s


class Functional(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(6, 3, 3, 3) * 0.2)
        self.lw = nn.Parameter(torch.randn(5, 24) * 0.2)
        self.norm_w = nn.Parameter(torch.rand(6) + 0.5)

    def forward(self, x):
        y = F.conv2d(x, self.w, None, stride=1, padding=1)
        y = F.layer_norm(y, (4,), None, None, 1e-5)
        y = F.pad(y, (1, 1, 0, 0), mode="reflect")
        y = F.pad(y, (0, 0, 1, 0), value=0.5)
        y = F.max_pool2d(y, 2)
        y = F.group_norm(y, 3, self.norm_w)
        y = F.linear(torch.flatten(y, 1)[:, :24], self.lw)
        return F.dropout(y, 0.3, training=False)


class EncoderLayerNormFirst(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(
            32, 4, 64, dropout=0.0, activation="gelu", norm_first=True)

    def forward(self, x, mask):
        return self.layer(x, src_mask=mask)


def _cases():
    g = torch.Generator().manual_seed(7)

    def randn(*shape):
        return torch.randn(*shape, generator=g)

    causal = torch.triu(torch.full((5, 5), float("-inf")), 1)
    padding = torch.zeros(2, 6, dtype=torch.bool)
    padding[0, 4:] = True
    return {
        "conv1d": (ConvNet1d, (randn(2, 4, 16),)),
        "conv2d": (ConvNet2d, (randn(1, 8, 12, 12),)),
        "activations": (Activations, (randn(2, 3, 16),)),
        "embedding": (EmbeddingModel,
                      (torch.randint(0, 50, (2, 7), generator=g),)),
        "tied_embedding": (TiedEmbedding,
                           (torch.randint(0, 40, (3, 5), generator=g),)),
        "cross_attention": (CrossAttention,
                            (randn(5, 2, 32), randn(7, 2, 32),
                             randn(5, 7) * 0.1)),
        "causal_attention": (CausalSelfAttention, (randn(2, 6, 32), padding)),
        "tensor_methods": (TensorMethods, (randn(2, 5, 4), randn(4, 4))),
        "functional": (Functional, (randn(2, 3, 4, 4),)),
        "encoder_norm_first": (EncoderLayerNormFirst,
                               (randn(5, 2, 32), causal)),
    }


CASES = _cases()


def _calibrated(model, inputs):
    """Non-trivial BatchNorm statistics."""
    if any(isinstance(m, nn.modules.batchnorm._BatchNorm)
           for m in model.modules()):
        model.train()
        with torch.no_grad():
            model(*inputs)
    return model.eval()


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_torch(name):
    torch.manual_seed(3)
    cls, inputs = CASES[name]
    model = _calibrated(cls(), inputs)
    with torch.no_grad():
        expected = model(*inputs)
    compiled = strata.compile(model, example_inputs=inputs)
    out = compiled(*inputs)
    if isinstance(expected, torch.Tensor):
        expected, out = (expected,), (out,)
    assert len(out) == len(expected)
    for o, e in zip(out, expected):
        assert o.shape == e.shape and o.dtype == e.dtype
        np.testing.assert_allclose(o.numpy(), e.numpy(), rtol=RTOL, atol=ATOL)
