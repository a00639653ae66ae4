//===- MmaKernel.cpp - Tiled matmul on tensor cores (nvgpu.mma.sync) ------===//
//
// The GEMM kernel for f16 and bf16 operands (and for f32 models compiled
// with strata-cuda-map-to-gpu{mma=f16|bf16}). One block of 4 warps (2 x 2)
// computes a T x T tile of C (T = 64, or 32 for small GEMMs:
// chooseGemmTile); each warp owns a T/2 x T/2 sub-tile, i.e. 2 x 4 (or
// 1 x 2) tiles of the m16n8k16 instruction, with f32 accumulators in
// registers (vector<2x2xf32> each, up to 32 floats per thread). Per
// 16-deep K step the block stages the T x 16 A tile (row-major, M x K) and
// the B tile transposed (N x K) in shared memory in the MMA type, rounding
// f32 inputs to nearest even, waits at a barrier, and each warp issues its
// mma.sync (8, or 2).
// Storing B as N x K makes the fragment reads of A and B the same pattern:
// lane (group g = lane / 4, t = lane % 4) reads row g (+ 8) at column
// 2t (+ 1, + 8) of a 16-element (32-byte) row, so the 32 lanes touch 32
// distinct banks.
//
// Fragment layouts (PTX ISA, "Matrix Fragments for mma.m16n8k16 with
// floating point type"): A (16 x 16) register r of vector<4x2> holds row
// g + 8 (r % 2), columns 2t + {0, 1} + 8 (r / 2); B (16 x 8) register r of
// vector<2x2> holds rows 2t + {0, 1} + 8 r of column g; C and D (16 x 8)
// register r of vector<2x2xf32> holds row g + 8 r, columns 2t + {0, 1}.
//
//===----------------------------------------------------------------------===//

#include "Gemm.h"

#include "strata/Target/CUDA/GPUTarget.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace strata::cuda;

static constexpr int64_t kThreads = kMmaWarpsM * kMmaWarpsN * kWarpLanes;

namespace {
/// Builds the per-lane fragments of one warp.
struct Fragments {
  RewriterBase &rewriter;
  Location loc;
  IndexMath &m;
  /// The lane's group (lane / 4) and index in its group (lane % 4).
  Value group, inGroup;

  /// A vector<regs x 2> of `tile` (shared memory, rows x 16): register r
  /// holds row base + g + 8 (r % 2) at columns 2t + {0, 1} + 8 (r / 2)
  /// when `rowPairs`, else row base + g at columns 2t + {0, 1} + 8 r. The
  /// first is A's layout, the second B's (stored N x K).
  Value load(Value tile, Value base, int64_t regs, bool rowPairs) {
    auto tileType = cast<MemRefType>(tile.getType());
    auto type = VectorType::get({regs, 2}, tileType.getElementType());
    Value fragment = arith::ConstantOp::create(
        rewriter, loc, type,
        DenseElementsAttr::get(
            type, rewriter.getFloatAttr(tileType.getElementType(), 0.0)));
    for (int64_t r = 0; r < regs; ++r) {
      int64_t rowOffset = rowPairs ? 8 * (r % 2) : 0;
      int64_t colOffset = rowPairs ? 8 * (r / 2) : 8 * r;
      Value row = m.add(base, m.add(group, m.c(rowOffset)));
      for (int64_t e = 0; e < 2; ++e) {
        Value column = m.add(m.mul(inGroup, 2), m.c(colOffset + e));
        Value value = memref::LoadOp::create(rewriter, loc, tile,
                                             ValueRange{row, column});
        fragment = vector::InsertOp::create(rewriter, loc, value, fragment,
                                            ArrayRef<int64_t>{r, e});
      }
    }
    return fragment;
  }
};
} // namespace

