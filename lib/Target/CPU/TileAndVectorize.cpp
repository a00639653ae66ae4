//===- TileAndVectorize.cpp - Thread and register tiling, vectorisation ---===//
//
// See CPUTileAndVectorizePass in dialects/CPU/Passes.td. The tile-size
// heuristics are in planContraction and planGeneric; docs/cpu-backend.md
// explains them.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/CPU/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"

namespace strata::cpu {
#define GEN_PASS_DEF_CPUTILEANDVECTORIZEPASS
#include "CPU/Passes.h.inc"
} // namespace strata::cpu

using namespace mlir;

namespace {

/// Marks an im2col op with the width of the convolution's output rows.
constexpr llvm::StringLiteral kRowAttr = "strata.im2col_row_width";

/// True for ops that gather: a `tensor.extract` in the body or an input
/// indexing map that is not a projected permutation (im2col reads through
/// floordiv/mod maps).
bool isGather(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp)
    return false;
  bool found = false;
  op->walk([&](tensor::ExtractOp) { found = true; });
  for (AffineMap map : linalgOp.getIndexingMapsArray())
    found |= !map.isProjectedPermutation(/*allowZeroInResults=*/true);
  return found;
}

/// How one op is tiled. Sizes are per loop dimension of the op.
struct TilePlan {
  /// Thread level: the dimension split into chunks (-1: none) and the chunk.
  int64_t forallDim = -1;
  int64_t forallTile = 0;
  /// Register level: the static shape of the vectorised tile.
  SmallVector<int64_t> vectorTile;
  /// Order of the register-level loops (a permutation of the dimensions).
  SmallVector<int64_t> interchange;
  /// Cache level of contractions: the reduction dimension cut into blocks
  /// (-1: none), so that the right-hand side strip of one N tile stays in L1
  /// while every M block uses it.
  int64_t kBlockDim = -1;
  int64_t kBlock = 0;
};

/// Largest `t <= limit` dividing `size` (at least 1).
int64_t largestDivisor(int64_t size, int64_t limit) {
  for (int64_t t = std::min(size, limit); t > 1; --t)
    if (size % t == 0)
      return t;
  return 1;
}

/// Vector length along a dimension of `size` elements with `lanes` per
/// register: two or one whole registers when they divide the size, the whole
/// dimension when it is shorter than a register. Zero otherwise: such a
/// dimension is first split (see tileAndVectorize) into a multiple of `lanes`
/// and a short remainder.
int64_t pickVectorTile(int64_t size, int64_t lanes) {
  for (int64_t t : {2 * lanes, lanes})
    if (size % t == 0)
      return t;
  if (size < lanes)
    return size;
  return 0;
}

/// For ops other than contractions, a vector length that divides `size`
/// without being a multiple of `lanes` (e.g. 28 for rows of 56): LLVM splits
/// it into whole and partial registers, which is cheaper than splitting the op
/// in two (see tileAndVectorize), whose halves bufferisation cannot always
/// write in place. Zero when no divisor of at least half a register exists.
int64_t pickDivisorVectorTile(int64_t size, int64_t lanes) {
  int64_t t = largestDivisor(size, 2 * lanes);
  return t >= lanes / 2 ? t : 0;
}

/// Number of chunks to split `tiles` register tiles into for the threads:
/// an even count when possible (two cores), at most `maxChunks`; 1 when the
/// dimension cannot be split evenly.
int64_t pickChunks(int64_t tiles, int64_t maxChunks) {
  for (int64_t c : {2, 4, 6, 8, 3, 5, 7})
    if (c <= maxChunks && tiles % c == 0)
      return c;
  return 1;
}

/// Sets the thread level on the first of `candidates` that splits into an
/// even number of chunks, else on the first that splits at all: three chunks
/// on two cores take as long as four.
void planForall(TilePlan &plan, ArrayRef<int64_t> ranges,
                ArrayRef<int64_t> candidates, int64_t maxChunks) {
  for (bool evenOnly : {true, false}) {
    for (int64_t dim : candidates) {
      int64_t tiles = ranges[dim] / plan.vectorTile[dim];
      int64_t chunks = pickChunks(tiles, maxChunks);
      if (chunks > 1 && (!evenOnly || chunks % 2 == 0)) {
        plan.forallDim = dim;
        plan.forallTile = ranges[dim] / chunks;
        return;
      }
    }
  }
}

