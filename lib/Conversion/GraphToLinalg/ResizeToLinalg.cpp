//===- ResizeToLinalg.cpp - Lower graph.resize ----------------------------===//
//
// One linalg.generic over the result. For each dim whose size or scale
// changes (or that crops), the body maps the result index to the input
// coordinate in f64 (ONNX coordinate transformation modes), then picks the
// neighbour (nearest) or computes 2 (linear) or 4 (cubic) clamped neighbour
// indices with their weights; the element is the weighted sum over every
// combination of neighbours, read with tensor.extract, in f64. Other dims
// read their own index. The input shape must be static. Scales given as a
// run-time tensor are read in the body (every dim is then resampled).
//
//===----------------------------------------------------------------------===//

#include "NNLoweringUtils.h"
#include "strata/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "strata/Dialect/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace strata;
using namespace strata::nnlower;

namespace {

/// Scalar f64 arithmetic in the body.
struct F64 {
  OpBuilder &b;
  Location loc;
  Value c(double v) {
    return arith::ConstantOp::create(b, loc, b.getF64FloatAttr(v));
  }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value lt(Value x, Value y) {
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, y);
  }
  Value select(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, loc, c, x, y);
  }
};

/// The neighbours of one resized dim: clamped input indices and weights.
struct Taps {
  SmallVector<Value> indices;
  SmallVector<Value> weights; // empty for a single neighbour of weight 1
};

/// Cubic convolution weights of the 4 neighbours at distance `r` (ONNX).
SmallVector<Value> cubicWeights(F64 &f, Value r, double a) {
  Value one = f.c(1);
  auto far = [&](Value t) { // |t| in [1, 2]
    return f.sub(
        f.mul(f.add(f.mul(f.sub(f.mul(f.c(a), t), f.c(5 * a)), t), f.c(8 * a)),
              t),
        f.c(4 * a));
  };
  auto near = [&](Value t) { // |t| in [0, 1]
    return f.add(f.mul(f.mul(f.sub(f.mul(f.c(a + 2), t), f.c(a + 3)), t), t),
                 one);
  };
  Value s = f.sub(one, r);
  return {far(f.add(r, one)), near(r), near(s), far(f.add(s, one))};
}

