//===- Int8MatmulKernel.cpp - INT8 x INT8 -> INT32 matmul, requantised ----===//
//
// The quantised form of the matmul kernel (MatmulKernel.cpp): the operands
// are already int8, so there is no conversion step, and the epilogue
// requantises the int32 accumulator tile to int8 in SRAM:
//   dma_in  per K step: wait FREE[b]; load the A and B tiles; set FULL[b]
//   matrix  per tile: wait EMPTY[c]; per K step: wait FULL[b]; matmul i8
//           (accumulate after the first step); set FREE[b]; set DONE[c]
//   vector  per tile: wait DONE[c]; vrequant acc[c] -> out8[c] (one
//           instruction, or one per column for per-channel scales);
//           set READY[c]
//   dma_out per tile: wait READY[c]; store out8[c]; set EMPTY[c]
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include <algorithm>

using namespace strata::npu;
using namespace strata::npu::lowering;

namespace {
struct Int8Layout {
  int64_t a8[2], b8[2], out8[2], acc[2];
  int64_t sramBytes, accBytes;
};
} // namespace

static Int8Layout int8Layout(int64_t tm, int64_t tn, int64_t tk) {
  Int8Layout l;
  BumpAllocator sram;
  for (int b = 0; b < 2; ++b)
    l.a8[b] = sram.take(tm * tk);
  for (int b = 0; b < 2; ++b)
    l.b8[b] = sram.take(tk * tn);
  for (int b = 0; b < 2; ++b)
    l.out8[b] = sram.take(tm * tn);
  l.sramBytes = sram.top;
  l.acc[0] = 0;
  l.acc[1] = tm * tn * 4;
  l.accBytes = 2 * tm * tn * 4;
  return l;
}

std::optional<MatmulTiles> strata::npu::lowering::chooseInt8MatmulTiles(
    const TargetDesc &t, const Int8MatmulSpec &s, std::string &why) {
  if (s.multipliers.empty() || s.multipliers.size() != s.shifts.size() ||
      (s.multipliers.size() != 1 && int64_t(s.multipliers.size()) != s.n)) {
    why = "needs one multiplier and shift, or one per output column";
    return std::nullopt;
  }
  std::optional<MatmulTiles> best;
  for (int64_t tm : tileCandidates(s.m, t.matMaxDim))
    for (int64_t tn : tileCandidates(s.n, t.matMaxDim))
      for (int64_t tk : tileCandidates(s.k, t.matMaxDim)) {
        Int8Layout l = int8Layout(tm, tn, tk);
        if (l.sramBytes > int64_t(t.sramBytes) ||
            l.accBytes > int64_t(t.accBytes))
          continue;
        uint64_t tiles = ceilDiv(s.m, tm) * ceilDiv(s.n, tn);
        uint64_t steps = tiles * ceilDiv(s.k, tk);
        uint64_t load = 2 * t.dramLatency +
                        t.dramTransferCycles(tm * t.burstBytes(0, tk)) +
                        t.dramTransferCycles(tk * t.burstBytes(0, tn));
        uint64_t store =
            t.dramLatency + t.dramTransferCycles(tm * t.burstBytes(0, tn));
        uint64_t requant = t.vectorCycles(VectorOpClass::Requant, tm * tn, 4) *
                           (s.multipliers.size() == 1 ? 1 : 1 + tn / 8);
        uint64_t matrix = steps * t.matmulCycles(DType::I8, tm, tn, tk);
        uint64_t dmaIn = steps * load + tiles * (store - t.dramLatency);
        uint64_t cycles =
            std::max({dmaIn, tiles * requant, matrix}) + load + store;
        if (!best || cycles < best->estimatedCycles)
          best = MatmulTiles{tm, tn, tk, cycles};
      }
  if (!best)
    why = "no tiling of the int8 " + std::to_string(s.m) + "x" +
          std::to_string(s.n) + "x" + std::to_string(s.k) +
          " matmul fits SRAM and the accumulator";
  return best;
}

void strata::npu::lowering::emitInt8Matmul(ProgramBuilder &pb,
                                           const Int8MatmulSpec &s,
                                           const MatmulTiles &tiles) {
  const int64_t tm = tiles.tm, tn = tiles.tn, tk = tiles.tk;
  Int8Layout l = int8Layout(tm, tn, tk);
  pb.beginKernel();
  pb.grantAccumulatorCredits();
  int64_t step = 0, tile = 0;
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
        pb.dma(Queue::DmaIn, Space::SRAM, l.a8[b], tk, Space::DRAM,
               s.a + i0 * s.k + k0, s.k, m, k);
        pb.dma(Queue::DmaIn, Space::SRAM, l.b8[b], tn, Space::DRAM,
               s.b + k0 * s.n + j0, s.n, k, n);
        pb.setFlag(Queue::DmaIn, kFull0 + b);

        pb.waitFlag(Queue::Matrix, kFull0 + b);
        pb.emit(Queue::Matrix, matmulOp(DType::I8, k0 > 0, m, n, k, l.acc[c],
                                        tn, l.a8[b], tk, l.b8[b], tn));
        pb.setFlag(Queue::Matrix, kFree0 + b);
      }
      pb.setFlag(Queue::Matrix, kDone0 + c);

      pb.waitFlag(Queue::Vector, kDone0 + c);
      bool perTensor = s.multipliers.size() == 1;
      for (int64_t j = 0; j < (perTensor ? 1 : n); ++j) {
        Instruction rq = vectorOp(Opcode::VRequant, Space::SRAM, l.out8[c] + j,
                                  DType::I8, Space::ACC, l.acc[c] + j * 4,
                                  DType::I32, m, perTensor ? n : 1, tn, tn);
        size_t q = perTensor ? 0 : size_t(j0 + j);
        rq.imm = s.multipliers[q];
        rq.shift = s.shifts[q];
        rq.zp = s.zeroPoint;
        pb.emit(Queue::Vector, rq);
      }
      pb.setFlag(Queue::Vector, kReady0 + c);

      pb.waitFlag(Queue::DmaOut, kReady0 + c);
      pb.dma(Queue::DmaOut, Space::DRAM, s.out + i0 * s.n + j0, s.n,
             Space::SRAM, l.out8[c], tn, m, n);
      pb.setFlag(Queue::DmaOut, kEmpty0 + c);
    }
  }
  pb.drainAccumulatorCredits();
  pb.endKernel();
}
