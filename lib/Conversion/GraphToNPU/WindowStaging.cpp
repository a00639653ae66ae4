//===- WindowStaging.cpp - Staging sliding-window inputs in SRAM ----------===//
//
// Convolution and pooling read their input through the layout of
// WindowSpec (Kernels.h): a tile of output rows is loaded padded into SRAM
// by one 3-D DMA (channels x rows x row), the rows outside the image are
// refilled with the pad value, and for strides > 1 on-chip DMAs of single
// elements split the tile into its sh * sw phase images, so that every
// window tap is a dense operand at a fixed offset: no im2col copy, and the
// matrix unit's B operand (or the vector unit's source) streams it with one
// row stride.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include <algorithm>

using namespace strata::npu;
using namespace strata::npu::lowering;

WindowTile strata::npu::lowering::windowTile(const WindowSpec &s, int64_t rows,
                                             int64_t channels) {
  WindowTile t;
  t.rows = rows;
  t.channels = channels;
  t.phases = s.sh * s.sw;
  // Output rows r < rows read phase rows r + i dh / sh for taps i < kh.
  t.hq = rows + (s.kh - 1) * s.dh / s.sh;
  t.wq = ceilDiv(s.padL + s.w + s.padR, s.sw);
  t.wp = t.wq * s.sw;
  return t;
}

int64_t strata::npu::lowering::tapOffset(const WindowSpec &s,
                                         const WindowTile &t, int64_t i,
                                         int64_t j) {
  int64_t y = i * s.dh, x = j * s.dw; // the tap's offset in the window
  int64_t phase = (y % s.sh) * s.sw + x % s.sw;
  return phase * t.channels * t.hq * t.wq + (y / s.sh) * t.wq + x / s.sw;
}

int64_t strata::npu::lowering::windowFill(ProgramBuilder &pb,
                                          const WindowSpec &s,
                                          const WindowTile &t) {
  return pb.addConstantF32(std::vector<float>(t.wp, s.padValue));
}

void strata::npu::lowering::emitWindowClear(ProgramBuilder &pb,
                                            const WindowTile &t, int64_t raw,
                                            int64_t fill) {
  int64_t rows = t.elements() / t.wp; // channels * sh * hq
  pb.dma(Queue::DmaIn, Space::SRAM, raw, t.wp * 4, Space::DRAM, fill, 0, rows,
         t.wp * 4);
}

void strata::npu::lowering::emitWindowLoad(ProgramBuilder &pb,
                                           const WindowSpec &s,
                                           const WindowTile &t, int64_t img,
                                           int64_t c0, int64_t cb, int64_t oh0,
                                           int64_t raw, int64_t phased,
                                           int64_t fill) {
  const int64_t rowsAlloc = s.sh * t.hq;  // raw rows per channel
  const int64_t pr0 = oh0 * s.sh;         // first padded row of the tile
  const int64_t pitch = rowsAlloc * t.wp; // raw channel pitch, elements
  int64_t first = std::max<int64_t>(0, pr0 - s.padT);
  int64_t last = std::min<int64_t>(s.h, pr0 + rowsAlloc - s.padT);
  int64_t top = rowsAlloc, bottom = rowsAlloc; // local rows to refill
  if (last > first) {
    top = first + s.padT - pr0;
    bottom = last + s.padT - pr0;
    pb.dma3(Queue::DmaIn, Space::SRAM, raw + (top * t.wp + s.padL) * 4,
            t.wp * 4, pitch * 4, Space::DRAM,
            s.input + ((img * s.channels + c0) * s.h + first) * s.w * 4,
            s.w * 4, s.h * s.w * 4, cb, last - first, s.w * 4);
  }
  if (top > 0)
    pb.dma3(Queue::DmaIn, Space::SRAM, raw, t.wp * 4, pitch * 4, Space::DRAM,
            fill, 0, 0, cb, top, t.wp * 4);
  if (bottom < rowsAlloc)
    pb.dma3(Queue::DmaIn, Space::SRAM, raw + bottom * t.wp * 4, t.wp * 4,
            pitch * 4, Space::DRAM, fill, 0, 0, cb, rowsAlloc - bottom,
            t.wp * 4);
  if (t.phases == 1)
    return;
  // Phase (a, b): plane q = c * hq + y reads raw row q * sh + a (as
  // rowsAlloc = sh * hq), every sw-th element from column b.
  for (int64_t a = 0; a < s.sh; ++a)
    for (int64_t b = 0; b < s.sw; ++b)
      pb.dma3(Queue::DmaIn, Space::SRAM,
              phased + (a * s.sw + b) * t.channels * t.hq * t.wq * 4, 4,
              t.wq * 4, Space::SRAM, raw + (a * t.wp + b) * 4, s.sw * 4,
              s.sh * t.wp * 4, cb * t.hq, t.wq, 4);
}

void strata::npu::lowering::emitWindowStore(
    ProgramBuilder &pb, const WindowSpec &s, const WindowTile &t,
    int64_t outChannels, int64_t out, int64_t img, int64_t c0, int64_t cb,
    int64_t oh0, int64_t rows, Space space, int64_t src, int64_t pitch) {
  pb.dma3(Queue::DmaOut, Space::DRAM,
          out + ((img * outChannels + c0) * s.oh + oh0) * s.ow * 4, s.ow * 4,
          s.oh * s.ow * 4, space, src, t.wq * 4, pitch * 4, cb, rows, s.ow * 4);
}