/// Contractions (matmul, batch_matmul, im2col convolutions): an M x N
/// register block with N along the contiguous output dimension, K step 1.
FailureOr<TilePlan> planContraction(linalg::LinalgOp op,
                                    ArrayRef<int64_t> ranges, int64_t lanes,
                                    int64_t accumulators, int64_t maxChunks) {
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.empty() || dims->n.empty())
    return failure();
  int64_t m = dims->m.back(), n = dims->n.back();
  // N must be the innermost dimension of the output to vectorise along it.
  AffineMap outMap = op.getIndexingMapMatchingResult(op->getResult(0));
  if (outMap.getNumResults() == 0 ||
      outMap.getResults().back() != getAffineDimExpr(n, op.getContext()))
    return failure();
  TilePlan plan;
  plan.vectorTile.assign(ranges.size(), 1);
  int64_t tn = pickVectorTile(ranges[n], lanes);
  if (tn == 0)
    return failure();
  // At most `accumulators` registers: rows = accumulators / registers per
  // row.
  int64_t regsPerRow = (tn + lanes - 1) / lanes;
  int64_t tm = largestDivisor(ranges[m],
                              std::max<int64_t>(1, accumulators / regsPerRow));
  plan.vectorTile[n] = tn;
  plan.vectorTile[m] = tm;
  for (unsigned d : dims->batch)
    plan.interchange.push_back(d);
  for (unsigned d : dims->n)
    plan.interchange.push_back(d);
  for (unsigned d : dims->m)
    plan.interchange.push_back(d);
  for (unsigned d : dims->k)
    plan.interchange.push_back(d);
  if (plan.interchange.size() != ranges.size())
    return failure();
  SmallVector<int64_t> candidates = {n, m};
  for (unsigned d : dims->batch)
    candidates.push_back(d);
  planForall(plan, ranges, candidates, maxChunks);
  // A strip of kKBlock x tn floats (8 KiB for tn = 32) fits in L1.
  constexpr int64_t kKBlock = 64;
  if (dims->k.size() == 1 && ranges[dims->k.front()] > 2 * kKBlock &&
      ranges[dims->k.front()] % kKBlock == 0) {
    plan.kBlockDim = dims->k.front();
    plan.kBlock = kKBlock;
  }
  return plan;
}

/// Elementwise ops and reductions: one vector along the innermost loop
/// dimension (a whole reduced dimension when it is the innermost one).
///
/// Gathers (see isGather) are tiled only when they are im2col ops tagged with
/// the output row width: a tile must stay inside one output row, because
/// tiling computes the input window of a floordiv/mod map from the tile's
/// first row only.
FailureOr<TilePlan> planGeneric(linalg::LinalgOp op, ArrayRef<int64_t> ranges,
                                int64_t lanes, int64_t maxChunks) {
  TilePlan plan;
  unsigned rank = ranges.size();
  plan.vectorTile.assign(rank, 1);
  if (rank == 0)
    return plan;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  unsigned inner = rank - 1;
  if (isGather(op)) {
    auto row = op->getAttrOfType<IntegerAttr>(kRowAttr);
    if (!row || iterators[inner] != utils::IteratorType::parallel ||
        ranges[inner] % row.getInt() != 0)
      return failure();
    // A divisor of the row width (the row is not split).
    int64_t t = pickVectorTile(row.getInt(), lanes);
    if (t == 0)
      t = row.getInt() <= 4 * lanes ? row.getInt()
                                    : largestDivisor(row.getInt(), 2 * lanes);
    plan.vectorTile[inner] = t;
  } else if (iterators[inner] == utils::IteratorType::reduction) {
    if (ranges[inner] > 1024)
      return failure();
    plan.vectorTile[inner] = ranges[inner];
  } else {
    int64_t t = pickVectorTile(ranges[inner], lanes);
    if (t == 0)
      t = pickDivisorVectorTile(ranges[inner], lanes);
    if (t == 0)
      return failure();
    plan.vectorTile[inner] = t;
  }
  SmallVector<int64_t> candidates;
  for (unsigned d = 0; d < rank; ++d)
    if (iterators[d] == utils::IteratorType::parallel && ranges[d] > 1)
      candidates.push_back(d);
  if (!candidates.empty())
    planForall(plan, ranges, candidates, maxChunks);
  return plan;
}

/// The loop dimension vectors run along: N of a contraction whose output is
/// contiguous along N, else the innermost loop when it is parallel. None for
/// gathers, which keep their own tiling rule.
std::optional<unsigned> vectorDim(linalg::LinalgOp op) {
  if (isGather(op))
    return std::nullopt;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (succeeded(dims) && !dims->m.empty() && !dims->n.empty()) {
    AffineMap outMap = op.getIndexingMapMatchingResult(op->getResult(0));
    if (outMap.getNumResults() &&
        outMap.getResults().back() ==
            getAffineDimExpr(dims->n.back(), op.getContext()))
      return dims->n.back();
    return std::nullopt;
  }
  unsigned rank = op.getNumLoops();
  if (rank == 0 ||
      op.getIteratorTypesArray()[rank - 1] != utils::IteratorType::parallel)
    return std::nullopt;
  return rank - 1;
}

