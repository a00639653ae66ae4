"""Torch importer handlers for attention: nn.MultiheadAttention and the
nn.TransformerEncoder(Layer) built on it, as graph.attention plus the
projections around it.

torch.fx keeps these modules as leaves (their forward has data-dependent
fast paths), so they are decomposed here, following their eval-mode math:
dropout is the identity, masks follow torch's conventions (a bool mask is
True where attention is *not* allowed, a float mask is added to the
scores).
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

from . import torch_ops as ops
from .torch_handlers import module


class Unavailable:
    """A module output the importer does not compute (e.g. attention
    weights); using it as an operand is an error that says why."""

    def __init__(self, reason):
        self.reason = reason


def _combined_mask(b, attn_mask, key_padding_mask, batch, dtype):
    """Both torch masks as one graph.attention mask broadcasting to
    B x H x Sq x Sk, or None."""
    masks = []
    if attn_mask is not None:
        m = ops.example(attn_mask)
        if m.dim() == 3:  # (B * H, Sq, Sk)
            attn_mask = ops.reshape(b, attn_mask,
                                    (batch, -1) + tuple(m.shape[1:]))
        masks.append(attn_mask)
    if key_padding_mask is not None:
        k = ops.example(key_padding_mask)
        masks.append(ops.reshape(b, key_padding_mask,
                                 (k.shape[0], 1, 1, k.shape[1])))
    if not masks:
        return None
    if all(ops.example(m).dtype == torch.bool for m in masks):
        keep = [ops.unary(b, "not", m) for m in masks]
        mask = keep[0]
        for m in keep[1:]:
            mask = ops.binary(b, "and", mask, m)
        return mask
    mask = ops.additive_mask(b, masks[0], dtype)
    for m in masks[1:]:
        mask = ops.binary(b, "add", mask, ops.additive_mask(b, m, dtype))
    return mask


def multi_head_attention(ctx, m, query, key, value, key_padding_mask=None,
                         attn_mask=None, hint="attn"):
    """Output (batch first: B x L x E) of nn.MultiheadAttention `m`."""
    b = ctx.b
    if not m._qkv_same_embed_dim:
        raise NotImplementedError("separate q/k/v projection weights")
    if m.bias_k is not None or m.add_zero_attn:
        raise NotImplementedError("add_bias_kv / add_zero_attn")
    if not m.batch_first:
        query, key, value = (ops.swap(b, ops.as_value(b, t), 0, 1)
                             for t in (query, key, value))
    query = ops.as_value(b, query)
    embed, heads = m.embed_dim, m.num_heads
    head_dim = embed // heads
    weights = m.in_proj_weight.detach()
    biases = m.in_proj_bias.detach() if m.in_proj_bias is not None else None
    same = key is query and value is query
    if same:  # self-attention: one fused projection, split in three
        qkv = ops.linear(b, query, weights, biases, f"{hint}.in_proj")
        q, k, v = ops.split(b, qkv, [embed] * 3, -1)
    else:
        q, k, v = (ops.linear(
            b, t, weights[i * embed:(i + 1) * embed],
            None if biases is None else biases[i * embed:(i + 1) * embed],
            f"{hint}.in_proj_{'qkv'[i]}")
            for i, t in enumerate((query, key, value)))

    def heads_first(t):  # B x S x E -> B x H x S x D
        t = ops.reshape(b, t, (t.shape[0], t.shape[1], heads, head_dim))
        return ops.transpose(b, t, [0, 2, 1, 3])

    q, k, v = heads_first(q), heads_first(k), heads_first(v)
    mask = _combined_mask(b, attn_mask, key_padding_mask, q.shape[0], q.dtype)
    out = ops.attention(b, q, k, v, mask)
    out = ops.transpose(b, out, [0, 2, 1, 3])
    out = ops.reshape(b, out, (out.shape[0], out.shape[1], embed))
    out = ops.linear(b, out, m.out_proj.weight, m.out_proj.bias,
                     f"{hint}.out_proj")
    if not m.batch_first:
        out = ops.swap(b, out, 0, 1)
    return out


@module(nn.MultiheadAttention)
def _mha_module(ctx, m, query, key, value, key_padding_mask=None,
                need_weights=True, attn_mask=None, average_attn_weights=True):
    out = multi_head_attention(ctx, m, query, key, value, key_padding_mask,
                               attn_mask, ctx.hint)
    return out, Unavailable("the attention weights of nn.MultiheadAttention "
                            "are not computed (only its output)")


def _activation(ctx, layer, x):
    act = layer.activation
    if act is F.relu or isinstance(act, nn.ReLU):
        return ops.unary(ctx.b, "relu", x)
    if act is F.gelu:
        return ops.gelu(ctx.b, x)
    if isinstance(act, nn.GELU):
        return ops.gelu(ctx.b, x, act.approximate)
    raise NotImplementedError(f"transformer activation {act}")


def encoder_layer(ctx, layer, x, src_mask, key_padding_mask, hint):
    b = ctx.b

    def self_attention(t):
        return multi_head_attention(ctx, layer.self_attn, t, t, t,
                                    key_padding_mask, src_mask,
                                    f"{hint}.self_attn")

    def feed_forward(t):
        t = ops.linear(b, t, layer.linear1.weight, layer.linear1.bias,
                       f"{hint}.linear1")
        t = _activation(ctx, layer, t)
        return ops.linear(b, t, layer.linear2.weight, layer.linear2.bias,
                          f"{hint}.linear2")

    def norm(n, t):
        return ops.layer_norm(b, t, n.normalized_shape, n.weight, n.bias,
                              n.eps)

    if layer.norm_first:
        x = ops.binary(b, "add", x, self_attention(norm(layer.norm1, x)))
        return ops.binary(b, "add", x, feed_forward(norm(layer.norm2, x)))
    x = norm(layer.norm1, ops.binary(b, "add", x, self_attention(x)))
    return norm(layer.norm2, ops.binary(b, "add", x, feed_forward(x)))


@module(nn.TransformerEncoderLayer)
def _encoder_layer_module(ctx, m, src, src_mask=None,
                          src_key_padding_mask=None):
    return encoder_layer(ctx, m, ops.as_value(ctx.b, src), src_mask,
                         src_key_padding_mask, ctx.hint)


@module(nn.TransformerEncoder)
def _encoder_module(ctx, m, src, mask=None, src_key_padding_mask=None):
    x = ops.as_value(ctx.b, src)
    for i, layer in enumerate(m.layers):
        x = encoder_layer(ctx, layer, x, mask, src_key_padding_mask,
                          f"{ctx.hint}.layers.{i}")
    if m.norm is not None:
        n = m.norm
        x = ops.layer_norm(ctx.b, x, n.normalized_shape, n.weight, n.bias,
                           n.eps)
    return x
