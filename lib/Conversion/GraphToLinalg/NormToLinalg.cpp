//===- NormToLinalg.cpp - Lower graph layer_norm and batch_norm -----------===//
//
// layer_norm: mean and (biased) variance over dims [axis, rank) by two
// reductions, then one elementwise generic normalising, scaling and
// shifting; layer_norm_stats: the same two reductions as results. batch_norm
// (inference): a per-channel generic folding scale / sqrt(variance + epsilon),
// then one elementwise generic. Statistics and arithmetic are in f32 for
// f16/bf16 inputs, cast back at the end.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "strata/Dialect/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace strata;
using namespace strata::lowering;

namespace {

/// Mean and 1 / sqrt(variance + epsilon) of `x` (elements `elem`) over
/// dims [axis, rank), in the compute type, with the reduced dims kept as 1.
struct LayerStats {
  Value mean, rstd;
};

LayerStats buildLayerStats(OpBuilder &b, Location loc, Value x, int64_t axis,
                           double epsilon) {
  auto type = cast<RankedTensorType>(x.getType());
  Type ct = computeType(type.getElementType());
  int64_t rank = type.getRank();
  if (axis < 0)
    axis += rank;
  SmallVector<bool> reduced(rank, false);
  for (int64_t d = axis; d < rank; ++d)
    reduced[d] = true;
  auto ext = [&](OpBuilder &nb, Location nl, Value v) {
    return convertScalar(nb, nl, v, ct);
  };
  Value zero = scalarConstant(b, loc, ct, 0);
  Value count = reducedCount(b, loc, x, reduced, ct);

  // mean = sum(x) / N
  Value sum = buildReduction(
      b, loc, x, reduced, zero, [&](OpBuilder &nb, Location nl, ValueRange a) {
        return arith::AddFOp::create(nb, nl, ext(nb, nl, a[0]), a[1])
            .getResult();
      });
  Value mean = buildElementwise(
      b, loc, sum, ct, [&](OpBuilder &nb, Location nl, ValueRange a) {
        return arith::DivFOp::create(nb, nl, a[0], count).getResult();
      });
  mean = expandReducedDims(b, loc, mean, reduced);
  // rstd = rsqrt(sum((x - mean)^2) / N + epsilon)
  Value sq = buildReduction(
      b, loc, {x, mean}, reduced, zero,
      [&](OpBuilder &nb, Location nl, ValueRange a) {
        Value d = arith::SubFOp::create(nb, nl, ext(nb, nl, a[0]), a[1]);
        Value d2 = arith::MulFOp::create(nb, nl, d, d);
        return arith::AddFOp::create(nb, nl, d2, a[2]).getResult();
      });
  Value eps = scalarConstant(b, loc, ct, epsilon);
  Value rstd = buildElementwise(
      b, loc, sq, ct, [&](OpBuilder &nb, Location nl, ValueRange a) {
        Value var = arith::DivFOp::create(nb, nl, a[0], count);
        Value v = arith::AddFOp::create(nb, nl, var, eps);
        return math::RsqrtOp::create(nb, nl, v).getResult();
      });
  rstd = expandReducedDims(b, loc, rstd, reduced);
  return {mean, rstd};
}

struct LayerNormPattern : OpConversionPattern<graph::LayerNormOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::LayerNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value x = adaptor.getInput();
    Type elem = cast<RankedTensorType>(x.getType()).getElementType();
    if (auto reason = unsupportedElementType(elem))
      return reject(rewriter, op, *reason);
    Type ct = computeType(elem);
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    auto ext = [&](OpBuilder &nb, Location nl, Value v) {
      return convertScalar(nb, nl, v, ct);
    };
    LayerStats stats =
        buildLayerStats(b, loc, x, static_cast<int64_t>(op.getAxis()),
                        op.getEpsilon().convertToDouble());
    // (x - mean) * rstd * scale (+ bias); scale and bias broadcast to the
    // trailing (normalised) dims.
    SmallVector<Value> operands = {x, stats.mean, stats.rstd,
                                   adaptor.getScale()};
    if (adaptor.getBias())
      operands.push_back(adaptor.getBias());
    Value result = buildElementwise(
        b, loc, operands, elem, [&](OpBuilder &nb, Location nl, ValueRange a) {
          Value d = arith::SubFOp::create(nb, nl, ext(nb, nl, a[0]), a[1]);
          Value n = arith::MulFOp::create(nb, nl, d, a[2]);
          Value v = arith::MulFOp::create(nb, nl, n, ext(nb, nl, a[3]));
          if (a.size() > 4)
            v = arith::AddFOp::create(nb, nl, v, ext(nb, nl, a[4]));
          return convertScalar(nb, nl, v, elem);
        });
    rewriter.replaceOp(op, castToType(b, loc, result, op.getType()));
    return success();
  }
};

