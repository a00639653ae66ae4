"""Torch semantics on graph-dialect values: the building blocks of the
torch importer's handlers (torch_handlers.py).

Each function takes a GraphBuilder and operands that are graph `Value`s,
concrete torch tensors (weights, constant-folded tensors) or Python
scalars, and returns a `Value`. The example result is computed with the
torch function the op stands for, so dtypes follow torch's promotion rules
and shapes need no separate inference.
"""

import math

import torch

from .graph_builder import Value, boolean, f64, i64, i64_array


def example(x):
    return x.example if isinstance(x, Value) else x


def as_value(b, x, dtype=None, hint="const"):
    """`x` as a Value of `dtype` (constants are materialised)."""
    if isinstance(x, Value):
        return b.cast(x, dtype) if dtype is not None else x
    if not isinstance(x, torch.Tensor):
        x = torch.tensor(x, dtype=dtype)
    if dtype is not None and x.dtype != dtype:
        x = x.to(dtype)
    return b.constant(x, hint)


def norm_axis(axis, rank):
    return axis + rank if axis < 0 else axis


# -- elementwise -----------------------------------------------------------

_BINARY = {
    "add": torch.add, "sub": torch.sub, "mul": torch.mul, "div": torch.div,
    "pow": torch.pow, "max": torch.maximum, "min": torch.minimum,
    "and": torch.logical_and, "or": torch.logical_or,
}


def binary(b, name, lhs, rhs):
    """Broadcasting binary op with torch's type promotion."""
    result = _BINARY[name](example(lhs), example(rhs))
    dtype = result.dtype
    return b.op(name, [as_value(b, lhs, dtype), as_value(b, rhs, dtype)],
                result)


_COMPARE = {"eq": (0, torch.eq), "ne": (1, torch.ne), "lt": (2, torch.lt),
            "le": (3, torch.le), "gt": (4, torch.gt), "ge": (5, torch.ge)}


def compare(b, direction, lhs, rhs):
    code, fn = _COMPARE[direction]
    dtype = torch.result_type(example(lhs), example(rhs))
    return b.op("compare", [as_value(b, lhs, dtype), as_value(b, rhs, dtype)],
                fn(example(lhs), example(rhs)), {"direction": f"{code} : i32"})


_UNARY = {
    "neg": torch.neg, "abs": torch.abs, "relu": torch.relu, "exp": torch.exp,
    "log": torch.log, "sqrt": torch.sqrt, "rsqrt": torch.rsqrt,
    "reciprocal": torch.reciprocal, "tanh": torch.tanh,
    "sigmoid": torch.sigmoid, "erf": torch.erf,
    "silu": torch.nn.functional.silu,
    "hardswish": torch.nn.functional.hardswish,
    "hardsigmoid": torch.nn.functional.hardsigmoid, "not": torch.logical_not,
}


def unary(b, name, x):
    x = as_value(b, x)
    if name in ("exp", "log", "sqrt", "rsqrt", "reciprocal", "tanh",
                "sigmoid", "erf", "silu", "hardswish", "hardsigmoid") and \
            not x.dtype.is_floating_point:
        x = b.cast(x, torch.get_default_dtype())
    # graph.hardsigmoid defaults to ONNX's alpha = 0.2; torch's is 1/6.
    attrs = {"alpha": f64(1.0 / 6.0)} if name == "hardsigmoid" else None
    return b.op(name, [x], _UNARY[name](x.example), attrs)


def gelu(b, x, approximate="none"):
    x = as_value(b, x)
    return b.op("gelu", [x],
                torch.nn.functional.gelu(x.example, approximate=approximate),
                {"approximate": f"#graph<gelu_approximation {approximate}>"})


def leaky_relu(b, x, slope):
    x = as_value(b, x)
    return b.op("leaky_relu", [x],
                torch.nn.functional.leaky_relu(x.example, slope),
                {"alpha": f64(slope)})


def clip(b, x, lo=None, hi=None):
    x = as_value(b, x)
    attrs = {}
    if lo is not None:
        attrs["min"] = f64(lo)
    if hi is not None:
        attrs["max"] = f64(hi)
    return b.op("clip", [x], torch.clamp(x.example, lo, hi), attrs)


def where(b, cond, lhs, rhs):
    result = torch.where(example(cond), example(lhs), example(rhs))
    return b.op("where", [as_value(b, cond, torch.bool),
                          as_value(b, lhs, result.dtype),
                          as_value(b, rhs, result.dtype)], result)


def cast(b, x, dtype):
    return b.cast(as_value(b, x), dtype)


