//===- ReductionKernel.cpp - Block-level reductions (one block per output)-===//
//
// The kernel for linalg reductions over at least kBlockReductionMinSize
// elements per output point (layer norm's mean and variance, softmax's max
// and sum over long rows, ReduceSum/ReduceMean, global pooling over large
// maps): one block per output point, of T threads (the largest power of
// two <= min(R, kReductionBlockSize), R the reduction size). Thread t
// folds elements t, t + T, t + 2T, ... of the (row-major linearised)
// reduction space into a register with the op's own combiner, stores its
// partial in shared memory, and the block halves the partials log2(T)
// times, a barrier after each step; thread 0 combines the result with the
// output's initial value and stores it. Each output's payload must be
// `combiner(out, expr)` with a combiner of known identity (addf, mulf,
// maximumf, minimumf, maxnumf, minnumf) and `expr` free of outputs;
// anything else stays one thread per point (GenericKernel.cpp). The order
// of the additions changes, so results agree with a sequential sum to
// floating-point rounding, not bit for bit.
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"

#include "strata/Target/CUDA/GPUTarget.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"

#include <limits>

using namespace mlir;
using namespace strata::cuda;

/// The identity of `combiner` (an op folding an output with a new value) in
/// `type`, or a null attribute when it is not a known combiner.
static TypedAttr combinerIdentity(Operation *combiner, FloatType type) {
  const llvm::fltSemantics &sem = type.getFloatSemantics();
  if (isa<arith::AddFOp>(combiner))
    return FloatAttr::get(type, APFloat::getZero(sem, /*Negative=*/true));
  if (isa<arith::MulFOp>(combiner))
    return FloatAttr::get(type, APFloat::getOne(sem));
  if (isa<arith::MaximumFOp, arith::MaxNumFOp>(combiner))
    return FloatAttr::get(type, APFloat::getInf(sem, /*Negative=*/true));
  if (isa<arith::MinimumFOp, arith::MinNumFOp>(combiner))
    return FloatAttr::get(type, APFloat::getInf(sem, /*Negative=*/false));
  return {};
}

namespace {
/// The combiner of each output of a reduction, if every output has one.
struct Combiners {
  SmallVector<Operation *> ops;
  SmallVector<TypedAttr> identities;
};
} // namespace

static FailureOr<Combiners> findCombiners(linalg::LinalgOp op) {
  Block *body = op.getBlock();
  Combiners result;
  for (auto [i, yielded] :
       llvm::enumerate(body->getTerminator()->getOperands())) {
    BlockArgument out = body->getArgument(op.getNumDpsInputs() + i);
    Operation *combiner = yielded.getDefiningOp();
    auto type = dyn_cast<FloatType>(out.getType());
    // The combiner folds this output only, and nothing else in the payload
    // reads the folded value (else the per-thread partials would not be
    // independent folds).
    if (!combiner || !type || combiner->getBlock() != body ||
        combiner->getNumOperands() != 2 || !out.hasOneUse() ||
        *out.getUsers().begin() != combiner ||
        !llvm::all_of(combiner->getUsers(), [&](Operation *user) {
          return user == body->getTerminator();
        }))
      return failure();
    TypedAttr identity = combinerIdentity(combiner, type);
    if (!identity)
      return failure();
    result.ops.push_back(combiner);
    result.identities.push_back(identity);
  }
  return result;
}

/// `combiner` (cloned) applied to (a, b).
static Value combine(RewriterBase &b, Operation *combiner, Value a, Value x) {
  IRMapping map;
  map.map(combiner->getOperand(0), a);
  map.map(combiner->getOperand(1), x);
  return b.clone(*combiner, map)->getResult(0);
}

