//===- SlicePadGatherToLinalg.cpp - Lower graph slice, pad and gather -----===//
//
// slice: one tensor.extract_slice with the (positive) strides; axes with a
//   negative step take the same elements in ascending order and are reversed
//   by a linalg.generic whose input map reads `n - 1 - d`.
// pad:   negative amounts crop first (tensor.extract_slice); `constant` is a
//   tensor.pad, `edge`/`reflect` a linalg.generic that computes the source
//   index of every result element and reads it with tensor.extract.
// gather: a linalg.generic over the result reading the index tensor and
//   tensor.extract-ing the data; negative indices get the axis size added.
//
//===----------------------------------------------------------------------===//

#include "NNLoweringUtils.h"
#include "strata/Dialect/Graph/IR/GraphOps.h"
#include "strata/Dialect/Graph/IR/ShapeInference.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace strata;
using namespace strata::nnlower;

namespace {

struct SliceLowering : OpConversionPattern<graph::SliceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    int64_t rank = inType.getRank();
    ArrayRef<int64_t> starts = op.getStarts(), ends = op.getEnds();
    SmallVector<int64_t> axes(op.getAxes()), steps(op.getSteps());
    if (axes.empty())
      axes = llvm::to_vector(llvm::seq<int64_t>(0, starts.size()));
    if (steps.empty())
      steps.assign(starts.size(), 1);

    SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, input);
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    SmallVector<int64_t> reversed(rank, 0); // count of a reversed axis, or 0
    for (size_t i = 0; i < starts.size(); ++i) {
      std::optional<int64_t> axis = graph::shape::normalizeAxis(axes[i], rank);
      if (!axis)
        return reject(rewriter, op, "axis out of range");
      int64_t dim = inType.getDimSize(*axis), step = steps[i];
      if (ShapedType::isDynamic(dim))
        return reject(rewriter, op, "slicing a dynamic dim is not supported");
      int64_t count = graph::shape::sliceSize(dim, starts[i], ends[i], step);
      // The first selected element, as graph::shape::sliceSize clamps it.
      int64_t start = starts[i];
      if (start < 0)
        start = start < -dim ? (step > 0 ? 0 : -1) : start + dim;
      start = step > 0 ? std::clamp<int64_t>(start, 0, dim)
                       : std::clamp<int64_t>(start, -1, dim - 1);
      int64_t offset = 0, stride = 1;
      if (count > 0 && step > 0) {
        offset = start;
        stride = step;
      } else if (count > 0) {
        // Ascending: from the last selected element, reversed afterwards.
        offset = start + (count - 1) * step;
        stride = count > 1 ? -step : 1;
        if (count > 1)
          reversed[*axis] = count;
      }
      offsets[*axis] = rewriter.getIndexAttr(offset);
      sizes[*axis] = rewriter.getIndexAttr(count);
      strides[*axis] = rewriter.getIndexAttr(stride);
    }
    Value result = tensor::ExtractSliceOp::create(rewriter, loc, input, offsets,
                                                  sizes, strides);
    if (llvm::any_of(reversed, [](int64_t n) { return n > 0; })) {
      SmallVector<AffineExpr> exprs;
      for (int64_t i = 0; i < rank; ++i) {
        AffineExpr d = rewriter.getAffineDimExpr(i);
        exprs.push_back(reversed[i] ? reversed[i] - 1 - d : d);
      }
      AffineMap map = AffineMap::get(rank, 0, exprs, rewriter.getContext());
      result = elementwise(
          rewriter, loc, result, map, getSizes(rewriter, loc, result),
          inType.getElementType(),
          [](OpBuilder &, Location, ValueRange args) { return args[0]; });
    }
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }
};

struct GatherLowering : OpConversionPattern<graph::GatherOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    auto dataType = cast<RankedTensorType>(data.getType());
    auto indicesType = cast<RankedTensorType>(indices.getType());
    int64_t rank = dataType.getRank(), q = indicesType.getRank();
    std::optional<int64_t> axis =
        graph::shape::normalizeAxis(op.getAxis(), rank);
    if (!axis)
      return reject(rewriter, op, "axis out of range");
    if (indicesType.getElementType().isInteger(1))
      return reject(rewriter, op, "i1 indices are not supported");
    SmallVector<OpFoldResult> dataSizes = getSizes(rewriter, loc, data);
    SmallVector<OpFoldResult> indexSizes = getSizes(rewriter, loc, indices);
    SmallVector<OpFoldResult> outSizes(dataSizes.begin(),
                                       dataSizes.begin() + *axis);
    outSizes.append(indexSizes);
    outSizes.append(dataSizes.begin() + *axis + 1, dataSizes.end());
    int64_t outRank = outSizes.size();
    Value axisSize =
        getValueOrCreateConstantIndexOp(rewriter, loc, dataSizes[*axis]);
    SmallVector<AffineExpr> indexExprs;
    for (int64_t i = 0; i < q; ++i)
      indexExprs.push_back(rewriter.getAffineDimExpr(*axis + i));
    AffineMap indexMap =
        AffineMap::get(outRank, 0, indexExprs, rewriter.getContext());
    Value result = elementwise(
        rewriter, loc, indices, indexMap, outSizes, dataType.getElementType(),
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value index =
              arith::IndexCastOp::create(b, l, b.getIndexType(), args[0]);
          Value zero = arith::ConstantIndexOp::create(b, l, 0);
          Value negative = arith::CmpIOp::create(
              b, l, arith::CmpIPredicate::slt, index, zero);
          Value wrapped = arith::AddIOp::create(b, l, index, axisSize);
          index = arith::SelectOp::create(b, l, negative, wrapped, index);
          SmallVector<Value> coords;
          for (int64_t i = 0; i < *axis; ++i)
            coords.push_back(linalg::IndexOp::create(b, l, i));
          coords.push_back(index);
          for (int64_t i = *axis + q; i < outRank; ++i)
            coords.push_back(linalg::IndexOp::create(b, l, i));
          return tensor::ExtractOp::create(b, l, data, coords);
        });
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }
};

