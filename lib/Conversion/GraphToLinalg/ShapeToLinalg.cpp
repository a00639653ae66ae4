//===- ShapeToLinalg.cpp - Lower graph data-movement ops ------------------===//
//
// See populateGraphShapeToLinalgPatterns in GraphToLinalg.h. Views become
// tensor.collapse_shape/expand_shape (reshape, squeeze, unsqueeze, flatten),
// transpose becomes linalg.transpose, expand a broadcast, concat a chain of
// tensor.insert_slice into a tensor.empty and split one tensor.extract_slice
// per piece. slice, gather and pad are in SlicePadGatherToLinalg.cpp.
//
//===----------------------------------------------------------------------===//

#include "NNLoweringUtils.h"
#include "strata/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "strata/Dialect/Graph/IR/GraphOps.h"
#include "strata/Dialect/Graph/IR/ShapeInference.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace strata;
using namespace strata::nnlower;

namespace {

/// Groups the dims of the longer shape around the `kept` ones (indices into
/// it, ascending): each unit dim joins the next kept dim's group, trailing
/// ones join the last group. No kept dims means rank 0 (no groups).
SmallVector<ReassociationIndices> groupAround(ArrayRef<int64_t> kept,
                                              int64_t rank) {
  SmallVector<ReassociationIndices> groups;
  if (kept.empty())
    return groups;
  int64_t next = 0;
  for (int64_t k : kept) {
    ReassociationIndices group;
    for (; next <= k; ++next)
      group.push_back(next);
    groups.push_back(group);
  }
  for (; next < rank; ++next)
    groups.back().push_back(next);
  return groups;
}

/// collapse_shape of `v` into `type`'s rank, cast to `type`.
Value collapseTo(OpBuilder &b, Location loc, Value v,
                 ArrayRef<ReassociationIndices> groups, Type type) {
  return castTo(b, loc, collapse(b, loc, v, groups), type);
}

struct ReshapeLowering : OpConversionPattern<graph::ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    std::string error;
    std::optional<graph::shape::Shape> shape =
        graph::shape::reshape(inType.getShape(), op.getShape(), error);
    if (!shape)
      return reject(rewriter, op, error);
    auto outType = RankedTensorType::get(*shape, inType.getElementType());
    int64_t inRank = inType.getRank(), outRank = outType.getRank();
    Value result;
    if (inType.getShape() == outType.getShape()) {
      result = input;
    } else if (inType.hasStaticShape() && outType.hasStaticShape()) {
      std::optional<SmallVector<ReassociationIndices>> groups =
          getReassociationIndicesForReshape(inType, outType);
      if (groups && outRank < inRank) {
        result = collapse(rewriter, loc, input, *groups);
      } else if (groups && outRank > inRank) {
        SmallVector<OpFoldResult> sizes =
            getAsIndexOpFoldResult(rewriter.getContext(), outType.getShape());
        result = expand(rewriter, loc, input, *groups, sizes);
      } else {
        // Neither: through 1-D.
        Value flat = input;
        if (inRank > 1)
          flat = collapse(rewriter, loc, input, groupAround({0}, inRank));
        if (inRank == 0)
          flat = expand(rewriter, loc, input, {}, {rewriter.getIndexAttr(1)});
        SmallVector<OpFoldResult> sizes =
            getAsIndexOpFoldResult(rewriter.getContext(), outType.getShape());
        if (outRank == 0)
          result = collapse(rewriter, loc, flat, {});
        else if (outRank == 1)
          result = flat;
        else
          result =
              expand(rewriter, loc, flat, groupAround({0}, outRank), sizes);
      }
    } else {
      // Dynamic: a pure collapse stays one; otherwise tensor.reshape with the
      // -1 entry computed from the element count.
      std::optional<SmallVector<ReassociationIndices>> groups =
          outRank < inRank ? getReassociationIndicesForCollapse(
                                 inType.getShape(), outType.getShape())
                           : std::nullopt;
      if (groups) {
        result = collapse(rewriter, loc, input, *groups);
      } else {
        Value count = arith::ConstantIndexOp::create(rewriter, loc, 1);
        for (OpFoldResult size : getSizes(rewriter, loc, input))
          count = arith::MulIOp::create(
              rewriter, loc, count,
              getValueOrCreateConstantIndexOp(rewriter, loc, size));
        int64_t known = 1;
        for (int64_t size : op.getShape())
          if (size != -1)
            known *= size;
        SmallVector<Value> dims;
        for (int64_t size : op.getShape()) {
          if (size != -1) {
            dims.push_back(arith::ConstantIndexOp::create(rewriter, loc, size));
            continue;
          }
          Value knownValue =
              arith::ConstantIndexOp::create(rewriter, loc, known);
          dims.push_back(
              arith::DivUIOp::create(rewriter, loc, count, knownValue));
        }
        Value shapeTensor = tensor::FromElementsOp::create(rewriter, loc, dims);
        result = tensor::ReshapeOp::create(rewriter, loc, outType, input,
                                           shapeTensor);
      }
    }
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }
};

