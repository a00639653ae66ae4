//===- IndexingToLinalg.cpp - Lower the graph indexing ops ----------------===//
//
// gather_elements: a linalg.generic over the indices that tensor.extract-s
//   the data at the index (negative ones get the axis size added).
// scatter_elements: an scf.for nest over the updates carrying the result
//   tensor (a copy of the data), tensor.extract + tensor.insert per update, so
//   repeated indices combine in row-major order as in ONNX.
// arg_max/arg_min: a linalg.generic reducing over the axis into a (value,
//   index) pair; the comparison also orders equal values by index, so the
//   result does not depend on the order the reduction runs in.
// trilu: a linalg.generic selecting the element or 0 by its row and column.
// cumsum: a linalg.generic with an extra reduction loop along the axis that
//   adds the elements at or before (after, for reverse) the position.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "NNLoweringUtils.h"
#include "strata/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "strata/Dialect/Graph/IR/GraphOps.h"
#include "strata/Dialect/Graph/IR/ShapeInference.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace strata;
using namespace strata::nnlower;

namespace {

/// `index` (any signless integer) as an index, plus `size` when negative.
Value wrapIndex(OpBuilder &b, Location loc, Value index, Value size) {
  index = arith::IndexCastOp::create(b, loc, b.getIndexType(), index);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, index, zero);
  Value wrapped = arith::AddIOp::create(b, loc, index, size);
  return arith::SelectOp::create(b, loc, negative, wrapped, index);
}

LogicalResult checkIndices(ConversionPatternRewriter &rewriter, Operation *op,
                           Value indices) {
  if (cast<RankedTensorType>(indices.getType()).getElementType().isInteger(1))
    return reject(rewriter, op, "i1 indices are not supported");
  return success();
}

struct GatherElementsLowering : OpConversionPattern<graph::GatherElementsOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::GatherElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    auto dataType = cast<RankedTensorType>(data.getType());
    int64_t rank = dataType.getRank();
    std::optional<int64_t> axis =
        graph::shape::normalizeAxis(op.getAxis(), rank);
    if (!axis)
      return reject(rewriter, op, "axis out of range");
    if (failed(checkIndices(rewriter, op, indices)))
      return failure();
    if (!isArithElement(dataType.getElementType()))
      return reject(rewriter, op, "unsupported element type");
    Value axisSize = getValueOrCreateConstantIndexOp(
        rewriter, loc, getSizes(rewriter, loc, data)[*axis]);
    Value result = elementwise(
        rewriter, loc, indices, rewriter.getMultiDimIdentityMap(rank),
        getSizes(rewriter, loc, indices), dataType.getElementType(),
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          SmallVector<Value> coords;
          for (int64_t d = 0; d < rank; ++d)
            coords.push_back(d == *axis ? wrapIndex(b, l, args[0], axisSize)
                                        : linalg::IndexOp::create(b, l, d));
          return tensor::ExtractOp::create(b, l, data, coords);
        });
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }
};

/// Combines the current element `old` with `update` by `reduction`.
Value combineScatter(OpBuilder &b, Location loc, graph::ScatterReduction kind,
                     Value old, Value update) {
  bool isFloat = isa<FloatType>(old.getType());
  switch (kind) {
  case graph::ScatterReduction::none:
    return update;
  case graph::ScatterReduction::add:
    return isFloat ? arith::AddFOp::create(b, loc, old, update).getResult()
                   : arith::AddIOp::create(b, loc, old, update).getResult();
  case graph::ScatterReduction::mul:
    return isFloat ? arith::MulFOp::create(b, loc, old, update).getResult()
                   : arith::MulIOp::create(b, loc, old, update).getResult();
  case graph::ScatterReduction::max:
    return isFloat ? arith::MaximumFOp::create(b, loc, old, update).getResult()
                   : arith::MaxSIOp::create(b, loc, old, update).getResult();
  case graph::ScatterReduction::min:
    return isFloat ? arith::MinimumFOp::create(b, loc, old, update).getResult()
                   : arith::MinSIOp::create(b, loc, old, update).getResult();
  }
  return update;
}

