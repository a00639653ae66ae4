//===- NNToLinalg.cpp - Lower graph matmul and gemm -----------------------===//
//
// See populateGraphNNToLinalgPatterns in GraphToLinalg.h. matmul becomes
// linalg.matmul (2-D, or 2-D after folding the lhs batch dims into M when the
// rhs has none) or linalg.batch_matmul (batch dims broadcast and collapsed
// into one); gemm becomes one linalg.matmul with transposing indexing maps
// and, when needed, an alpha/beta epilogue. Convolution, pooling and
// attention live in their own files.
//
//===----------------------------------------------------------------------===//

#include "NNLoweringUtils.h"
#include "strata/Conversion/GraphToLinalg/GraphToLinalg.h"
#include "strata/Dialect/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace strata;
using namespace strata::nnlower;

namespace {

/// linalg.matmul of `lhs` (M x K) and `rhs` (K x N) into a zero-filled M x N.
Value matmul2D(OpBuilder &b, Location loc, Value lhs, Value rhs, Type elem) {
  OpFoldResult m = getSizes(b, loc, lhs)[0];
  OpFoldResult n = getSizes(b, loc, rhs)[1];
  Value init = filledTensor(b, loc, {m, n}, scalarConstant(b, loc, elem, 0));
  return linalg::MatmulOp::create(b, loc, ValueRange{lhs, rhs},
                                  ValueRange{init})
      .getResult(0);
}

/// [0], [1], ..., [rank - 2, rank - 1]: merges the two matrix dims.
SmallVector<ReassociationIndices> mergeLastTwo(int64_t rank) {
  SmallVector<ReassociationIndices> groups;
  for (int64_t i = 0; i < rank - 2; ++i)
    groups.push_back({i});
  groups.push_back({rank - 2, rank - 1});
  return groups;
}

struct MatmulLowering : OpConversionPattern<graph::MatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elem = resultType.getElementType();
    if (!isArithElement(elem))
      return reject(
          rewriter, op,
          "unsigned element types are not supported (linalg arithmetic "
          "is on signless integers)");
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    int64_t lhsRank = cast<RankedTensorType>(lhs.getType()).getRank();
    int64_t rhsRank = cast<RankedTensorType>(rhs.getType()).getRank();
    if (lhsRank == 0 || rhsRank == 0)
      return reject(rewriter, op, "operands must have rank >= 1");

    // numpy promotion: 1-D lhs is 1 x K, 1-D rhs is K x 1.
    bool lhsVector = lhsRank == 1, rhsVector = rhsRank == 1;
    if (lhsVector)
      lhs = expand(rewriter, loc, lhs, {{0, 1}},
                   {rewriter.getIndexAttr(1), getSizes(rewriter, loc, lhs)[0]});
    if (rhsVector)
      rhs = expand(rewriter, loc, rhs, {{0, 1}},
                   {getSizes(rewriter, loc, rhs)[0], rewriter.getIndexAttr(1)});
    SmallVector<OpFoldResult> lhsSizes = getSizes(rewriter, loc, lhs);
    SmallVector<OpFoldResult> rhsSizes = getSizes(rewriter, loc, rhs);
    OpFoldResult m = lhsSizes[lhsSizes.size() - 2];
    OpFoldResult k = lhsSizes.back();
    OpFoldResult n = rhsSizes.back();
    ArrayRef<OpFoldResult> lhsBatch = ArrayRef(lhsSizes).drop_back(2);
    ArrayRef<OpFoldResult> rhsBatch = ArrayRef(rhsSizes).drop_back(2);

