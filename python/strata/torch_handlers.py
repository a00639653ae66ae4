"""How torch.fx nodes become graph-dialect ops: the torch importer's tables.

`MODULES` maps nn.Module types (call_module), `FUNCTIONS` maps callables
(call_function) and `METHODS` maps Tensor method names (call_method) to
handlers. A handler is called as `handler(ctx, *args, **kwargs)` with the
node's own arguments (graph Values in place of traced tensors; module
handlers get the module first), so torch's signatures and defaults apply.
It returns what the node evaluates to. A handler raises NotImplementedError
for a case it does not cover; the importer reports it with the node's name,
target and module path.
"""

import operator

import torch
import torch.nn as nn
import torch.nn.functional as F

from . import torch_ops as ops
from .graph_builder import Value, f64, i64, i64_array

MODULES = {}
FUNCTIONS = {}
METHODS = {}


def _register(table, *keys):
    def wrap(fn):
        for key in keys:
            table[key] = fn
        return fn
    return wrap


def module(*types):
    return _register(MODULES, *types)


def function(*fns):
    return _register(FUNCTIONS, *fns)


def method(*names):
    return _register(METHODS, *names)


# -- activations ----------------------------------------------------------

def _unary_handlers(name, module_types, fns, methods):
    def handler(ctx, x, *args, **kwargs):
        return ops.unary(ctx.b, name, x)

    def module_handler(ctx, m, x):
        return ops.unary(ctx.b, name, x)
    module(*module_types)(module_handler)
    function(*fns)(handler)
    method(*methods)(handler)


_unary_handlers("relu", [nn.ReLU], [F.relu, torch.relu], ["relu"])
_unary_handlers("sigmoid", [nn.Sigmoid], [torch.sigmoid, F.sigmoid],
                ["sigmoid"])
_unary_handlers("tanh", [nn.Tanh], [torch.tanh, F.tanh], ["tanh"])
_unary_handlers("silu", [nn.SiLU], [F.silu], [])
_unary_handlers("hardswish", [nn.Hardswish], [F.hardswish], [])
_unary_handlers("hardsigmoid", [nn.Hardsigmoid], [F.hardsigmoid], [])
_unary_handlers("exp", [], [torch.exp], ["exp"])
_unary_handlers("log", [], [torch.log], ["log"])
_unary_handlers("sqrt", [], [torch.sqrt], ["sqrt"])
_unary_handlers("rsqrt", [], [torch.rsqrt], ["rsqrt"])
_unary_handlers("erf", [], [torch.erf, torch.special.erf], ["erf"])
_unary_handlers("abs", [], [torch.abs, operator.abs], ["abs"])
_unary_handlers("neg", [], [torch.neg, operator.neg], ["neg"])
_unary_handlers("reciprocal", [], [torch.reciprocal], ["reciprocal"])
_unary_handlers("not", [], [torch.logical_not, operator.invert],
                ["logical_not"])


@module(nn.GELU)
def _gelu_module(ctx, m, x):
    return ops.gelu(ctx.b, x, m.approximate)


@function(F.gelu)
def _gelu(ctx, x, approximate="none"):
    return ops.gelu(ctx.b, x, approximate)


@module(nn.LeakyReLU)
def _leaky_relu_module(ctx, m, x):
    return ops.leaky_relu(ctx.b, x, m.negative_slope)


@function(F.leaky_relu)
def _leaky_relu(ctx, x, negative_slope=0.01, inplace=False):
    return ops.leaky_relu(ctx.b, x, negative_slope)


@module(nn.Hardtanh, nn.ReLU6)
def _hardtanh_module(ctx, m, x):
    return ops.clip(ctx.b, x, m.min_val, m.max_val)


@function(F.hardtanh)
def _hardtanh(ctx, x, min_val=-1.0, max_val=1.0, inplace=False):
    return ops.clip(ctx.b, x, min_val, max_val)


@function(F.relu6)
def _relu6(ctx, x, inplace=False):
    return ops.clip(ctx.b, x, 0.0, 6.0)


@function(torch.clamp, torch.clip)
@method("clamp", "clip")
def _clamp(ctx, x, min=None, max=None):
    return ops.clip(ctx.b, x, min, max)


@module(nn.Softmax, nn.LogSoftmax)
def _softmax_module(ctx, m, x):
    return ops.softmax(ctx.b, x, m.dim, isinstance(m, nn.LogSoftmax))