# -- shapes ----------------------------------------------------------------

def reshape(b, x, shape):
    x = as_value(b, x)
    result = x.example.reshape(shape)
    if tuple(result.shape) == x.shape:
        return x
    return b.op("reshape", [x], result,
                {"shape": i64_array(result.shape)})


def transpose(b, x, perm):
    x = as_value(b, x)
    perm = [norm_axis(p, x.rank) for p in perm]
    if perm == list(range(x.rank)):
        return x
    return b.op("transpose", [x], x.example.permute(perm),
                {"perm": i64_array(perm)})


def swap(b, x, d0, d1):
    x = as_value(b, x)
    perm = list(range(x.rank))
    d0, d1 = norm_axis(d0, x.rank), norm_axis(d1, x.rank)
    perm[d0], perm[d1] = perm[d1], perm[d0]
    return transpose(b, x, perm)


def concat(b, values, axis):
    dtype = example(values[0]).dtype
    for v in values[1:]:
        dtype = torch.promote_types(dtype, example(v).dtype)
    operands = [as_value(b, v, dtype) for v in values]
    result = torch.cat([o.example for o in operands], axis)
    return b.op("concat", operands, result,
                {"axis": i64(norm_axis(axis, result.dim()))})


def split(b, x, sizes, axis):
    x = as_value(b, x)
    axis = norm_axis(axis, x.rank)
    parts = torch.split(x.example, list(sizes), axis)
    return b.op("split", [x], list(parts),
                {"axis": i64(axis), "sizes": i64_array(sizes)})


def slice_(b, x, axis, start, end, step=1):
    x = as_value(b, x)
    axis = norm_axis(axis, x.rank)
    index = [slice(None)] * x.rank
    index[axis] = slice(start, end, step)
    result = x.example[tuple(index)]
    if tuple(result.shape) == x.shape:
        return x
    start, end, _ = slice(start, end, step).indices(x.shape[axis])
    return b.op("slice", [x], result,
                {"starts": i64_array([start]), "ends": i64_array([end]),
                 "axes": i64_array([axis]), "steps": i64_array([step])})


def unsqueeze(b, x, axis):
    x = as_value(b, x)
    result = x.example.unsqueeze(axis)
    return b.op("unsqueeze", [x], result,
                {"axes": i64_array([norm_axis(axis, result.dim())])})


def squeeze(b, x, axes):
    x = as_value(b, x)
    axes = [norm_axis(a, x.rank) for a in axes]
    axes = [a for a in axes if x.shape[a] == 1]
    if not axes:
        return x
    result = x.example
    for a in sorted(axes, reverse=True):
        result = result.squeeze(a)
    return b.op("squeeze", [x], result, {"axes": i64_array(axes)})


def expand(b, x, shape):
    x = as_value(b, x)
    result = x.example.expand(*shape)
    if tuple(result.shape) == x.shape:
        return x
    return b.op("expand", [x], result, {"shape": i64_array(result.shape)})


def flatten(b, x, start=0, end=-1):
    x = as_value(b, x)
    return reshape(b, x, torch.flatten(x.example, start, end).shape)


def getitem(b, x, index):
    """Basic indexing: ints, slices, None and Ellipsis."""
    x = as_value(b, x)
    if not isinstance(index, tuple):
        index = (index,)
    if any(isinstance(i, (Value, torch.Tensor, list)) for i in index):
        raise NotImplementedError("advanced (tensor) indexing")
    if index.count(Ellipsis) > 1:
        raise NotImplementedError("more than one Ellipsis")
    used = sum(1 for i in index if i is not None and i is not Ellipsis)
    if Ellipsis in index:
        at = index.index(Ellipsis)
        index = index[:at] + (slice(None),) * (x.rank - used) + \
            index[at + 1:]
    result, dim, squeezed, inserted = x, 0, [], []
    out_dim = 0
    for i in index:
        if i is None:
            inserted.append(out_dim)
            out_dim += 1
            continue
        if isinstance(i, int):
            size = x.shape[dim]
            start = i + size if i < 0 else i
            result = slice_(b, result, dim, start, start + 1)
            squeezed.append(dim)
        elif isinstance(i, slice):
            step = 1 if i.step is None else i.step
            if step <= 0:
                raise NotImplementedError("non-positive slice steps")
            result = slice_(b, result, dim, i.start, i.stop, step)
            out_dim += 1
        else:
            raise NotImplementedError(f"index {i!r}")
        dim += 1
    result = squeeze(b, result, squeezed)
    for axis in inserted:
        result = unsqueeze(b, result, axis)
    return result


