//===- ConvToLinalg.cpp - Lower graph.conv --------------------------------===//
//
// graph.conv becomes a zero tensor.pad of the input (when padded), an
// accumulator initialised with the broadcast bias (or zero) and one named
// linalg convolution:
//   groups == 1              conv_{1d_ncw_fcw,2d_nchw_fchw,3d_ncdhw_fcdhw}
//   groups == C == O depthwise_conv_{1d_ncw_cw,2d_nchw_chw,3d_ncdhw_cdhw} other
//   groups, 2-D        conv_2d_ngchw_gfchw on expanded operands other groups,
//   1-D/3-D    a linalg.generic with the same structure
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

/// Splits dim `dim` of `v` into (groups, size / groups).
Value splitGroups(OpBuilder &b, Location loc, Value v, int64_t dim,
                  int64_t groups) {
  SmallVector<OpFoldResult> sizes = getSizes(b, loc, v);
  int64_t size = staticSize(sizes[dim]);
  SmallVector<ReassociationIndices> groupsMap;
  int64_t rank = sizes.size();
  for (int64_t i = 0, j = 0; i < rank; ++i) {
    if (i == dim) {
      groupsMap.push_back({j, j + 1});
      j += 2;
    } else {
      groupsMap.push_back({j++});
    }
  }
  sizes[dim] = b.getIndexAttr(size / groups);
  sizes.insert(sizes.begin() + dim, b.getIndexAttr(groups));
  return expand(b, loc, v, groupsMap, sizes);
}

/// A grouped convolution as a linalg.generic: input N x G x C x D..., weight
/// G x F x C x K..., init N x G x F x O... .
Value genericGroupedConv(OpBuilder &b, Location loc, Value input, Value weight,
                         Value init, ArrayRef<int64_t> strides,
                         ArrayRef<int64_t> dilations) {
  int64_t k = strides.size();
  // Loops: n, g, f, o_1..o_k (parallel), c, w_1..w_k (reduction).
  int64_t numLoops = 3 + k + 1 + k;
  MLIRContext *ctx = b.getContext();
  auto d = [&](int64_t i) { return getAffineDimExpr(i, ctx); };
  int64_t c = 3 + k;
  SmallVector<AffineExpr> inExprs = {d(0), d(1), d(c)};
  SmallVector<AffineExpr> wExprs = {d(1), d(2), d(c)};
  SmallVector<AffineExpr> outExprs = {d(0), d(1), d(2)};
  for (int64_t i = 0; i < k; ++i) {
    inExprs.push_back(d(3 + i) * strides[i] + d(c + 1 + i) * dilations[i]);
    wExprs.push_back(d(c + 1 + i));
    outExprs.push_back(d(3 + i));
  }
  SmallVector<AffineMap> maps = {AffineMap::get(numLoops, 0, inExprs, ctx),
                                 AffineMap::get(numLoops, 0, wExprs, ctx),
                                 AffineMap::get(numLoops, 0, outExprs, ctx)};
  SmallVector<utils::IteratorType> iterators = parallelIterators(3 + k);
  iterators.append(k + 1, utils::IteratorType::reduction);
  bool isFloat = isa<FloatType>(getElementTypeOrSelf(init.getType()));
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, ValueRange{input, weight},
             ValueRange{init}, maps, iterators,
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               Value sum;
               if (isFloat) {
                 Value mul = arith::MulFOp::create(nb, nl, args[0], args[1]);
                 sum = arith::AddFOp::create(nb, nl, args[2], mul);
               } else {
                 Value mul = arith::MulIOp::create(nb, nl, args[0], args[1]);
                 sum = arith::AddIOp::create(nb, nl, args[2], mul);
               }
               linalg::YieldOp::create(nb, nl, sum);
             })
      .getResult(0);
}

