//===- PoolToLinalg.cpp - Lower graph.max_pool and graph.avg_pool ---------===//
//
// The input is padded (with -inf for max, 0 for avg) by the op's pads plus
// whatever end padding ceil_mode's last window needs, then pooled with
// linalg.pooling_{ncw,nchw}_{max,sum} (1-D, 2-D) or an equivalent
// linalg.generic (3-D). avg_pool divides the sum by the number of window taps
// that fall inside the input (count_include_pad = false) or inside the padded
// input without the ceil_mode extension (count_include_pad = true): a scalar
// when every window has the full count, else per-dim count vectors computed
// at compile time, multiplied in the dividing linalg.generic.
//
//===----------------------------------------------------------------------===//

#include "NNLoweringUtils.h"
#include "strata/Dialect/Graph/IR/GraphOps.h"
#include "strata/Dialect/Graph/IR/ShapeInference.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace strata;
using namespace strata::nnlower;

namespace {

struct Window {
  SmallVector<int64_t> kernel, strides, dilations, padBegin, padEnd, out;
};

/// Reads and checks the window attributes; the output sizes follow
/// graph::shape::windowOutputSize.
FailureOr<Window> getWindow(Operation *op, RankedTensorType inType,
                            ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                            ArrayRef<int64_t> dilations, ArrayRef<int64_t> pads,
                            bool ceilMode, PatternRewriter &rewriter) {
  int64_t k = inType.getRank() - 2;
  if (k < 1 || k > 3 || static_cast<int64_t>(kernel.size()) != k)
    return reject(rewriter, op, "only 1 to 3 spatial dims");
  Window w;
  w.kernel.assign(kernel);
  w.strides.assign(strides.empty() ? SmallVector<int64_t>(k, 1)
                                   : SmallVector<int64_t>(strides));
  w.dilations.assign(dilations.empty() ? SmallVector<int64_t>(k, 1)
                                       : SmallVector<int64_t>(dilations));
  SmallVector<int64_t> p = pads.empty() ? SmallVector<int64_t>(2 * k, 0)
                                        : SmallVector<int64_t>(pads);
  if (llvm::any_of(p, [](int64_t v) { return v < 0; }))
    return reject(rewriter, op, "negative pads are not supported");
  w.padBegin.assign(p.begin(), p.begin() + k);
  w.padEnd.assign(p.begin() + k, p.end());
  for (int64_t i = 0; i < k; ++i) {
    int64_t in = inType.getDimSize(2 + i);
    if (ShapedType::isDynamic(in))
      return reject(rewriter, op, "dynamic spatial dims are not supported");
    std::string error;
    std::optional<int64_t> size = graph::shape::windowOutputSize(
        in, kernel[i], w.strides[i], w.dilations[i], w.padBegin[i], w.padEnd[i],
        ceilMode, error);
    if (!size)
      return reject(rewriter, op, error);
    w.out.push_back(*size);
  }
  return w;
}

/// Pads the input so that every window of `w` lies inside it.
Value padForWindows(OpBuilder &b, Location loc, Value input, const Window &w,
                    Value padValue) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> low(2, 0), high(2, 0);
  for (size_t i = 0; i < w.kernel.size(); ++i) {
    int64_t extent = type.getDimSize(2 + i) + w.padBegin[i] + w.padEnd[i];
    int64_t needed =
        (w.out[i] - 1) * w.strides[i] + w.dilations[i] * (w.kernel[i] - 1) + 1;
    low.push_back(w.padBegin[i]);
    high.push_back(w.padEnd[i] + std::max<int64_t>(0, needed - extent));
  }
  return padWith(b, loc, input, low, high, padValue);
}

/// Window pooling: named op for 1-D and 2-D, linalg.generic for 3-D.
Value pool(OpBuilder &b, Location loc, Value padded, const Window &w,
           Value init, bool isMax) {
  Type elem = getElementTypeOrSelf(padded.getType());
  Value window = tensor::EmptyOp::create(b, loc, w.kernel, elem);
  int64_t k = w.kernel.size();
  SmallVector<Value> inputs = {padded, window};
  if (k == 1)
    return isMax ? createWindowOp<linalg::PoolingNcwMaxOp>(
                       b, loc, {padded, window}, init, w.strides, w.dilations)
                 : createWindowOp<linalg::PoolingNcwSumOp>(
                       b, loc, {padded, window}, init, w.strides, w.dilations);
  if (k == 2)
    return isMax ? createWindowOp<linalg::PoolingNchwMaxOp>(
                       b, loc, {padded, window}, init, w.strides, w.dilations)
                 : createWindowOp<linalg::PoolingNchwSumOp>(
                       b, loc, {padded, window}, init, w.strides, w.dilations);
  // Loops: n, c, o_1..o_k (parallel), w_1..w_k (reduction).
  MLIRContext *ctx = b.getContext();
  int64_t numLoops = 2 + 2 * k;
  auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineExpr> inExprs = {d(0), d(1)}, winExprs,
                          outExprs = {d(0), d(1)};
  for (int64_t i = 0; i < k; ++i) {
    inExprs.push_back(d(2 + i) * w.strides[i] + d(2 + k + i) * w.dilations[i]);
    winExprs.push_back(d(2 + k + i));
    outExprs.push_back(d(2 + i));
  }
  SmallVector<AffineMap> maps = {AffineMap::get(numLoops, 0, inExprs, ctx),
                                 AffineMap::get(numLoops, 0, winExprs, ctx),
                                 AffineMap::get(numLoops, 0, outExprs, ctx)};
  SmallVector<utils::IteratorType> iterators = parallelIterators(2 + k);
  iterators.append(k, utils::IteratorType::reduction);
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
             iterators,
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               Value r =
                   isMax ? arith::MaximumFOp::create(nb, nl, args[2], args[0])
                               .getResult()
                         : arith::AddFOp::create(nb, nl, args[2], args[0])
                               .getResult();
               linalg::YieldOp::create(nb, nl, r);
             })
      .getResult(0);
}

