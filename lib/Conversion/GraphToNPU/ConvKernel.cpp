//===- ConvKernel.cpp - 2-D convolution on the NPU's matrix unit ----------===//
//
// A convolution is a sum over its kh * kw taps of matmuls: with the input
// staged as in WindowStaging.cpp, tap (i, j) is a dense bf16 operand
// B[ci x rows*wq], and C[co x rows*wq] += W_ij[co x ci] * B. Tiles: tco
// output channels x R output rows per accumulator tile, the K loop over
// blocks of tci input channels. Schedule (flags of ProgramBuilder.h):
//   dma_in  per K step: wait FREE[b]; stage the input block in raw[b] (and
//           its phases); load the weight block (all taps); set LOADED[b]
//   vector  per K step: wait LOADED[b]; input f32 -> bf16; set FULL[b];
//           per tile (after the next tile's first conversion): wait
//           DONE[c]; the activation in the accumulator; set READY[c]
//   matrix  per tile: wait EMPTY[c]; bias matmul; per K step: wait FULL[b];
//           one matmul per tap; set FREE[b]; then set DONE[c]
//   dma_out per tile: wait READY[c]; store the valid columns; set EMPTY[c]
// The bias is added by a k = 2 matmul of its bf16 split (hi, lo = bias -
// hi) against a [2 x n] block of ones, which is exact to 2^-16 relative and
// needs no broadcast copy. Depthwise convolutions use the same schedule
// with one K step per channel block and block-diagonal weight tiles.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "strata/Target/NPU/FloatConv.h"

#include <algorithm>

using namespace strata::npu;
using namespace strata::npu::lowering;

namespace {
/// SRAM and accumulator addresses of a convolution's buffers.
struct ConvLayout {
  int64_t raw[2], phased[2], q16[2], w16[2], bias = 0, ones = 0, acc[2];
  int64_t sramBytes, accBytes;
};
} // namespace

static int64_t numTaps(const ConvSpec &s) { return s.in.kh * s.in.kw; }

static ConvLayout convLayout(const ConvSpec &s, const WindowTile &t,
                             int64_t tco) {
  ConvLayout l;
  BumpAllocator sram;
  auto take = [&](int64_t bytes) { return sram.take(bytes); };
  for (int b = 0; b < 2; ++b)
    l.raw[b] = take(t.elements() * 4);
  for (int b = 0; b < 2; ++b)
    l.phased[b] = t.phases > 1 ? take(t.elements() * 4) : l.raw[b];
  // A tap reads up to (kw - 1) / sw elements past its channel block.
  for (int b = 0; b < 2; ++b)
    l.q16[b] = take((t.elements() + t.wq) * 2);
  for (int b = 0; b < 2; ++b)
    l.w16[b] = take(numTaps(s) * tco * t.channels * 2);
  if (!s.bias.empty()) {
    l.bias = take(s.outChannels * 4);
    l.ones = take(2 * t.n() * 2);
  }
  l.sramBytes = sram.top;
  l.acc[0] = 0;
  l.acc[1] = tco * t.n() * 4;
  l.accBytes = 2 * tco * t.n() * 4;
  return l;
}

static int64_t activationOps(const Activation &act) {
  switch (act.kind) {
  case Activation::None:
    return 0;
  case Activation::Relu:
    return 1;
  case Activation::Clip:
    return 8;
  }
  return 0;
}

/// Does the tile fit the memories and every instruction field it fills?
static bool fits(const TargetDesc &t, const ConvSpec &s, const WindowTile &wt,
                 int64_t tco) {
  constexpr int64_t kField16 = 0xffff;
  ConvLayout l = convLayout(s, wt, tco);
  return l.sramBytes <= int64_t(t.sramBytes) &&
         l.accBytes <= int64_t(t.accBytes) &&
         wt.hq * wt.wq <= kField16 &&         // ldb, vector stride
         wt.elements() / wt.wq <= kField16 && // vcvt rows
         wt.elements() / wt.wp <= kField16 && // clear rows
         wt.channels * wt.hq <= kField16 &&   // phase planes
         numTaps(s) * tco <= kField16 &&      // weight rows
         wt.wp * 4 <= kField16 && s.in.w * 4 <= kField16 && // row bytes
         s.outChannels * 4 <= kField16;
}

