//===- DecomposeWindows.cpp - Convolutions and pooling as vector ops ------===//
//
// See CPUDecomposeWindowsPass in dialects/CPU/Passes.td.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/CPU/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"

namespace strata::cpu {
#define GEN_PASS_DEF_CPUDECOMPOSEWINDOWSPASS
#include "CPU/Passes.h.inc"
} // namespace strata::cpu

using namespace mlir;

namespace {

/// Window geometry of a 2-D NCHW op with static shapes.
struct Window {
  int64_t kh, kw, sh, sw, dh, dw;
  RankedTensorType input, output;
};

/// Each tap becomes its own ops, so a huge window (a 60x80 pooling window
/// is 4,800 taps) would produce thousands of ops and minutes of compile
/// time: such windows are left to the generic lowering (scalar loops).
constexpr int64_t kMaxTaps = 256;

SmallVector<int64_t> valuesOr(DenseIntElementsAttr attr, int64_t fallback) {
  if (!attr)
    return {fallback, fallback};
  return llvm::to_vector(attr.getValues<int64_t>());
}

FailureOr<Window> getWindow(linalg::LinalgOp op, int64_t kh, int64_t kw,
                            DenseIntElementsAttr strides,
                            DenseIntElementsAttr dilations) {
  auto input = dyn_cast<RankedTensorType>(op.getDpsInputs()[0].getType());
  auto output = dyn_cast<RankedTensorType>(op.getDpsInits()[0].getType());
  if (!input || !output || !input.hasStaticShape() ||
      !output.hasStaticShape() || !op.hasPureTensorSemantics() ||
      ShapedType::isDynamic(kh) || ShapedType::isDynamic(kw) ||
      kh * kw > kMaxTaps)
    return failure();
  SmallVector<int64_t> s = valuesOr(strides, 1), d = valuesOr(dilations, 1);
  if (s.size() != 2 || d.size() != 2)
    return failure();
  return Window{kh, kw, s[0], s[1], d[0], d[1], input, output};
}

/// The input elements tap (i, j) of the window reads for every output
/// position: tensor<N x C x OH x OW>, a strided slice of the padded input.
Value tapSlice(RewriterBase &b, Location loc, Value input, const Window &w,
               int64_t i, int64_t j) {
  ArrayRef<int64_t> in = w.input.getShape();
  ArrayRef<int64_t> out = w.output.getShape();
  // The tap that reads exactly the interior of a padded input reads the
  // unpadded source instead: once the pad becomes a fill and a copy, reading
  // the copy's result after its insertion makes bufferisation copy the whole
  // interior out of place.
  if (auto pad = input.getDefiningOp<tensor::PadOp>()) {
    std::optional<SmallVector<int64_t>> low =
        getConstantIntValues(pad.getMixedLowPad());
    ArrayRef<int64_t> src = pad.getSourceType().getShape();
    if (low && w.sh == 1 && w.sw == 1 && (*low)[0] == 0 && (*low)[1] == 0 &&
        (*low)[2] == i * w.dh && (*low)[3] == j * w.dw &&
        src == ArrayRef<int64_t>{in[0], in[1], out[2], out[3]})
      return pad.getSource();
  }
  SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0), b.getIndexAttr(0),
                                       b.getIndexAttr(i * w.dh),
                                       b.getIndexAttr(j * w.dw)};
  SmallVector<OpFoldResult> sizes = {
      b.getIndexAttr(in[0]), b.getIndexAttr(in[1]), b.getIndexAttr(out[2]),
      b.getIndexAttr(out[3])};
  SmallVector<OpFoldResult> strides = {b.getIndexAttr(1), b.getIndexAttr(1),
                                       b.getIndexAttr(w.sh),
                                       b.getIndexAttr(w.sw)};
  return tensor::ExtractSliceOp::create(b, loc, input, offsets, sizes, strides);
}

/// acc = combine(acc, slice [, weight[c]]) over the 4-D output.
Value accumulate(RewriterBase &b, Location loc, Value acc, Value slice,
                 Value weight,
                 function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  MLIRContext *ctx = b.getContext();
  AffineMap id = AffineMap::getMultiDimIdentityMap(4, ctx);
  SmallVector<AffineMap> maps = {id};
  SmallVector<Value> ins = {slice};
  if (weight) {
    maps.push_back(AffineMap::get(4, 0, getAffineDimExpr(1, ctx)));
    ins.push_back(weight);
  }
  maps.push_back(id);
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, acc.getType(), ins, ValueRange{acc}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(nb, nloc, body(nb, nloc, args));
      });
  return generic.getResult(0);
}

