//===- CopyKernel.cpp - Transpose, slice and concat by DMA ----------------===//
//
// Data movement without arithmetic: the inputs are loaded whole into SRAM,
// strided on-chip DMAs move each input's view into the output buffer, and
// the output is stored whole:
//   dma_in  load every input; the moves; set READY[0]
//   dma_out wait READY[0]; store
// (READY, not LOADED: the next kernel's vector queue may already be
// waiting for a LOADED flag, and would take this one.)
// On-chip copies cost 16 + bytes / 256 cycles however they are strided, so
// element-granular moves (a transpose of the last axis) are cheap there,
// where a DRAM row of 4 bytes would cost a whole burst.
//
// A copy whose inputs and result do not fit SRAM at once is streamed
// instead: each move is cut into chunks of whole planes (or rows) of its
// collapsed view, and each chunk is loaded from DRAM with one strided DMA
// into a dense SRAM buffer and stored with one strided DMA, through two
// buffers (load chunk i+1 while chunk i is stored):
//   dma_in  wait FREE[b]; load chunk into buf[b]; set READY[b]
//   dma_out wait READY[b]; store buf[b]; set FREE[b]
// Rows are then read from DRAM at the view's granularity (a transpose of
// the last axis reads 4-byte rows, a burst each): correct, not fast.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include <algorithm>

using namespace strata::npu;
using namespace strata::npu::lowering;

static constexpr int64_t kField16 = 0xffff;

/// Copies `bytes` contiguous bytes in rows of at most 32 KiB.
static void copyFlat(ProgramBuilder &pb, Queue q, Space dstSpace, int64_t dst,
                     Space srcSpace, int64_t src, int64_t bytes) {
  constexpr int64_t kRow = 32768;
  int64_t rows = bytes / kRow;
  for (int64_t r0 = 0; r0 < rows; r0 += kField16) {
    int64_t n = std::min(kField16, rows - r0);
    pb.dma(q, dstSpace, dst + r0 * kRow, kRow, srcSpace, src + r0 * kRow, kRow,
           n, kRow);
  }
  if (int64_t rest = bytes - rows * kRow)
    pb.dma(q, dstSpace, dst + rows * kRow, rest, srcSpace, src + rows * kRow,
           rest, 1, rest);
}

/// Drops unit dims and merges dims that are contiguous in both views.
static ViewMove collapse(const ViewMove &m) {
  ViewMove c;
  c.input = m.input;
  c.srcOffset = m.srcOffset, c.dstOffset = m.dstOffset;
  c.dims.clear(), c.srcStrides.clear(), c.dstStrides.clear();
  for (size_t k = 0; k < m.dims.size(); ++k) {
    if (m.dims[k] == 1)
      continue;
    if (!c.dims.empty() && c.srcStrides.back() == m.srcStrides[k] * m.dims[k] &&
        c.dstStrides.back() == m.dstStrides[k] * m.dims[k]) {
      c.dims.back() *= m.dims[k];
      c.srcStrides.back() = m.srcStrides[k];
      c.dstStrides.back() = m.dstStrides[k];
      continue;
    }
    c.dims.push_back(m.dims[k]);
    c.srcStrides.push_back(m.srcStrides[k]);
    c.dstStrides.push_back(m.dstStrides[k]);
  }
  // Innermost a contiguous unit dim, so every move ends in a row.
  if (c.dims.empty() || c.srcStrides.back() != 1 || c.dstStrides.back() != 1) {
    c.dims.push_back(1);
    c.srcStrides.push_back(1);
    c.dstStrides.push_back(1);
  }
  // A contiguous row longer than a DMA row (16-bit byte count): rows of
  // the largest divisor of its length that fits.
  if (int64_t n = c.dims.back(); n * 4 > kField16) {
    int64_t f = kField16 / 4;
    while (n % f)
      --f;
    c.dims.back() = n / f;
    c.srcStrides.back() = c.dstStrides.back() = f;
    c.dims.push_back(f);
    c.srcStrides.push_back(1);
    c.dstStrides.push_back(1);
  }
  while (c.dims.size() < 4) {
    c.dims.insert(c.dims.begin(), 1);
    c.srcStrides.insert(c.srcStrides.begin(), 0);
    c.dstStrides.insert(c.dstStrides.begin(), 0);
  }
  return c;
}

/// Whether the inputs and the result fit SRAM at once (the on-chip form).
static bool fitsSRAM(const TargetDesc &t, const CopySpec &s) {
  int64_t bytes = s.outElements * 4;
  for (int64_t n : s.inputElements)
    bytes += (n * 4 + 63) / 64 * 64;
  return bytes <= int64_t(t.sramBytes);
}

std::optional<std::string> strata::npu::lowering::checkCopy(const TargetDesc &t,
                                                            const CopySpec &s) {
  for (const ViewMove &raw : s.moves) {
    ViewMove m = collapse(raw);
    if (m.dims.size() > 4)
      return std::string("the view has more than 3 strided dims");
    if (m.dims[1] > kField16 || m.dims[2] > kField16 ||
        m.dims[3] * 4 > kField16)
      return std::string("a dim is too large for one DMA descriptor");
  }
  return std::nullopt;
}