    Value result;
    if (rhsBatch.empty()) {
      // Every lhs batch dim folds into M: one 2-D matmul.
      int64_t rank = lhsSizes.size();
      Value lhs2D = lhs;
      if (rank > 2) {
        ReassociationIndices rows =
            llvm::to_vector(llvm::seq<int64_t>(0, rank - 1));
        lhs2D = collapse(rewriter, loc, lhs, {rows, {rank - 1}});
      }
      result = matmul2D(rewriter, loc, lhs2D, rhs, elem);
      if (rank > 2) {
        SmallVector<OpFoldResult> outSizes(lhsBatch);
        outSizes.append({m, n});
        SmallVector<ReassociationIndices> groups = {
            llvm::to_vector(llvm::seq<int64_t>(0, rank - 1)), {rank - 1}};
        result = expand(rewriter, loc, result, groups, outSizes);
      }
    } else {
      // Broadcast the batch dims (numpy), collapse them into one.
      size_t batchRank = std::max(lhsBatch.size(), rhsBatch.size());
      SmallVector<OpFoldResult> batch(batchRank);
      for (size_t i = 0; i < batchRank; ++i) {
        auto pick = [&](ArrayRef<OpFoldResult> dims) -> OpFoldResult {
          size_t offset = batchRank - dims.size();
          return i < offset ? OpFoldResult() : dims[i - offset];
        };
        OpFoldResult l = pick(lhsBatch), r = pick(rhsBatch);
        if (!l || staticSize(l) == 1)
          batch[i] = r ? r : l;
        else if (!r || staticSize(r) == 1 ||
                 staticSize(l) != ShapedType::kDynamic)
          batch[i] = l;
        else
          batch[i] = r;
      }
      SmallVector<OpFoldResult> lhsTarget(batch), rhsTarget(batch),
          outSizes(batch);
      lhsTarget.append({m, k});
      rhsTarget.append({k, n});
      outSizes.append({m, n});
      lhs = broadcastTo(rewriter, loc, lhs, lhsTarget);
      rhs = broadcastTo(rewriter, loc, rhs, rhsTarget);
      int64_t rank = batchRank + 2;
      SmallVector<ReassociationIndices> groups = {
          llvm::to_vector(llvm::seq<int64_t>(0, rank - 2)),
          {rank - 2},
          {rank - 1}};
      if (batchRank > 1) {
        lhs = collapse(rewriter, loc, lhs, groups);
        rhs = collapse(rewriter, loc, rhs, groups);
      }
      OpFoldResult b0 = getSizes(rewriter, loc, lhs)[0];
      Value init = filledTensor(rewriter, loc, {b0, m, n},
                                scalarConstant(rewriter, loc, elem, 0));
      result = linalg::BatchMatmulOp::create(
                   rewriter, loc, ValueRange{lhs, rhs}, ValueRange{init})
                   .getResult(0);
      if (batchRank > 1)
        result = expand(rewriter, loc, result, groups, outSizes);
    }

    int64_t rank = cast<RankedTensorType>(result.getType()).getRank();
    if (lhsVector && rhsVector)
      result = collapse(rewriter, loc, result, {});
    else if (lhsVector || rhsVector)
      result = collapse(rewriter, loc, result, mergeLastTwo(rank));
    rewriter.replaceOp(op, castTo(rewriter, loc, result, resultType));
    return success();
  }
};