/// tensor.pad with a constant value and static shapes, as ops the tiler
/// vectorises: a linalg.fill of the padded tensor and a linalg.copy of the
/// source into its interior. (Bufferisation would otherwise turn the pad into
/// a fill and a memref.copy, both left to scalar loops.) This runs here, after
/// canonicalisation, because folding the centre tap of a window into the copy
/// makes bufferisation copy the whole interior out of place.
LogicalResult decomposePad(RewriterBase &b, tensor::PadOp pad) {
  Value padValue = pad.getConstantPaddingValue();
  RankedTensorType resultType = pad.getResultType();
  if (!padValue || !resultType.hasStaticShape() ||
      !pad.getSourceType().hasStaticShape() ||
      (pad.hasZeroLowPad() && pad.hasZeroHighPad()))
    return failure();
  Location loc = pad.getLoc();
  b.setInsertionPoint(pad);
  // A constant yielded from inside the pad's region is cloned out of it.
  if (Operation *def = padValue.getDefiningOp();
      def && def->getParentRegion() == &pad.getRegion())
    padValue = b.clone(*def)->getResult(0);
  Value empty = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                        resultType.getElementType());
  Value filled = linalg::FillOp::create(b, loc, padValue, empty).getResult(0);
  SmallVector<OpFoldResult> offsets = pad.getMixedLowPad();
  SmallVector<OpFoldResult> sizes;
  for (int64_t size : pad.getSourceType().getShape())
    sizes.push_back(b.getIndexAttr(size));
  SmallVector<OpFoldResult> ones(sizes.size(), b.getIndexAttr(1));
  Value interior =
      tensor::ExtractSliceOp::create(b, loc, filled, offsets, sizes, ones);
  Value copy =
      linalg::CopyOp::create(b, loc, pad.getSource(), interior).getResult(0);
  b.replaceOpWithNewOp<tensor::InsertSliceOp>(pad, copy, filled, offsets, sizes,
                                              ones);
  return success();
}

