//===- IndexingImporters.cpp - Indexing, data movement and losses ---------===//
//
// GatherElements, ScatterElements (and its deprecated alias Scatter),
// ArgMax/ArgMin, Trilu, CumSum and Resize/Upsample map to graph ops of the
// same name.
// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss are decomposed here
// into log_softmax, gather_elements, gather, compare/where, mul and
// reductions (ONNX defines them by such a function body too).
//
//===----------------------------------------------------------------------===//

#include "ImporterContext.h"

#include <cmath>

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
  return bind(
      ctx, ctx.create<graph::GatherElementsOp>(
               data, indices,
               ctx.b.getI64IntegerAttr(ctx.axisAttr("axis", 0, rankOf(data)))));
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
  return bind(
      ctx, ctx.create<graph::ScatterElementsOp>(
               data, indices, updates,
               ctx.b.getI64IntegerAttr(ctx.axisAttr("axis", 0, rankOf(data))),
               graph::ScatterReductionAttr::get(ctx.b.getContext(), *kind)));
}

template <typename OpTy> LogicalResult importArgReduce(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  Builder &b = ctx.b;
  return bind(ctx,
              ctx.create<OpTy>(
                  x, b.getI64IntegerAttr(ctx.axisAttr("axis", 0, rankOf(x))),
                  b.getBoolAttr(ctx.intAttr("keepdims", 1) != 0),
                  b.getBoolAttr(ctx.intAttr("select_last_index", 0) != 0)));
}

LogicalResult importTrilu(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  int64_t k = 0;
  Value kInput;
  if (ctx.hasInput(1)) {
    if (const ConstTensor *c = ctx.constInput(1)) {
      if (c->numElements() != 1)
        return ctx.error("k must have one element");
      k = c->getInt(0);
    } else if (!(kInput = ctx.input(1))) {
      return failure();
    }
  }
  return bind(ctx, ctx.create<graph::TriluOp>(
                       x, kInput, ctx.b.getI64IntegerAttr(k),
                       ctx.b.getBoolAttr(ctx.intAttr("upper", 1) != 0)));
}

LogicalResult importCumSum(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  int64_t a = 0;
  Value axisInput;
  if (const ConstTensor *c = ctx.constInput(1)) {
    if (c->numElements() != 1)
      return ctx.error("axis must have one element");
    a = c->getInt(0);
    if (a < 0)
      a += rankOf(x);
  } else if (!(axisInput = ctx.input(1))) {
    return failure();
  }
  Builder &b = ctx.b;
  return bind(ctx, ctx.create<graph::CumSumOp>(
                       x, axisInput, b.getI64IntegerAttr(a),
                       b.getBoolAttr(ctx.intAttr("exclusive", 0) != 0),
                       b.getBoolAttr(ctx.intAttr("reverse", 0) != 0)));
}

//===----------------------------------------------------------------------===//
// Resize, Upsample
//===----------------------------------------------------------------------===//

/// The static shape of output 0 from the model's value_info, or empty.
std::optional<SmallVector<int64_t>> declaredOutputShape(NodeContext &ctx) {
  const onnx::TypeProto *type = ctx.graph.valueInfo.lookup(ctx.node.output(0));
  if (!type || !type->has_tensor_type() || !type->tensor_type().has_shape())
    return std::nullopt;
  SmallVector<int64_t> shape;
  for (const auto &dim : type->tensor_type().shape().dim()) {
    if (!dim.has_dim_value())
      return std::nullopt;
    shape.push_back(dim.dim_value());
  }
  return shape;
}