struct GemmLowering : OpConversionPattern<graph::GemmOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::GemmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elem = resultType.getElementType();
    if (!isArithElement(elem))
      return reject(
          rewriter, op,
          "unsigned element types are not supported (linalg arithmetic "
          "is on signless integers)");
    double alpha = op.getAlpha().convertToDouble();
    double beta = op.getBeta().convertToDouble();
    if (!isa<FloatType>(elem) && (!isIntegral(alpha) || !isIntegral(beta)))
      return reject(rewriter, op,
                    "alpha and beta must be integers for an integer gemm");
    bool transA = op.getTransA(), transB = op.getTransB();
    Value a = adaptor.getA(), b = adaptor.getB();
    Value c = beta == 0 ? Value() : adaptor.getC();
    SmallVector<OpFoldResult> aSizes = getSizes(rewriter, loc, a);
    SmallVector<OpFoldResult> bSizes = getSizes(rewriter, loc, b);
    SmallVector<OpFoldResult> outSizes = {aSizes[transA ? 1 : 0],
                                          bSizes[transB ? 0 : 1]};
    MLIRContext *ctx = rewriter.getContext();
    AffineMap identity = rewriter.getMultiDimIdentityMap(2);

    // With alpha == 1 the matmul accumulates straight into beta * c.
    Value init;
    if (c && alpha == 1) {
      auto cType = cast<RankedTensorType>(c.getType());
      if (beta == 1) {
        init = broadcastTo(rewriter, loc, c, outSizes);
      } else {
        Value betaValue = scalarConstant(rewriter, loc, elem, beta);
        init = elementwise(
            rewriter, loc, c, broadcastMap(rewriter, cType, outSizes), outSizes,
            elem, [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
              return isa<FloatType>(elem)
                         ? arith::MulFOp::create(nb, nl, args[0], betaValue)
                               .getResult()
                         : arith::MulIOp::create(nb, nl, args[0], betaValue)
                               .getResult();
            });
      }
      init =
          castTo(rewriter, loc, init,
                 RankedTensorType::get(
                     {staticSize(outSizes[0]), staticSize(outSizes[1])}, elem));
    } else {
      init = filledTensor(rewriter, loc, outSizes,
                          scalarConstant(rewriter, loc, elem, 0));
    }
    auto matmul = linalg::MatmulOp::create(rewriter, loc, ValueRange{a, b},
                                           ValueRange{init});
    if (transA || transB) {
      AffineExpr dm, dn, dk;
      bindDims(ctx, dm, dn, dk);
      AffineMap aMap = AffineMap::get(3, 0, {dm, dk}, ctx);
      AffineMap bMap = AffineMap::get(3, 0, {dk, dn}, ctx);
      if (transA)
        aMap = AffineMap::get(3, 0, {dk, dm}, ctx);
      if (transB)
        bMap = AffineMap::get(3, 0, {dn, dk}, ctx);
      AffineMap cMap = AffineMap::get(3, 0, {dm, dn}, ctx);
      matmul.setIndexingMapsAttr(
          rewriter.getAffineMapArrayAttr({aMap, bMap, cMap}));
    }
    Value result = matmul.getResult(0);

    if (alpha != 1) {
      // Epilogue: alpha * acc (+ beta * c).
      Value alphaValue = scalarConstant(rewriter, loc, elem, alpha);
      Value betaValue = scalarConstant(rewriter, loc, elem, beta);
      SmallVector<Value> inputs = {result};
      SmallVector<AffineMap> maps = {identity};
      if (c) {
        inputs.push_back(c);
        maps.push_back(broadcastMap(
            rewriter, cast<RankedTensorType>(c.getType()), outSizes));
      }
      bool isFloat = isa<FloatType>(elem);
      result = elementwise(
          rewriter, loc, inputs, maps, outSizes, elem,
          [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
            auto mul = [&](Value x, Value y) -> Value {
              return isFloat ? arith::MulFOp::create(nb, nl, x, y).getResult()
                             : arith::MulIOp::create(nb, nl, x, y).getResult();
            };
            Value acc = mul(args[0], alphaValue);
            if (args.size() == 1)
              return acc;
            Value bc = mul(args[1], betaValue);
            return isFloat ? arith::AddFOp::create(nb, nl, acc, bc).getResult()
                           : arith::AddIOp::create(nb, nl, acc, bc).getResult();
          });
    }
    rewriter.replaceOp(op, castTo(rewriter, loc, result, resultType));
    return success();
  }
};

} // namespace

void nnlower::populateMatmulPatterns(RewritePatternSet &patterns) {
  patterns.add<MatmulLowering, GemmLowering>(patterns.getContext());
}

void strata::populateGraphNNToLinalgPatterns(RewritePatternSet &patterns) {
  nnlower::populateMatmulPatterns(patterns);
  nnlower::populateConvPatterns(patterns);
  nnlower::populatePoolPatterns(patterns);
  nnlower::populateAttentionPatterns(patterns);
}