# -- reductions and normalisation -------------------------------------------

_REDUCE = {"reduce_sum": torch.sum, "reduce_mean": torch.mean,
           "reduce_max": torch.amax, "reduce_min": torch.amin}


def reduce(b, name, x, axes, keepdims):
    x = as_value(b, x)
    if axes is None:
        axes = list(range(x.rank))
    axes = [norm_axis(a, x.rank) for a in (
        [axes] if isinstance(axes, int) else axes)]
    result = _REDUCE[name](x.example, dim=axes, keepdim=keepdims)
    return b.op(name, [x], result,
                {"axes": i64_array(axes), "keepdims": boolean(keepdims)})


def softmax(b, x, axis, log=False):
    x = as_value(b, x)
    fn = torch.log_softmax if log else torch.softmax
    return b.op("log_softmax" if log else "softmax", [x],
                fn(x.example, axis), {"axis": i64(norm_axis(axis, x.rank))})


def layer_norm(b, x, normalized_shape, weight, bias, eps):
    x = as_value(b, x)
    count = len(normalized_shape)
    if weight is None:
        weight = torch.ones(normalized_shape, dtype=x.dtype)
    operands = [x, as_value(b, weight, x.dtype, "ln.weight")]
    if bias is not None:
        operands.append(as_value(b, bias, x.dtype, "ln.bias"))
    result = torch.nn.functional.layer_norm(
        x.example, normalized_shape, example(weight),
        example(bias) if bias is not None else None, eps)
    return b.op("layer_norm", operands, result,
                {"axis": i64(x.rank - count), "epsilon": f64(eps)})


def batch_norm(b, x, mean, var, weight, bias, eps, hint):
    x = as_value(b, x)
    channels = x.shape[1]
    if weight is None:
        weight = torch.ones(channels, dtype=x.dtype)
    if bias is None:
        bias = torch.zeros(channels, dtype=x.dtype)
    result = torch.nn.functional.batch_norm(
        x.example, example(mean), example(var), example(weight),
        example(bias), False, 0.0, eps)
    operands = [x] + [as_value(b, t, x.dtype, f"{hint}.{n}") for t, n in (
        (weight, "weight"), (bias, "bias"), (mean, "running_mean"),
        (var, "running_var"))]
    return b.op("batch_norm", operands, result, {"epsilon": f64(eps)})


def group_norm(b, x, groups, weight, bias, eps, hint):
    """(x - mean) / sqrt(var + eps) per group, then the channel affine."""
    x = as_value(b, x)
    n, c = x.shape[0], x.shape[1]
    grouped = reshape(b, x, (n, groups, -1))
    mean = reduce(b, "reduce_mean", grouped, [2], True)
    centered = binary(b, "sub", grouped, mean)
    var = reduce(b, "reduce_mean", binary(b, "mul", centered, centered), [2],
                 True)
    inv = unary(b, "rsqrt", binary(b, "add", var, torch.tensor(
        eps, dtype=x.dtype)))
    out = reshape(b, binary(b, "mul", centered, inv), x.shape)
    affine = (c,) + (1,) * (x.rank - 2)
    if weight is not None:
        out = binary(b, "mul", out, example(weight).reshape(affine))
    if bias is not None:
        out = binary(b, "add", out, example(bias).reshape(affine))
    return out


# -- contractions, windows ---------------------------------------------------

def matmul(b, lhs, rhs):
    result = torch.matmul(example(lhs), example(rhs))
    return b.op("matmul", [as_value(b, lhs, result.dtype),
                           as_value(b, rhs, result.dtype)], result)


def linear(b, x, weight, bias, hint="linear"):
    """x @ weight^T + bias. A constant weight is transposed at import."""
    x = as_value(b, x)
    if isinstance(weight, Value):
        wt = swap(b, weight, 0, 1)
    else:
        wt = as_value(b, weight.detach().t().contiguous(), x.dtype,
                      f"{hint}.weight")
    if x.rank == 2 and bias is not None:
        result = torch.nn.functional.linear(x.example, example(weight),
                                            example(bias))
        return b.op("gemm", [x, wt, as_value(b, bias, x.dtype,
                                              f"{hint}.bias")], result)
    out = matmul(b, x, wt)
    if bias is not None:
        out = binary(b, "add", out, as_value(b, bias, x.dtype,
                                             f"{hint}.bias"))
    return out


def _tuple(v, n):
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * n