bool sameElementTypes(linalg::LinalgOp op) {
  Type type = getElementTypeOrSelf(op->getResult(0).getType());
  return llvm::all_of(op->getOperands(), [&](Value v) {
    return getElementTypeOrSelf(v.getType()) == type;
  });
}

LogicalResult decomposePooling(RewriterBase &b, linalg::LinalgOp op, bool isMax,
                               DenseIntElementsAttr strides,
                               DenseIntElementsAttr dilations) {
  auto window = dyn_cast<RankedTensorType>(op.getDpsInputs()[1].getType());
  if (!window || window.getRank() != 2 || !sameElementTypes(op))
    return failure();
  FailureOr<Window> w = getWindow(op, window.getDimSize(0),
                                  window.getDimSize(1), strides, dilations);
  if (failed(w))
    return failure();
  Location loc = op.getLoc();
  b.setInsertionPoint(op);
  bool isFloat = isa<FloatType>(w->output.getElementType());
  Value acc = op.getDpsInits()[0];
  for (int64_t i = 0; i < w->kh; ++i)
    for (int64_t j = 0; j < w->kw; ++j)
      acc = accumulate(
          b, loc, acc, tapSlice(b, loc, op.getDpsInputs()[0], *w, i, j),
          Value(), [&](OpBuilder &nb, Location nloc, ValueRange a) -> Value {
            if (isMax)
              return isFloat ? arith::MaximumFOp::create(nb, nloc, a[0], a[1])
                                   .getResult()
                             : arith::MaxSIOp::create(nb, nloc, a[0], a[1])
                                   .getResult();
            return isFloat
                       ? arith::AddFOp::create(nb, nloc, a[0], a[1]).getResult()
                       : arith::AddIOp::create(nb, nloc, a[0], a[1])
                             .getResult();
          });
  b.replaceOp(op, acc);
  return success();
}

LogicalResult decomposeDepthwise(RewriterBase &b,
                                 linalg::DepthwiseConv2DNchwChwOp op) {
  auto filter = dyn_cast<RankedTensorType>(op.getDpsInputs()[1].getType());
  if (!filter || !filter.hasStaticShape() || !sameElementTypes(op) ||
      !isa<FloatType>(filter.getElementType()))
    return failure();
  FailureOr<Window> w =
      getWindow(op, filter.getDimSize(1), filter.getDimSize(2),
                op.getStridesAttr(), op.getDilationsAttr());
  if (failed(w))
    return failure();
  Location loc = op.getLoc();
  b.setInsertionPoint(op);
  int64_t channels = filter.getDimSize(0);
  auto tapType = RankedTensorType::get({channels}, filter.getElementType());
  Value acc = op.getDpsInits()[0];
  for (int64_t i = 0; i < w->kh; ++i) {
    for (int64_t j = 0; j < w->kw; ++j) {
      Value weight = tensor::ExtractSliceOp::create(
          b, loc, tapType, op.getDpsInputs()[1],
          ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(i),
                                 b.getIndexAttr(j)},
          ArrayRef<OpFoldResult>{b.getIndexAttr(channels), b.getIndexAttr(1),
                                 b.getIndexAttr(1)},
          ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1),
                                 b.getIndexAttr(1)});
      acc = accumulate(
          b, loc, acc, tapSlice(b, loc, op.getDpsInputs()[0], *w, i, j), weight,
          [](OpBuilder &nb, Location nloc, ValueRange a) -> Value {
            Value prod = arith::MulFOp::create(nb, nloc, a[0], a[1]);
            return arith::AddFOp::create(nb, nloc, a[2], prod);
          });
    }
  }
  b.replaceOp(op, acc);
  return success();
}