struct PadLowering : OpConversionPattern<graph::PadOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    Type elem = inType.getElementType();
    int64_t rank = inType.getRank();
    ArrayRef<int64_t> pads = op.getPads();
    if (static_cast<int64_t>(pads.size()) != 2 * rank)
      return reject(rewriter, op, "pads must have 2 * rank entries");
    graph::PadMode mode = op.getMode();
    double value = op.getValue().convertToDouble();
    if (mode == graph::PadMode::constant &&
        (!isArithElement(elem) ||
         (!isa<FloatType>(elem) && !isIntegral(value))))
      return reject(
          rewriter, op,
          "constant padding needs a float or signless integer element "
          "type and a value it can represent");

    // Crop the negative amounts.
    SmallVector<int64_t> low(rank), high(rank);
    bool crops = false;
    SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, input);
    for (int64_t i = 0; i < rank; ++i) {
      low[i] = std::max<int64_t>(pads[i], 0);
      high[i] = std::max<int64_t>(pads[rank + i], 0);
      if (pads[i] >= 0 && pads[rank + i] >= 0)
        continue;
      int64_t dim = inType.getDimSize(i);
      if (ShapedType::isDynamic(dim))
        return reject(rewriter, op,
                      "negative pads on a dynamic dim are not supported");
      int64_t cropLow = std::max<int64_t>(-pads[i], 0);
      int64_t cropHigh = std::max<int64_t>(-pads[rank + i], 0);
      offsets[i] = rewriter.getIndexAttr(cropLow);
      sizes[i] = rewriter.getIndexAttr(dim - cropLow - cropHigh);
      crops = true;
    }
    if (crops)
      input = tensor::ExtractSliceOp::create(
          rewriter, loc, input, offsets, sizes,
          SmallVector<OpFoldResult>(rank, rewriter.getIndexAttr(1)));

    Value result;
    if (mode == graph::PadMode::constant) {
      result = padWith(rewriter, loc, input, low, high,
                       scalarConstant(rewriter, loc, elem, value));
    } else {
      result = padByIndex(rewriter, loc, input, low, high,
                          mode == graph::PadMode::reflect);
    }
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }

  /// Edge or reflect padding: result[i] = input[source(i)] per dim.
  static Value padByIndex(OpBuilder &b, Location loc, Value input,
                          ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                          bool reflect) {
    SmallVector<OpFoldResult> inSizes = getSizes(b, loc, input);
    int64_t rank = inSizes.size();
    SmallVector<OpFoldResult> outSizes;
    SmallVector<Value> dims;
    for (int64_t i = 0; i < rank; ++i) {
      dims.push_back(getValueOrCreateConstantIndexOp(b, loc, inSizes[i]));
      int64_t size = staticSize(inSizes[i]);
      if (!ShapedType::isDynamic(size))
        outSizes.push_back(b.getIndexAttr(size + low[i] + high[i]));
      else
        outSizes.push_back(arith::AddIOp::create(b, loc, dims[i],
                                                 arith::ConstantIndexOp::create(
                                                     b, loc, low[i] + high[i]))
                               .getResult());
    }
    return elementwise(
        b, loc, ValueRange{}, {}, outSizes,
        getElementTypeOrSelf(input.getType()),
        [&](OpBuilder &nb, Location nl, ValueRange) -> Value {
          Value zero = arith::ConstantIndexOp::create(nb, nl, 0);
          Value one = arith::ConstantIndexOp::create(nb, nl, 1);
          SmallVector<Value> coords;
          for (int64_t i = 0; i < rank; ++i) {
            Value j = linalg::IndexOp::create(nb, nl, i);
            if (low[i] == 0 && high[i] == 0) {
              coords.push_back(j);
              continue;
            }
            j = arith::SubIOp::create(
                nb, nl, j, arith::ConstantIndexOp::create(nb, nl, low[i]));
            Value last = arith::SubIOp::create(nb, nl, dims[i], one);
            if (!reflect) {
              j = arith::MaxSIOp::create(nb, nl, j, zero);
              coords.push_back(arith::MinSIOp::create(nb, nl, j, last));
              continue;
            }
            // Mirror around 0 and around dim - 1 (pads < dim).
            Value negated = arith::SubIOp::create(nb, nl, zero, j);
            j = arith::MaxSIOp::create(nb, nl, j, negated);
            Value twiceLast = arith::AddIOp::create(nb, nl, last, last);
            Value mirrored = arith::SubIOp::create(nb, nl, twiceLast, j);
            coords.push_back(arith::MinSIOp::create(nb, nl, j, mirrored));
          }
          return tensor::ExtractOp::create(nb, nl, input, coords);
        });
  }
};

} // namespace

void nnlower::populateSlicePadGatherPatterns(RewritePatternSet &patterns) {
  patterns.add<SliceLowering, GatherLowering, PadLowering>(
      patterns.getContext());
}