void strata::cuda::emitMmaKernel(RewriterBase &rewriter, const GemmPlan &plan,
                                 Type mmaType) {
  linalg::LinalgOp op = plan.op;
  const int64_t tile = plan.tile;
  const int64_t warpTileM = tile / kMmaWarpsM, warpTileN = tile / kMmaWarpsN;
  const int64_t tilesM = warpTileM / kMmaM, tilesN = warpTileN / kMmaN;
  Location loc = op.getLoc();
  MLIRContext *ctx = rewriter.getContext();
  auto workgroup = gpu::AddressSpaceAttr::get(
      ctx, gpu::GPUDialect::getWorkgroupAddressSpace());
  auto aTileType =
      MemRefType::get({tile, kGemmTileK}, mmaType, nullptr, workgroup);
  auto bTileType =
      MemRefType::get({tile, kGemmTileK}, mmaType, nullptr, workgroup);
  auto accType = VectorType::get({2, 2}, rewriter.getF32Type());

  GemmBuilder g(rewriter, plan, loc);
  IndexMath &m = g.m;
  gpu::LaunchOp launch =
      g.beginKernel(kThreads, 1, TypeRange{aTileType, bTileType});
  Value aTile = launch.getWorkgroupAttributions()[0];
  Value bTile = launch.getWorkgroupAttributions()[1];
  Value tid = launch.getThreadIds().x;
  Value warp = m.div(tid, kWarpLanes), lane = m.rem(tid, kWarpLanes);
  Value warpRow = m.mul(m.div(warp, kMmaWarpsN), warpTileM);
  Value warpCol = m.mul(m.rem(warp, kMmaWarpsN), warpTileN);
  Fragments frag{rewriter, loc, m, m.div(lane, 4), m.rem(lane, 4)};

  // Per K step: each warp's fragments from shared memory, tilesM x tilesN
  // MMAs.
  Value zero = arith::ConstantOp::create(
      rewriter, loc, accType,
      DenseElementsAttr::get(accType, rewriter.getF32FloatAttr(0)));
  SmallVector<Value> accs(tilesM * tilesN, zero);
  ValueRange results = g.kLoop(
      aTile, bTile, /*bTransposed=*/true, tid, kThreads, accs,
      [&](ValueRange stepAccs) -> SmallVector<Value> {
        SmallVector<Value> aFrags, bFrags;
        for (int64_t i = 0; i < tilesM; ++i)
          aFrags.push_back(frag.load(aTile, m.add(warpRow, m.c(kMmaM * i)),
                                     /*regs=*/4, /*rowPairs=*/true));
        for (int64_t j = 0; j < tilesN; ++j)
          bFrags.push_back(frag.load(bTile, m.add(warpCol, m.c(kMmaN * j)),
                                     /*regs=*/2, /*rowPairs=*/false));
        SmallVector<Value> next;
        for (int64_t i = 0; i < tilesM; ++i)
          for (int64_t j = 0; j < tilesN; ++j)
            next.push_back(nvgpu::MmaSyncOp::create(
                rewriter, loc, aFrags[i], bFrags[j], stepAccs[i * tilesN + j],
                ArrayRef<int64_t>{kMmaM, kMmaN, kMmaK}));
        return next;
      });

  // C += the accumulators: register r of tile (i, j) holds row g + 8 r,
  // columns 2t + {0, 1} of that 16 x 8 tile.
  for (int64_t i = 0; i < tilesM; ++i)
    for (int64_t j = 0; j < tilesN; ++j)
      for (int64_t r = 0; r < 2; ++r)
        for (int64_t e = 0; e < 2; ++e) {
          Value row = m.add(m.add(g.rowBase, warpRow),
                            m.add(frag.group, m.c(kMmaM * i + 8 * r)));
          Value column =
              m.add(m.add(g.colBase, warpCol),
                    m.add(m.mul(frag.inGroup, 2), m.c(kMmaN * j + e)));
          Value value = vector::ExtractOp::create(
              rewriter, loc, results[i * tilesN + j], ArrayRef<int64_t>{r, e});
          g.accumulate(row, column, value);
        }
  gpu::TerminatorOp::create(rewriter, loc);
  rewriter.eraseOp(op);
}
