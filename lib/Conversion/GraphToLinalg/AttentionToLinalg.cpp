//===- AttentionToLinalg.cpp - Lower graph.attention ----------------------===//
//
// softmax(q k^T * scale + mask) v on tensors, batch dims collapsed into one:
//   scores = linalg.batch_matmul (q, k with a transposing indexing map)
//   logits = linalg.generic: scale, additive or boolean mask, causal mask
//   max    = linalg.generic reduction over Sk
//   e      = linalg.generic exp(logits - max)
//   sum    = linalg.generic reduction over Sk
//   p      = linalg.generic e / sum
//   out    = linalg.batch_matmul (p, v)
// Rows whose every position is masked out give NaN, as in PyTorch.
//
//===----------------------------------------------------------------------===//

#include "NNLoweringUtils.h"
#include "strata/Dialect/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <cmath>

using namespace mlir;
using namespace strata;
using namespace strata::nnlower;

namespace {

/// Brings a rank-r (r >= 2) tensor to rank 3 by collapsing the batch dims
/// into one (r > 3) or adding a unit batch dim (r == 2).
Value toRank3(OpBuilder &b, Location loc, Value v) {
  auto type = cast<RankedTensorType>(v.getType());
  int64_t rank = type.getRank();
  if (rank == 3)
    return v;
  SmallVector<OpFoldResult> sizes = getSizes(b, loc, v);
  if (rank == 2)
    return expand(b, loc, v, {{0, 1}, {2}},
                  {b.getIndexAttr(1), sizes[0], sizes[1]});
  return collapse(b, loc, v,
                  {llvm::to_vector(llvm::seq<int64_t>(0, rank - 2)),
                   {rank - 2},
                   {rank - 1}});
}

/// A reduction over the last of three dims: (b, i, j) -> (b, i).
Value reduceRows(OpBuilder &b, Location loc, Value v, Value init,
                 function_ref<Value(OpBuilder &, Location, Value, Value)> fn) {
  MLIRContext *ctx = b.getContext();
  AffineExpr d0, d1, d2;
  bindDims(ctx, d0, d1, d2);
  SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {d0, d1, d2}, ctx),
                                 AffineMap::get(3, 0, {d0, d1}, ctx)};
  SmallVector<utils::IteratorType> iterators = {utils::IteratorType::parallel,
                                                utils::IteratorType::parallel,
                                                utils::IteratorType::reduction};
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, ValueRange{v}, ValueRange{init},
             maps, iterators,
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(nb, nl, fn(nb, nl, args[1], args[0]));
             })
      .getResult(0);
}

