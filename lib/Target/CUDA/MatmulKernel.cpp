//===- MatmulKernel.cpp - Shared-memory tiled f32 matmul / implicit GEMM
//---===//
//
// C[b] += A[b] * B[b] for f32 multiply-accumulate ops whose loops split into
// batch, M, N and K groups (classifyDims): matmuls and batch matmuls in any
// operand transposition, and convolutions as implicit GEMMs (M = images x
// output pixels, N = output channels, K = input channels x kernel window;
// the input is read through the convolution's map, so no im2col buffer).
// Each group is linearised row-major and delinearised when a tile element
// is loaded. One block of 16 x 16 threads computes a
// 64 x 64 tile of C; thread (tx, ty) owns rows ty + 16 i and columns
// tx + 16 j (i, j < 4), so that a warp reads 16 consecutive columns of the
// B tile (no bank conflicts) and one broadcast row of the A tile. Per
// 16-deep K step the block stages a 64 x 16 tile of A and a 16 x 64 tile of
// B in shared memory (4 elements per thread each, zero-filled outside the
// matrices), waits at a barrier, accumulates, and waits again before the
// next step overwrites the tiles. The choice of plain FMA for fp32 models
// (not TF32 tensor cores) keeps results within fp32 rounding of the CPU
// backend; see docs/cuda.md.
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"

#include "strata/Target/CUDA/GPUTarget.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace strata::cuda;

static constexpr int64_t kRowsPerThread = kMatmulTileM / kMatmulThreadsY;
static constexpr int64_t kColsPerThread = kMatmulTileN / kMatmulThreadsX;
static constexpr int64_t kThreads = kMatmulThreadsX * kMatmulThreadsY;

/// True when the payload is `out + in0 * in1` in f32.
static bool isMulAddBody(linalg::LinalgOp op) {
  Block *block = op.getBlock();
  if (block->getNumArguments() != 3 || block->getOperations().size() != 3)
    return false;
  for (BlockArgument arg : block->getArguments())
    if (!arg.getType().isF32())
      return false;
  auto mul = dyn_cast<arith::MulFOp>(&block->front());
  auto add =
      dyn_cast_or_null<arith::AddFOp>(mul ? mul->getNextNode() : nullptr);
  if (!mul || !add)
    return false;
  auto isArg = [&](Value v, unsigned i) { return v == block->getArgument(i); };
  bool mulOk = (isArg(mul.getLhs(), 0) && isArg(mul.getRhs(), 1)) ||
               (isArg(mul.getLhs(), 1) && isArg(mul.getRhs(), 0));
  bool addOk = (isArg(add.getLhs(), 2) && add.getRhs() == mul) ||
               (isArg(add.getRhs(), 2) && add.getLhs() == mul);
  return mulOk && addOk &&
         block->getTerminator()->getOperands() == ValueRange(add.getResult());
}

namespace {
/// The loop dims of a contraction as a GEMM: batch (in A, B and C), M (in A
/// and C), N (in B and C) and K (the reductions), each group in loop order.
struct GemmDims {
  SmallVector<unsigned> batch, m, n, k;
};
} // namespace

/// Classifies the loops of `op` (A, B, C = its operands) by the operands
/// they index. A convolution is an implicit GEMM this way: output pixels
/// and images are M, output channels N, (input channel, kernel row,
/// kernel column) K; A's compound map (oh + kh) is applied to the
/// delinearised indices when the tile is staged.
static FailureOr<GemmDims> classifyDims(linalg::LinalgOp op) {
  AffineMap aMap = op.getMatchingIndexingMap(op.getDpsInputOperand(0));
  AffineMap bMap = op.getMatchingIndexingMap(op.getDpsInputOperand(1));
  AffineMap cMap = op.getMatchingIndexingMap(&op.getDpsInitsMutable()[0]);
  GemmDims dims;
  for (auto [d, type] : llvm::enumerate(op.getIteratorTypesArray())) {
    bool inA = aMap.isFunctionOfDim(d), inB = bMap.isFunctionOfDim(d);
    bool inC = cMap.isFunctionOfDim(d);
    if (type == utils::IteratorType::reduction) {
      if (!inA || !inB)
        return failure();
      dims.k.push_back(d);
    } else if (!inC) {
      return failure();
    } else if (inA && inB) {
      dims.batch.push_back(d);
    } else if (inA) {
      dims.m.push_back(d);
    } else if (inB) {
      dims.n.push_back(d);
    } else {
      return failure();
    }
  }
  if (dims.m.empty() || dims.n.empty() || dims.k.empty())
    return failure();
  return dims;
}

