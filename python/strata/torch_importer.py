"""The PyTorch importer: torch.nn.Module -> graph-dialect MLIR text + weights.

The module is traced with torch.fx (a tracer that also records which
submodule each node comes from) and the fx graph is interpreted on the
example inputs:

- a node whose arguments hold no traced tensor (shape arithmetic,
  `x.size()`, masks built from buffers, ...) is evaluated in torch, so its
  value is a Python object or a constant tensor;
- any other node goes to its handler (torch_handlers.py), which emits graph
  ops through a GraphBuilder and computes their example results in torch.

Parameters and buffers become `graph.constant dense_resource<...>` whose
bytes are returned separately (the native extension registers them as
resource blobs), so weights are never printed as dense attributes.
"""

import dis
import inspect
import operator

import torch
import torch.fx

from . import dynamic, torch_handlers
from .errors import UnsupportedOperationError
from .graph_builder import GraphBuilder, Value
from .torch_attention import Unavailable

MODULE_PATH = "strata_module_path"


def _proxy_iter(proxy):
    """Proxy.__iter__ for `a, b, c = proxy` (e.g. `B, T, C = x.size()`).
    torch 1.13 finds the UNPACK_SEQUENCE by indexing instructions with
    f_lasti // 2, which Python 3.11's inline caches break (wrong instruction
    or IndexError); look it up by offset instead."""
    frame = inspect.currentframe().f_back
    for inst in dis.get_instructions(frame.f_code):
        if inst.offset == frame.f_lasti:
            if inst.opname == "UNPACK_SEQUENCE":
                return (proxy[i] for i in range(inst.argval))
            break
    return proxy.tracer.iter(proxy)


class _Tracer(torch.fx.Tracer):
    """symbolic_trace's tracer, recording each node's module path."""

    def __init__(self):
        super().__init__()
        self._paths = []
        # Buffers as get_attr nodes, so that `self.mask[:, :T]` with a
        # traced T is a node (evaluated at import) instead of an error.
        self.proxy_buffer_attributes = True

    def trace(self, root, concrete_args=None):
        original = torch.fx.proxy.Proxy.__iter__
        torch.fx.proxy.Proxy.__iter__ = _proxy_iter
        try:
            return super().trace(root, concrete_args)
        finally:
            torch.fx.proxy.Proxy.__iter__ = original

    def call_module(self, m, forward, args, kwargs):
        self._paths.append(self.path_of_module(m))
        try:
            return super().call_module(m, forward, args, kwargs)
        finally:
            self._paths.pop()

    def create_node(self, *args, **kwargs):
        node = super().create_node(*args, **kwargs)
        node.meta[MODULE_PATH] = self._paths[-1] if self._paths else ""
        return node


def _contains(value, kind):
    found = []
    torch.fx.node.map_aggregate(
        value, lambda v: found.append(v) if isinstance(v, kind) else None)
    return bool(found)


class _Context:
    """What a handler sees: the builder and the node being imported."""

    def __init__(self, builder):
        self.b = builder
        self.node = None

    @property
    def hint(self):
        """A name for weights created by the current node."""
        node = self.node
        if node.op == "call_module":
            return node.target
        return node.meta.get(MODULE_PATH) or node.name


