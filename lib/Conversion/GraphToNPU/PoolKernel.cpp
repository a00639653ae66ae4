//===- PoolKernel.cpp - Pooling on the NPU's vector unit ------------------===//
//
// Max pooling stages its input as convolution does (WindowStaging.cpp,
// padded with -inf) and folds the taps with vmax into an SRAM result tile;
// average pooling pads with 0, folds with vadd and scales by 1 / (kh kw)
// (the count includes the padding):
//   dma_in  wait FREE[b]; stage tile t in raw[b] (and phases); set LOADED[b]
//   vector  wait LOADED[b]; out[b] = max (sum) over the taps; set READY[b]
//   dma_out wait READY[b]; store the valid columns; set FREE[b]
// Global average pooling is a row mean: vredsum then a scale by 1 / cols,
// in chunks through two buffers with the same three-queue schedule.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "strata/Target/NPU/FloatConv.h"

#include <algorithm>

using namespace strata::npu;
using namespace strata::npu::lowering;

namespace {
struct PoolLayout {
  int64_t raw[2], phased[2], out[2], divisors[2] = {0, 0};
  int64_t bytes;
};
} // namespace

static PoolLayout poolLayout(const WindowSpec &s, const WindowTile &t) {
  PoolLayout l;
  BumpAllocator sram;
  auto take = [&](int64_t bytes) { return sram.take(bytes); };
  for (int b = 0; b < 2; ++b)
    l.raw[b] = take(t.elements() * 4);
  for (int b = 0; b < 2; ++b)
    l.phased[b] = t.phases > 1 ? take((t.elements() + t.wq) * 4) : l.raw[b];
  for (int b = 0; b < 2; ++b)
    l.out[b] = take(t.channels * t.n() * 4);
  for (int b = 0; s.countOnlyInside && b < 2; ++b)
    l.divisors[b] = take(t.channels * t.n() * 4);
  l.bytes = sram.top;
  return l;
}

std::optional<PoolTiles>
strata::npu::lowering::choosePoolTiles(const TargetDesc &t, const WindowSpec &s,
                                       std::string &why) {
  constexpr int64_t kField16 = 0xffff;
  int64_t wq = ceilDiv(s.padL + s.w + s.padR, s.sw);
  std::optional<PoolTiles> best;
  uint64_t bestCycles = 0;
  for (int64_t tc : tileCandidates(s.channels, kField16))
    for (int64_t rows = 1; rows <= s.oh; ++rows) {
      WindowTile wt = windowTile(s, rows, tc);
      if (poolLayout(s, wt).bytes > int64_t(t.sramBytes) ||
          wt.hq * wt.wq > kField16 || wt.n() > kField16 ||
          wt.elements() / wt.wp > kField16 || tc * wt.hq > kField16 ||
          wt.wp * 4 > kField16 || s.w * 4 > kField16)
        break; // more rows only grow the tile
      uint64_t tiles = s.batch * ceilDiv(s.channels, tc) * ceilDiv(s.oh, rows);
      int64_t inputRows = std::min<int64_t>(s.h, s.sh * wt.hq);
      uint64_t load =
          t.dramLatency +
          t.dramTransferCycles(tc * inputRows * t.burstBytes(0, s.w * 4));
      if (wt.phases > 1)
        load += wt.phases * t.onChipCopyCycles(tc * wt.hq * wt.wq * 4);
      uint64_t compute = std::max<int64_t>(1, s.kh * s.kw - 1) *
                         t.vectorCycles(VectorOpClass::Simple, tc * wt.n(), 4);
      uint64_t store =
          t.dramLatency +
          t.dramTransferCycles(tc * rows * t.burstBytes(0, s.ow * 4));
      uint64_t cycles =
          tiles * std::max({load, compute, store}) + load + compute + store;
      if (!best || cycles < bestCycles) {
        best = PoolTiles{tc, rows};
        bestCycles = cycles;
      }
    }
  if (!best)
    why = "no tiling of the " + std::to_string(s.h) + "x" +
          std::to_string(s.w) + " pooling window fits SRAM (row of " +
          std::to_string(wq * s.sw) + " padded columns)";
  return best;
}