/// Estimated cycles, as for matmul: the busiest engine plus the pipeline's
/// fill (first load and conversion) and drain (last store).
static uint64_t estimate(const TargetDesc &t, const ConvSpec &s,
                         const WindowTile &wt, int64_t tco) {
  const WindowSpec &in = s.in;
  const int64_t tci = wt.channels, n = wt.n(), taps = numTaps(s);
  uint64_t tiles =
      in.batch * ceilDiv(s.outChannels, tco) * ceilDiv(in.oh, wt.rows);
  uint64_t steps = tiles * (s.depthwise ? 1 : ceilDiv(in.channels, tci));
  int64_t inputRows = std::min<int64_t>(in.h, in.sh * wt.hq);
  uint64_t load =
      2 * t.dramLatency +
      t.dramTransferCycles(tci * inputRows * t.burstBytes(0, in.w * 4)) +
      t.dramTransferCycles(taps * tco * t.burstBytes(0, tci * 2));
  if (wt.phases > 1)
    load += wt.phases * t.onChipCopyCycles(tci * wt.hq * wt.wq * 4);
  uint64_t convert = t.vectorCycles(VectorOpClass::Simple, wt.elements(), 4);
  uint64_t mm = taps * t.matmulCycles(DType::BF16, tco, n, tci);
  uint64_t tileMM = s.bias.empty() ? 0 : t.matmulCycles(DType::BF16, tco, n, 2);
  uint64_t epilogue =
      activationOps(s.act) * t.vectorCycles(VectorOpClass::Simple, tco * n, 4);
  uint64_t store =
      t.dramLatency +
      t.dramTransferCycles(tco * wt.rows * t.burstBytes(0, in.ow * 4));
  uint64_t dmaIn = steps * load + tiles * (store - t.dramLatency);
  uint64_t vector = steps * convert + tiles * epilogue;
  uint64_t matrix = steps * mm + tiles * tileMM;
  return std::max({dmaIn, vector, matrix}) + load + convert + store;
}

std::optional<ConvTiles>
strata::npu::lowering::chooseConvTiles(const TargetDesc &t, const ConvSpec &s,
                                       std::string &why) {
  const WindowSpec &in = s.in;
  int64_t wq = ceilDiv(in.padL + in.w + in.padR, in.sw);
  if (wq > int64_t(t.matMaxDim)) {
    why = "a padded input row of " + std::to_string(wq * in.sw) +
          " columns is wider than one matmul (n <= " +
          std::to_string(t.matMaxDim) + ")";
    return std::nullopt;
  }
  std::optional<ConvTiles> best;
  for (int64_t tco : tileCandidates(s.outChannels, t.matMaxDim)) {
    std::vector<int64_t> ciCandidates =
        s.depthwise ? std::vector<int64_t>{tco}
                    : tileCandidates(in.channels, t.matMaxDim);
    for (int64_t tci : ciCandidates)
      for (int64_t rows = 1; rows <= in.oh && rows * wq <= int64_t(t.matMaxDim);
           ++rows) {
        WindowTile wt = windowTile(in, rows, tci);
        if (!fits(t, s, wt, tco))
          continue;
        uint64_t cycles = estimate(t, s, wt, tco);
        if (!best || cycles < best->estimatedCycles)
          best = ConvTiles{tco, tci, rows, cycles};
      }
  }
  if (!best)
    why = "no tiling of the " + std::to_string(in.channels) + " -> " +
          std::to_string(s.outChannels) + " channel convolution over " +
          std::to_string(in.h) + "x" + std::to_string(in.w) + " fits SRAM (" +
          std::to_string(t.sramBytes) + " bytes) and the accumulator";
  return best;
}

/// The weights as bf16 in the order the kernel loads them: dense
/// [tap][Co][Ci]; depthwise [block][tap][tco][tco], diagonal.
static std::vector<float> packWeights(const ConvSpec &s, int64_t tco) {
  const int64_t taps = numTaps(s), co = s.outChannels;
  if (!s.depthwise) {
    const int64_t ci = s.in.channels;
    std::vector<float> packed(taps * co * ci);
    for (int64_t o = 0; o < co; ++o)
      for (int64_t c = 0; c < ci; ++c)
        for (int64_t tap = 0; tap < taps; ++tap)
          packed[(tap * co + o) * ci + c] =
              s.weights[(o * ci + c) * taps + tap];
    return packed;
  }
  int64_t blocks = ceilDiv(co, tco);
  std::vector<float> packed(blocks * taps * tco * tco, 0.0f);
  for (int64_t o = 0; o < co; ++o) {
    int64_t blk = o / tco, r = o % tco;
    for (int64_t tap = 0; tap < taps; ++tap)
      packed[((blk * taps + tap) * tco + r) * tco + r] =
          s.weights[o * taps + tap];
  }
  return packed;
}