struct ScatterElementsLowering : OpConversionPattern<graph::ScatterElementsOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::ScatterElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value data = adaptor.getData(), indices = adaptor.getIndices(),
          updates = adaptor.getUpdates();
    auto dataType = cast<RankedTensorType>(data.getType());
    int64_t rank = dataType.getRank();
    std::optional<int64_t> axis =
        graph::shape::normalizeAxis(op.getAxis(), rank);
    if (!axis)
      return reject(rewriter, op, "axis out of range");
    if (failed(checkIndices(rewriter, op, indices)))
      return failure();
    if (!isArithElement(dataType.getElementType()))
      return reject(rewriter, op, "unsupported element type");
    Value axisSize = getValueOrCreateConstantIndexOp(
        rewriter, loc, getSizes(rewriter, loc, data)[*axis]);
    SmallVector<Value> lbs, ubs, steps;
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    for (OpFoldResult s : getSizes(rewriter, loc, indices)) {
      lbs.push_back(zero);
      ubs.push_back(getValueOrCreateConstantIndexOp(rewriter, loc, s));
      steps.push_back(one);
    }
    graph::ScatterReduction kind = op.getReduction();
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{data},
        [&](OpBuilder &b, Location l, ValueRange ivs,
            ValueRange iter) -> scf::ValueVector {
          Value index = tensor::ExtractOp::create(b, l, indices, ivs);
          Value update = tensor::ExtractOp::create(b, l, updates, ivs);
          SmallVector<Value> coords(ivs);
          coords[*axis] = wrapIndex(b, l, index, axisSize);
          Value acc = iter[0];
          if (kind != graph::ScatterReduction::none) {
            Value old = tensor::ExtractOp::create(b, l, acc, coords);
            update = combineScatter(b, l, kind, old, update);
          }
          return {tensor::InsertOp::create(b, l, update, acc, coords)};
        });
    Value result = nest.results.empty() ? data : nest.results.front();
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }
};

template <typename OpTy, bool isMax>
struct ArgReduceLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto type = cast<RankedTensorType>(input.getType());
    Type elem = type.getElementType();
    int64_t rank = type.getRank();
    std::optional<int64_t> axis =
        graph::shape::normalizeAxis(op.getAxis(), rank);
    if (!axis)
      return reject(rewriter, op, "axis out of range");
    if (!isArithElement(elem) || elem.isInteger(1))
      return reject(rewriter, op, "unsupported element type");
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<OpFoldResult> sizes = getSizes(rewriter, loc, input), kept;
    SmallVector<AffineExpr> outExprs;
    SmallVector<utils::IteratorType> iterators;
    for (int64_t d = 0; d < rank; ++d) {
      if (d == *axis) {
        iterators.push_back(utils::IteratorType::reduction);
        continue;
      }
      iterators.push_back(utils::IteratorType::parallel);
      kept.push_back(sizes[d]);
      outExprs.push_back(getAffineDimExpr(d, ctx));
    }
    Type i64 = rewriter.getI64Type();
    // Start from the extreme value at the index past the end, so that the
    // first element always wins.
    Value initValue = lowering::extremeConstant(rewriter, loc, elem, isMax);
    Value initIndex = filledTensor(
        rewriter, loc, kept,
        arith::ConstantOp::create(rewriter, loc, i64,
                                  rewriter.getI64IntegerAttr(INT64_MAX)));
    Value values = filledTensor(rewriter, loc, kept, initValue);
    AffineMap outMap = AffineMap::get(rank, 0, outExprs, ctx);
    bool last = op.getSelectLastIndex();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{values.getType(), initIndex.getType()},
        ValueRange{input}, ValueRange{values, initIndex},
        {rewriter.getMultiDimIdentityMap(rank), outMap, outMap}, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = args[0], acc = args[1], accIndex = args[2];
          Value index = arith::IndexCastOp::create(
              b, l, i64, linalg::IndexOp::create(b, l, *axis));
          Value better, equal;
          if (isa<FloatType>(elem)) {
            better = arith::CmpFOp::create(b, l,
                                           isMax ? arith::CmpFPredicate::OGT
                                                 : arith::CmpFPredicate::OLT,
                                           x, acc);
            equal =
                arith::CmpFOp::create(b, l, arith::CmpFPredicate::OEQ, x, acc);
          } else {
            better = arith::CmpIOp::create(b, l,
                                           isMax ? arith::CmpIPredicate::sgt
                                                 : arith::CmpIPredicate::slt,
                                           x, acc);
            equal =
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, x, acc);
          }
          // The initial index (INT64_MAX) loses every tie in both modes.
          Value initial = arith::CmpIOp::create(
              b, l, arith::CmpIPredicate::eq, accIndex,
              arith::ConstantOp::create(b, l, i64,
                                        b.getI64IntegerAttr(INT64_MAX)));
          Value preferred = arith::CmpIOp::create(
              b, l,
              last ? arith::CmpIPredicate::sgt : arith::CmpIPredicate::slt,
              index, accIndex);
          preferred = arith::OrIOp::create(b, l, preferred, initial);
          Value tie = arith::AndIOp::create(b, l, equal, preferred);
          Value take = arith::OrIOp::create(b, l, better, tie);
          take = arith::OrIOp::create(b, l, take, initial);
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, take, x, acc),
                         arith::SelectOp::create(b, l, take, index, accIndex)});
        });
    Value result = generic.getResult(1);
    if (op.getKeepdims()) {
      SmallVector<bool> reduced(rank, false);
      reduced[*axis] = true;
      result = lowering::expandReducedDims(rewriter, loc, result, reduced);
    }
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }
};