struct CPUTileAndVectorizePass
    : strata::cpu::impl::CPUTileAndVectorizePassBase<CPUTileAndVectorizePass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    IRRewriter rewriter(&getContext());

    // 2-D convolutions become im2col + a contraction.
    SmallVector<linalg::Conv2DNchwFchwOp> convs;
    func.walk([&](linalg::Conv2DNchwFchwOp op) { convs.push_back(op); });
    for (linalg::Conv2DNchwFchwOp conv : convs) {
      rewriter.setInsertionPoint(conv);
      int64_t outWidth =
          cast<ShapedType>(conv.getOutputs()[0].getType()).getShape().back();
      auto rewritten = linalg::rewriteInIm2Col(rewriter, conv);
      if (failed(rewritten))
        continue;
      // The im2col gather flattens (oh, ow) into one dimension; a vector must
      // not straddle two output rows (see planGeneric).
      for (Operation *op : {rewritten->first, rewritten->second})
        if (op && isGather(op))
          op->setAttr(kRowAttr, rewriter.getI64IntegerAttr(outWidth));
    }

    SmallVector<tensor::PadOp> pads;
    func.walk([&](tensor::PadOp pad) { pads.push_back(pad); });
    for (tensor::PadOp pad : pads)
      (void)decomposePad(rewriter, pad);

    SmallVector<linalg::LinalgOp> ops;
    func.walk([&](linalg::LinalgOp op) {
      if (op.hasPureTensorSemantics() && op->getNumResults() == 1)
        ops.push_back(op);
    });
    for (linalg::LinalgOp op : ops)
      (void)tileAndVectorize(rewriter, op);
  }

  LogicalResult tileAndVectorize(RewriterBase &rewriter, linalg::LinalgOp op) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    if (llvm::any_of(ranges, ShapedType::isDynamic) ||
        llvm::any_of(ranges, [](int64_t r) { return r == 0; }))
      return failure();
    Type elementType = getElementTypeOrSelf(op->getResult(0).getType());
    if (!elementType.isIntOrFloat())
      return failure();
    // i1 buffers hold one byte per element, but vectors of i1 are bit-packed
    // in memory: ops touching booleans stay scalar.
    for (Value operand : op->getOperands())
      if (getElementTypeOrSelf(operand.getType()).isInteger(1))
        return failure();
    if (elementType.isInteger(1))
      return failure();
    int64_t lanes = std::max<int64_t>(
        1, vectorBits /
               std::max<unsigned>(8, elementType.getIntOrFloatBitWidth()));

    // A vector dimension that is not a multiple of the register width is
    // split into a part that is and a remainder, each tiled on its own.
    bool isContraction = linalg::isaContractionOpInterface(op) ||
                         succeeded(linalg::inferContractionDims(op));
    if (std::optional<unsigned> dim = vectorDim(op);
        dim && ranges[*dim] > lanes && ranges[*dim] % lanes != 0 &&
        (isContraction || pickDivisorVectorTile(ranges[*dim], lanes) == 0)) {
      rewriter.setInsertionPoint(op);
      int64_t main = ranges[*dim] - ranges[*dim] % lanes;
      auto [first, second] =
          linalg::splitOp(rewriter, cast<TilingInterface>(op.getOperation()),
                          *dim, rewriter.getIndexAttr(main));
      bool ok = true;
      for (TilingInterface part : {first, second})
        if (auto linalgPart = dyn_cast_or_null<linalg::LinalgOp>(
                part ? part.getOperation() : nullptr))
          ok &= succeeded(tileAndVectorize(rewriter, linalgPart));
      return success(ok);
    }

    FailureOr<TilePlan> plan = failure();
    if (isContraction)
      plan = planContraction(op, ranges, lanes, accumulators, maxChunks);
    if (failed(plan))
      plan = planGeneric(op, ranges, lanes, maxChunks);
    if (failed(plan))
      return failure();

    MLIRContext *ctx = op.getContext();
    Operation *current = op;
    SmallVector<int64_t> sizes(ranges);
    // Tiles `current` with `tiles` (0: untiled) and continues with the tile.
    auto tileLevel = [&](ArrayRef<int64_t> tiles,
                         scf::SCFTilingOptions::LoopType loopType,
                         ArrayRef<int64_t> interchange) -> LogicalResult {
      scf::SCFTilingOptions options;
      options.setTileSizes(getAsIndexOpFoldResult(ctx, tiles));
      options.setLoopType(loopType);
      if (!interchange.empty())
        options.setInterchange(interchange);
      rewriter.setInsertionPoint(current);
      FailureOr<scf::SCFTilingResult> tiled =
          scf::tileUsingSCF(rewriter, cast<TilingInterface>(current), options);
      if (failed(tiled))
        return failure();
      rewriter.replaceOp(current, tiled->replacements);
      current = tiled->tiledOps.front();
      return success();
    };
    using LoopType = scf::SCFTilingOptions::LoopType;
    // Thread level, then cache level (blocks of the reduction dimension).
    for (auto [dim, tile, loopType] :
         {std::tuple(plan->forallDim, plan->forallTile, LoopType::ForallOp),
          std::tuple(plan->kBlockDim, plan->kBlock, LoopType::ForOp)}) {
      if (dim < 0)
        continue;
      SmallVector<int64_t> tiles(ranges.size(), 0);
      tiles[dim] = tile;
      if (failed(tileLevel(tiles, loopType, {})))
        return failure();
      sizes[dim] = tile;
    }
    // Register level.
    SmallVector<int64_t> tiles(ranges.size(), 0);
    bool needsLoops = false;
    for (unsigned d = 0; d < ranges.size(); ++d) {
      if (plan->vectorTile[d] != sizes[d]) {
        tiles[d] = plan->vectorTile[d];
        needsLoops = true;
      }
    }
    if (needsLoops &&
        failed(tileLevel(tiles, LoopType::ForOp, plan->interchange)))
      return failure();
    // Every tile is full (the sizes divide the dimensions), so dynamic sizes
    // of the tiled op equal the vector sizes.
    rewriter.setInsertionPoint(current);
    // The scalable flags must be given explicitly, one per vector size.
    SmallVector<bool> scalable(plan->vectorTile.size(), false);
    FailureOr<linalg::VectorizationResult> vectorized = linalg::vectorize(
        rewriter, current, plan->vectorTile, scalable,
        /*vectorizeNDExtract=*/true, /*flatten1DDepthwiseConv=*/false,
        /*assumeDynamicDimsMatchVecSizes=*/true,
        /*createNamedContraction=*/true);
    if (failed(vectorized))
      return failure();
    rewriter.replaceOp(current, vectorized->replacements);
    return success();
  }
};
} // namespace
