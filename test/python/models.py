"""Models the Python-binding tests compile: torchvision CNNs (BatchNorm
statistics re-estimated, see docs/testing.md), a 2-layer
nn.TransformerEncoder with a key padding mask and a GPT-2-style decoder block
in plain torch ops. Each builder returns (model in eval mode, inputs)."""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def _recalibrate_batchnorm(model, shape, seed):
    """With weights=None and the initial BatchNorm statistics, activations
    vanish layer after layer; re-estimate them on seeded random batches."""
    for bn in model.modules():
        if isinstance(bn, nn.modules.batchnorm._BatchNorm):
            bn.reset_running_stats()
            bn.momentum = None
    gen = torch.Generator().manual_seed(seed)
    model.train()
    with torch.no_grad():
        for _ in range(2):
            model(torch.randn(*shape, generator=gen))
    return model.eval()


def torchvision_model(name, seed):
    import torchvision
    torch.manual_seed(seed)
    model = getattr(torchvision.models, name)(weights=None)
    _recalibrate_batchnorm(model, (4, 3, 224, 224), seed + 1)
    gen = torch.Generator().manual_seed(seed + 2)
    return model, (torch.randn(1, 3, 224, 224, generator=gen),)


class MLP(nn.Module):
    """32 -> 64 -> 10 with ReLU: the API tests' small model."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(32, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


class Encoder(nn.Module):
    """nn.TransformerEncoder (2 layers, batch_first) with a padding mask."""

    def __init__(self, d_model=64, heads=4, ff=128, layers=2):
        super().__init__()
        layer = nn.TransformerEncoderLayer(d_model, heads, ff, dropout=0.1,
                                           batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers)

    def forward(self, src, key_padding_mask):
        return self.encoder(src, src_key_padding_mask=key_padding_mask)


def encoder(seed=11):
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed + 1)
    src = torch.randn(2, 16, 64, generator=gen)
    mask = torch.zeros(2, 16, dtype=torch.bool)
    mask[1, 11:] = True  # the second sequence has 11 tokens
    return Encoder().eval(), (src, mask)


class GPTBlock(nn.Module):
    """A GPT-2 decoder block: pre-LayerNorm, fused qkv Linear, causal mask
    from a buffer, GELU (tanh) MLP."""

    def __init__(self, d_model=64, heads=4, block_size=32):
        super().__init__()
        self.heads = heads
        self.d_model = d_model
        self.ln_1 = nn.LayerNorm(d_model)
        self.c_attn = nn.Linear(d_model, 3 * d_model)
        self.c_proj = nn.Linear(d_model, d_model)
        self.ln_2 = nn.LayerNorm(d_model)
        self.c_fc = nn.Linear(d_model, 4 * d_model)
        self.mlp_proj = nn.Linear(4 * d_model, d_model)
        self.register_buffer("bias", torch.tril(
            torch.ones(block_size, block_size)).view(
                1, 1, block_size, block_size))

    def forward(self, x):
        B, T, C = x.size()
        q, k, v = self.c_attn(self.ln_1(x)).split(self.d_model, dim=2)
        q = q.view(B, T, self.heads, C // self.heads).transpose(1, 2)
        k = k.view(B, T, self.heads, C // self.heads).transpose(1, 2)
        v = v.view(B, T, self.heads, C // self.heads).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(self.bias[:, :, :T, :T] == 0, float("-inf"))
        att = F.softmax(att, dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        x = x + self.c_proj(y)
        h = F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh")
        return x + self.mlp_proj(h)


def gpt_block(seed=21):
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed + 1)
    return GPTBlock().eval(), (torch.randn(2, 16, 64, generator=gen),)


BUILDERS = {
    "resnet18": lambda: torchvision_model("resnet18", 101),
    "mobilenet_v2": lambda: torchvision_model("mobilenet_v2", 102),
    "efficientnet_b0": lambda: torchvision_model("efficientnet_b0", 103),
    "encoder": encoder,
    "gpt_block": gpt_block,
}


def export_onnx(model, inputs, path, opset=17):
    """torch.onnx.export with gradients enabled (under no_grad the encoder
    layer takes a fused fast path that cannot be exported)."""
    names = [f"input_{i}" for i in range(len(inputs))]
    torch.onnx.export(model, inputs, path, opset_version=opset,
                      input_names=names, output_names=["output"],
                      do_constant_folding=True)
    return path
