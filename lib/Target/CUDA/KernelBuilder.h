//===- KernelBuilder.h - Shared helpers of the CUDA kernel emitters -*- C++
//-*-//
//
// Small builders the kernels of strata-cuda-map-to-gpu share: index
// constants and arithmetic, and indexing a linalg operand through its
// indexing map at given loop indices.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_LIB_TARGET_CUDA_KERNELBUILDER_H
#define STRATA_LIB_TARGET_CUDA_KERNELBUILDER_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace strata::cuda {

/// Index arithmetic at the rewriter's insertion point.
struct IndexMath {
  mlir::RewriterBase &b;
  mlir::Location loc;

  mlir::Value c(int64_t v);
  mlir::Value add(mlir::Value x, mlir::Value y);
  mlir::Value mul(mlir::Value x, int64_t y);
  mlir::Value div(mlir::Value x, int64_t y);
  mlir::Value rem(mlir::Value x, int64_t y);
  /// x < bound (unsigned: the indices are never negative).
  mlir::Value lt(mlir::Value x, int64_t bound);
  mlir::Value both(mlir::Value x, mlir::Value y);
  /// Sets ivs[d] for the loops `dims` (of extents `ranges`) from their
  /// row-major linear index `linear`.
  void delinearise(llvm::ArrayRef<int64_t> ranges,
                   llvm::ArrayRef<unsigned> dims, mlir::Value linear,
                   llvm::SmallVectorImpl<mlir::Value> &ivs);
};

/// The indices of `map`'s results at loop indices `ivs` (only the dims the
/// map uses need to be set).
llvm::SmallVector<mlir::Value>
applyIndexingMap(mlir::RewriterBase &b, mlir::Location loc, mlir::AffineMap map,
                 llvm::ArrayRef<mlir::Value> ivs);

/// Emits `op`'s payload at one point of its iteration space (loop indices
/// `ivs`): each input loaded through its indexing map (scalar inputs used
/// as they are), the outputs' block arguments bound to `outs`, linalg.index
/// to `ivs`. Returns the values the payload yields.
llvm::SmallVector<mlir::Value> emitPayload(mlir::RewriterBase &b,
                                           mlir::Location loc,
                                           mlir::linalg::LinalgOp op,
                                           llvm::ArrayRef<mlir::Value> ivs,
                                           mlir::ValueRange outs);

/// Emits one kernel per thread of the op's parallel iteration space
/// (GenericKernel.cpp). Fails with a diagnostic on dynamic shapes.
mlir::LogicalResult emitPointwiseKernel(mlir::RewriterBase &rewriter,
                                        mlir::linalg::LinalgOp op);

/// Emits one block per output point of a reduction over at least
/// kBlockReductionMinSize elements, with a shared-memory tree reduction
/// (ReductionKernel.cpp); a match failure (nothing changed) otherwise.
mlir::LogicalResult emitBlockReductionKernel(mlir::RewriterBase &rewriter,
                                             mlir::linalg::LinalgOp op);

} // namespace strata::cuda

#endif // STRATA_LIB_TARGET_CUDA_KERNELBUILDER_H
