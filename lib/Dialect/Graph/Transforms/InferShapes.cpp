//===- InferShapes.cpp - Refine graph result types ------------------------===//
//
// Implements -graph-infer-shapes: forward propagation of static dims through
// a function by replacing each graph op's result types with the meet of the
// written and the inferred type.
//
//===----------------------------------------------------------------------===//

#include "strata/Dialect/Graph/IR/GraphOps.h"
#include "strata/Dialect/Graph/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace strata::graph {
#define GEN_PASS_DEF_INFERSHAPESPASS
#include "Graph/Passes.h.inc"
} // namespace strata::graph

using namespace mlir;
using namespace strata::graph;

namespace {

/// The most static type that agrees with both (compatible) tensor types, or
/// null when they are not compatible ranked tensors.
RankedTensorType meet(Type written, Type inferred) {
  auto w = dyn_cast<RankedTensorType>(written);
  auto i = dyn_cast<RankedTensorType>(inferred);
  if (!w || !i || w.getElementType() != i.getElementType() ||
      w.getRank() != i.getRank())
    return {};
  SmallVector<int64_t> dims;
  for (auto [a, b] : llvm::zip(w.getShape(), i.getShape())) {
    if (!ShapedType::isDynamic(a) && !ShapedType::isDynamic(b) && a != b)
      return {};
    dims.push_back(ShapedType::isDynamic(a) ? b : a);
  }
  return w.clone(dims);
}

struct InferShapesPass
    : public strata::graph::impl::InferShapesPassBase<InferShapesPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    Dialect *graph = getContext().getLoadedDialect<GraphDialect>();
    func.walk([&](Operation *op) {
      if (op->getDialect() != graph)
        return;
      auto iface = dyn_cast<InferTypeOpInterface>(op);
      if (!iface)
        return;
      SmallVector<Type> inferred;
      if (failed(iface.inferReturnTypes(
              op->getContext(), op->getLoc(), op->getOperands(),
              op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
              op->getRegions(), inferred)))
        return signalPassFailure();
      for (auto [result, type] : llvm::zip(op->getResults(), inferred))
        refine(result, type, graph);
    });
    updateSignature(func);
  }

  /// Gives `result` the meet of its type and `inferred`. Users outside the
  /// graph dialect (other than func.return) keep the old type via a cast.
  void refine(Value result, Type inferred, Dialect *graph) {
    Type old = result.getType();
    RankedTensorType refined = meet(old, inferred);
    if (!refined || refined == old)
      return;
    result.setType(refined);
    for (OpOperand &use : llvm::make_early_inc_range(result.getUses())) {
      Operation *user = use.getOwner();
      if (user->getDialect() == graph || isa<func::ReturnOp>(user))
        continue;
      OpBuilder builder(user);
      auto cast = tensor::CastOp::create(builder, result.getLoc(), old, result);
      use.set(cast);
    }
  }

  /// Makes the function's result types match what it now returns.
  void updateSignature(func::FuncOp func) {
    if (func.isExternal())
      return;
    SmallVector<Type> results;
    func.walk([&](func::ReturnOp ret) {
      results.assign(ret.getOperandTypes().begin(),
                     ret.getOperandTypes().end());
    });
    if (results.size() == func.getNumResults())
      func.setType(
          FunctionType::get(&getContext(), func.getArgumentTypes(), results));
  }
};

} // namespace