/// The single element of the one-element integer tensor `t` as an i64.
Value readScalar(OpBuilder &b, Location loc, Value t) {
  auto type = cast<RankedTensorType>(t.getType());
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  SmallVector<Value> coords(type.getRank(), zero);
  Value v = tensor::ExtractOp::create(b, loc, t, coords);
  if (v.getType() != b.getI64Type())
    v = arith::ExtSIOp::create(b, loc, b.getI64Type(), v);
  return v;
}

struct TriluLowering : OpConversionPattern<graph::TriluOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::TriluOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto type = cast<RankedTensorType>(input.getType());
    Type elem = type.getElementType();
    int64_t rank = type.getRank();
    if (!isArithElement(elem))
      return reject(rewriter, op, "unsupported element type");
    if (adaptor.getKInput() &&
        cast<RankedTensorType>(adaptor.getKInput().getType())
            .getElementType()
            .isInteger(1))
      return reject(rewriter, op, "an i1 k is not supported");
    Value k =
        adaptor.getKInput()
            ? readScalar(rewriter, loc, adaptor.getKInput())
            : arith::ConstantOp::create(rewriter, loc, rewriter.getI64Type(),
                                        rewriter.getI64IntegerAttr(op.getK()));
    bool upper = op.getUpper();
    Value result = elementwise(
        rewriter, loc, input, rewriter.getMultiDimIdentityMap(rank),
        getSizes(rewriter, loc, input), elem,
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Type i64 = b.getI64Type();
          Value row = arith::IndexCastOp::create(
              b, l, i64, linalg::IndexOp::create(b, l, rank - 2));
          Value col = arith::IndexCastOp::create(
              b, l, i64, linalg::IndexOp::create(b, l, rank - 1));
          Value diff = arith::SubIOp::create(b, l, col, row);
          Value keep = arith::CmpIOp::create(b, l,
                                             upper ? arith::CmpIPredicate::sge
                                                   : arith::CmpIPredicate::sle,
                                             diff, k);
          Value zero = scalarConstant(b, l, elem, 0);
          return arith::SelectOp::create(b, l, keep, args[0], zero);
        });
    rewriter.replaceOp(op, castTo(rewriter, loc, result, op.getType()));
    return success();
  }
};