void strata::npu::lowering::emitPool(ProgramBuilder &pb, const WindowSpec &s,
                                     const PoolTiles &tiles, int64_t out,
                                     bool average) {
  WindowTile wt = windowTile(s, tiles.rows, tiles.channels);
  PoolLayout l = poolLayout(s, wt);
  const int64_t n = wt.n(), stride = wt.hq * wt.wq;
  int64_t fill = windowFill(pb, s, wt);
  // count_include_pad = 0: 1 / (taps inside the image) per output position,
  // [oh][wq] (0 in the columns x >= ow that are never stored).
  int64_t reciprocals = 0;
  if (average && s.countOnlyInside) {
    auto inside = [](int64_t first, int64_t k, int64_t d, int64_t size) {
      int64_t count = 0;
      for (int64_t i = 0; i < k; ++i)
        count += first + i * d >= 0 && first + i * d < size;
      return count;
    };
    std::vector<float> values(s.oh * wt.wq, 0.0f);
    for (int64_t y = 0; y < s.oh; ++y)
      for (int64_t x = 0; x < s.ow; ++x) {
        int64_t count = inside(y * s.sh - s.padT, s.kh, s.dh, s.h) *
                        inside(x * s.sw - s.padL, s.kw, s.dw, s.w);
        values[y * wt.wq + x] = count ? 1.0f / float(count) : 0.0f;
      }
    reciprocals = pb.addConstantF32(values);
  }
  pb.beginKernel();
  for (int b = 0; b < 2; ++b) {
    emitWindowClear(pb, wt, l.raw[b], fill);
    pb.setFlag(Queue::DmaOut, kFree0 + b);
  }
  int64_t tile = 0;
  for (int64_t img = 0; img < s.batch; ++img)
    for (int64_t c0 = 0; c0 < s.channels; c0 += tiles.channels)
      for (int64_t oh0 = 0; oh0 < s.oh; oh0 += tiles.rows, ++tile) {
        int64_t cb = std::min(tiles.channels, s.channels - c0);
        int64_t rows = std::min(tiles.rows, s.oh - oh0);
        int b = tile % 2;
        pb.waitFlag(Queue::DmaIn, kFree0 + b);
        emitWindowLoad(pb, s, wt, img, c0, cb, oh0, l.raw[b], l.phased[b],
                       fill);
        if (reciprocals) // The tile's rows, once per channel (plane stride 0).
          pb.dma3(Queue::DmaIn, Space::SRAM, l.divisors[b], wt.wq * 4, n * 4,
                  Space::DRAM, reciprocals + oh0 * wt.wq * 4, wt.wq * 4, 0, cb,
                  rows, wt.wq * 4);
        pb.setFlag(Queue::DmaIn, kLoaded0 + b);

        pb.waitFlag(Queue::Vector, kLoaded0 + b);
        auto tap = [&](int64_t t) {
          return l.phased[b] + tapOffset(s, wt, t / s.kw, t % s.kw) * 4;
        };
        int64_t taps = s.kh * s.kw;
        if (taps == 1) {
          Instruction copy = vectorOp(Opcode::VMulS, Space::SRAM, l.out[b],
                                      DType::F32, Space::SRAM, tap(0),
                                      DType::F32, cb, rows * wt.wq, n, stride);
          copy.imm = f32Bits(1.0f);
          pb.emit(Queue::Vector, copy);
        }
        for (int64_t t = 1; t < taps; ++t) {
          Instruction fold = vectorOp(
              average ? Opcode::VAdd : Opcode::VMax, Space::SRAM, l.out[b],
              DType::F32, Space::SRAM, t == 1 ? tap(0) : l.out[b], DType::F32,
              cb, rows * wt.wq, n, t == 1 ? stride : n);
          fold.src1 = tap(t);
          fold.src1Stride = stride;
          pb.emit(Queue::Vector, fold);
        }
        if (reciprocals) {
          // out[c][p] *= 1 / count[p] (the table replicated per channel:
          // vector operands cannot repeat a row).
          Instruction scale = vectorOp(Opcode::VMul, Space::SRAM, l.out[b],
                                       DType::F32, Space::SRAM, l.out[b],
                                       DType::F32, cb, rows * wt.wq, n, n);
          scale.src1 = l.divisors[b];
          scale.src1Stride = n;
          pb.emit(Queue::Vector, scale);
        } else if (average && taps > 1) {
          Instruction scale = vectorOp(Opcode::VMulS, Space::SRAM, l.out[b],
                                       DType::F32, Space::SRAM, l.out[b],
                                       DType::F32, cb, rows * wt.wq, n, n);
          scale.imm = f32Bits(1.0f / float(taps));
          pb.emit(Queue::Vector, scale);
        }
        pb.setFlag(Queue::Vector, kReady0 + b);

        pb.waitFlag(Queue::DmaOut, kReady0 + b);
        emitWindowStore(pb, s, wt, s.channels, out, img, c0, cb, oh0, rows,
                        Space::SRAM, l.out[b], n);
        pb.setFlag(Queue::DmaOut, kFree0 + b);
      }
  for (int b = 0; b < 2; ++b)
    pb.waitFlag(Queue::DmaIn, kFree0 + b);
  pb.endKernel();
}