LogicalResult decomposeConv(RewriterBase &b, linalg::Conv2DNchwFchwOp op) {
  auto filter = dyn_cast<RankedTensorType>(op.getDpsInputs()[1].getType());
  if (!filter || !filter.hasStaticShape() || !sameElementTypes(op) ||
      !isa<FloatType>(filter.getElementType()))
    return failure();
  FailureOr<Window> w =
      getWindow(op, filter.getDimSize(2), filter.getDimSize(3),
                op.getStridesAttr(), op.getDilationsAttr());
  if (failed(w))
    return failure();
  Location loc = op.getLoc();
  MLIRContext *ctx = op.getContext();
  b.setInsertionPoint(op);
  Type elementType = filter.getElementType();
  int64_t n = w->input.getDimSize(0), c = w->input.getDimSize(1);
  int64_t oh = w->output.getDimSize(2), ow = w->output.getDimSize(3);
  Value input = op.getDpsInputs()[0];

  // X[n, c*kh*kw, oh*ow]: the input itself for a 1x1 stride-1 convolution,
  // else one strided copy per tap.
  Value columns;
  bool direct = w->kh == 1 && w->kw == 1 && w->sh == 1 && w->sw == 1 &&
                w->input.getDimSize(2) == oh && w->input.getDimSize(3) == ow;
  if (direct) {
    columns = tensor::CollapseShapeOp::create(
        b, loc, input, ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
  } else {
    auto bType =
        RankedTensorType::get({n, c, w->kh, w->kw, oh, ow}, elementType);
    Value im2col =
        tensor::EmptyOp::create(b, loc, bType.getShape(), elementType);
    auto tapType = RankedTensorType::get({n, c, oh, ow}, elementType);
    for (int64_t i = 0; i < w->kh; ++i) {
      for (int64_t j = 0; j < w->kw; ++j) {
        SmallVector<OpFoldResult> offsets = {
            b.getIndexAttr(0), b.getIndexAttr(0), b.getIndexAttr(i),
            b.getIndexAttr(j), b.getIndexAttr(0), b.getIndexAttr(0)};
        SmallVector<OpFoldResult> sizes = {
            b.getIndexAttr(n), b.getIndexAttr(c),  b.getIndexAttr(1),
            b.getIndexAttr(1), b.getIndexAttr(oh), b.getIndexAttr(ow)};
        SmallVector<OpFoldResult> ones(6, b.getIndexAttr(1));
        Value dest = tensor::ExtractSliceOp::create(b, loc, tapType, im2col,
                                                    offsets, sizes, ones);
        Value copy = linalg::CopyOp::create(
                         b, loc, tapSlice(b, loc, input, *w, i, j), dest)
                         .getResult(0);
        im2col = tensor::InsertSliceOp::create(b, loc, copy, im2col, offsets,
                                               sizes, ones);
      }
    }
    columns = tensor::CollapseShapeOp::create(
        b, loc, im2col, ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}, {4, 5}});
  }
  Value weights = tensor::CollapseShapeOp::create(
      b, loc, op.getDpsInputs()[1],
      ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}});
  Value init = tensor::CollapseShapeOp::create(
      b, loc, op.getDpsInits()[0],
      ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});

  // O[n, f, p] += W[f, k] * X[n, k, p]; loops (n, f, p, k).
  AffineExpr dn = getAffineDimExpr(0, ctx), df = getAffineDimExpr(1, ctx),
             dp = getAffineDimExpr(2, ctx), dk = getAffineDimExpr(3, ctx);
  SmallVector<AffineMap> maps = {AffineMap::get(4, 0, {df, dk}, ctx),
                                 AffineMap::get(4, 0, {dn, dk, dp}, ctx),
                                 AffineMap::get(4, 0, {dn, df, dp}, ctx)};
  SmallVector<utils::IteratorType> iterators = {
      utils::IteratorType::parallel, utils::IteratorType::parallel,
      utils::IteratorType::parallel, utils::IteratorType::reduction};
  auto matmul = linalg::GenericOp::create(
      b, loc, init.getType(), ValueRange{weights, columns}, ValueRange{init},
      maps, iterators, [](OpBuilder &nb, Location nloc, ValueRange a) {
        Value prod = arith::MulFOp::create(nb, nloc, a[0], a[1]);
        linalg::YieldOp::create(
            nb, nloc, ValueRange{arith::AddFOp::create(nb, nloc, a[2], prod)});
      });
  Value result = tensor::ExpandShapeOp::create(
      b, loc, w->output, matmul.getResult(0),
      ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
  b.replaceOp(op, result);
  return success();
}

struct CPUDecomposeWindowsPass
    : strata::cpu::impl::CPUDecomposeWindowsPassBase<CPUDecomposeWindowsPass> {
  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isa<linalg::Conv2DNchwFchwOp, linalg::DepthwiseConv2DNchwChwOp,
              linalg::PoolingNchwMaxOp, linalg::PoolingNchwSumOp>(op))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (Operation *op : ops) {
      // An op that does not fit is left to the loop lowering.
      if (auto conv = dyn_cast<linalg::Conv2DNchwFchwOp>(op))
        (void)decomposeConv(rewriter, conv);
      else if (auto dw = dyn_cast<linalg::DepthwiseConv2DNchwChwOp>(op))
        (void)decomposeDepthwise(rewriter, dw);
      else if (auto max = dyn_cast<linalg::PoolingNchwMaxOp>(op))
        (void)decomposePooling(rewriter, max, /*isMax=*/true,
                               max.getStridesAttr(), max.getDilationsAttr());
      else if (auto sum = dyn_cast<linalg::PoolingNchwSumOp>(op))
        (void)decomposePooling(rewriter, sum, /*isMax=*/false,
                               sum.getStridesAttr(), sum.getDilationsAttr());
    }
  }
};
} // namespace
