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
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/TilingInterface.h"

namespace strata::cpu {
#define GEN_PASS_DEF_CPUTILEANDVECTORIZEPASS
#include "CPU/Passes.h.inc"
} // namespace strata::cpu

using namespace mlir;

namespace {

/// How one op is tiled. Sizes are per loop dimension of the op.
struct TilePlan {
  /// Thread level: the dimension split into chunks (-1: none) and the chunk.
  int64_t forallDim = -1;
  int64_t forallTile = 0;
  /// Register level: the static shape of the vectorised tile.
  SmallVector<int64_t> vectorTile;
  /// Order of the register-level loops (a permutation of the dimensions).
  SmallVector<int64_t> interchange;
};

/// Largest `t <= limit` dividing `size` (at least 1).
int64_t largestDivisor(int64_t size, int64_t limit) {
  for (int64_t t = std::min(size, limit); t > 1; --t)
    if (size % t == 0)
      return t;
  return 1;
}

/// Vector length along a dimension of `size` elements with `lanes` per
/// register: whole registers when they divide the size, the whole dimension
/// when it is short, else a divisor that fills registers reasonably. Zero
/// when nothing fits (a prime-ish long dimension).
int64_t pickVectorTile(int64_t size, int64_t lanes) {
  for (int64_t t : {2 * lanes, lanes})
    if (size % t == 0)
      return t;
  if (size <= 4 * lanes)
    return size;
  for (int64_t t = 4 * lanes; t >= lanes / 2; --t)
    if (size % t == 0)
      return t;
  return 0;
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

/// Sets the thread level on the first of `candidates` that splits evenly.
void planForall(TilePlan &plan, ArrayRef<int64_t> ranges,
                ArrayRef<int64_t> candidates, int64_t maxChunks) {
  for (int64_t dim : candidates) {
    int64_t tiles = ranges[dim] / plan.vectorTile[dim];
    int64_t chunks = pickChunks(tiles, maxChunks);
    if (chunks > 1) {
      plan.forallDim = dim;
      plan.forallTile = ranges[dim] / chunks;
      return;
    }
  }
}

/// Contractions (matmul, batch_matmul, im2col convolutions): an M x N
/// register block with N along the contiguous output dimension, K step 1.
FailureOr<TilePlan> planContraction(linalg::LinalgOp op,
                                    ArrayRef<int64_t> ranges, int64_t lanes,
                                    int64_t maxChunks) {
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
  // About 16 accumulator registers: rows = 16 / registers per row.
  int64_t regsPerRow = (tn + lanes - 1) / lanes;
  int64_t tm = largestDivisor(ranges[m], std::max<int64_t>(1, 16 / regsPerRow));
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
  return plan;
}

/// Elementwise ops and reductions: one vector along the innermost loop
/// dimension (a whole reduced dimension when it is the innermost one).
FailureOr<TilePlan> planGeneric(linalg::LinalgOp op, ArrayRef<int64_t> ranges,
                                int64_t lanes, int64_t maxChunks) {
  TilePlan plan;
  unsigned rank = ranges.size();
  plan.vectorTile.assign(rank, 1);
  if (rank == 0)
    return plan;
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  unsigned inner = rank - 1;
  if (iterators[inner] == utils::IteratorType::reduction) {
    if (ranges[inner] > 1024)
      return failure();
    plan.vectorTile[inner] = ranges[inner];
  } else {
    int64_t t = pickVectorTile(ranges[inner], lanes);
    if (t == 0)
      return failure();
    plan.vectorTile[inner] = t;
  }
  SmallVector<int64_t> candidates;
  for (unsigned d = 0; d < rank; ++d)
    if (iterators[d] == utils::IteratorType::parallel && ranges[d] > 1)
      candidates.push_back(d);
  if (!candidates.empty())
    planForall(plan, ranges, candidates.front(), maxChunks);
  return plan;
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
      (void)linalg::rewriteInIm2Col(rewriter, conv);
    }

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
    int64_t lanes = std::max<int64_t>(
        1, vectorBits /
               std::max<unsigned>(8, elementType.getIntOrFloatBitWidth()));

    FailureOr<TilePlan> plan = failure();
    if (linalg::isaContractionOpInterface(op) ||
        succeeded(linalg::inferContractionDims(op)))
      plan = planContraction(op, ranges, lanes, maxChunks);
    if (failed(plan))
      plan = planGeneric(op, ranges, lanes, maxChunks);
    if (failed(plan))
      return failure();

    MLIRContext *ctx = op.getContext();
    Operation *current = op;
    SmallVector<int64_t> sizes(ranges);
    // Thread level.
    if (plan->forallDim >= 0) {
      SmallVector<int64_t> tiles(ranges.size(), 0);
      tiles[plan->forallDim] = plan->forallTile;
      scf::SCFTilingOptions options;
      options.setTileSizes(getAsIndexOpFoldResult(ctx, tiles));
      options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
      rewriter.setInsertionPoint(current);
      FailureOr<scf::SCFTilingResult> tiled =
          scf::tileUsingSCF(rewriter, cast<TilingInterface>(current), options);
      if (failed(tiled))
        return failure();
      rewriter.replaceOp(current, tiled->replacements);
      current = tiled->tiledOps.front();
      sizes[plan->forallDim] = plan->forallTile;
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
    if (needsLoops) {
      scf::SCFTilingOptions options;
      options.setTileSizes(getAsIndexOpFoldResult(ctx, tiles));
      if (!plan->interchange.empty())
        options.setInterchange(plan->interchange);
      rewriter.setInsertionPoint(current);
      FailureOr<scf::SCFTilingResult> tiled =
          scf::tileUsingSCF(rewriter, cast<TilingInterface>(current), options);
      if (failed(tiled))
        return failure();
      rewriter.replaceOp(current, tiled->replacements);
      current = tiled->tiledOps.front();
    }
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