struct TransposeLowering : OpConversionPattern<graph::TransposeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    ArrayRef<int64_t> perm = op.getPerm();
    SmallVector<OpFoldResult> inSizes = getSizes(rewriter, loc, input);
    SmallVector<OpFoldResult> outSizes;
    for (int64_t p : perm)
      outSizes.push_back(inSizes[p]);
    Value init = emptyTensor(rewriter, loc, outSizes,
                             getElementTypeOrSelf(input.getType()));
    Value result = linalg::TransposeOp::create(rewriter, loc, input, init, perm)
                       ->getResult(0);
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }
};

struct ConcatLowering : OpConversionPattern<graph::ConcatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ValueRange inputs = adaptor.getInputs();
    int64_t rank = cast<RankedTensorType>(inputs[0].getType()).getRank();
    std::optional<int64_t> axis =
        graph::shape::normalizeAxis(op.getAxis(), rank);
    if (!axis)
      return reject(rewriter, op, "axis out of range");
    // The result: the first input's dims, the sum along the axis.
    SmallVector<OpFoldResult> outSizes = getSizes(rewriter, loc, inputs[0]);
    for (Value input : inputs.drop_front())
      outSizes[*axis] = addOFRs(rewriter, loc, outSizes[*axis],
                                getSizes(rewriter, loc, input)[*axis]);
    for (int64_t i = 0; i < rank; ++i)
      if (i != *axis && ShapedType::isDynamic(staticSize(outSizes[i])))
        for (Value input : inputs)
          if (int64_t size =
                  cast<RankedTensorType>(input.getType()).getDimSize(i);
              !ShapedType::isDynamic(size))
            outSizes[i] = rewriter.getIndexAttr(size);
    Value result = emptyTensor(rewriter, loc, outSizes,
                               getElementTypeOrSelf(inputs[0].getType()));
    OpFoldResult offset = rewriter.getIndexAttr(0);
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    for (auto [i, input] : llvm::enumerate(inputs)) {
      SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, input);
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      offsets[*axis] = offset;
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result,
                                             offsets, sizes, strides);
      if (i + 1 < inputs.size())
        offset = addOFRs(rewriter, loc, offset, sizes[*axis]);
    }
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }

  static OpFoldResult addOFRs(OpBuilder &b, Location loc, OpFoldResult lhs,
                              OpFoldResult rhs) {
    int64_t l = staticSize(lhs), r = staticSize(rhs);
    if (!ShapedType::isDynamic(l) && !ShapedType::isDynamic(r))
      return b.getIndexAttr(l + r);
    if (l == 0)
      return rhs;
    return arith::AddIOp::create(b, loc,
                                 getValueOrCreateConstantIndexOp(b, loc, lhs),
                                 getValueOrCreateConstantIndexOp(b, loc, rhs))
        .getResult();
  }
};

struct SplitLowering : OpConversionPattern<graph::SplitOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::SplitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
    std::optional<int64_t> axis =
        graph::shape::normalizeAxis(op.getAxis(), rank);
    if (!axis)
      return reject(rewriter, op, "axis out of range");
    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, input);
    SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    SmallVector<Value> results;
    int64_t offset = 0;
    for (auto [size, result] : llvm::zip(op.getSizes(), op.getResults())) {
      offsets[*axis] = rewriter.getIndexAttr(offset);
      sizes[*axis] = rewriter.getIndexAttr(size);
      Value piece = tensor::ExtractSliceOp::create(rewriter, loc, input,
                                                   offsets, sizes, strides);
      results.push_back(castTo(rewriter, loc, piece, result.getType()));
      offset += size;
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct ExpandLowering : OpConversionPattern<graph::ExpandOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::ExpandOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    std::string error;
    std::optional<graph::shape::Shape> shape =
        graph::shape::broadcast(inType.getShape(), op.getShape(), error);
    if (!shape)
      return reject(rewriter, op, error);
    SmallVector<OpFoldResult> inSizes = getSizes(rewriter, loc, input);
    int64_t offset = shape->size() - inSizes.size();
    SmallVector<OpFoldResult> sizes;
    for (int64_t i = 0, e = shape->size(); i < e; ++i) {
      if (!ShapedType::isDynamic((*shape)[i]))
        sizes.push_back(rewriter.getIndexAttr((*shape)[i]));
      else if (i >= offset)
        sizes.push_back(inSizes[i - offset]);
      else
        return reject(rewriter, op, "unknown result dim");
    }
    Value result = broadcastTo(rewriter, loc, input, sizes);
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }
};

