//===- Passes.h - Graph dialect passes --------------------------*- C++ -*-===//
//
// Declarations of the passes defined in dialects/Graph/Passes.td.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_DIALECT_GRAPH_TRANSFORMS_PASSES_H
#define STRATA_DIALECT_GRAPH_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace strata::graph {

#define GEN_PASS_DECL
#include "Graph/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "Graph/Passes.h.inc"

} // namespace strata::graph

#endif // STRATA_DIALECT_GRAPH_TRANSFORMS_PASSES_H