@function(F.softmax, torch.softmax)
@method("softmax")
def _softmax(ctx, x, dim=None, _stacklevel=3, dtype=None):
    return ops.softmax(ctx.b, ops.as_value(ctx.b, x, dtype), dim)


@function(F.log_softmax, torch.log_softmax)
@method("log_softmax")
def _log_softmax(ctx, x, dim=None, _stacklevel=3, dtype=None):
    return ops.softmax(ctx.b, ops.as_value(ctx.b, x, dtype), dim, log=True)


# -- identities in eval mode ------------------------------------------------

@module(nn.Dropout, nn.Dropout1d, nn.Dropout2d, nn.Dropout3d,
        nn.AlphaDropout, nn.Identity)
def _identity_module(ctx, m, x, *args, **kwargs):
    return x


@function(F.dropout, F.dropout1d, F.dropout2d, F.dropout3d, F.alpha_dropout)
def _dropout(ctx, x, p=0.5, training=True, inplace=False):
    if training:
        raise NotImplementedError("dropout with training=True")
    return x


@method("contiguous", "clone", "detach")
def _same(ctx, x, *args, **kwargs):
    return x


try:
    from torchvision.ops import stochastic_depth as _stochastic_depth

    @function(_stochastic_depth)
    def _stochastic_depth_handler(ctx, x, p, mode, training=True):
        if training and p > 0:
            raise NotImplementedError("stochastic depth in training mode")
        return x
except ImportError:  # torchvision is optional
    pass


# -- arithmetic -------------------------------------------------------------

def _binary(name):
    def handler(ctx, a, b, *, alpha=1, out=None):
        if out is not None:
            raise NotImplementedError("out=")
        if alpha != 1:
            b = ops.binary(ctx.b, "mul", b, alpha)
        return ops.binary(ctx.b, name, a, b)
    return handler


function(operator.add, operator.iadd, torch.add)(_binary("add"))
method("add", "add_", "__add__")(_binary("add"))
function(operator.sub, operator.isub, torch.sub)(_binary("sub"))
method("sub", "sub_")(_binary("sub"))
function(operator.mul, operator.imul, torch.mul)(_binary("mul"))
method("mul", "mul_")(_binary("mul"))
function(operator.pow, torch.pow)(_binary("pow"))
method("pow")(_binary("pow"))
function(torch.maximum)(_binary("max"))
function(torch.minimum)(_binary("min"))
function(operator.and_, torch.logical_and)(_binary("and"))
function(operator.or_, torch.logical_or)(_binary("or"))


@function(operator.truediv, operator.itruediv, torch.div, torch.true_divide)
@method("div", "div_", "true_divide")
def _div(ctx, a, b, *, rounding_mode=None):
    if rounding_mode is not None:
        raise NotImplementedError(f"division with rounding_mode="
                                  f"{rounding_mode!r}")
    return ops.binary(ctx.b, "div", a, b)


@function(torch.rsub)
def _rsub(ctx, a, b, alpha=1):
    return _binary("sub")(ctx, b, a, alpha=alpha)


for _name, _fns in (("eq", [operator.eq, torch.eq]),
                    ("ne", [operator.ne, torch.ne]),
                    ("lt", [operator.lt, torch.lt]),
                    ("le", [operator.le, torch.le]),
                    ("gt", [operator.gt, torch.gt]),
                    ("ge", [operator.ge, torch.ge])):
    def _compare(ctx, a, b, _name=_name):
        return ops.compare(ctx.b, _name, a, b)
    function(*_fns)(_compare)
    method(_name)(_compare)


@function(torch.where)
def _where(ctx, cond, a, b):
    return ops.where(ctx.b, cond, a, b)


@function(torch.masked_fill)
@method("masked_fill", "masked_fill_")
def _masked_fill(ctx, x, mask, value):
    value = ops.example(value)
    if isinstance(value, torch.Tensor):
        value = value.item()
    fill = torch.tensor(value, dtype=ops.example(x).dtype)
    return ops.where(ctx.b, mask, fill, x)


@method("float", "double", "half", "int", "long", "bool")
def _convert(ctx, x, *args, **kwargs):
    dtype = getattr(torch.empty(0), ctx.node.target)().dtype
    return ops.cast(ctx.b, x, dtype)


