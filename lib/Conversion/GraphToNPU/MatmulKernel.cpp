//===- MatmulKernel.cpp - Tiled, double-buffered matmul on the NPU --------===//
//
// Schedule (flags of ProgramBuilder.h; b = SRAM buffer, c = accumulator):
//   dma_in  per K step: wait FREE[b]; load the f32 A tile and the bf16 B
//           tile into buffer b; set LOADED[b]
//   vector  per K step: wait LOADED[b]; A tile f32 -> bf16; set FULL[b]
//           per output tile (one K step late, so that converting the next
//           tile's first A overlaps the last matmul): wait DONE[c];
//           + bias, relu in the accumulator; set READY[c]
//   matrix  per output tile: wait EMPTY[c]; per K step: wait FULL[b];
//           matmul (accumulate after the first step); set FREE[b];
//           then set DONE[c]
//   dma_out per output tile: wait READY[c]; store; set EMPTY[c]
// The bias is loaded once per kernel, replicated over the tile's rows (a
// DMA with source stride 0), because vector operands have one row stride.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include <algorithm>
#include <limits>

using namespace strata::npu;
using namespace strata::npu::lowering;

namespace {
/// SRAM and accumulator addresses of a kernel's buffers.
struct Layout {
  int64_t stage[2], stageB[2], a16[2], b16[2], bias, acc[2];
  int64_t sramBytes, accBytes;
};
} // namespace

static Layout layout(const MatmulSpec &s, int64_t tm, int64_t tn, int64_t tk) {
  Layout l;
  BumpAllocator sram;
  auto take = [&](int64_t bytes) { return sram.take(bytes); };
  for (int b = 0; b < 2; ++b)
    l.stage[b] = take(tm * tk * 4);
  for (int b = 0; b < 2; ++b)
    l.a16[b] = take(tm * tk * 2);
  for (int b = 0; b < 2; ++b)
    l.b16[b] = take(tk * tn * 2);
  for (int b = 0; b < 2; ++b)
    l.stageB[b] = s.bActivation ? take(tk * tn * 4) : 0;
  l.bias = s.bias ? take(tm * s.n * 4) : 0;
  l.sramBytes = sram.top;
  l.acc[0] = 0;
  l.acc[1] = tm * tn * 4;
  l.accBytes = 2 * tm * tn * 4;
  return l;
}

/// Estimated cycles: the busiest engine, plus the first load that nothing
/// hides. The DMA queue pays the DRAM latency per transfer and shares the
/// bus with the stores.
static uint64_t estimate(const TargetDesc &t, const MatmulSpec &s, int64_t tm,
                         int64_t tn, int64_t tk) {
  uint64_t tiles = s.batch * ceilDiv(s.m, tm) * ceilDiv(s.n, tn);
  uint64_t steps = tiles * ceilDiv(s.k, tk);
  int64_t bBytes = s.bActivation ? 4 : 2;
  uint64_t load = 2 * t.dramLatency +
                  t.dramTransferCycles(tm * t.burstBytes(0, tk * 4)) +
                  t.dramTransferCycles(tk * t.burstBytes(0, tn * bBytes));
  uint64_t store =
      t.dramLatency + t.dramTransferCycles(tm * t.burstBytes(0, tn * 4));
  uint64_t convert =
      t.vectorCycles(VectorOpClass::Simple, tm * tk, 4) +
      (s.bActivation ? t.vectorCycles(VectorOpClass::Simple, tk * tn, 4) : 0);
  uint64_t mm = t.matmulCycles(DType::BF16, tm, tn, tk);
  uint64_t epilogue =
      (s.bias ? t.vectorCycles(VectorOpClass::Simple, tm * tn, 4) : 0) +
      (s.relu ? t.vectorCycles(VectorOpClass::Simple, tm * tn, 4) : 0);
  uint64_t dmaIn = steps * load + tiles * (store - t.dramLatency);
  uint64_t vector = steps * convert + tiles * epilogue;
  uint64_t matrix = steps * mm;
  return std::max({dmaIn, vector, matrix}) + load + convert + store;
}

std::optional<MatmulTiles> strata::npu::lowering::chooseMatmulTiles(
    const TargetDesc &t, const MatmulSpec &s, std::string &why) {
  std::optional<MatmulTiles> best;
  if (s.bias && s.n * 4 > 0xffff * 4) {
    why = "N = " + std::to_string(s.n) + " exceeds the vector unit's stride";
    return std::nullopt;
  }
  for (int64_t tm : tileCandidates(s.m, t.matMaxDim))
    for (int64_t tn : tileCandidates(s.n, t.matMaxDim))
      for (int64_t tk : tileCandidates(s.k, t.matMaxDim)) {
        Layout l = layout(s, tm, tn, tk);
        if (l.sramBytes > int64_t(t.sramBytes) ||
            l.accBytes > int64_t(t.accBytes) || tk * 4 > 0xffff ||
            tn * 4 > 0xffff)
          continue;
        uint64_t cycles = estimate(t, s, tm, tn, tk);
        if (!best || cycles < best->estimatedCycles)
          best = MatmulTiles{tm, tn, tk, cycles};
      }
  if (!best)
    why = "no tiling of " + std::to_string(s.m) + "x" + std::to_string(s.n) +
          "x" + std::to_string(s.k) + " fits SRAM (" +
          std::to_string(t.sramBytes) + " bytes) and the accumulator";
  return best;
}

