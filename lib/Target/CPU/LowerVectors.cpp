//===- LowerVectors.cpp - n-D vector ops -> 1-D ops and FMAs --------------===//
//
// See CPULowerVectorsPass in dialects/CPU/Passes.td. The pattern sets are
// upstream's; this pass fixes their order and strategies for x86.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/CPU/Passes.h"

#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Interfaces/VectorInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace strata::cpu {
#define GEN_PASS_DEF_CPULOWERVECTORSPASS
#include "CPU/Passes.h.inc"
} // namespace strata::cpu

using namespace mlir;

/// Splits an in-bounds n-D transfer with a minor identity map and a static
/// shape into 1-D transfers, one per row of the vector. (Upstream's
/// VectorToSCF full unrolling does not fire on the IR the pipeline builds
/// here; this is the same rewrite, kept deliberately small.)
static void unrollTransfers(Operation *root) {
  SmallVector<Operation *> transfers;
  root->walk([&](Operation *op) {
    auto xfer = dyn_cast<VectorTransferOpInterface>(op);
    if (!xfer || xfer.getMask() || xfer.hasOutOfBoundsDim() ||
        !xfer.getPermutationMap().isMinorIdentity())
      return;
    VectorType type = xfer.getVectorType();
    if (type.getRank() >= 2 && !type.isScalable() &&
        isa<MemRefType>(xfer.getShapedType()))
      transfers.push_back(op);
  });
  IRRewriter rewriter(root->getContext());
  for (Operation *op : transfers) {
    auto xfer = cast<VectorTransferOpInterface>(op);
    VectorType type = xfer.getVectorType();
    int64_t rank = type.getRank();
    ArrayRef<int64_t> shape = type.getShape();
    auto rowType = VectorType::get(shape.back(), type.getElementType());
    unsigned memRank = xfer.getShapedType().getRank();
    Location loc = op->getLoc();
    rewriter.setInsertionPoint(op);
    SmallVector<int64_t> outer(shape.drop_back());
    int64_t rows = 1;
    for (int64_t d : outer)
      rows *= d;
    auto read = dyn_cast<vector::TransferReadOp>(op);
    auto write = dyn_cast<vector::TransferWriteOp>(op);
    Value result = read ? arith::ConstantOp::create(rewriter, loc, type,
                                                    rewriter.getZeroAttr(type))
                              .getResult()
                        : Value();
    for (int64_t r = 0; r < rows; ++r) {
      // Position of this row in the vector and its indices in memory.
      SmallVector<int64_t> pos(outer.size());
      for (int64_t i = outer.size() - 1, rem = r; i >= 0; --i) {
        pos[i] = rem % outer[i];
        rem /= outer[i];
      }
      SmallVector<Value> indices(xfer.getIndices());
      for (int64_t i = 0; i < rank - 1; ++i) {
        unsigned memDim = memRank - rank + i;
        Value offset = arith::ConstantIndexOp::create(rewriter, loc, pos[i]);
        indices[memDim] =
            arith::AddIOp::create(rewriter, loc, indices[memDim], offset);
      }
      SmallVector<bool> inBounds = {true};
      if (read) {
        Value row = vector::TransferReadOp::create(rewriter, loc, rowType,
                                                   read.getBase(), indices,
                                                   read.getPadding(), inBounds);
        result = vector::InsertOp::create(rewriter, loc, row, result, pos);
      } else {
        Value row =
            vector::ExtractOp::create(rewriter, loc, write.getVector(), pos);
        vector::TransferWriteOp::create(rewriter, loc, row, write.getBase(),
                                        indices, inBounds);
      }
    }
    if (read)
      rewriter.replaceOp(op, result);
    else
      rewriter.eraseOp(op);
  }
}

namespace {
struct CPULowerVectorsPass
    : strata::cpu::impl::CPULowerVectorsPassBase<CPULowerVectorsPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    auto run = [&](auto populate, bool canonicalize = true) {
      RewritePatternSet patterns(ctx);
      populate(patterns);
      if (canonicalize)
        vector::populateVectorToVectorCanonicalizationPatterns(patterns);
      return applyPatternsGreedily(getOperation(), std::move(patterns));
    };
    // 1. Contractions -> outer products -> FMAs; reductions over rows.
    if (failed(run([](RewritePatternSet &p) {
          vector::populateVectorContractLoweringPatterns(
              p, vector::VectorContractLowering::OuterProduct);
          vector::populateVectorOuterProductLoweringPatterns(p);
          vector::populateVectorMultiReductionLoweringPatterns(
              p, vector::VectorMultiReductionLowering::InnerParallel);
          vector::populateVectorTransferPermutationMapLoweringPatterns(p);
          vector::populateVectorMaskOpLoweringPatterns(p);
        })))
      return signalPassFailure();
    // 2. n-D transfers -> 1-D transfers (unrolled), then loads/stores.
    // Without the vector canonicalisations, which would fold unit dims back
    // into n-D transfers.
    unrollTransfers(getOperation());
    if (failed(run(
            [](RewritePatternSet &p) {
              populateVectorToSCFConversionPatterns(
                  p, VectorTransferToSCFOptions().enableFullUnroll());
              vector::populateVectorTransferLoweringPatterns(p,
                                                             /*maxRank=*/1);
            },
            /*canonicalize=*/false)))
      return signalPassFailure();
    // 3. Shape plumbing left over by the above.
    if (failed(run([](RewritePatternSet &p) {
          vector::populateVectorBroadcastLoweringPatterns(p);
          vector::populateVectorShapeCastLoweringPatterns(p);
          vector::populateVectorTransposeLoweringPatterns(
              p, vector::VectorTransposeLowering::Shuffle1D);
          vector::populateVectorGatherLoweringPatterns(p);
          vector::populateVectorStepLoweringPatterns(p);
        })))
      return signalPassFailure();
  }
};
} // namespace