struct ResizeLowering : OpConversionPattern<graph::ResizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::ResizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    using graph::ResizeCoordinateMode;
    using graph::ResizeMode;
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    Type elem = inType.getElementType();
    if (!inType.hasStaticShape())
      return reject(rewriter, op, "the input shape must be static");
    if (!isArithElement(elem) || elem.isInteger(1))
      return reject(rewriter, op, "unsupported element type");
    ResizeMode mode = op.getMode();
    if (mode != ResizeMode::nearest && !isa<FloatType>(elem))
      return reject(rewriter, op, "linear and cubic need floats");
    ResizeCoordinateMode cmode = op.getCoordinateMode();
    bool crop = cmode == ResizeCoordinateMode::tf_crop_and_resize;
    ArrayRef<int64_t> sizes = op.getSizes();
    ArrayRef<double> scales = op.getScales(), roi = op.getRoi();
    int64_t rank = inType.getRank();
    SmallVector<OpFoldResult> outSizes;
    for (int64_t s : sizes)
      outSizes.push_back(rewriter.getIndexAttr(s));
    double extrapolation = op.getExtrapolationValue().convertToDouble();
    double cubicA = op.getCubicCoeffA().convertToDouble();
    bool excludeOutside = op.getExcludeOutside();
    graph::ResizeNearestMode nmode = op.getNearestMode();
    Value scalesInput = adaptor.getScalesInput();
    if (scalesInput &&
        cast<RankedTensorType>(scalesInput.getType()).getShape() !=
            ArrayRef<int64_t>{rank})
      return reject(rewriter, op, "scales_input must have one entry per dim");

    Value result = elementwise(
        rewriter, loc, ValueRange{}, {}, outSizes, elem,
        [&](OpBuilder &b, Location l, ValueRange) -> Value {
          F64 f{b, l};
          Type f64 = b.getF64Type();
          Value outside; // i1: a cropped coordinate left the input
          SmallVector<Taps> taps(rank);
          for (int64_t d = 0; d < rank; ++d) {
            Value index = linalg::IndexOp::create(b, l, d);
            int64_t in = inType.getDimSize(d);
            if (!scalesInput && !crop && sizes[d] == in && scales[d] == 1.0) {
              taps[d].indices.push_back(index);
              continue;
            }
            Value s = f.c(scalesInput ? 0.0 : scales[d]);
            if (scalesInput) {
              Value at = arith::ConstantIndexOp::create(b, l, d);
              s = tensor::ExtractOp::create(b, l, scalesInput, ValueRange{at});
              if (!s.getType().isF64())
                s = arith::ExtFOp::create(b, l, f64, s);
            }
            // ONNX's output_width: the scale times the input size.
            Value outW = f.mul(s, f.c(in));
            Value outW1 = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ,
                                                outW, f.c(1));
            Value x = arith::UIToFPOp::create(
                b, l, f64,
                arith::IndexCastUIOp::create(b, l, b.getI64Type(), index));
            Value halfPixel = f.sub(f.div(f.add(x, f.c(0.5)), s), f.c(0.5));
            Value xo;
            switch (cmode) {
            case ResizeCoordinateMode::half_pixel:
              xo = halfPixel;
              break;
            case ResizeCoordinateMode::half_pixel_symmetric: {
              Value adjustment = f.div(f.c(sizes[d]), outW);
              Value offset = f.mul(f.c(in / 2.0), f.sub(f.c(1), adjustment));
              xo = f.add(offset, halfPixel);
              break;
            }
            case ResizeCoordinateMode::pytorch_half_pixel:
              xo = sizes[d] > 1 ? halfPixel : f.c(0);
              break;
            case ResizeCoordinateMode::align_corners:
              xo = f.select(outW1, f.c(0),
                            f.div(f.mul(x, f.c(in - 1)), f.sub(outW, f.c(1))));
              break;
            case ResizeCoordinateMode::asymmetric:
              xo = f.div(x, s);
              break;
            case ResizeCoordinateMode::tf_half_pixel_for_nn:
              xo = f.div(f.add(x, f.c(0.5)), s);
              break;
            case ResizeCoordinateMode::tf_crop_and_resize: {
              double start = roi[d], end = roi[d + rank];
              Value one = f.c((end - start) * (in - 1) / 2 + start * (in - 1));
              Value many = f.add(f.div(f.mul(x, f.c((end - start) * (in - 1))),
                                       f.sub(outW, f.c(1))),
                                 f.c(start * (in - 1)));
              xo = f.select(outW1, one, many);
              Value out = arith::OrIOp::create(b, l, f.lt(xo, f.c(0)),
                                               f.lt(f.c(in - 1), xo));
              outside =
                  outside ? arith::OrIOp::create(b, l, outside, out) : out;
              break;
            }
            }
            Value x0 = math::FloorOp::create(b, l, xo);
            Value r = f.sub(xo, x0);
            Value base = arith::FPToSIOp::create(b, l, b.getI64Type(), x0);
            auto clampIndex = [&](int64_t offset) {
              Value i = arith::AddIOp::create(
                  b, l, base,
                  arith::ConstantOp::create(b, l, b.getI64IntegerAttr(offset)));
              i = arith::MaxSIOp::create(
                  b, l, i,
                  arith::ConstantOp::create(b, l, b.getI64IntegerAttr(0)));
              i = arith::MinSIOp::create(
                  b, l, i,
                  arith::ConstantOp::create(b, l, b.getI64IntegerAttr(in - 1)));
              return arith::IndexCastOp::create(b, l, b.getIndexType(), i)
                  .getResult();
            };
            auto inside = [&](int64_t offset) {
              Value i = f.add(x0, f.c(offset));
              Value ge0 = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGE,
                                                i, f.c(0));
              Value le = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLE,
                                               i, f.c(in - 1));
              return arith::AndIOp::create(b, l, ge0, le).getResult();
            };
            if (mode == ResizeMode::nearest) {
              Value up;
              switch (nmode) {
              case graph::ResizeNearestMode::round_prefer_floor:
                up = f.lt(f.c(0.5), r);
                break;
              case graph::ResizeNearestMode::round_prefer_ceil:
                up = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGE, r,
                                           f.c(0.5));
                break;
              case graph::ResizeNearestMode::floor:
                up = arith::ConstantOp::create(b, l, b.getBoolAttr(false));
                break;
              case graph::ResizeNearestMode::ceil:
                up = f.lt(f.c(0), r);
                break;
              }
              taps[d].indices.push_back(arith::SelectOp::create(
                  b, l, up, clampIndex(1), clampIndex(0)));
              continue;
            }
            SmallVector<Value> weights;
            int64_t first = 0;
            if (mode == ResizeMode::linear) {
              weights = {f.sub(f.c(1), r), r};
            } else {
              weights = cubicWeights(f, r, cubicA);
              first = -1;
            }
            if (excludeOutside) {
              Value total = f.c(0);
              for (auto [t, w] : llvm::enumerate(weights)) {
                w = f.select(inside(first + t), w, f.c(0));
                total = f.add(total, w);
              }
              for (Value &w : weights)
                w = f.div(w, total);
            }
            for (size_t t = 0; t < weights.size(); ++t)
              taps[d].indices.push_back(clampIndex(first + t));
            taps[d].weights = weights;
          }
          // Sum over every combination of neighbours.
          Value sum;
          SmallVector<size_t> pick(rank, 0);
          while (true) {
            SmallVector<Value> coords;
            Value weight;
            for (int64_t d = 0; d < rank; ++d) {
              coords.push_back(taps[d].indices[pick[d]]);
              if (!taps[d].weights.empty())
                weight = weight ? f.mul(weight, taps[d].weights[pick[d]])
                                : taps[d].weights[pick[d]];
            }
            Value v = tensor::ExtractOp::create(b, l, input, coords);
            if (!weight) { // nearest: one neighbour per dim
              sum = v;
              break;
            }
            if (!elem.isF64())
              v = arith::ExtFOp::create(b, l, f64, v);
            Value term = f.mul(weight, v);
            sum = sum ? f.add(sum, term) : term;
            int64_t d = rank - 1;
            for (; d >= 0; --d) {
              if (++pick[d] < taps[d].indices.size())
                break;
              pick[d] = 0;
            }
            if (d < 0)
              break;
          }
          if (sum.getType() != elem)
            sum = arith::TruncFOp::create(b, l, elem, sum);
          if (outside)
            sum = arith::SelectOp::create(
                b, l, outside, scalarConstant(b, l, elem, extrapolation), sum);
          return sum;
        });
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }
};

} // namespace

void strata::populateGraphResizeToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ResizeLowering>(patterns.getContext());
}