@method("to", "type")
def _to(ctx, x, *args, **kwargs):
    dtype = kwargs.get("dtype")
    for a in args:
        if isinstance(a, torch.dtype):
            dtype = a
        elif isinstance(a, (torch.Tensor, Value)):
            dtype = ops.example(a).dtype
    if dtype is None:
        return x  # a device move: there is one device
    return ops.cast(ctx.b, x, dtype)


@method("type_as")
def _type_as(ctx, x, other):
    return ops.cast(ctx.b, x, ops.example(other).dtype)


# -- shapes -----------------------------------------------------------------

def _dims(args):
    if len(args) == 1 and isinstance(args[0], (tuple, list, torch.Size)):
        return tuple(args[0])
    return tuple(args)


@method("size")
def _size(ctx, x, dim=None):
    shape = ops.example(x).shape
    return tuple(shape) if dim is None else shape[dim]


@method("dim")
def _dim(ctx, x):
    return ops.example(x).dim()


@method("numel")
def _numel(ctx, x):
    return ops.example(x).numel()


@function(getattr)
def _getattr(ctx, x, name):
    if name == "shape":
        return ops.example(x).shape
    if name in ("dtype", "ndim", "device", "is_cuda"):
        return getattr(ops.example(x), name)
    if name == "T":
        return ops.transpose(ctx.b, x, list(reversed(range(x.rank))))
    raise NotImplementedError(f"tensor attribute '{name}'")


@method("view", "reshape")
def _view(ctx, x, *shape):
    return ops.reshape(ctx.b, x, _dims(shape))


@function(torch.reshape)
def _reshape(ctx, x, shape):
    return ops.reshape(ctx.b, x, tuple(shape))


@method("view_as", "reshape_as")
def _view_as(ctx, x, other):
    return ops.reshape(ctx.b, x, ops.example(other).shape)


@method("permute")
def _permute(ctx, x, *dims):
    return ops.transpose(ctx.b, x, list(_dims(dims)))


@function(torch.permute)
def _permute_fn(ctx, x, dims):
    return ops.transpose(ctx.b, x, list(dims))


@function(torch.transpose)
@method("transpose")
def _transpose(ctx, x, dim0, dim1):
    return ops.swap(ctx.b, x, dim0, dim1)


@function(torch.t)
@method("t")
def _t(ctx, x):
    return x if x.rank < 2 else ops.swap(ctx.b, x, 0, 1)


@function(torch.flatten)
@method("flatten")
def _flatten(ctx, x, start_dim=0, end_dim=-1):
    return ops.flatten(ctx.b, x, start_dim, end_dim)


@module(nn.Flatten)
def _flatten_module(ctx, m, x):
    return ops.flatten(ctx.b, x, m.start_dim, m.end_dim)


@module(nn.Unflatten)
def _unflatten_module(ctx, m, x):
    shape = list(x.shape)
    dim = ops.norm_axis(m.dim, x.rank)
    return ops.reshape(ctx.b, x, shape[:dim] + list(m.unflattened_size) +
                       shape[dim + 1:])


@function(torch.unsqueeze)
@method("unsqueeze")
def _unsqueeze(ctx, x, dim):
    return ops.unsqueeze(ctx.b, x, dim)


@function(torch.squeeze)
@method("squeeze")
def _squeeze(ctx, x, dim=None):
    x = ops.as_value(ctx.b, x)
    dims = range(x.rank) if dim is None else [dim]
    return ops.squeeze(ctx.b, x, list(dims))


@method("expand")
def _expand(ctx, x, *sizes):
    x = ops.as_value(ctx.b, x)
    sizes = list(_dims(sizes))
    offset = len(sizes) - x.rank
    sizes = [x.shape[i - offset] if s == -1 else s
             for i, s in enumerate(sizes)]
    return ops.expand(ctx.b, x, sizes)


@method("expand_as")
def _expand_as(ctx, x, other):
    return ops.expand(ctx.b, x, ops.example(other).shape)


@function(torch.cat, torch.concat)
def _cat(ctx, tensors, dim=0):
    return ops.concat(ctx.b, list(tensors), dim)


@function(torch.stack)
def _stack(ctx, tensors, dim=0):
    rank = ops.example(tensors[0]).dim() + 1
    dim = ops.norm_axis(dim, rank)
    return ops.concat(ctx.b, [ops.unsqueeze(ctx.b, t, dim) for t in tensors],
                      dim)