class TorchImporter:
    def __init__(self, module):
        self.root = module
        self.graph = _Tracer().trace(module)
        self.builder = GraphBuilder()
        self.ctx = _Context(self.builder)

    def _error(self, node, reason):
        target = node.target
        if node.op == "call_module":
            target = f"{type(self.root.get_submodule(node.target)).__name__}"
        elif callable(target):
            target = getattr(target, "__qualname__", None) or str(target)
            module = getattr(node.target, "__module__", None)
            if module:
                target = f"{module}.{target}"
        elif node.op == "call_method":
            target = f"Tensor.{target}"
        return UnsupportedOperationError(node.name, target,
                                         node.meta.get(MODULE_PATH, ""),
                                         reason)

    def run(self, examples):
        env = {}
        inputs = iter(examples)
        self.arg_positions = []  # example index of each graph argument
        self.origins = {}  # body line -> (node, target, module path)
        position = 0
        for node in self.graph.nodes:
            self.ctx.node = node
            if node.op == "placeholder":
                env[node] = self._placeholder(node, inputs)
                if isinstance(env[node], Value):
                    self.arg_positions.append(position)
                position += 1
                continue
            first_line = len(self.builder.lines)
            if node.op == "output":
                self._outputs(node, env)
                break
            args = torch.fx.node.map_arg(node.args, lambda n: env[n])
            kwargs = torch.fx.node.map_arg(node.kwargs, lambda n: env[n])
            if node.target is not operator.getitem and _contains(
                    (args, kwargs), Unavailable):
                bad = [v for v in list(args) + list(kwargs.values())
                       if isinstance(v, Unavailable)]
                reason = bad[0].reason if bad else "an unavailable value"
                raise self._error(node, reason)
            if node.op == "get_attr":
                env[node] = self._attr(node.target)
            elif not _contains((args, kwargs), Value):
                env[node] = self._evaluate(node, args, kwargs)
            else:
                env[node] = self._import(node, args, kwargs)
            if len(self.builder.lines) > first_line:
                error = self._error(node, "")
                origin = (error.node, error.target, error.module_path)
                for line in range(first_line, len(self.builder.lines)):
                    self.origins[line] = origin
        return self.builder.text(), self.builder.blobs

    def _placeholder(self, node, inputs):
        try:
            value = next(inputs)
        except StopIteration:
            if node.args:  # a defaulted parameter of forward
                return node.args[0]
            raise ValueError(f"forward takes an input '{node.target}' but "
                             "example_inputs has no value for it")
        if isinstance(value, torch.Tensor):
            return self.builder.argument(node.target, value.detach().clone())
        return value

    def _attr(self, target):
        value = self.root
        for part in target.split("."):
            value = getattr(value, part)
        return value.detach() if isinstance(value, torch.Tensor) else value

    def _evaluate(self, node, args, kwargs):
        if node.op == "call_module":
            return self.root.get_submodule(node.target)(*args, **kwargs)
        if node.op == "call_method":
            return getattr(args[0], node.target)(*args[1:], **kwargs)
        return node.target(*args, **kwargs)

    def _import(self, node, args, kwargs):
        if node.op == "call_module":
            sub = self.root.get_submodule(node.target)
            handler = torch_handlers.MODULES.get(type(sub))
            args = (sub,) + tuple(args)
        elif node.op == "call_method":
            handler = torch_handlers.METHODS.get(node.target)
        else:
            handler = torch_handlers.FUNCTIONS.get(node.target)
        if handler is None:
            raise self._error(node, "no mapping to the graph dialect")
        try:
            return handler(self.ctx, *args, **kwargs)
        except (NotImplementedError, TypeError) as e:
            raise self._error(node, str(e) or type(e).__name__) from e

    def _outputs(self, node, env):
        result = torch.fx.node.map_arg(node.args[0], lambda n: env[n])
        flat = []
        torch.fx.node.map_aggregate(result, lambda v: flat.append(v))
        if isinstance(result, dict):
            flat = list(result.values())
        tensors = [v for v in flat
                   if isinstance(v, (Value, torch.Tensor, Unavailable))]
        if not tensors:
            raise ValueError("the module returns no tensor")
        for i, v in enumerate(tensors):
            if isinstance(v, Unavailable):
                raise self._error(node, v.reason)
            if not isinstance(v, Value):
                v = self.builder.constant(v, f"output_{i}")
            name = "output" if len(tensors) == 1 else f"output_{i}"
            self.builder.results.append((name, v))


def import_module(module, example_inputs, dynamic_dims=None):
    """(MLIR text, {blob name: numpy array}) of `module` in eval mode for
    `example_inputs` (a tensor or a tuple of tensors). `dynamic_dims`
    ({tensor input: [dims]} or {input: {dim: symbol}}, see dynamic.py) makes
    those input dims symbolic (`?`)."""
    if module.training:
        raise ValueError("the module is in training mode; call .eval() "
                         "before compiling (BatchNorm and Dropout are "
                         "imported with their inference semantics)")
    if not isinstance(example_inputs, (tuple, list)):
        example_inputs = (example_inputs,)
    examples = tuple(example_inputs)
    with torch.no_grad():
        importer = TorchImporter(module)
        text, blobs = importer.run(examples)
    if not dynamic_dims:
        return text, blobs
    arguments = [(name, value.rank)
                 for name, value in importer.builder.arguments]
    dims = dynamic.normalize(dynamic_dims, [n for n, _ in arguments],
                             [r for _, r in arguments])
    # Keyed by position in example_inputs for resizing.
    by_example = {importer.arg_positions[i]: e for i, e in dims.items()}
    # Body lines of the builder are text lines 2.. (after module/func).
    origins = {line + 2: o for line, o in importer.origins.items()}
    first = (text, blobs, origins)
    errors = []
    for resized in dynamic.resized_examples(examples, by_example):
        try:
            with torch.no_grad():
                second = TorchImporter(module).run(tuple(resized))
        except Exception as e:  # the module does not run at that size
            errors.append(e)
            continue
        merged, blobs = dynamic.merge(first, (*second, {}))
        return dynamic.annotate_dim_names(merged, arguments, dims), blobs
    raise ValueError("dynamic_dims: the module does not run when the "
                     "dynamic dims change size"
                     + (f" ({errors[-1]})" if errors else ""))
