//===- GenericKernel.cpp - One GPU thread per point of a linalg op --------===//
//
// The kernel for every linalg op the specialised kernels do not take:
// the op's parallel iteration space is linearised row-major (the last
// parallel dim fastest, so neighbouring threads of a warp touch
// neighbouring elements) and split into blocks of kPointwiseBlockSize
// threads; each thread delinearises its index, runs the op's reduction
// loops with the accumulators in registers and stores the result once.
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"

#include "strata/Target/CUDA/GPUTarget.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <limits>

using namespace mlir;
using namespace strata::cuda;

namespace {
/// Emits the body of one thread: loads, reduction loops, payload, stores.
class PointEmitter {
public:
  PointEmitter(RewriterBase &b, linalg::LinalgOp op)
      : b(b), op(op), loc(op.getLoc()), ranges(op.getStaticLoopRanges()) {}

  void emit(Value linear, ArrayRef<unsigned> parallel,
            ArrayRef<unsigned> reduction) {
    IndexMath m{b, loc};
    ivs.assign(ranges.size(), Value());
    m.delinearise(ranges, parallel, linear, ivs);
    SmallVector<Value> inits;
    for (OpOperand &out : op.getDpsInitsMutable())
      inits.push_back(memref::LoadOp::create(
          b, loc, out.get(),
          applyIndexingMap(b, loc, op.getMatchingIndexingMap(&out), ivs)));
    SmallVector<Value> results = loops(reduction, inits);
    for (auto [out, value] : llvm::zip(op.getDpsInitsMutable(), results))
      memref::StoreOp::create(
          b, loc, value, out.get(),
          applyIndexingMap(b, loc, op.getMatchingIndexingMap(&out), ivs));
  }

private:
  SmallVector<Value> loops(ArrayRef<unsigned> dims, ValueRange accs) {
    if (dims.empty())
      return payload(accs);
    IndexMath m{b, loc};
    auto loop =
        scf::ForOp::create(b, loc, m.c(0), m.c(ranges[dims[0]]), m.c(1), accs);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    ivs[dims[0]] = loop.getInductionVar();
    SmallVector<Value> inner =
        loops(dims.drop_front(), loop.getRegionIterArgs());
    scf::YieldOp::create(b, loc, inner);
    b.setInsertionPointAfter(loop);
    return loop.getResults();
  }

  SmallVector<Value> payload(ValueRange accs) {
    return emitPayload(b, loc, op, ivs, accs);
  }

  RewriterBase &b;
  linalg::LinalgOp op;
  Location loc;
  SmallVector<int64_t> ranges;
  SmallVector<Value> ivs;
};
} // namespace

LogicalResult strata::cuda::emitPointwiseKernel(RewriterBase &rewriter,
                                                linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics())
    return op->emitOpError("is not on buffers; the CUDA backend maps linalg "
                           "ops to kernels after bufferisation");
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic))
    return op->emitOpError("has a dynamically shaped iteration space, which "
                           "the CUDA backend does not support (pin the "
                           "shapes with --input-shape)");
  SmallVector<unsigned> parallel, reduction;
  for (auto [i, type] : llvm::enumerate(op.getIteratorTypesArray()))
    (type == utils::IteratorType::parallel ? parallel : reduction).push_back(i);
  int64_t total = 1;
  for (unsigned d : parallel)
    total *= ranges[d];
  if (total == 0) {
    rewriter.eraseOp(op);
    return success();
  }
  int64_t threads = std::min(kPointwiseBlockSize, total);
  int64_t blocks = (total + threads - 1) / threads;
  if (blocks > std::numeric_limits<int32_t>::max())
    return op->emitOpError("needs ")
           << blocks << " thread blocks, more than a CUDA grid holds";

  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  IndexMath m{rewriter, loc};
  Value one = m.c(1);
  auto launch = gpu::LaunchOp::create(rewriter, loc, m.c(blocks), one, one,
                                      m.c(threads), one, one);
  rewriter.setInsertionPointToStart(&launch.getBody().front());
  Value linear =
      m.add(m.mul(launch.getBlockIds().x, threads), launch.getThreadIds().x);
  auto guard = scf::IfOp::create(rewriter, loc, m.lt(linear, total),
                                 /*withElseRegion=*/false);
  rewriter.setInsertionPointToStart(guard.thenBlock());
  PointEmitter(rewriter, op).emit(linear, parallel, reduction);
  rewriter.setInsertionPointToEnd(&launch.getBody().front());
  gpu::TerminatorOp::create(rewriter, loc);
  rewriter.eraseOp(op);
  return success();
}
