//===- PrintCost.cpp - Report FLOPs and bytes of graph ops ----------------===//
//
// Implements -graph-print-cost: a remark per op with its CostOpInterface
// numbers and a per-function total, for engineers and cost-model tests.
//
//===----------------------------------------------------------------------===//

#include "strata/Dialect/Graph/IR/GraphOps.h"
#include "strata/Dialect/Graph/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace strata::graph {
#define GEN_PASS_DEF_PRINTCOSTPASS
#include "Graph/Passes.h.inc"
} // namespace strata::graph

using namespace mlir;
using namespace strata::graph;

namespace {

/// A count, or `?` when it is unknown.
std::string count(std::optional<int64_t> value) {
  return value ? std::to_string(*value) : "?";
}

struct PrintCostPass
    : public strata::graph::impl::PrintCostPassBase<PrintCostPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    int64_t flops = 0, bytes = 0, counted = 0, dynamic = 0;
    func.walk([&](CostOpInterface op) {
      std::optional<int64_t> f = op.getFlops();
      std::optional<int64_t> b = op.getBytesAccessed();
      op->emitRemark() << "flops: " << count(f) << ", bytes: " << count(b);
      if (f && b) {
        flops += *f;
        bytes += *b;
        ++counted;
      } else {
        ++dynamic;
      }
    });
    func.emitRemark() << "total flops: " << flops << ", bytes: " << bytes
                      << " over " << counted << " ops (" << dynamic
                      << " with dynamic shapes not counted)";
  }
};

} // namespace