def _split_sizes(size, split):
    if isinstance(split, int):
        return [min(split, size - i) for i in range(0, size, split)]
    return list(split)


@function(torch.split)
@method("split")
def _split(ctx, x, split_size_or_sections, dim=0):
    x = ops.as_value(ctx.b, x)
    sizes = _split_sizes(x.shape[dim], split_size_or_sections)
    return tuple(ops.split(ctx.b, x, sizes, dim))


@function(torch.chunk)
@method("chunk")
def _chunk(ctx, x, chunks, dim=0):
    x = ops.as_value(ctx.b, x)
    size = x.shape[dim]
    each = -(-size // chunks)
    return tuple(ops.split(ctx.b, x, _split_sizes(size, each), dim))


@function(torch.unbind)
@method("unbind")
def _unbind(ctx, x, dim=0):
    x = ops.as_value(ctx.b, x)
    parts = ops.split(ctx.b, x, [1] * x.shape[dim], dim)
    return tuple(ops.squeeze(ctx.b, p, [dim]) for p in parts)


@function(operator.getitem)
def _getitem(ctx, x, index):
    if isinstance(x, (tuple, list, torch.Size)):
        return x[index]
    return ops.getitem(ctx.b, x, index)


@function(F.pad)
def _pad(ctx, x, pad, mode="constant", value=None):
    x = ops.as_value(ctx.b, x)
    if mode not in ("constant", "reflect", "replicate"):
        raise NotImplementedError(f"padding mode '{mode}'")
    begins, ends = [0] * x.rank, [0] * x.rank
    for i in range(len(pad) // 2):
        begins[x.rank - 1 - i] = pad[2 * i]
        ends[x.rank - 1 - i] = pad[2 * i + 1]
    result = F.pad(x.example, pad, mode, value)
    graph_mode = {"constant": "constant", "reflect": "reflect",
                  "replicate": "edge"}[mode]
    return ctx.b.op("pad", [x], result, {
        "pads": i64_array(begins + ends),
        "mode": f"#graph<pad_mode {graph_mode}>",
        "value": f64(value or 0.0)})


# -- reductions -------------------------------------------------------------

def _reduction(name):
    def handler(ctx, x, dim=None, keepdim=False, *, dtype=None):
        x = ops.as_value(ctx.b, x, dtype)
        if isinstance(dim, (tuple, list)) and len(dim) == 0:
            dim = None
        return ops.reduce(ctx.b, name, x, dim, keepdim)
    return handler


function(torch.sum)(_reduction("reduce_sum"))
method("sum")(_reduction("reduce_sum"))
function(torch.mean)(_reduction("reduce_mean"))
method("mean")(_reduction("reduce_mean"))
function(torch.amax)(_reduction("reduce_max"))
method("amax")(_reduction("reduce_max"))
function(torch.amin)(_reduction("reduce_min"))
method("amin")(_reduction("reduce_min"))


# -- contractions and layers ------------------------------------------------

@function(torch.matmul, operator.matmul, torch.bmm, torch.mm)
@method("matmul", "bmm", "mm")
def _matmul(ctx, a, b):
    return ops.matmul(ctx.b, a, b)


@module(nn.Linear)
def _linear_module(ctx, m, x):
    return ops.linear(ctx.b, x, m.weight, m.bias, ctx.hint)


@function(F.linear)
def _linear(ctx, x, weight, bias=None):
    return ops.linear(ctx.b, x, weight, bias, ctx.hint)


@module(nn.Conv1d, nn.Conv2d, nn.Conv3d)
def _conv_module(ctx, m, x):
    if m.padding_mode != "zeros":
        raise NotImplementedError(f"padding_mode='{m.padding_mode}'")
    return ops.conv(ctx.b, x, m.weight, m.bias, m.stride, m.padding,
                    m.dilation, m.groups, ctx.hint)


@function(F.conv1d, F.conv2d, F.conv3d)
def _conv(ctx, x, weight, bias=None, stride=1, padding=0, dilation=1,
          groups=1):
    return ops.conv(ctx.b, x, weight, bias, stride, padding, dilation, groups,
                    ctx.hint)


@module(nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)
def _batch_norm_module(ctx, m, x):
    if m.training or m.running_mean is None:
        raise NotImplementedError("batch norm in training mode or without "
                                  "running statistics (call .eval())")
    return ops.batch_norm(ctx.b, x, m.running_mean, m.running_var, m.weight,
                          m.bias, m.eps, ctx.hint)


@function(F.batch_norm)
def _batch_norm(ctx, x, running_mean, running_var, weight=None, bias=None,
                training=False, momentum=0.1, eps=1e-5):
    if training:
        raise NotImplementedError("batch norm with training=True")
    return ops.batch_norm(ctx.b, x, running_mean, running_var, weight, bias,
                          eps, ctx.hint)


@module(nn.LayerNorm)
def _layer_norm_module(ctx, m, x):
    return ops.layer_norm(ctx.b, x, m.normalized_shape, m.weight, m.bias,
                          m.eps)


@function(F.layer_norm)
def _layer_norm(ctx, x, normalized_shape, weight=None, bias=None, eps=1e-5):
    return ops.layer_norm(ctx.b, x, tuple(normalized_shape), weight, bias, eps)


@module(nn.GroupNorm)
def _group_norm_module(ctx, m, x):
    return ops.group_norm(ctx.b, x, m.num_groups, m.weight, m.bias, m.eps,
                          ctx.hint)


@function(F.group_norm)
def _group_norm(ctx, x, num_groups, weight=None, bias=None, eps=1e-5):
    return ops.group_norm(ctx.b, x, num_groups, weight, bias, eps, ctx.hint)


@module(nn.Embedding)
def _embedding_module(ctx, m, indices):
    return _embedding(ctx, indices, m.weight)


@function(F.embedding)
def _embedding(ctx, indices, weight, padding_idx=None, *args, **kwargs):
    b = ctx.b
    indices = ops.as_value(b, indices)
    table = ops.as_value(b, weight, None, f"{ctx.hint}.weight")
    result = F.embedding(indices.example, ops.example(weight))
    return b.op("gather", [table, indices], result, {"axis": i64(0)})


# -- pooling ----------------------------------------------------------------

@module(nn.MaxPool1d, nn.MaxPool2d, nn.MaxPool3d)
def _max_pool_module(ctx, m, x):
    if m.return_indices:
        raise NotImplementedError("max pooling with return_indices")
    return ops.pool(ctx.b, "max_pool", x, m.kernel_size, m.stride,
                    m.padding, m.dilation, m.ceil_mode)


@function(F.max_pool1d, F.max_pool2d, F.max_pool3d)
def _max_pool(ctx, x, kernel_size, stride=None, padding=0, dilation=1,
              ceil_mode=False, return_indices=False):
    if return_indices:
        raise NotImplementedError("max pooling with return_indices")
    return ops.pool(ctx.b, "max_pool", x, kernel_size, stride, padding,
                    dilation, ceil_mode)


@module(nn.AvgPool1d, nn.AvgPool2d, nn.AvgPool3d)
def _avg_pool_module(ctx, m, x):
    if getattr(m, "divisor_override", None):
        raise NotImplementedError("divisor_override")
    return ops.pool(ctx.b, "avg_pool", x, m.kernel_size, m.stride, m.padding,
                    1, m.ceil_mode, m.count_include_pad)


@function(F.avg_pool1d, F.avg_pool2d, F.avg_pool3d)
def _avg_pool(ctx, x, kernel_size, stride=None, padding=0, ceil_mode=False,
              count_include_pad=True, divisor_override=None):
    if divisor_override:
        raise NotImplementedError("divisor_override")
    return ops.pool(ctx.b, "avg_pool", x, kernel_size, stride, padding, 1,
                    ceil_mode, count_include_pad)


@module(nn.AdaptiveAvgPool1d, nn.AdaptiveAvgPool2d, nn.AdaptiveAvgPool3d)
def _adaptive_avg_pool_module(ctx, m, x):
    return ops.adaptive_avg_pool(ctx.b, x, m.output_size)


@function(F.adaptive_avg_pool1d, F.adaptive_avg_pool2d,
          F.adaptive_avg_pool3d)
def _adaptive_avg_pool(ctx, x, output_size):
    return ops.adaptive_avg_pool(ctx.b, x, output_size)


# -- attention and transformer layers ---------------------------------------

from . import torch_attention  # noqa: E402,F401  (registers its handlers)