void strata::npu::lowering::emitMatmul(ProgramBuilder &pb, const MatmulSpec &s,
                                       const MatmulTiles &tiles) {
  const int64_t tm = tiles.tm, tn = tiles.tn, tk = tiles.tk;
  Layout l = layout(s, tm, tn, tk);
  pb.beginKernel();
  if (s.bias) {
    // Replicate the bias over tm rows, in chunks of whole DMA rows.
    for (int64_t col = 0; col < s.n; col += 8192) {
      int64_t cols = std::min<int64_t>(8192, s.n - col);
      pb.dma(Queue::DmaIn, Space::SRAM, l.bias + col * 4, s.n * 4, Space::DRAM,
             *s.bias + col * 4, 0, tm, cols * 4);
    }
    pb.setFlag(Queue::DmaIn, kConstLoaded);
    pb.waitFlag(Queue::Vector, kConstLoaded);
  }
  pb.grantAccumulatorCredits();

  int64_t step = 0, tile = 0;
  for (int64_t bi = 0; bi < s.batch; ++bi)
    for (int64_t i0 = 0; i0 < s.m; i0 += tm) {
      int64_t m = std::min(tm, s.m - i0);
      for (int64_t j0 = 0; j0 < s.n; j0 += tn, ++tile) {
        int64_t n = std::min(tn, s.n - j0);
        int c = tile % 2;
        pb.waitFlag(Queue::Matrix, kEmpty0 + c);
        for (int64_t k0 = 0; k0 < s.k; k0 += tk, ++step) {
          int64_t k = std::min(tk, s.k - k0);
          int b = step % 2;
          pb.waitFlag(Queue::DmaIn, kFree0 + b);
          int64_t a = s.a + bi * s.aBatchStride * 4;
          pb.dma(Queue::DmaIn, Space::SRAM, l.stage[b], tk * 4, Space::DRAM,
                 a + (i0 * s.k + k0) * 4, s.k * 4, m, k * 4);
          if (s.bActivation)
            pb.dma(Queue::DmaIn, Space::SRAM, l.stageB[b], tn * 4, Space::DRAM,
                   s.b + (bi * s.bBatchStride + k0 * s.n + j0) * 4, s.n * 4, k,
                   n * 4);
          else
            pb.dma(Queue::DmaIn, Space::SRAM, l.b16[b], tn * 2, Space::DRAM,
                   s.b + (bi * s.bBatchStride + k0 * s.n + j0) * 2, s.n * 2, k,
                   n * 2);
          pb.setFlag(Queue::DmaIn, kLoaded0 + b);

          pb.waitFlag(Queue::Vector, kLoaded0 + b);
          pb.emit(Queue::Vector,
                  vectorOp(Opcode::VCvt, Space::SRAM, l.a16[b], pb.mmaType,
                           Space::SRAM, l.stage[b], DType::F32, m, k, tk, tk));
          if (s.bActivation)
            pb.emit(Queue::Vector,
                    vectorOp(Opcode::VCvt, Space::SRAM, l.b16[b], pb.mmaType,
                             Space::SRAM, l.stageB[b], DType::F32, k, n, tn,
                             tn));
          pb.setFlag(Queue::Vector, kFull0 + b);
          if (k0 == 0)
            pb.flushDeferredVector();

          pb.waitFlag(Queue::Matrix, kFull0 + b);
          pb.emit(Queue::Matrix, matmulOp(pb.mmaType, k0 > 0, m, n, k, l.acc[c],
                                          tn, l.a16[b], tk, l.b16[b], tn));
          pb.setFlag(Queue::Matrix, kFree0 + b);
        }
        pb.setFlag(Queue::Matrix, kDone0 + c);

        pb.beginDeferVector();
        pb.waitFlag(Queue::Vector, kDone0 + c);
        if (s.bias) {
          Instruction add =
              vectorOp(Opcode::VAdd, Space::ACC, l.acc[c], DType::F32,
                       Space::ACC, l.acc[c], DType::F32, m, n, tn, tn);
          add.src1 = l.bias + j0 * 4;
          add.src1Stride = s.n;
          pb.emit(Queue::Vector, add);
        }
        if (s.relu)
          pb.emit(Queue::Vector,
                  vectorOp(Opcode::VRelu, Space::ACC, l.acc[c], DType::F32,
                           Space::ACC, l.acc[c], DType::F32, m, n, tn, tn));
        pb.setFlag(Queue::Vector, kReady0 + c);
        pb.endDeferVector();

        pb.waitFlag(Queue::DmaOut, kReady0 + c);
        pb.dma(Queue::DmaOut, Space::DRAM,
               s.out + (bi * s.m * s.n + i0 * s.n + j0) * 4, s.n * 4,
               Space::ACC, l.acc[c], tn * 4, m, n * 4);
        pb.setFlag(Queue::DmaOut, kEmpty0 + c);
      }
    }
  pb.drainAccumulatorCredits();
  pb.endKernel();
}