struct SqueezeLowering : OpConversionPattern<graph::SqueezeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::SqueezeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    int64_t rank = inType.getRank();
    llvm::SmallBitVector removed(rank);
    for (int64_t axis : op.getAxes()) {
      std::optional<int64_t> a = graph::shape::normalizeAxis(axis, rank);
      if (!a)
        return reject(rewriter, op, "axis out of range");
      removed.set(*a);
    }
    if (op.getAxes().empty())
      for (int64_t i = 0; i < rank; ++i)
        if (inType.getDimSize(i) == 1)
          removed.set(i);
    SmallVector<int64_t> kept;
    for (int64_t i = 0; i < rank; ++i)
      if (!removed.test(i))
        kept.push_back(i);
    if (static_cast<int64_t>(kept.size()) == rank) {
      rewriter.replaceOp(op,
                         castTo(rewriter, op.getLoc(), input, op.getType()));
      return success();
    }
    rewriter.replaceOp(op, collapseTo(rewriter, op.getLoc(), input,
                                      groupAround(kept, rank), op.getType()));
    return success();
  }
};

struct UnsqueezeLowering : OpConversionPattern<graph::UnsqueezeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::UnsqueezeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    SmallVector<OpFoldResult> inSizes = getSizes(rewriter, loc, input);
    int64_t outRank = inSizes.size() + op.getAxes().size();
    llvm::SmallBitVector added(outRank);
    for (int64_t axis : op.getAxes()) {
      std::optional<int64_t> a = graph::shape::normalizeAxis(axis, outRank);
      if (!a)
        return reject(rewriter, op, "axis out of range");
      added.set(*a);
    }
    SmallVector<int64_t> kept;
    SmallVector<OpFoldResult> sizes;
    for (int64_t i = 0, next = 0; i < outRank; ++i) {
      if (added.test(i)) {
        sizes.push_back(rewriter.getIndexAttr(1));
      } else {
        kept.push_back(i);
        sizes.push_back(inSizes[next++]);
      }
    }
    Value result =
        expand(rewriter, loc, input, groupAround(kept, outRank), sizes);
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }
};

struct FlattenLowering : OpConversionPattern<graph::FlattenOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::FlattenOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    if (axis < 0 || axis > rank)
      return reject(rewriter, op, "axis out of range");
    auto seq = [](int64_t from, int64_t to) {
      return llvm::to_vector(llvm::seq<int64_t>(from, to));
    };
    Value result;
    if (axis > 0 && axis < rank) {
      result = collapse(rewriter, loc, input, {seq(0, axis), seq(axis, rank)});
    } else {
      // All dims on one side: collapse to 1-D, add the unit dim.
      Value flat = input;
      if (rank == 0)
        flat = expand(rewriter, loc, input, {}, {rewriter.getIndexAttr(1)});
      else if (rank > 1)
        flat = collapse(rewriter, loc, input, {seq(0, rank)});
      OpFoldResult n = getSizes(rewriter, loc, flat)[0];
      OpFoldResult one = rewriter.getIndexAttr(1);
      result = expand(rewriter, loc, flat, {{0, 1}},
                      axis == 0 ? SmallVector<OpFoldResult>{one, n}
                                : SmallVector<OpFoldResult>{n, one});
    }
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }
};

} // namespace

void strata::populateGraphShapeToLinalgPatterns(RewritePatternSet &patterns) {
  patterns
      .add<ReshapeLowering, TransposeLowering, ConcatLowering, SplitLowering,
           ExpandLowering, SqueezeLowering, UnsqueezeLowering, FlattenLowering>(
          patterns.getContext());
  nnlower::populateSlicePadGatherPatterns(patterns);
}
