//===- ReductionToLinalg.cpp - Lower graph reductions and softmax ---------===//
//
// reduce_{sum,mean,max,min,prod}, global_{avg,max}_pool, softmax and
// log_softmax. A reduction is a linalg.generic with reduction iterators whose
// init is a linalg.fill of the neutral element; kept dims come back with
// tensor.expand_shape. Float sums and products of types narrower than f32
// accumulate in f32.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "strata/Dialect/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace strata;
using namespace strata::lowering;

namespace {

enum class Kind { Sum, Mean, Max, Min, Prod };

/// Combines element `x` into accumulator `acc` (types may differ only by a
/// float extension of `x`).
Value combine(OpBuilder &b, Location loc, Kind kind, Value x, Value acc) {
  x = convertScalar(b, loc, x, acc.getType());
  bool isFloat = isa<FloatType>(acc.getType());
  switch (kind) {
  case Kind::Sum:
  case Kind::Mean:
    return isFloat ? arith::AddFOp::create(b, loc, x, acc).getResult()
                   : arith::AddIOp::create(b, loc, x, acc).getResult();
  case Kind::Prod:
    return isFloat ? arith::MulFOp::create(b, loc, x, acc).getResult()
                   : arith::MulIOp::create(b, loc, x, acc).getResult();
  case Kind::Max:
    if (isFloat)
      return arith::MaximumFOp::create(b, loc, x, acc);
    return arith::MaxSIOp::create(b, loc, x, acc);
  case Kind::Min:
    if (isFloat)
      return arith::MinimumFOp::create(b, loc, x, acc);
    return arith::MinSIOp::create(b, loc, x, acc);
  }
  llvm_unreachable("unknown reduction kind");
}

/// Reduces `input` (a graph-typed tensor) over `reduced`, keeping the
/// reduced dims as size 1 when `keepdims`; the result has the type `type`.
Value lowerReduction(OpBuilder &b, Location loc, Value input,
                     ArrayRef<bool> reduced, bool keepdims, Kind kind,
                     Type type) {
  Type elem = getElementTypeOrSelf(input.getType());
  Value x = input;
  Type selem = elem;
  bool accumulates =
      kind == Kind::Sum || kind == Kind::Mean || kind == Kind::Prod;
  Type acc = accumulates ? computeType(selem) : selem;
  Value init;
  if (kind == Kind::Max || kind == Kind::Min)
    init = extremeConstant(b, loc, acc, kind == Kind::Max);
  else
    init = scalarConstant(b, loc, acc, kind == Kind::Prod ? 1 : 0);
  Value r = buildReduction(b, loc, x, reduced, init,
                           [&](OpBuilder &nb, Location nl, ValueRange a) {
                             return combine(nb, nl, kind, a[0], a[1]);
                           });
  Value count;
  if (kind == Kind::Mean)
    count = reducedCount(b, loc, x, reduced, acc);
  if (count || acc != selem)
    r = buildElementwise(b, loc, r, selem,
                         [&](OpBuilder &nb, Location nl, ValueRange a) {
                           Value v = a[0];
                           if (count && isa<FloatType>(acc))
                             v = arith::DivFOp::create(nb, nl, v, count);
                           else if (count)
                             v = arith::DivSIOp::create(nb, nl, v, count);
                           return convertScalar(nb, nl, v, selem);
                         });
  if (keepdims)
    r = expandReducedDims(b, loc, r, reduced);
  return castToType(b, loc, r, type);
}

template <typename OpTy, Kind kind>
struct ReducePattern : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value input = adaptor.getInput();
    auto type = cast<RankedTensorType>(input.getType());
    if (auto reason = unsupportedElementType(type.getElementType()))
      return reject(rewriter, op, *reason);
    int64_t rank = type.getRank();
    // Empty axes reduce every dim (see the op's description).
    SmallVector<bool> reduced(rank, op.getAxes().empty());
    for (int64_t axis : op.getAxes())
      reduced[axis < 0 ? axis + rank : axis] = true;
    rewriter.replaceOp(op,
                       lowerReduction(rewriter, op.getLoc(), input, reduced,
                                      op.getKeepdims(), kind, op.getType()));
    return success();
  }
};