struct ConvLowering : OpConversionPattern<graph::ConvOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(graph::ConvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elem = resultType.getElementType();
    if (!isArithElement(elem))
      return reject(
          rewriter, op,
          "unsigned element types are not supported (linalg arithmetic "
          "is on signless integers)");
    Value input = adaptor.getInput(), weight = adaptor.getWeight();
    auto inType = cast<RankedTensorType>(input.getType());
    auto wType = cast<RankedTensorType>(weight.getType());
    int64_t k = inType.getRank() - 2;
    if (k < 1 || k > 3)
      return reject(rewriter, op, "only 1 to 3 spatial dims");
    SmallVector<int64_t> strides(op.getStrides()), dilations(op.getDilations()),
        pads(op.getPads());
    if (strides.empty())
      strides.assign(k, 1);
    if (dilations.empty())
      dilations.assign(k, 1);
    if (pads.empty())
      pads.assign(2 * k, 0);
    if (llvm::any_of(pads, [](int64_t p) { return p < 0; }))
      return reject(rewriter, op, "negative pads are not supported");
    int64_t groups = op.getGroups();
    int64_t channels = inType.getDimSize(1);
    int64_t outChannels = wType.getDimSize(0);
    if (groups != 1 &&
        (ShapedType::isDynamic(channels) || ShapedType::isDynamic(outChannels)))
      return reject(rewriter, op,
                    "grouped convolution needs static channel counts");

    // Output sizes: N, O, then the window formula per spatial dim.
    SmallVector<OpFoldResult> outSizes = {getSizes(rewriter, loc, input)[0],
                                          getSizes(rewriter, loc, weight)[0]};
    for (int64_t i = 0; i < k; ++i) {
      int64_t in = inType.getDimSize(2 + i), kernel = wType.getDimSize(2 + i);
      if (ShapedType::isDynamic(in) || ShapedType::isDynamic(kernel))
        return reject(rewriter, op,
                      "dynamic spatial or kernel dims are not supported");
      std::string error;
      std::optional<int64_t> size = graph::shape::windowOutputSize(
          in, kernel, strides[i], dilations[i], pads[i], pads[k + i],
          /*ceilMode=*/false, error);
      if (!size)
        return reject(rewriter, op, error);
      outSizes.push_back(rewriter.getIndexAttr(*size));
    }

    SmallVector<int64_t> low(2, 0), high(2, 0);
    low.append(pads.begin(), pads.begin() + k);
    high.append(pads.begin() + k, pads.end());
    if (llvm::any_of(pads, [](int64_t p) { return p != 0; }))
      input = padWith(rewriter, loc, input, low, high,
                      scalarConstant(rewriter, loc, elem, 0));

    // The accumulator starts as the bias broadcast along N and space.
    Value init;
    if (Value bias = adaptor.getBias()) {
      Value empty = emptyTensor(rewriter, loc, outSizes, elem);
      SmallVector<int64_t> dims = {0};
      for (int64_t i = 0; i < k; ++i)
        dims.push_back(2 + i);
      auto biasType = cast<RankedTensorType>(bias.getType());
      bias = castTo(rewriter, loc, bias,
                    biasType.clone({staticSize(outSizes[1])}));
      init = linalg::BroadcastOp::create(rewriter, loc, bias, empty, dims)
                 ->getResult(0);
    } else {
      init = filledTensor(rewriter, loc, outSizes,
                          scalarConstant(rewriter, loc, elem, 0));
    }

    Value result;
    if (groups == 1) {
      if (k == 1)
        result = createWindowOp<linalg::Conv1DNcwFcwOp>(
            rewriter, loc, {input, weight}, init, strides, dilations);
      else if (k == 2)
        result = createWindowOp<linalg::Conv2DNchwFchwOp>(
            rewriter, loc, {input, weight}, init, strides, dilations);
      else
        result = createWindowOp<linalg::Conv3DNcdhwFcdhwOp>(
            rewriter, loc, {input, weight}, init, strides, dilations);
    } else if (groups == channels && outChannels == channels) {
      // Depthwise: the weight O x 1 x K... drops its unit dim.
      SmallVector<ReassociationIndices> drop = {{0, 1}};
      for (int64_t i = 0; i < k; ++i)
        drop.push_back({2 + i});
      Value w = collapse(rewriter, loc, weight, drop);
      if (k == 1)
        result = createWindowOp<linalg::DepthwiseConv1DNcwCwOp>(
            rewriter, loc, {input, w}, init, strides, dilations);
      else if (k == 2)
        result = createWindowOp<linalg::DepthwiseConv2DNchwChwOp>(
            rewriter, loc, {input, w}, init, strides, dilations);
      else
        result = createWindowOp<linalg::DepthwiseConv3DNcdhwCdhwOp>(
            rewriter, loc, {input, w}, init, strides, dilations);
    } else {
      // Grouped: split the channel dims into (G, C/G) and (G, O/G).
      Value in = splitGroups(rewriter, loc, input, 1, groups);
      Value w = splitGroups(rewriter, loc, weight, 0, groups);
      Value acc = splitGroups(rewriter, loc, init, 1, groups);
      Value grouped = k == 2
                          ? createWindowOp<linalg::Conv2DNgchwGfchwOp>(
                                rewriter, loc, {in, w}, acc, strides, dilations)
                          : genericGroupedConv(rewriter, loc, in, w, acc,
                                               strides, dilations);
      SmallVector<ReassociationIndices> merge = {{0}, {1, 2}};
      for (int64_t i = 0; i < k; ++i)
        merge.push_back({3 + i});
      result = collapse(rewriter, loc, grouped, merge);
    }
    rewriter.replaceOp(op, castTo(rewriter, loc, result, resultType));
    return success();
  }
};

} // namespace

void nnlower::populateConvPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvLowering>(patterns.getContext());
}
