"""Exceptions raised by the strata package.

`CompileError` is defined by the native extension (so that C++ can raise it
with the MLIR diagnostics, locations included) and re-exported here;
`UnsupportedOperationError` is the torch importer's subclass for a node it
cannot map, naming the node, its target and the source module path.
"""

from ._strata import CompileError


class UnsupportedOperationError(CompileError):
    """A torch.fx node the importer has no mapping for."""

    def __init__(self, node, target, module_path, reason=""):
        self.node = node
        self.target = target
        self.module_path = module_path
        where = f" in module '{module_path}'" if module_path else ""
        why = f": {reason}" if reason else ""
        super().__init__(
            f"unsupported torch node '{node}' (target {target}){where}{why}")


__all__ = ["CompileError", "UnsupportedOperationError"]