/// The streamed form (see the file comment).
static void emitStreamedCopy(ProgramBuilder &pb, const CopySpec &s) {
  const int64_t bufferBytes = int64_t(pb.target.sramBytes) / 2 / 64 * 64;
  pb.beginKernel();
  for (int b = 0; b < 2; ++b)
    pb.setFlag(Queue::DmaOut, kFree0 + b);
  int64_t chunk = 0;
  auto transfer = [&](int64_t src, int64_t dst, int64_t srcRow,
                      int64_t srcPlane, int64_t dstRow, int64_t dstPlane,
                      int64_t planes, int64_t rows, int64_t rowBytes) {
    int b = chunk++ % 2;
    int64_t buf = b * bufferBytes;
    pb.waitFlag(Queue::DmaIn, kFree0 + b);
    pb.dma3(Queue::DmaIn, Space::SRAM, buf, rowBytes, rows * rowBytes,
            Space::DRAM, src, srcRow, srcPlane, planes, rows, rowBytes);
    pb.setFlag(Queue::DmaIn, kReady0 + b);
    pb.waitFlag(Queue::DmaOut, kReady0 + b);
    pb.dma3(Queue::DmaOut, Space::DRAM, dst, dstRow, dstPlane, Space::SRAM, buf,
            rowBytes, rows * rowBytes, planes, rows, rowBytes);
    pb.setFlag(Queue::DmaOut, kFree0 + b);
  };
  for (const ViewMove &raw : s.moves) {
    ViewMove m = collapse(raw);
    const auto &d = m.dims, &ss = m.srcStrides, &ds = m.dstStrides;
    int64_t rowBytes = d[3] * 4, planeBytes = d[2] * rowBytes;
    for (int64_t i0 = 0; i0 < d[0]; ++i0) {
      int64_t src = s.inputs[m.input] + (m.srcOffset + i0 * ss[0]) * 4;
      int64_t dst = s.out + (m.dstOffset + i0 * ds[0]) * 4;
      if (planeBytes <= bufferBytes) {
        // Whole planes: up to bufferBytes / planeBytes per chunk.
        int64_t step = std::min<int64_t>(0xffff, bufferBytes / planeBytes);
        for (int64_t j0 = 0; j0 < d[1]; j0 += step)
          transfer(src + j0 * ss[1] * 4, dst + j0 * ds[1] * 4, ss[2] * 4,
                   ss[1] * 4, ds[2] * 4, ds[1] * 4, std::min(step, d[1] - j0),
                   d[2], rowBytes);
        continue;
      }
      // A plane is larger than a buffer: chunks of rows of one plane.
      int64_t step = std::min<int64_t>(0xffff, bufferBytes / rowBytes);
      for (int64_t j = 0; j < d[1]; ++j)
        for (int64_t k0 = 0; k0 < d[2]; k0 += step)
          transfer(src + (j * ss[1] + k0 * ss[2]) * 4,
                   dst + (j * ds[1] + k0 * ds[2]) * 4, ss[2] * 4, 0, ds[2] * 4,
                   0, 1, std::min(step, d[2] - k0), rowBytes);
    }
  }
  for (int b = 0; b < 2; ++b)
    pb.waitFlag(Queue::DmaIn, kFree0 + b);
  pb.endKernel();
}

void strata::npu::lowering::emitCopy(ProgramBuilder &pb, const CopySpec &s) {
  if (!fitsSRAM(pb.target, s))
    return emitStreamedCopy(pb, s);
  BumpAllocator sram;
  std::vector<int64_t> inAddr;
  for (int64_t n : s.inputElements)
    inAddr.push_back(sram.take(n * 4));
  int64_t outAddr = sram.take(s.outElements * 4);
  pb.beginKernel();
  for (size_t i = 0; i < s.inputs.size(); ++i)
    copyFlat(pb, Queue::DmaIn, Space::SRAM, inAddr[i], Space::DRAM, s.inputs[i],
             s.inputElements[i] * 4);
  for (const ViewMove &raw : s.moves) {
    ViewMove m = collapse(raw);
    int64_t src = inAddr[m.input] + m.srcOffset * 4;
    int64_t dst = outAddr + m.dstOffset * 4;
    const auto &d = m.dims, &ss = m.srcStrides, &ds = m.dstStrides;
    // dims[3] is contiguous in both: rows of d[3] elements, planes d[1] x
    // rows d[2], one DMA per index of d[0].
    for (int64_t i0 = 0; i0 < d[0]; ++i0)
      pb.dma3(Queue::DmaIn, Space::SRAM, dst + i0 * ds[0] * 4, ds[2] * 4,
              ds[1] * 4, Space::SRAM, src + i0 * ss[0] * 4, ss[2] * 4,
              ss[1] * 4, d[1], d[2], d[3] * 4);
  }
  pb.setFlag(Queue::DmaIn, kReady0);
  pb.waitFlag(Queue::DmaOut, kReady0);
  copyFlat(pb, Queue::DmaOut, Space::DRAM, s.out, Space::SRAM, outAddr,
           s.outElements * 4);
  pb.endKernel();
}