void strata::npu::lowering::emitRowMean(ProgramBuilder &pb, int64_t rows,
                                        int64_t cols, int64_t in, int64_t out) {
  // Per buffer: a chunk of up to 128 KiB of rows, then its row means.
  constexpr int64_t kChunkBytes = 128 * 1024;
  int64_t chunkRows =
      std::clamp<int64_t>(kChunkBytes / (cols * 4), 1, 0xffff / 4);
  int64_t bufBytes = chunkRows * cols * 4 + chunkRows * 4 + 64;
  bufBytes = (bufBytes + 63) / 64 * 64;
  pb.beginKernel();
  for (int b = 0; b < 2; ++b)
    pb.setFlag(Queue::DmaOut, kFree0 + b);
  int64_t chunk = 0;
  for (int64_t r0 = 0; r0 < rows; r0 += chunkRows, ++chunk) {
    int64_t rc = std::min(chunkRows, rows - r0);
    int b = chunk % 2;
    int64_t x = b * bufBytes, y = x + (chunkRows * cols * 4 + 63) / 64 * 64;
    pb.waitFlag(Queue::DmaIn, kFree0 + b);
    pb.dma(Queue::DmaIn, Space::SRAM, x, cols * 4, Space::DRAM,
           in + r0 * cols * 4, cols * 4, rc, cols * 4);
    pb.setFlag(Queue::DmaIn, kLoaded0 + b);
    pb.waitFlag(Queue::Vector, kLoaded0 + b);
    pb.emit(Queue::Vector,
            vectorOp(Opcode::VRedSum, Space::SRAM, y, DType::F32, Space::SRAM,
                     x, DType::F32, rc, cols, 1, cols));
    Instruction scale = vectorOp(Opcode::VMulS, Space::SRAM, y, DType::F32,
                                 Space::SRAM, y, DType::F32, 1, rc, rc, rc);
    scale.imm = f32Bits(1.0f / float(cols));
    pb.emit(Queue::Vector, scale);
    pb.setFlag(Queue::Vector, kReady0 + b);
    pb.waitFlag(Queue::DmaOut, kReady0 + b);
    pb.dma(Queue::DmaOut, Space::DRAM, out + r0 * 4, rc * 4, Space::SRAM, y,
           rc * 4, 1, rc * 4);
    pb.setFlag(Queue::DmaOut, kFree0 + b);
  }
  for (int b = 0; b < 2; ++b)
    pb.waitFlag(Queue::DmaIn, kFree0 + b);
  pb.endKernel();
}