LogicalResult strata::cuda::emitBlockReductionKernel(RewriterBase &rewriter,
                                                     linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumReductionLoops() == 0)
    return rewriter.notifyMatchFailure(op, "not a reduction on buffers");
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic))
    return rewriter.notifyMatchFailure(op, "dynamic shapes");
  SmallVector<unsigned> parallel, reduction;
  for (auto [i, type] : llvm::enumerate(op.getIteratorTypesArray()))
    (type == utils::IteratorType::parallel ? parallel : reduction).push_back(i);
  int64_t points = 1, size = 1;
  for (unsigned d : parallel)
    points *= ranges[d];
  for (unsigned d : reduction)
    size *= ranges[d];
  if (size < kBlockReductionMinSize)
    return rewriter.notifyMatchFailure(op, "reduction too short for a block");
  if (points < 1 || points > std::numeric_limits<int32_t>::max())
    return rewriter.notifyMatchFailure(op, "no output point, or more than a "
                                           "grid holds");
  if (llvm::any_of(op.getBlock()->getOperations(),
                   [](Operation &o) { return isa<linalg::IndexOp>(o); }))
    return rewriter.notifyMatchFailure(op, "payload reads loop indices");
  FailureOr<Combiners> combiners = findCombiners(op);
  if (failed(combiners))
    return rewriter.notifyMatchFailure(op, "an output is not folded with a "
                                           "combiner of known identity");
  int64_t threads = 1;
  while (threads * 2 <= std::min(size, kReductionBlockSize))
    threads *= 2;

  Location loc = op.getLoc();
  MLIRContext *ctx = rewriter.getContext();
  auto workgroup = gpu::AddressSpaceAttr::get(
      ctx, gpu::GPUDialect::getWorkgroupAddressSpace());
  Block *body = op.getBlock();
  unsigned numOutputs = op.getNumDpsInits();
  SmallVector<Type> partialTypes;
  for (unsigned i = 0; i < numOutputs; ++i)
    partialTypes.push_back(MemRefType::get(
        {threads}, body->getArgument(op.getNumDpsInputs() + i).getType(),
        nullptr, workgroup));

  rewriter.setInsertionPoint(op);
  IndexMath m{rewriter, loc};
  Value one = m.c(1);
  auto launch = gpu::LaunchOp::create(
      rewriter, loc, m.c(points), one, one, m.c(threads), one, one,
      /*dynamicSharedMemorySize=*/nullptr, /*asyncTokenType=*/nullptr,
      /*asyncDependencies=*/{}, partialTypes);
  rewriter.setInsertionPointToStart(&launch.getBody().front());
  Value tid = launch.getThreadIds().x;
  SmallVector<Value> ivs(ranges.size());
  m.delinearise(ranges, parallel, launch.getBlockIds().x, ivs);

  // Thread tid folds elements tid, tid + T, ... into its partials.
  SmallVector<Value> identities;
  for (TypedAttr identity : combiners->identities)
    identities.push_back(arith::ConstantOp::create(rewriter, loc, identity));
  auto loop = scf::ForOp::create(rewriter, loc, tid, m.c(size), m.c(threads),
                                 identities);
  {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(loop.getBody());
    m.delinearise(ranges, reduction, loop.getInductionVar(), ivs);
    SmallVector<Value> next =
        emitPayload(rewriter, loc, op, ivs, loop.getRegionIterArgs());
    scf::YieldOp::create(rewriter, loc, next);
  }
  for (unsigned i = 0; i < numOutputs; ++i)
    memref::StoreOp::create(rewriter, loc, loop.getResult(i),
                            launch.getWorkgroupAttributions()[i], tid);
  gpu::BarrierOp::create(rewriter, loc);

  // Tree reduction: partial[t] = combine(partial[t], partial[t + s]) for
  // t < s, s = T/2, T/4, ..., 1, a barrier after each step.
  for (int64_t stride = threads / 2; stride >= 1; stride /= 2) {
    auto active = scf::IfOp::create(rewriter, loc, m.lt(tid, stride),
                                    /*withElseRegion=*/false);
    {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(active.thenBlock());
      Value other = m.add(tid, m.c(stride));
      for (unsigned i = 0; i < numOutputs; ++i) {
        Value partials = launch.getWorkgroupAttributions()[i];
        Value mine = memref::LoadOp::create(rewriter, loc, partials, tid);
        Value theirs = memref::LoadOp::create(rewriter, loc, partials, other);
        memref::StoreOp::create(
            rewriter, loc, combine(rewriter, combiners->ops[i], mine, theirs),
            partials, tid);
      }
    }
    gpu::BarrierOp::create(rewriter, loc);
  }

  // Thread 0: out = combine(out, partial[0]).
  auto first = scf::IfOp::create(rewriter, loc, m.lt(tid, 1),
                                 /*withElseRegion=*/false);
  {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(first.thenBlock());
    for (auto [i, out] : llvm::enumerate(op.getDpsInitsMutable())) {
      SmallVector<Value> at =
          applyIndexingMap(rewriter, loc, op.getMatchingIndexingMap(&out), ivs);
      Value init = memref::LoadOp::create(rewriter, loc, out.get(), at);
      Value total = memref::LoadOp::create(
          rewriter, loc, launch.getWorkgroupAttributions()[i], m.c(0));
      memref::StoreOp::create(rewriter, loc,
                              combine(rewriter, combiners->ops[i], init, total),
                              out.get(), at);
    }
  }
  gpu::TerminatorOp::create(rewriter, loc);
  rewriter.eraseOp(op);
  return success();
}