static int64_t product(ArrayRef<int64_t> ranges, ArrayRef<unsigned> dims) {
  int64_t p = 1;
  for (unsigned d : dims)
    p *= ranges[d];
  return p;
}

LogicalResult strata::cuda::emitMatmulKernel(RewriterBase &rewriter,
                                             linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || !isMulAddBody(op))
    return rewriter.notifyMatchFailure(op, "not an f32 multiply-accumulate");
  AffineMap aMap = op.getMatchingIndexingMap(op.getDpsInputOperand(0));
  AffineMap bMap = op.getMatchingIndexingMap(op.getDpsInputOperand(1));
  AffineMap cMap = op.getMatchingIndexingMap(&op.getDpsInitsMutable()[0]);
  if (!cMap.isProjectedPermutation())
    return rewriter.notifyMatchFailure(op, "output map is not a projected "
                                           "permutation");
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic))
    return rewriter.notifyMatchFailure(op, "dynamic shapes");
  FailureOr<GemmDims> found = classifyDims(op);
  if (failed(found))
    return rewriter.notifyMatchFailure(op, "not a (batch) matmul or an "
                                           "implicit GEMM");
  GemmDims dims = *found;
  int64_t M = product(ranges, dims.m), N = product(ranges, dims.n);
  int64_t K = product(ranges, dims.k), batch = product(ranges, dims.batch);
  if (batch > 65535)
    return rewriter.notifyMatchFailure(op, "batch larger than grid z");

  Location loc = op.getLoc();
  MLIRContext *ctx = rewriter.getContext();
  Type f32 = rewriter.getF32Type();
  auto workgroup = gpu::AddressSpaceAttr::get(
      ctx, gpu::GPUDialect::getWorkgroupAddressSpace());
  auto aTileType =
      MemRefType::get({kMatmulTileM, kMatmulTileK}, f32, nullptr, workgroup);
  auto bTileType =
      MemRefType::get({kMatmulTileK, kMatmulTileN}, f32, nullptr, workgroup);

  rewriter.setInsertionPoint(op);
  IndexMath m{rewriter, loc};
  auto launch = gpu::LaunchOp::create(
      rewriter, loc, m.c((N + kMatmulTileN - 1) / kMatmulTileN),
      m.c((M + kMatmulTileM - 1) / kMatmulTileM), m.c(batch),
      m.c(kMatmulThreadsX), m.c(kMatmulThreadsY), m.c(1),
      /*dynamicSharedMemorySize=*/nullptr, /*asyncTokenType=*/nullptr,
      /*asyncDependencies=*/{}, TypeRange{aTileType, bTileType});
  Block &body = launch.getBody().front();
  rewriter.setInsertionPointToStart(&body);
  Value aTile = launch.getWorkgroupAttributions()[0];
  Value bTile = launch.getWorkgroupAttributions()[1];
  Value tx = launch.getThreadIds().x, ty = launch.getThreadIds().y;
  Value rowBase = m.mul(launch.getBlockIds().y, kMatmulTileM);
  Value colBase = m.mul(launch.getBlockIds().x, kMatmulTileN);
  Value tid = m.add(m.mul(ty, kMatmulThreadsX), tx);
  Value zero =
      arith::ConstantOp::create(rewriter, loc, rewriter.getF32FloatAttr(0));

  Value a = op.getDpsInputOperand(0)->get();
  Value b = op.getDpsInputOperand(1)->get();
  Value c = op.getDpsInitsMutable()[0].get();
  SmallVector<Value> ivs(op.getNumLoops());
  // Sets the loop indices of `group` from their row-major linear index.
  auto setDims = [&](ArrayRef<unsigned> group, Value linear) {
    for (int i = static_cast<int>(group.size()) - 1; i >= 0; --i) {
      int64_t range = ranges[group[i]];
      ivs[group[i]] = i == 0 ? linear : m.rem(linear, range);
      if (i > 0)
        linear = m.div(linear, range);
    }
  };
  setDims(dims.batch, launch.getBlockIds().z);

  // Loads `source` at the loop indices in `ivs` when `inside`, else 0.
  auto guardedLoad = [&](Value inside, Value source, AffineMap map) {
    auto branch = scf::IfOp::create(rewriter, loc, TypeRange{f32}, inside,
                                    /*withElseRegion=*/true);
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(branch.thenBlock());
    Value loaded = memref::LoadOp::create(
        rewriter, loc, source, applyIndexingMap(rewriter, loc, map, ivs));
    scf::YieldOp::create(rewriter, loc, loaded);
    rewriter.setInsertionPointToStart(branch.elseBlock());
    scf::YieldOp::create(rewriter, loc, zero);
    return branch.getResult(0);
  };

  SmallVector<Value> accs(kRowsPerThread * kColsPerThread, zero);
  auto kLoop = scf::ForOp::create(rewriter, loc, m.c(0),
                                  m.c((K + kMatmulTileK - 1) / kMatmulTileK),
                                  m.c(1), accs);
  {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(kLoop.getBody());
    Value kBase = m.mul(kLoop.getInductionVar(), kMatmulTileK);
    // Stage the A tile (rows of M, columns of K) and the B tile (rows of K,
    // columns of N): element e = tid + kThreads * l of each, at tile row
    // e / cols and column e % cols, read from the operand at loop dims
    // (rowDim, colDim) = (base + row, base + column), 0 outside it.
    auto stage = [&](Value tile, int64_t rows, int64_t cols, Value source,
                     AffineMap map, ArrayRef<unsigned> rowDims, Value rowBase,
                     int64_t rowBound, ArrayRef<unsigned> colDims,
                     Value colBase, int64_t colBound) {
      for (int64_t l = 0; l < rows * cols / kThreads; ++l) {
        Value e = m.add(tid, m.c(kThreads * l));
        Value r = m.div(e, cols), col = m.rem(e, cols);
        Value row = m.add(rowBase, r), column = m.add(colBase, col);
        setDims(rowDims, row);
        setDims(colDims, column);
        Value inside = m.both(m.lt(row, rowBound), m.lt(column, colBound));
        memref::StoreOp::create(rewriter, loc, guardedLoad(inside, source, map),
                                tile, ValueRange{r, col});
      }
    };
    stage(aTile, kMatmulTileM, kMatmulTileK, a, aMap, dims.m, rowBase, M,
          dims.k, kBase, K);
    stage(bTile, kMatmulTileK, kMatmulTileN, b, bMap, dims.k, kBase, K, dims.n,
          colBase, N);
    gpu::BarrierOp::create(rewriter, loc);
    auto inner = scf::ForOp::create(rewriter, loc, m.c(0), m.c(kMatmulTileK),
                                    m.c(1), kLoop.getRegionIterArgs());
    {
      OpBuilder::InsertionGuard innerGuard(rewriter);
      rewriter.setInsertionPointToStart(inner.getBody());
      Value kk = inner.getInductionVar();
      SmallVector<Value> aRegs, bRegs;
      for (int64_t i = 0; i < kRowsPerThread; ++i)
        aRegs.push_back(memref::LoadOp::create(
            rewriter, loc, aTile,
            ValueRange{m.add(ty, m.c(kMatmulThreadsY * i)), kk}));
      for (int64_t j = 0; j < kColsPerThread; ++j)
        bRegs.push_back(memref::LoadOp::create(
            rewriter, loc, bTile,
            ValueRange{kk, m.add(tx, m.c(kMatmulThreadsX * j))}));
      SmallVector<Value> next;
      for (int64_t i = 0; i < kRowsPerThread; ++i)
        for (int64_t j = 0; j < kColsPerThread; ++j) {
          Value acc = inner.getRegionIterArgs()[i * kColsPerThread + j];
          Value prod = arith::MulFOp::create(rewriter, loc, aRegs[i], bRegs[j]);
          next.push_back(arith::AddFOp::create(rewriter, loc, acc, prod));
        }
      scf::YieldOp::create(rewriter, loc, next);
    }
    gpu::BarrierOp::create(rewriter, loc);
    scf::YieldOp::create(rewriter, loc, inner.getResults());
  }

  // C += the register tile, where it is inside C.
  for (int64_t i = 0; i < kRowsPerThread; ++i)
    for (int64_t j = 0; j < kColsPerThread; ++j) {
      Value row = m.add(rowBase, m.add(ty, m.c(kMatmulThreadsY * i)));
      Value column = m.add(colBase, m.add(tx, m.c(kMatmulThreadsX * j)));
      setDims(dims.m, row);
      setDims(dims.n, column);
      auto store = scf::IfOp::create(rewriter, loc,
                                     m.both(m.lt(row, M), m.lt(column, N)),
                                     /*withElseRegion=*/false);
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(store.thenBlock());
      SmallVector<Value> at = applyIndexingMap(rewriter, loc, cMap, ivs);
      Value old = memref::LoadOp::create(rewriter, loc, c, at);
      Value sum = arith::AddFOp::create(
          rewriter, loc, old, kLoop.getResult(i * kColsPerThread + j));
      memref::StoreOp::create(rewriter, loc, sum, c, at);
    }
  gpu::TerminatorOp::create(rewriter, loc);
  rewriter.eraseOp(op);
  return success();
}