SmallVector<OpFoldResult> outputSizes(OpBuilder &b, Location loc, Value input,
                                      const Window &w) {
  SmallVector<OpFoldResult> sizes = getSizes(b, loc, input);
  sizes.resize(2);
  for (int64_t size : w.out)
    sizes.push_back(b.getIndexAttr(size));
  return sizes;
}

struct MaxPoolLowering : OpConversionPattern<graph::MaxPoolOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::MaxPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    FailureOr<Window> w =
        getWindow(op, inType, op.getKernelShape(), op.getStrides(),
                  op.getDilations(), op.getPads(), op.getCeilMode(), rewriter);
    if (failed(w))
      return failure();
    Value lowest = lowestConstant(rewriter, loc, inType.getElementType());
    Value padded = padForWindows(rewriter, loc, input, *w, lowest);
    Value init = filledTensor(rewriter, loc,
                              outputSizes(rewriter, loc, input, *w), lowest);
    Value result = pool(rewriter, loc, padded, *w, init, /*isMax=*/true);
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }
};

struct AvgPoolLowering : OpConversionPattern<graph::AvgPoolOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::AvgPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    Type elem = inType.getElementType();
    FailureOr<Window> w =
        getWindow(op, inType, op.getKernelShape(), op.getStrides(),
                  op.getDilations(), op.getPads(), op.getCeilMode(), rewriter);
    if (failed(w))
      return failure();
    Value zero = scalarConstant(rewriter, loc, elem, 0);
    Value padded = padForWindows(rewriter, loc, input, *w, zero);
    SmallVector<OpFoldResult> outSizes = outputSizes(rewriter, loc, input, *w);
    Value init = filledTensor(rewriter, loc, outSizes, zero);
    Value sum = pool(rewriter, loc, padded, *w, init, /*isMax=*/false);

    // Taps per window position along each spatial dim.
    int64_t k = w->kernel.size();
    bool includePad = op.getCountIncludePad();
    SmallVector<SmallVector<int64_t>> counts(k);
    bool uniform = true;
    for (int64_t i = 0; i < k; ++i) {
      int64_t in = inType.getDimSize(2 + i);
      int64_t lo = includePad ? -w->padBegin[i] : 0;
      int64_t hi = includePad ? in + w->padEnd[i] : in;
      for (int64_t o = 0; o < w->out[i]; ++o) {
        int64_t count = 0;
        for (int64_t j = 0; j < w->kernel[i]; ++j) {
          int64_t pos =
              o * w->strides[i] - w->padBegin[i] + j * w->dilations[i];
          count += pos >= lo && pos < hi;
        }
        counts[i].push_back(count);
        uniform &= count == w->kernel[i];
      }
    }

    int64_t rank = 2 + k;
    SmallVector<Value> inputs = {sum};
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(rank)};
    Value scalarDivisor;
    if (uniform) {
      double taps = 1;
      for (int64_t size : w->kernel)
        taps *= size;
      scalarDivisor = scalarConstant(rewriter, loc, elem, taps);
    } else {
      for (int64_t i = 0; i < k; ++i) {
        auto type = RankedTensorType::get({w->out[i]}, elem);
        SmallVector<Attribute> values;
        for (int64_t count : counts[i])
          values.push_back(rewriter.getFloatAttr(elem, count));
        inputs.push_back(arith::ConstantOp::create(
            rewriter, loc, DenseElementsAttr::get(type, values)));
        maps.push_back(
            AffineMap::get(rank, 0, rewriter.getAffineDimExpr(2 + i)));
      }
    }
    Value result =
        elementwise(rewriter, loc, inputs, maps, outSizes, elem,
                    [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
                      Value divisor = scalarDivisor;
                      if (!divisor) {
                        divisor = args[1];
                        for (Value count : args.drop_front(2))
                          divisor =
                              arith::MulFOp::create(nb, nl, divisor, count);
                      }
                      return arith::DivFOp::create(nb, nl, args[0], divisor);
                    });
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }
};

} // namespace

void nnlower::populatePoolPatterns(RewritePatternSet &patterns) {
  patterns.add<MaxPoolLowering, AvgPoolLowering>(patterns.getContext());
}