/// Global pooling reduces every dim from 2 on, keeping them as size 1.
template <typename OpTy, Kind kind>
struct GlobalPoolPattern : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value input = adaptor.getInput();
    auto type = cast<RankedTensorType>(input.getType());
    if (auto reason = unsupportedElementType(type.getElementType()))
      return reject(rewriter, op, *reason);
    SmallVector<bool> reduced(type.getRank(), true);
    reduced[0] = reduced[1] = false;
    rewriter.replaceOp(op,
                       lowerReduction(rewriter, op.getLoc(), input, reduced,
                                      /*keepdims=*/true, kind, op.getType()));
    return success();
  }
};

/// softmax(x) = e / sum(e) and log_softmax(x) = (x - m) - log(sum(e)), with
/// m = max(x) and e = exp(x - m) along the axis (computed in f32 for f16 and
/// bf16).
template <typename OpTy, bool isLog>
struct SoftmaxPattern : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value x = adaptor.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    Type elem = type.getElementType();
    if (auto reason = unsupportedElementType(elem))
      return reject(rewriter, op, *reason);
    Type ct = computeType(elem);
    int64_t rank = type.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    SmallVector<bool> reduced(rank, false);
    reduced[axis] = true;
    Location loc = op.getLoc();
    OpBuilder &b = rewriter;
    auto ext = [&](OpBuilder &nb, Location nl, Value v) {
      return convertScalar(nb, nl, v, ct);
    };

    Value max = buildReduction(
        b, loc, x, reduced, extremeConstant(b, loc, elem, /*lowest=*/true),
        [](OpBuilder &nb, Location nl, ValueRange a) -> Value {
          return arith::MaximumFOp::create(nb, nl, a[0], a[1]);
        });
    max = expandReducedDims(b, loc, max, reduced);
    Value exp = buildElementwise(
        b, loc, {x, max}, ct, [&](OpBuilder &nb, Location nl, ValueRange a) {
          Value x0 = ext(nb, nl, a[0]);
          Value x1 = ext(nb, nl, a[1]);
          Value d = arith::SubFOp::create(nb, nl, x0, x1);
          return math::ExpOp::create(nb, nl, d).getResult();
        });
    Value sum =
        buildReduction(b, loc, exp, reduced, scalarConstant(b, loc, ct, 0),
                       [](OpBuilder &nb, Location nl, ValueRange a) -> Value {
                         return arith::AddFOp::create(nb, nl, a[0], a[1]);
                       });
    sum = expandReducedDims(b, loc, sum, reduced);
    Value result;
    if (isLog) {
      result = buildElementwise(b, loc, {x, max, sum}, elem,
                                [&](OpBuilder &nb, Location nl, ValueRange a) {
                                  Value x0 = ext(nb, nl, a[0]);
                                  Value x1 = ext(nb, nl, a[1]);
                                  Value d =
                                      arith::SubFOp::create(nb, nl, x0, x1);
                                  Value l = math::LogOp::create(nb, nl, a[2]);
                                  Value v = arith::SubFOp::create(nb, nl, d, l);
                                  return convertScalar(nb, nl, v, elem);
                                });
    } else {
      result = buildElementwise(b, loc, {exp, sum}, elem,
                                [&](OpBuilder &nb, Location nl, ValueRange a) {
                                  Value v =
                                      arith::DivFOp::create(nb, nl, a[0], a[1]);
                                  return convertScalar(nb, nl, v, elem);
                                });
    }
    rewriter.replaceOp(op, castToType(b, loc, result, op.getType()));
    return success();
  }
};

} // namespace

void strata::lowering::populateReductionPatterns(RewritePatternSet &patterns) {
  patterns.add<ReducePattern<graph::ReduceSumOp, Kind::Sum>,
               ReducePattern<graph::ReduceMeanOp, Kind::Mean>,
               ReducePattern<graph::ReduceMaxOp, Kind::Max>,
               ReducePattern<graph::ReduceMinOp, Kind::Min>,
               ReducePattern<graph::ReduceProdOp, Kind::Prod>,
               GlobalPoolPattern<graph::GlobalAvgPoolOp, Kind::Mean>,
               GlobalPoolPattern<graph::GlobalMaxPoolOp, Kind::Max>,
               SoftmaxPattern<graph::SoftmaxOp, false>,
               SoftmaxPattern<graph::LogSoftmaxOp, true>>(
      patterns.getContext());
}