/// The running sum of `input` along `axis` (see graph.cumsum).
Value buildCumSum(OpBuilder &b, Location loc, Value input, int64_t axis,
                  bool exclusive, bool reverse) {
  auto type = cast<RankedTensorType>(input.getType());
  Type elem = type.getElementType();
  int64_t rank = type.getRank();
  MLIRContext *ctx = b.getContext();
  // Loops: the result dims, then the source position along the axis.
  SmallVector<AffineExpr> inExprs, outExprs;
  for (int64_t d = 0; d < rank; ++d) {
    inExprs.push_back(getAffineDimExpr(d == axis ? rank : d, ctx));
    outExprs.push_back(getAffineDimExpr(d, ctx));
  }
  AffineMap inMap = AffineMap::get(rank + 1, 0, inExprs, ctx);
  AffineMap outMap = AffineMap::get(rank + 1, 0, outExprs, ctx);
  SmallVector<utils::IteratorType> iterators = parallelIterators(rank);
  iterators.push_back(utils::IteratorType::reduction);
  Value zeros = filledTensor(b, loc, getSizes(b, loc, input),
                             scalarConstant(b, loc, elem, 0));
  arith::CmpIPredicate pred =
      reverse
          ? (exclusive ? arith::CmpIPredicate::sgt : arith::CmpIPredicate::sge)
          : (exclusive ? arith::CmpIPredicate::slt : arith::CmpIPredicate::sle);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{zeros.getType()}, ValueRange{input}, ValueRange{zeros},
      {inMap, outMap}, iterators,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Value src = linalg::IndexOp::create(nb, l, rank);
        Value dst = linalg::IndexOp::create(nb, l, axis);
        Value in = arith::CmpIOp::create(nb, l, pred, src, dst);
        Value sum =
            isa<FloatType>(elem)
                ? arith::AddFOp::create(nb, l, args[1], args[0]).getResult()
                : arith::AddIOp::create(nb, l, args[1], args[0]).getResult();
        linalg::YieldOp::create(
            nb, l,
            ValueRange{arith::SelectOp::create(nb, l, in, sum, args[1])});
      });
  return generic.getResult(0);
}

struct CumSumLowering : OpConversionPattern<graph::CumSumOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::CumSumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto type = cast<RankedTensorType>(input.getType());
    Type elem = type.getElementType();
    int64_t rank = type.getRank();
    if (!isArithElement(elem) || elem.isInteger(1))
      return reject(rewriter, op, "unsupported element type");
    bool exclusive = op.getExclusive(), reverse = op.getReverse();
    Value axisInput = adaptor.getAxisInput();
    if (!axisInput) {
      std::optional<int64_t> axis =
          graph::shape::normalizeAxis(op.getAxis(), rank);
      if (!axis)
        return reject(rewriter, op, "axis out of range");
      Value r = buildCumSum(rewriter, loc, input, *axis, exclusive, reverse);
      rewriter.replaceOp(op, castTo(rewriter, loc, r, op.getType()));
      return success();
    }
    if (cast<RankedTensorType>(axisInput.getType())
            .getElementType()
            .isInteger(1))
      return reject(rewriter, op, "an i1 axis is not supported");
    // The axis is known at run time only: one case per axis (a negative axis
    // counts from the back; out of range is undefined and takes the last).
    Value axis = wrapIndex(rewriter, loc, readScalar(rewriter, loc, axisInput),
                           arith::ConstantIndexOp::create(rewriter, loc, rank));
    SmallVector<int64_t> cases;
    for (int64_t a = 0; a + 1 < rank; ++a)
      cases.push_back(a);
    auto sw = scf::IndexSwitchOp::create(rewriter, loc, TypeRange{type}, axis,
                                         cases, cases.size());
    for (int64_t a = 0; a < rank; ++a) {
      Region &region =
          a + 1 < rank ? sw.getCaseRegions()[a] : sw.getDefaultRegion();
      Block *block = rewriter.createBlock(&region);
      rewriter.setInsertionPointToStart(block);
      Value r = buildCumSum(rewriter, loc, input, a, exclusive, reverse);
      scf::YieldOp::create(rewriter, loc, castTo(rewriter, loc, r, type));
    }
    rewriter.setInsertionPointAfter(sw);
    rewriter.replaceOp(op,
                       castTo(rewriter, loc, sw.getResult(0), op.getType()));
    return success();
  }
};

} // namespace

void strata::populateGraphIndexingToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<GatherElementsLowering, ScatterElementsLowering,
               ArgReduceLowering<graph::ArgMaxOp, true>,
               ArgReduceLowering<graph::ArgMinOp, false>, TriluLowering,
               CumSumLowering>(patterns.getContext());
}