void strata::npu::lowering::emitConv(ProgramBuilder &pb, const ConvSpec &s,
                                     const ConvTiles &tiles) {
  const WindowSpec &in = s.in;
  const int64_t tco = tiles.co, tci = tiles.ci, taps = numTaps(s);
  const int64_t co = s.outChannels, ci = in.channels;
  WindowTile wt = windowTile(in, tiles.rows, tci);
  ConvLayout l = convLayout(s, wt, tco);
  const int64_t n = wt.n();

  int64_t fill = windowFill(pb, in, wt);
  int64_t weights = pb.addConstantMma(packWeights(s, tco));
  int64_t biasConst = 0, onesConst = 0;
  bool hasBias = !s.bias.empty();
  if (hasBias) {
    std::vector<float> split(2 * co);
    for (int64_t o = 0; o < co; ++o) {
      float hi = pb.roundToMma(s.bias[o]);
      split[2 * o] = hi;
      split[2 * o + 1] = s.bias[o] - hi;
    }
    biasConst = pb.addConstantMma(split);
    onesConst = pb.addConstantMma(std::vector<float>(2 * n, 1.0f));
  }

  pb.beginKernel();
  for (int b = 0; b < 2; ++b)
    emitWindowClear(pb, wt, l.raw[b], fill);
  if (hasBias) {
    pb.dma(Queue::DmaIn, Space::SRAM, l.bias, co * 4, Space::DRAM, biasConst,
           co * 4, 1, co * 4);
    pb.dma(Queue::DmaIn, Space::SRAM, l.ones, 4 * n, Space::DRAM, onesConst,
           4 * n, 1, 4 * n);
    pb.setFlag(Queue::DmaIn, kConstLoaded);
    pb.waitFlag(Queue::Matrix, kConstLoaded);
  }
  pb.grantAccumulatorCredits();
  auto matmul = [&](int64_t m, int64_t nn, int64_t k, int64_t dst, int64_t a,
                    int64_t lda, int64_t b, int64_t ldb, bool accumulate) {
    pb.emit(Queue::Matrix,
            matmulOp(pb.mmaType, accumulate, m, nn, k, dst, n, a, lda, b, ldb));
  };

  int64_t step = 0, tile = 0;
  for (int64_t img = 0; img < in.batch; ++img)
    for (int64_t co0 = 0; co0 < co; co0 += tco)
      for (int64_t oh0 = 0; oh0 < in.oh; oh0 += tiles.rows, ++tile) {
        int64_t cob = std::min(tco, co - co0);
        int64_t rows = std::min(tiles.rows, in.oh - oh0);
        int64_t nn = rows * wt.wq;
        int c = tile % 2;
        pb.waitFlag(Queue::Matrix, kEmpty0 + c);
        bool accumulate = false;
        if (hasBias) {
          matmul(cob, nn, 2, l.acc[c], l.bias + co0 * 4, 2, l.ones, n, false);
          accumulate = true;
        }
        int64_t ciBegin = s.depthwise ? co0 : 0;
        int64_t ciEnd = s.depthwise ? co0 + cob : ci;
        for (int64_t ci0 = ciBegin; ci0 < ciEnd; ci0 += tci, ++step) {
          int64_t cb = std::min(tci, ciEnd - ci0);
          int b = step % 2;
          pb.waitFlag(Queue::DmaIn, kFree0 + b);
          emitWindowLoad(pb, in, wt, img, ci0, cb, oh0, l.raw[b], l.phased[b],
                         fill);
          if (s.depthwise)
            pb.dma(Queue::DmaIn, Space::SRAM, l.w16[b], tco * 2, Space::DRAM,
                   weights + (co0 / tco) * taps * tco * tco * 2, tco * 2,
                   taps * tco, tco * 2);
          else
            pb.dma3(Queue::DmaIn, Space::SRAM, l.w16[b], tci * 2, tco * tci * 2,
                    Space::DRAM, weights + (co0 * ci + ci0) * 2, ci * 2,
                    co * ci * 2, taps, cob, cb * 2);
          pb.setFlag(Queue::DmaIn, kLoaded0 + b);

          pb.waitFlag(Queue::Vector, kLoaded0 + b);
          pb.emit(Queue::Vector,
                  vectorOp(Opcode::VCvt, Space::SRAM, l.q16[b], pb.mmaType,
                           Space::SRAM, l.phased[b], DType::F32,
                           wt.elements() / wt.wq, wt.wq, wt.wq, wt.wq));
          pb.setFlag(Queue::Vector, kFull0 + b);
          if (ci0 == ciBegin)
            pb.flushDeferredVector();

          pb.waitFlag(Queue::Matrix, kFull0 + b);
          for (int64_t i = 0; i < in.kh; ++i)
            for (int64_t j = 0; j < in.kw; ++j) {
              int64_t tap = i * in.kw + j;
              matmul(cob, nn, cb, l.acc[c], l.w16[b] + tap * tco * tci * 2, tci,
                     l.q16[b] + tapOffset(in, wt, i, j) * 2, wt.hq * wt.wq,
                     accumulate);
              accumulate = true;
            }
          pb.setFlag(Queue::Matrix, kFree0 + b);
        }
        pb.setFlag(Queue::Matrix, kDone0 + c);

        // The epilogue goes to the vector queue after the next tile's
        // first conversion, so it overlaps that tile's first matmuls.
        pb.beginDeferVector();
        pb.waitFlag(Queue::Vector, kDone0 + c);
        emitActivation(pb, s.act, Space::ACC, l.acc[c], cob, nn, n);
        pb.setFlag(Queue::Vector, kReady0 + c);
        pb.endDeferVector();

        pb.waitFlag(Queue::DmaOut, kReady0 + c);
        emitWindowStore(pb, in, wt, co, s.out, img, co0, cob, oh0, rows,
                        Space::ACC, l.acc[c], n);
        pb.setFlag(Queue::DmaOut, kEmpty0 + c);
      }
  pb.drainAccumulatorCredits();
  pb.endKernel();
}