/// Resize (opset >= 11: X, roi, scales, sizes; opset 10: X, scales) and
/// Upsample (X, scales). Scales and sizes known at import time give the
/// result shape; scales known only at run time are read by the op, and the
/// result shape is then the output's declared static shape (likewise for
/// run-time sizes, whose scales are sizes / input sizes).
LogicalResult importResize(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  auto type = llvm::cast<RankedTensorType>(x.getType());
  if (!type.hasStaticShape())
    return ctx.unsupported("the input shape must be static");
  int64_t rank = type.getRank();
  bool modern = ctx.opType() == "Resize" && ctx.opset >= 11;
  unsigned scalesIdx = modern ? 2 : 1, sizesIdx = 3;
  if (ctx.hasAttr("antialias") && ctx.intAttr("antialias", 0) != 0)
    return ctx.unsupported("antialias is not supported");
  if (ctx.hasAttr("axes"))
    return ctx.unsupported("the axes attribute is not supported");
  if (ctx.stringAttr("keep_aspect_ratio_policy", "stretch") != "stretch")
    return ctx.unsupported("keep_aspect_ratio_policy is not supported");

  std::string modeName = ctx.stringAttr("mode", "nearest");
  if (modeName == "bilinear" && !modern)
    modeName = "linear";
  std::optional<graph::ResizeMode> mode = graph::symbolizeResizeMode(modeName);
  if (!mode)
    return ctx.unsupported("mode '" + modeName + "' is not supported");
  std::string coordName =
      modern ? ctx.stringAttr("coordinate_transformation_mode", "half_pixel")
             : "asymmetric";
  std::optional<graph::ResizeCoordinateMode> coord =
      graph::symbolizeResizeCoordinateMode(coordName);
  if (!coord)
    return ctx.unsupported("coordinate_transformation_mode '" + coordName +
                           "' is not supported");
  std::string nearestName =
      modern ? ctx.stringAttr("nearest_mode", "round_prefer_floor") : "floor";
  std::optional<graph::ResizeNearestMode> nearest =
      graph::symbolizeResizeNearestMode(nearestName);
  if (!nearest)
    return ctx.unsupported("nearest_mode '" + nearestName +
                           "' is not supported");

  SmallVector<double> roi;
  if (*coord == graph::ResizeCoordinateMode::tf_crop_and_resize) {
    const ConstTensor *c = ctx.hasInput(1) ? ctx.constInput(1) : nullptr;
    if (!c || c->numElements() != 2 * rank)
      return ctx.unsupported("tf_crop_and_resize needs a roi of " +
                             llvm::Twine(2 * rank) +
                             " entries known at import time");
    for (int64_t i = 0; i < 2 * rank; ++i)
      roi.push_back(c->getFloat(i));
  }

  SmallVector<int64_t> sizes;
  SmallVector<double> scales;
  Value scalesInput;
  const ConstTensor *scalesConst = nullptr;
  if (!modern && ctx.opType() == "Upsample" && ctx.opset < 9) {
    for (double sc : ctx.floatsAttr("scales"))
      scales.push_back(sc);
  } else if (ctx.hasInput(scalesIdx)) {
    scalesConst = ctx.constInput(scalesIdx);
    if (scalesConst && scalesConst->numElements() != 0)
      for (int64_t i = 0; i < scalesConst->numElements(); ++i)
        scales.push_back(scalesConst->getFloat(i));
    else if (!scalesConst && !(scalesInput = ctx.input(scalesIdx)))
      return failure();
  }
  bool haveSizes = modern && ctx.hasInput(sizesIdx);
  if (!scales.empty() || scalesInput) {
    if (!scales.empty()) {
      if (static_cast<int64_t>(scales.size()) != rank)
        return ctx.error("scales must have " + llvm::Twine(rank) + " entries");
      for (int64_t d = 0; d < rank; ++d)
        sizes.push_back(
            static_cast<int64_t>(std::floor(type.getDimSize(d) * scales[d])));
    } else {
      std::optional<SmallVector<int64_t>> declared = declaredOutputShape(ctx);
      if (!declared || static_cast<int64_t>(declared->size()) != rank)
        return ctx.unsupported("scales are not known at import time and the "
                               "output has no static declared shape");
      sizes = *declared;
      scales.assign(rank, 1.0);
    }
  } else if (haveSizes) {
    if (const ConstTensor *c = ctx.constInput(sizesIdx)) {
      for (int64_t i = 0; i < c->numElements(); ++i)
        sizes.push_back(c->getInt(i));
    } else {
      std::optional<SmallVector<int64_t>> declared = declaredOutputShape(ctx);
      if (!declared)
        return ctx.unsupported("sizes are not known at import time and the "
                               "output has no static declared shape");
      sizes = *declared;
    }
    if (static_cast<int64_t>(sizes.size()) != rank)
      return ctx.error("sizes must have " + llvm::Twine(rank) + " entries");
    for (int64_t d = 0; d < rank; ++d)
      scales.push_back(static_cast<double>(sizes[d]) / type.getDimSize(d));
  } else {
    return ctx.error("needs scales or sizes");
  }

  Builder &b = ctx.b;
  MLIRContext *mctx = b.getContext();
  return bind(
      ctx, ctx.create<graph::ResizeOp>(
               x, scalesInput, b.getDenseI64ArrayAttr(sizes),
               b.getDenseF64ArrayAttr(scales), b.getDenseF64ArrayAttr(roi),
               graph::ResizeModeAttr::get(mctx, *mode),
               graph::ResizeCoordinateModeAttr::get(mctx, *coord),
               graph::ResizeNearestModeAttr::get(mctx, *nearest),
               b.getF64FloatAttr(ctx.floatAttr("cubic_coeff_a", -0.75)),
               b.getBoolAttr(ctx.intAttr("exclude_outside", 0) != 0),
               b.getF64FloatAttr(ctx.floatAttr("extrapolation_value", 0.0))));
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
  Value index =
      ctx.create<graph::UnsqueezeOp>(target, b.getDenseI64ArrayAttr({1}));
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
  return bind(ctx, nllLoss(ctx, x, target, weight, ignoreIndex, *reduction));
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
  t["Resize"] = importResize;
  t["Upsample"] = importResize;
  t["NegativeLogLikelihoodLoss"] = importNLLLoss;
  t["SoftmaxCrossEntropyLoss"] = importSoftmaxCrossEntropyLoss;
}
