//===- MatmulKernel.cpp - Shared-memory tiled matmul on CUDA cores (FMA) --===//
//
// The f32 GEMM kernel (Gemm.h describes the plan: batch, M, N and K loop
// groups, so matmuls in any transposition and convolutions as implicit
// GEMMs, no im2col buffer). One block of 16 x 16 threads computes a
// T x T tile of C (T = 64, or 32 for small GEMMs: chooseGemmTile); thread
// (tx, ty) owns rows ty + 16 i and columns tx + 16 j (i, j < T / 16), so
// that a warp reads 16 consecutive columns of the B tile (no bank
// conflicts) and one broadcast row of the A tile. Per 16-deep K step the
// block stages a T x 16 tile of A and a 16 x T tile of B in shared memory
// (zero-filled outside the matrices), waits at a barrier, accumulates, and
// waits again before the next step overwrites the tiles. Plain FMA is the
// default for fp32 models (not TF32 or f16 tensor cores, which MmaKernel.cpp
// provides on request) because it keeps results within fp32 rounding of the CPU
// backend; see docs/cuda.md.
//
//===----------------------------------------------------------------------===//

#include "Gemm.h"

#include "strata/Target/CUDA/GPUTarget.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace strata::cuda;

static constexpr int64_t kThreads = kMatmulThreadsX * kMatmulThreadsY;

void strata::cuda::emitMatmulKernel(RewriterBase &rewriter,
                                    const GemmPlan &plan) {
  linalg::LinalgOp op = plan.op;
  const int64_t tile = plan.tile;
  const int64_t rowsPerThread = tile / kMatmulThreadsY;
  const int64_t colsPerThread = tile / kMatmulThreadsX;
  Location loc = op.getLoc();
  MLIRContext *ctx = rewriter.getContext();
  Type f32 = rewriter.getF32Type();
  auto workgroup = gpu::AddressSpaceAttr::get(
      ctx, gpu::GPUDialect::getWorkgroupAddressSpace());
  auto aTileType = MemRefType::get({tile, kGemmTileK}, f32, nullptr, workgroup);
  auto bTileType = MemRefType::get({kGemmTileK, tile}, f32, nullptr, workgroup);

  GemmBuilder g(rewriter, plan, loc);
  IndexMath &m = g.m;
  gpu::LaunchOp launch = g.beginKernel(kMatmulThreadsX, kMatmulThreadsY,
                                       TypeRange{aTileType, bTileType});
  Value aTile = launch.getWorkgroupAttributions()[0];
  Value bTile = launch.getWorkgroupAttributions()[1];
  Value tx = launch.getThreadIds().x, ty = launch.getThreadIds().y;
  Value tid = m.add(m.mul(ty, kMatmulThreadsX), tx);
  Value zero =
      arith::ConstantOp::create(rewriter, loc, rewriter.getF32FloatAttr(0));

  // Per K step: 16 rank-1 updates of the register tile from shared memory.
  SmallVector<Value> accs(rowsPerThread * colsPerThread, zero);
  ValueRange results = g.kLoop(
      aTile, bTile, /*bTransposed=*/false, tid, kThreads, accs,
      [&](ValueRange stepAccs) -> SmallVector<Value> {
        auto inner = scf::ForOp::create(rewriter, loc, m.c(0), m.c(kGemmTileK),
                                        m.c(1), stepAccs);
        OpBuilder::InsertionGuard innerGuard(rewriter);
        rewriter.setInsertionPointToStart(inner.getBody());
        Value kk = inner.getInductionVar();
        SmallVector<Value> aRegs, bRegs;
        for (int64_t i = 0; i < rowsPerThread; ++i)
          aRegs.push_back(memref::LoadOp::create(
              rewriter, loc, aTile,
              ValueRange{m.add(ty, m.c(kMatmulThreadsY * i)), kk}));
        for (int64_t j = 0; j < colsPerThread; ++j)
          bRegs.push_back(memref::LoadOp::create(
              rewriter, loc, bTile,
              ValueRange{kk, m.add(tx, m.c(kMatmulThreadsX * j))}));
        SmallVector<Value> next;
        for (int64_t i = 0; i < rowsPerThread; ++i)
          for (int64_t j = 0; j < colsPerThread; ++j) {
            Value acc = inner.getRegionIterArgs()[i * colsPerThread + j];
            Value prod =
                arith::MulFOp::create(rewriter, loc, aRegs[i], bRegs[j]);
            next.push_back(arith::AddFOp::create(rewriter, loc, acc, prod));
          }
        scf::YieldOp::create(rewriter, loc, next);
        return SmallVector<Value>(inner.getResults());
      });

  // C += the register tile, where it is inside C.
  for (int64_t i = 0; i < rowsPerThread; ++i)
    for (int64_t j = 0; j < colsPerThread; ++j)
      g.accumulate(m.add(g.rowBase, m.add(ty, m.c(kMatmulThreadsY * i))),
                   m.add(g.colBase, m.add(tx, m.c(kMatmulThreadsX * j))),
                   results[i * colsPerThread + j]);
  gpu::TerminatorOp::create(rewriter, loc);
  rewriter.eraseOp(op);
}
