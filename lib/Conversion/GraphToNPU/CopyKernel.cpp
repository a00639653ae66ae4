//===- CopyKernel.cpp - Transpose, slice and concat by DMA ----------------===//
//
// Data movement without arithmetic: the inputs are loaded whole into SRAM,
// strided on-chip DMAs move each input's view into the output buffer, and
// the output is stored whole:
//   dma_in  load every input; the moves; set LOADED[0]
//   dma_out wait LOADED[0]; store
// On-chip copies cost 16 + bytes / 256 cycles however they are strided, so
// element-granular moves (a transpose of the last axis) are cheap there,
// where a DRAM row of 4 bytes would cost a whole burst.
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
  while (c.dims.size() < 4) {
    c.dims.insert(c.dims.begin(), 1);
    c.srcStrides.insert(c.srcStrides.begin(), 0);
    c.dstStrides.insert(c.dstStrides.begin(), 0);
  }
  return c;
}

std::optional<std::string> strata::npu::lowering::checkCopy(const TargetDesc &t,
                                                            const CopySpec &s) {
  int64_t bytes = s.outElements * 4;
  for (int64_t n : s.inputElements)
    bytes += (n * 4 + 63) / 64 * 64;
  if (bytes > int64_t(t.sramBytes))
    return "the inputs and the result (" + std::to_string(bytes) +
           " bytes) do not fit SRAM (" + std::to_string(t.sramBytes) +
           " bytes) at once";
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

void strata::npu::lowering::emitCopy(ProgramBuilder &pb, const CopySpec &s) {
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
  pb.setFlag(Queue::DmaIn, kLoaded0);
  pb.waitFlag(Queue::DmaOut, kLoaded0);
  copyFlat(pb, Queue::DmaOut, Space::DRAM, s.out, Space::SRAM, outAddr,
           s.outElements * 4);
  pb.endKernel();
}
