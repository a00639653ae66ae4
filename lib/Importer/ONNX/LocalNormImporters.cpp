//===- LocalNormImporters.cpp - LRN and MeanVarianceNormalization ---------===//
//
// Normalisations ONNX defines by formula, composed from graph ops:
//
//   LRN: y = x / (bias + alpha * avg_c(x^2))^beta, where avg_c is the mean
//        over a window of `size` channels around c (zeros outside), i.e. an
//        avg_pool (count_include_pad) over the channel dim of x^2 reshaped to
//        [N, 1, C, spatial...]; alpha / size * sum = alpha * avg.
//   MeanVarianceNormalization: (x - mean) / (sqrt(mean((x - mean)^2)) + 1e-9)
//        over `axes` (default 0, 2, 3), as in ONNX's function body.
//
//===----------------------------------------------------------------------===//

#include "ImporterContext.h"

using namespace mlir;
using namespace strata;
using namespace strata::onnx_import;

namespace {

LogicalResult importLRN(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  Type element = type.getElementType();
  if (!isa<FloatType>(element))
    return ctx.unsupported("only float inputs are supported");
  if (type.getRank() < 3 || !type.hasStaticShape())
    return ctx.unsupported("needs a static input of rank >= 3");
  int64_t size = ctx.intAttr("size", 0);
  if (size <= 0)
    return ctx.error("size must be positive");
  double alpha = ctx.floatAttr("alpha", 1e-4f);
  double beta = ctx.floatAttr("beta", 0.75f);
  double bias = ctx.floatAttr("bias", 1.0f);
  Builder &b = ctx.b;
  int64_t spatial = 1;
  for (int64_t d : type.getShape().drop_front(2))
    spatial *= d;
  Value sq = ctx.create<graph::MulOp>(x, x);
  if (sq)
    sq = ctx.create<graph::ReshapeOp>(
        sq, b.getDenseI64ArrayAttr(
                {type.getDimSize(0), 1, type.getDimSize(1), spatial}));
  if (!sq)
    return failure();
  int64_t before = (size - 1) / 2, after = size - 1 - before;
  Value avg = ctx.create<graph::AvgPoolOp>(
      sq, b.getDenseI64ArrayAttr({size, 1}), b.getDenseI64ArrayAttr({1, 1}),
      b.getDenseI64ArrayAttr({1, 1}),
      b.getDenseI64ArrayAttr({before, 0, after, 0}), b.getBoolAttr(false),
      b.getBoolAttr(true));
  if (avg)
    avg = ctx.create<graph::ReshapeOp>(avg,
                                       b.getDenseI64ArrayAttr(type.getShape()));
  if (!avg)
    return failure();
  Value scaled =
      ctx.create<graph::MulOp>(avg, ctx.scalarConstant(element, alpha));
  Value base =
      scaled
          ? ctx.create<graph::AddOp>(scaled, ctx.scalarConstant(element, bias))
          : Value();
  Value denom =
      base ? ctx.create<graph::PowOp>(base, ctx.scalarConstant(element, beta))
           : Value();
  Value r = denom ? ctx.create<graph::DivOp>(x, denom) : Value();
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

LogicalResult importMVN(NodeContext &ctx) {
  Value x = ctx.input(0);
  if (!x)
    return failure();
  auto type = cast<RankedTensorType>(x.getType());
  Type element = type.getElementType();
  if (!isa<FloatType>(element))
    return ctx.unsupported("only float inputs are supported");
  SmallVector<int64_t> axes = ctx.intsAttr("axes");
  if (!ctx.hasAttr("axes"))
    axes = {0, 2, 3};
  Builder &b = ctx.b;
  auto mean = [&](Value v) -> Value {
    return v ? ctx.create<graph::ReduceMeanOp>(v, b.getDenseI64ArrayAttr(axes),
                                               b.getBoolAttr(true))
             : Value();
  };
  Value mu = mean(x);
  Value centered = mu ? ctx.create<graph::SubOp>(x, mu) : Value();
  Value var =
      centered ? mean(ctx.create<graph::MulOp>(centered, centered)) : Value();
  Value stddev = var ? ctx.create<graph::SqrtOp>(var) : Value();
  Value shifted =
      stddev
          ? ctx.create<graph::AddOp>(stddev, ctx.scalarConstant(element, 1e-9))
          : Value();
  Value r = shifted ? ctx.create<graph::DivOp>(centered, shifted) : Value();
  if (!r)
    return failure();
  ctx.setOutput(0, r);
  return success();
}

} // namespace

void strata::onnx_import::registerLocalNormImporters(
    llvm::StringMap<NodeImporterFn> &t) {
  t["LRN"] = importLRN;
  t["MeanVarianceNormalization"] = importMVN;
}
