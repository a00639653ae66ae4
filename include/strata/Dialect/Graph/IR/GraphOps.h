//===- GraphOps.h - The graph dialect and its ops ---------------*- C++ -*-===//
//
// Everything a user of the graph dialect includes: the dialect, its enums and
// attributes, CostOpInterface and the op classes generated from
// dialects/Graph/*.td.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_DIALECT_GRAPH_IR_GRAPHOPS_H
#define STRATA_DIALECT_GRAPH_IR_GRAPHOPS_H

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <optional>

namespace strata::graph {

/// Result types are compatible when they are ranked tensors of the same
/// element type whose shapes agree wherever both are static.
bool areCompatibleReturnTypes(mlir::TypeRange lhs, mlir::TypeRange rhs);

namespace detail {
/// `perElement` times the element count of `type`, if it is static.
std::optional<int64_t> elementwiseFlops(mlir::Type type, int64_t perElement);
/// Bytes of all operands plus all results, if every shape is static.
std::optional<int64_t> defaultBytesAccessed(mlir::Operation *op);
} // namespace detail

} // namespace strata::graph

#include "Graph/GraphDialect.h.inc"
#include "Graph/GraphEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "Graph/GraphAttrs.h.inc"

#include "Graph/GraphInterfaces.h.inc"

#define GET_OP_CLASSES
#include "Graph/GraphOps.h.inc"

#endif // STRATA_DIALECT_GRAPH_IR_GRAPHOPS_H
