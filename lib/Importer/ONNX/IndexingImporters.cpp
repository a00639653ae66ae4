//===- IndexingImporters.cpp - Indexing, data movement and losses ---------===//
//
// GatherElements, ScatterElements (and its deprecated alias Scatter),
// ArgMax/ArgMin, Trilu and CumSum map to graph ops of the same name.
// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss are decomposed here
// into log_softmax, gather_elements, gather, compare/where, mul and
// reductions (ONNX defines them by such a function body too).
//
//===----------------------------------------------------------------------===//

#include "ImporterContext.h"

using namespace mlir;
using namespace strata;
using namespace strata::onnx_import;

namespace {

LogicalResult bind(NodeContext &ctx, Value r) {
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

int64_t rankOf(Value v) {
  return llvm::cast<RankedTensorType>(v.getType()).getRank();
}

LogicalResult importGatherElements(NodeContext &ctx) {
  Value data = ctx.input(0), indices = ctx.input(1);
  if (!data || !indices)
    return failure();
  return bind(ctx, ctx.create<graph::GatherElementsOp>(
                       data, indices,
                       ctx.b.getI64IntegerAttr(
                           ctx.axisAttr("axis", 0, rankOf(data)))));
}

LogicalResult importScatterElements(NodeContext &ctx) {
  Value data = ctx.input(0), indices = ctx.input(1), updates = ctx.input(2);
  if (!data || !indices || !updates)
    return failure();
  std::string reduction = ctx.stringAttr("reduction", "none");
  std::optional<graph::ScatterReduction> kind =
      graph::symbolizeScatterReduction(reduction);
  if (!kind)
    return ctx.unsupported("reduction '" + reduction + "' is not supported");
  return bind(ctx,
              ctx.create<graph::ScatterElementsOp>(
                  data, indices, updates,
                  ctx.b.getI64IntegerAttr(ctx.axisAttr("axis", 0, rankOf(data))),
                  graph::ScatterReductionAttr::get(ctx.b.getContext(), *kind)));
}

template <typename OpTy> LogicalResult importArgReduce(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  Builder &b = ctx.b;
  return bind(ctx, ctx.create<OpTy>(
                       x, b.getI64IntegerAttr(ctx.axisAttr("axis", 0, rankOf(x))),
                       b.getBoolAttr(ctx.intAttr("keepdims", 1) != 0),
                       b.getBoolAttr(ctx.intAttr("select_last_index", 0) != 0)));
}

LogicalResult importTrilu(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  int64_t k = 0;
  if (ctx.hasInput(1)) {
    FailureOr<SmallVector<int64_t>> in = ctx.intsInput(1, "k");
    if (failed(in))
      return failure();
    if (in->size() != 1)
      return ctx.error("k must have one element");
    k = in->front();
  }
  return bind(ctx, ctx.create<graph::TriluOp>(
                       x, ctx.b.getI64IntegerAttr(k),
                       ctx.b.getBoolAttr(ctx.intAttr("upper", 1) != 0)));
}

LogicalResult importCumSum(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  FailureOr<SmallVector<int64_t>> axis = ctx.intsInput(1, "axis");
  if (failed(axis))
    return failure();
  if (axis->size() != 1)
    return ctx.error("axis must have one element");
  int64_t a = axis->front();
  if (a < 0)
    a += rankOf(x);
  Builder &b = ctx.b;
  return bind(ctx, ctx.create<graph::CumSumOp>(
                       x, b.getI64IntegerAttr(a),
                       b.getBoolAttr(ctx.intAttr("exclusive", 0) != 0),
                       b.getBoolAttr(ctx.intAttr("reverse", 0) != 0)));
}

//===----------------------------------------------------------------------===//
// Losses
//===----------------------------------------------------------------------===//

/// The negative log-likelihood of `logProb` (N x C x d1 ... dk) at `target`
/// (N x d1 ... dk) with optional per-class `weight`, ignore_index and
/// reduction, as ONNX NegativeLogLikelihoodLoss defines it.
Value nllLoss(NodeContext &ctx, Value logProb, Value target, Value weight,
              std::optional<int64_t> ignoreIndex, StringRef reduction) {
  Builder &b = ctx.b;
  Type floatType =
      llvm::cast<RankedTensorType>(logProb.getType()).getElementType();
  Type indexType =
      llvm::cast<RankedTensorType>(target.getType()).getElementType();
  Value ignored;
  if (ignoreIndex) {
    ignored = ctx.create<graph::CompareOp>(
        graph::CompareDirection::eq, target,
        ctx.scalarConstant(indexType, *ignoreIndex));
    if (!ignored)
      return {};
    // Ignored positions read class 0 and get weight 0.
    target = ctx.create<graph::WhereOp>(
        ignored, ctx.scalarConstant(indexType, 0), target);
    if (!target)
      return {};
  }
  Value index = ctx.create<graph::UnsqueezeOp>(target,
                                               b.getDenseI64ArrayAttr({1}));
  if (!index)
    return {};
  Value picked = ctx.create<graph::GatherElementsOp>(logProb, index,
                                                     b.getI64IntegerAttr(1));
  if (!picked)
    return {};
  picked = ctx.create<graph::SqueezeOp>(picked, b.getDenseI64ArrayAttr({1}));
  if (!picked)
    return {};
  Value loss = ctx.create<graph::NegOp>(picked);
  if (!loss)
    return {};
  Value w;
  if (weight && !(w = ctx.create<graph::GatherOp>(weight, target,
                                                  b.getI64IntegerAttr(0))))
    return {};
  if (ignored) {
    w = ctx.create<graph::WhereOp>(ignored, ctx.scalarConstant(floatType, 0),
                                   w ? w : ctx.scalarConstant(floatType, 1));
    if (!w)
      return {};
  }
  if (w && !(loss = ctx.create<graph::MulOp>(loss, w)))
    return {};
  if (reduction == "none")
    return loss;
  auto all = b.getDenseI64ArrayAttr({});
  auto noKeep = b.getBoolAttr(false);
  if (reduction == "sum")
    return ctx.create<graph::ReduceSumOp>(loss, all, noKeep);
  if (!w)
    return ctx.create<graph::ReduceMeanOp>(loss, all, noKeep);
  Value total = ctx.create<graph::ReduceSumOp>(loss, all, noKeep);
  Value count = ctx.create<graph::ReduceSumOp>(w, all, noKeep);
  if (!total || !count)
    return {};
  return ctx.create<graph::DivOp>(total, count);
}

/// The reduction attribute of a loss, or an unsupported-value diagnostic.
FailureOr<std::string> lossReduction(NodeContext &ctx) {
  std::string reduction = ctx.stringAttr("reduction", "mean");
  if (reduction != "none" && reduction != "sum" && reduction != "mean")
    return ctx.unsupported("reduction '" + reduction + "' is not supported");
  return reduction;
}

LogicalResult checkLossInputs(NodeContext &ctx, Value x, Value target) {
  if (rankOf(x) < 2)
    return ctx.error("input must have rank >= 2 (N x C x d1 ... dk)");
  if (rankOf(target) != rankOf(x) - 1)
    return ctx.error("target must have rank " + llvm::Twine(rankOf(x) - 1));
  return success();
}

LogicalResult importNLLLoss(NodeContext &ctx) {
  Value x = ctx.input(0), target = ctx.input(1);
  if (!x || !target || failed(checkLossInputs(ctx, x, target)))
    return failure();
  Value weight;
  if (ctx.hasInput(2) && !(weight = ctx.input(2)))
    return failure();
  FailureOr<std::string> reduction = lossReduction(ctx);
  if (failed(reduction))
    return failure();
  std::optional<int64_t> ignoreIndex;
  if (ctx.hasAttr("ignore_index"))
    ignoreIndex = ctx.intAttr("ignore_index", 0);
  return bind(ctx,
              nllLoss(ctx, x, target, weight, ignoreIndex, *reduction));
}

LogicalResult importSoftmaxCrossEntropyLoss(NodeContext &ctx) {
  Value x = ctx.input(0), target = ctx.input(1);
  if (!x || !target || failed(checkLossInputs(ctx, x, target)))
    return failure();
  Value weight;
  if (ctx.hasInput(2) && !(weight = ctx.input(2)))
    return failure();
  FailureOr<std::string> reduction = lossReduction(ctx);
  if (failed(reduction))
    return failure();
  std::optional<int64_t> ignoreIndex;
  if (ctx.hasAttr("ignore_index"))
    ignoreIndex = ctx.intAttr("ignore_index", 0);
  Value logProb =
      ctx.create<graph::LogSoftmaxOp>(x, ctx.b.getI64IntegerAttr(1));
  if (!logProb)
    return failure();
  Value loss = nllLoss(ctx, logProb, target, weight, ignoreIndex, *reduction);
  if (!loss)
    return failure();
  ctx.setOutput(0, loss);
  if (ctx.hasOutput(1))
    ctx.setOutput(1, logProb);
  return success();
}

} // namespace

void strata::onnx_import::registerIndexingImporters(
    llvm::StringMap<NodeImporterFn> &t) {
  t["GatherElements"] = importGatherElements;
  t["ScatterElements"] = importScatterElements;
  t["Scatter"] = importScatterElements;
  t["ArgMax"] = importArgReduce<graph::ArgMaxOp>;
  t["ArgMin"] = importArgReduce<graph::ArgMinOp>;
  t["Trilu"] = importTrilu;
  t["CumSum"] = importCumSum;
  t["NegativeLogLikelihoodLoss"] = importNLLLoss;
  t["SoftmaxCrossEntropyLoss"] = importSoftmaxCrossEntropyLoss;
}