struct AttentionLowering : OpConversionPattern<graph::AttentionOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::AttentionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value q = adaptor.getQuery(), k = adaptor.getKey(), v = adaptor.getValue();
    auto qType = cast<RankedTensorType>(q.getType());
    Type elem = qType.getElementType();
    int64_t rank = qType.getRank();
    if (rank < 2)
      return reject(rewriter, op, "operands must have rank >= 2");
    double scale;
    if (std::optional<APFloat> attr = op.getScale()) {
      scale = attr->convertToDouble();
    } else {
      int64_t depth = qType.getDimSize(rank - 1);
      if (ShapedType::isDynamic(depth))
        return reject(rewriter, op,
                      "the default scale needs a static head dim");
      scale = 1.0 / std::sqrt(static_cast<double>(depth));
    }
    Value mask = adaptor.getMask();
    bool boolMask = false;
    if (mask) {
      Type maskElem = getElementTypeOrSelf(mask.getType());
      boolMask = maskElem.isInteger(1);
      if (!boolMask && maskElem != elem)
        return reject(rewriter, op,
                      "the mask must be i1 or the query's element type");
    }

    SmallVector<OpFoldResult> qSizes = getSizes(rewriter, loc, q);
    OpFoldResult sq = qSizes[rank - 2];
    OpFoldResult sk = getSizes(rewriter, loc, k)[rank - 2];
    OpFoldResult dv = getSizes(rewriter, loc, v)[rank - 1];
    // A mask over (Sq, Sk) only is read through a broadcasting map; one with
    // batch dims is broadcast to the full shape and collapsed like q.
    bool maskHasBatch =
        mask && cast<RankedTensorType>(mask.getType()).getRank() > 2;
    if (maskHasBatch) {
      SmallVector<OpFoldResult> full(qSizes.begin(), qSizes.end() - 1);
      full.push_back(sk);
      mask = toRank3(rewriter, loc, broadcastTo(rewriter, loc, mask, full));
    }
    q = toRank3(rewriter, loc, q);
    k = toRank3(rewriter, loc, k);
    v = toRank3(rewriter, loc, v);
    OpFoldResult batch = getSizes(rewriter, loc, q)[0];

    MLIRContext *ctx = rewriter.getContext();
    Value zero = scalarConstant(rewriter, loc, elem, 0);
    Value lowest = lowestConstant(rewriter, loc, elem);

    // scores[b, i, j] = sum_d q[b, i, d] * k[b, j, d]
    AffineExpr d0, d1, d2, d3;
    bindDims(ctx, d0, d1, d2, d3);
    Value scoresInit = filledTensor(rewriter, loc, {batch, sq, sk}, zero);
    auto qk = linalg::BatchMatmulOp::create(rewriter, loc, ValueRange{q, k},
                                            ValueRange{scoresInit});
    qk.setIndexingMapsAttr(rewriter.getAffineMapArrayAttr(
        {AffineMap::get(4, 0, {d0, d1, d3}, ctx),
         AffineMap::get(4, 0, {d0, d2, d3}, ctx),
         AffineMap::get(4, 0, {d0, d1, d2}, ctx)}));
    Value scores = qk.getResult(0);

    // Scale and masks.
    Value scaleValue = scalarConstant(rewriter, loc, elem, scale);
    Value causalOffset;
    if (op.getCausal()) {
      Value skValue = getValueOrCreateConstantIndexOp(rewriter, loc, sk);
      Value sqValue = getValueOrCreateConstantIndexOp(rewriter, loc, sq);
      causalOffset = arith::SubIOp::create(rewriter, loc, skValue, sqValue);
    }
    SmallVector<Value> inputs = {scores};
    if (mask)
      inputs.push_back(mask);
    AffineMap id3 = rewriter.getMultiDimIdentityMap(3);
    SmallVector<OpFoldResult> scoreSizes = {batch, sq, sk};
    SmallVector<AffineMap> maps = {id3};
    if (mask)
      maps.push_back(maskHasBatch
                         ? id3
                         : broadcastMap(rewriter,
                                        cast<RankedTensorType>(mask.getType()),
                                        scoreSizes));
    Value logits = elementwise(
        rewriter, loc, inputs, maps, scoreSizes, elem,
        [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
          Value s = arith::MulFOp::create(nb, nl, args[0], scaleValue);
          if (mask && boolMask)
            s = arith::SelectOp::create(nb, nl, args[1], s, lowest);
          else if (mask)
            s = arith::AddFOp::create(nb, nl, s, args[1]);
          if (causalOffset) {
            Value i = linalg::IndexOp::create(nb, nl, 1);
            Value j = linalg::IndexOp::create(nb, nl, 2);
            Value last = arith::AddIOp::create(nb, nl, i, causalOffset);
            Value future = arith::CmpIOp::create(
                nb, nl, arith::CmpIPredicate::sgt, j, last);
            s = arith::SelectOp::create(nb, nl, future, lowest, s);
          }
          return s;
        });

    // Stable softmax over Sk.
    Value maxInit = filledTensor(rewriter, loc, {batch, sq}, lowest);
    Value rowMax =
        reduceRows(rewriter, loc, logits, maxInit,
                   [](OpBuilder &nb, Location nl, Value acc, Value x) -> Value {
                     return arith::MaximumFOp::create(nb, nl, acc, x);
                   });
    AffineMap rowMap = AffineMap::get(3, 0, {d0, d1}, ctx);
    Value exps = elementwise(
        rewriter, loc, ValueRange{logits, rowMax}, {id3, rowMap}, scoreSizes,
        elem, [](OpBuilder &nb, Location nl, ValueRange args) -> Value {
          Value shifted = arith::SubFOp::create(nb, nl, args[0], args[1]);
          return math::ExpOp::create(nb, nl, shifted);
        });
    Value sumInit = filledTensor(rewriter, loc, {batch, sq}, zero);
    Value rowSum =
        reduceRows(rewriter, loc, exps, sumInit,
                   [](OpBuilder &nb, Location nl, Value acc, Value x) -> Value {
                     return arith::AddFOp::create(nb, nl, acc, x);
                   });
    Value probs = elementwise(
        rewriter, loc, ValueRange{exps, rowSum}, {id3, rowMap}, scoreSizes,
        elem, [](OpBuilder &nb, Location nl, ValueRange args) -> Value {
          return arith::DivFOp::create(nb, nl, args[0], args[1]);
        });

    // out = p v
    Value outInit = filledTensor(rewriter, loc, {batch, sq, dv}, zero);
    Value out = linalg::BatchMatmulOp::create(
                    rewriter, loc, ValueRange{probs, v}, ValueRange{outInit})
                    .getResult(0);
    if (rank == 2) {
      out = collapse(rewriter, loc, out, {{0, 1}, {2}});
    } else if (rank > 3) {
      SmallVector<OpFoldResult> outSizes(qSizes.begin(), qSizes.end() - 1);
      outSizes.push_back(dv);
      out = expand(rewriter, loc, out,
                   {llvm::to_vector(llvm::seq<int64_t>(0, rank - 2)),
                    {rank - 2},
                    {rank - 1}},
                   outSizes);
    }
    rewriter.replaceOp(op, castTo(rewriter, loc, out, op.getType()));
    return success();
  }
};

} // namespace

void nnlower::populateAttentionPatterns(RewritePatternSet &patterns) {
  patterns.add<AttentionLowering>(patterns.getContext());
}