/// The statistics of layer_norm, converted to the element type.
struct LayerNormStatsPattern : OpConversionPattern<graph::LayerNormStatsOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::LayerNormStatsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value x = adaptor.getInput();
    Type elem = cast<RankedTensorType>(x.getType()).getElementType();
    if (auto reason = unsupportedElementType(elem))
      return reject(rewriter, op, *reason);
    Location loc = op.getLoc();
    LayerStats stats =
        buildLayerStats(rewriter, loc, x, static_cast<int64_t>(op.getAxis()),
                        op.getEpsilon().convertToDouble());
    SmallVector<Value> results;
    Value values[] = {stats.mean, stats.rstd};
    for (auto [value, result] : llvm::zip(values, op.getResults())) {
      Value v = value;
      if (computeType(elem) != elem)
        v = buildElementwise(rewriter, loc, v, elem,
                             [&](OpBuilder &nb, Location nl, ValueRange a) {
                               return convertScalar(nb, nl, a[0], elem);
                             });
      results.push_back(castToType(rewriter, loc, v, result.getType()));
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct BatchNormPattern : OpConversionPattern<graph::BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value x = adaptor.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    Type elem = type.getElementType();
    if (auto reason = unsupportedElementType(elem))
      return reject(rewriter, op, *reason);
    Type ct = computeType(elem);
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    auto ext = [&](OpBuilder &nb, Location nl, Value v) {
      return convertScalar(nb, nl, v, ct);
    };
    // a = scale / sqrt(variance + epsilon), per channel.
    Value eps = scalarConstant(b, loc, ct, op.getEpsilon().convertToDouble());
    Value scale = adaptor.getScale();
    AffineMap id1 = b.getMultiDimIdentityMap(1);
    Value a = buildGeneric(
        b, loc, {scale, adaptor.getVariance()}, {id1, id1},
        mixedSizes(b, loc, scale), ct,
        [&](OpBuilder &nb, Location nl, ValueRange v) {
          Value s = arith::AddFOp::create(nb, nl, ext(nb, nl, v[1]), eps);
          Value r = math::RsqrtOp::create(nb, nl, s);
          return arith::MulFOp::create(nb, nl, ext(nb, nl, v[0]), r)
              .getResult();
        });
    // y = (x - mean) * a + bias, parameters indexed by dim 1.
    int64_t rank = type.getRank();
    AffineMap channel = AffineMap::get(
        rank, 0, getAffineDimExpr(1, b.getContext()), b.getContext());
    Value result = buildGeneric(
        b, loc, {x, adaptor.getMean(), a, adaptor.getBias()},
        {b.getMultiDimIdentityMap(rank), channel, channel, channel},
        mixedSizes(b, loc, x), elem,
        [&](OpBuilder &nb, Location nl, ValueRange v) {
          Value x0 = ext(nb, nl, v[0]);
          Value x1 = ext(nb, nl, v[1]);
          Value d = arith::SubFOp::create(nb, nl, x0, x1);
          Value n = arith::MulFOp::create(nb, nl, d, v[2]);
          Value y = arith::AddFOp::create(nb, nl, n, ext(nb, nl, v[3]));
          return convertScalar(nb, nl, y, elem);
        });
    rewriter.replaceOp(op, castToType(b, loc, result, op.getType()));
    return success();
  }
};

} // namespace

void strata::lowering::populateNormalizationPatterns(
    RewritePatternSet &patterns) {
  patterns.add<LayerNormPattern, LayerNormStatsPattern, BatchNormPattern>(
      patterns.getContext());
}