def conv(b, x, weight, bias, stride, padding, dilation, groups, hint):
    x = as_value(b, x)
    k = x.rank - 2
    stride, dilation = _tuple(stride, k), _tuple(dilation, k)
    w = example(weight)
    if padding == "valid":
        padding = (0,) * k
    elif padding == "same":
        total = [d * (s - 1) for d, s in zip(dilation, w.shape[2:])]
        pads = [t // 2 for t in total] + [t - t // 2 for t in total]
    if padding != "same":
        padding = _tuple(padding, k)
        pads = list(padding) * 2
    fn = {1: torch.nn.functional.conv1d, 2: torch.nn.functional.conv2d,
          3: torch.nn.functional.conv3d}[k]
    padded = torch.nn.functional.pad(
        x.example, [p for i in reversed(range(k)) for p in
                    (pads[i], pads[k + i])])
    result = fn(padded, w, example(bias), stride, 0, dilation, groups)
    operands = [x, as_value(b, weight, x.dtype, f"{hint}.weight")]
    if bias is not None:
        operands.append(as_value(b, bias, x.dtype, f"{hint}.bias"))
    return b.op("conv", operands, result, {
        "strides": i64_array(stride), "dilations": i64_array(dilation),
        "pads": i64_array(pads), "groups": i64(groups)})


def pool(b, kind, x, kernel, stride, padding, dilation=1, ceil_mode=False,
         count_include_pad=True):
    x = as_value(b, x)
    k = x.rank - 2
    kernel = _tuple(kernel, k)
    stride = _tuple(stride if stride not in (None, []) else kernel, k)
    padding, dilation = _tuple(padding, k), _tuple(dilation, k)
    F = torch.nn.functional
    if kind == "max_pool":
        fn = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}[k]
        result = fn(x.example, kernel, stride, padding, dilation,
                    ceil_mode=ceil_mode)
        attrs = {"dilations": i64_array(dilation)}
    else:
        if any(d != 1 for d in dilation):
            raise NotImplementedError("dilated average pooling")
        fn = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}[k]
        result = fn(x.example, kernel, stride, padding, ceil_mode,
                    count_include_pad)
        attrs = {"count_include_pad": boolean(count_include_pad)}
    attrs.update({"kernel_shape": i64_array(kernel),
                  "strides": i64_array(stride),
                  "pads": i64_array(list(padding) * 2),
                  "ceil_mode": boolean(ceil_mode)})
    return b.op(kind, [x], result, attrs)


def adaptive_avg_pool(b, x, output_size):
    x = as_value(b, x)
    k = x.rank - 2
    out = [o if o is not None else s for o, s in
           zip(_tuple(output_size, k), x.shape[2:])]
    if all(o == 1 for o in out):
        result = x.example.mean(dim=list(range(2, x.rank)), keepdim=True)
        return b.op("global_avg_pool", [x], result)
    if any(s % o for s, o in zip(x.shape[2:], out)):
        raise NotImplementedError(
            f"adaptive average pooling from {x.shape[2:]} to {tuple(out)} "
            "(only divisible sizes)")
    kernel = [s // o for s, o in zip(x.shape[2:], out)]
    return pool(b, "avg_pool", x, kernel, kernel, 0)


# -- attention ---------------------------------------------------------------

def additive_mask(b, mask, dtype):
    """A bool "True = masked" (torch convention) or float mask as an
    additive float mask."""
    if example(mask).dtype == torch.bool:
        inf = torch.tensor(float("-inf"), dtype=dtype)
        zero = torch.tensor(0.0, dtype=dtype)
        return where(b, mask, inf, zero)
    return as_value(b, mask, dtype)


def attention(b, q, k, v, mask=None, scale=None, causal=False):
    """softmax(q k^T * scale + mask) v over the last two dims (graph.attention).
    `mask` is already in graph form (i1 keep-mask or additive float)."""
    d = q.shape[-1]
    s = 1.0 / math.sqrt(d) if scale is None else scale
    scores = torch.matmul(q.example, k.example.transpose(-1, -2)) * s
    if causal:
        sq, sk = scores.shape[-2], scores.shape[-1]
        keep = torch.ones(sq, sk, dtype=torch.bool).tril(sk - sq)
        scores = scores.masked_fill(~keep, float("-inf"))
    operands = [q, k, v]
    if mask is not None:
        if mask.dtype == torch.bool:
            scores = scores.masked_fill(~mask.example, float("-inf"))
        else:
            scores = scores + mask.example
        operands.append(mask)
    result = torch.matmul(torch.softmax(scores, -1), v.example)
    attrs = {"causal": boolean(causal)}
    if scale is not None:
        attrs["scale"] = f64(scale)
    return b.op("attention", operands, result, attrs)
