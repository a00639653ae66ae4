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
  const GemmDims &dims = plan.dims;
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

  rewriter.setInsertionPoint(op);
  GemmBuilder g(rewriter, plan, loc);
  IndexMath &m = g.m;
  auto launch = gpu::LaunchOp::create(
      rewriter, loc, m.c((plan.N + tile - 1) / tile),
      m.c((plan.M + tile - 1) / tile), m.c(plan.batch), m.c(kMatmulThreadsX),
      m.c(kMatmulThreadsY), m.c(1),
      /*dynamicSharedMemorySize=*/nullptr, /*asyncTokenType=*/nullptr,
      /*asyncDependencies=*/{}, TypeRange{aTileType, bTileType});
  Block &body = launch.getBody().front();
  rewriter.setInsertionPointToStart(&body);
  Value aTile = launch.getWorkgroupAttributions()[0];
  Value bTile = launch.getWorkgroupAttributions()[1];
  Value tx = launch.getThreadIds().x, ty = launch.getThreadIds().y;
  Value rowBase = m.mul(launch.getBlockIds().y, tile);
  Value colBase = m.mul(launch.getBlockIds().x, tile);
  Value tid = m.add(m.mul(ty, kMatmulThreadsX), tx);
  Value zero =
      arith::ConstantOp::create(rewriter, loc, rewriter.getF32FloatAttr(0));
  Value a = op.getDpsInputOperand(0)->get();
  Value b = op.getDpsInputOperand(1)->get();
  g.setDims(dims.batch, launch.getBlockIds().z);

  SmallVector<Value> accs(rowsPerThread * colsPerThread, zero);
  auto kLoop = scf::ForOp::create(rewriter, loc, m.c(0),
                                  m.c((plan.K + kGemmTileK - 1) / kGemmTileK),
                                  m.c(1), accs);
  {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(kLoop.getBody());
    Value kBase = m.mul(kLoop.getInductionVar(), kGemmTileK);
    // The A tile (rows of M, columns of K) and the B tile (rows of K,
    // columns of N).
    g.stage(aTile, tid, kThreads, a, plan.aMap, dims.m, rowBase, plan.M, dims.k,
            kBase, plan.K);
    g.stage(bTile, tid, kThreads, b, plan.bMap, dims.k, kBase, plan.K, dims.n,
            colBase, plan.N);
    gpu::BarrierOp::create(rewriter, loc);
    auto inner = scf::ForOp::create(rewriter, loc, m.c(0), m.c(kGemmTileK),
                                    m.c(1), kLoop.getRegionIterArgs());
    {
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
          Value prod = arith::MulFOp::create(rewriter, loc, aRegs[i], bRegs[j]);
          next.push_back(arith::AddFOp::create(rewriter, loc, acc, prod));
        }
      scf::YieldOp::create(rewriter, loc, next);
    }
    gpu::BarrierOp::create(rewriter, loc);
    scf::YieldOp::create(rewriter, loc, inner.getResults());
  }

  // C += the register tile, where it is inside C.
  for (int64_t i = 0; i < rowsPerThread; ++i)
    for (int64_t j = 0; j < colsPerThread; ++j)
      g.accumulate(m.add(rowBase, m.add(ty, m.c(kMatmulThreadsY * i))),
                   m.add(colBase, m.add(tx, m.c(kMatmulThreadsX * j))),
                   kLoop.getResult(i * colsPerThread + j));
  gpu::TerminatorOp::create(rewriter, loc);
  rewriter.eraseOp(op);
}
