//===- Passes.td - Graph dialect passes ---------------------*- tablegen -*-===//
//
// Passes that run on the graph dialect. Canonicalisation uses the upstream
// `-canonicalize` pass with the folders and patterns declared on the ops.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_GRAPH_PASSES_TD
#define STRATA_GRAPH_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Analysis and shape passes
//===----------------------------------------------------------------------===//

def InferShapesPass : Pass<"graph-infer-shapes", "::mlir::func::FuncOp"> {
  let summary = "Refine result types of graph ops to their inferred types";
  let description = [{
    Visits every graph op in order and replaces a result type that is less
    static than the op's inferred type (a `?` where the size is known) by the
    inferred one, so that shapes propagate forward through the function.
    Values returned from the function update the function's result types;
    values used by non-graph ops are given to them through a `tensor.cast`
    back to the old type.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def PrintCostPass : Pass<"graph-print-cost", "::mlir::func::FuncOp"> {
  let summary = "Report each op's FLOPs and bytes as remarks";
  let description = [{
    Emits a remark on every op implementing `CostOpInterface` with its FLOPs
    and bytes accessed (`?` when a shape is dynamic), and one on the function
    with the totals over its static ops. Meant for engineers and for tests of
    the cost model.
  }];
}

#endif // STRATA_GRAPH_PASSES_TD
