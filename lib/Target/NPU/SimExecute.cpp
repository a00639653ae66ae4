//===- SimExecute.cpp - DMA and matmul datapaths of the simulator ---------===//
//
// Functional semantics of `dma` (strided 3-D copies) and `matmul`
// (BF16/FP16 products accumulated in FP32 in k order, each addition rounded
// to nearest even; INT8 products accumulated in INT32 with wrap-around).
//
//===----------------------------------------------------------------------===//

#include "SimMachine.h"

#include "strata/Target/NPU/FloatConv.h"

#include "llvm/ADT/Twine.h"

#include <cstring>

using namespace strata::npu;

Machine::Machine(const TargetDesc &t, uint32_t dramBytes) : target(t) {
  mem[unsigned(Space::DRAM)].assign(dramBytes, 0);
  mem[unsigned(Space::SRAM)].assign(t.sramBytes, 0);
  mem[unsigned(Space::ACC)].assign(t.accBytes, 0);
}

llvm::Error Machine::check(Space space, uint64_t addr, uint64_t len,
                           const char *what) const {
  uint64_t size = mem[unsigned(space)].size();
  if (addr <= size && len <= size - addr)
    return llvm::Error::success();
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      llvm::Twine("out-of-bounds ") + what + " access: " + spaceName(space) +
          "[" + llvm::Twine(addr) + ", " + llvm::Twine(addr + len) + ") but " +
          spaceName(space) + " has " + llvm::Twine(size) + " bytes");
}

llvm::Expected<DmaEffect> Machine::dma(const Instruction &in) {
  Space ds = Space(in.dstSpace), ss = Space(in.srcSpace);
  DmaEffect eff;
  eff.touchesDram = ds == Space::DRAM || ss == Space::DRAM;
  uint64_t row = uint64_t(in.rowBytes);
  // Check every row first, so a failing DMA changes nothing.
  for (int64_t p = 0; p < in.planes; ++p)
    for (int64_t r = 0; r < in.rows; ++r) {
      uint64_t s = uint64_t(in.src) + p * uint64_t(in.srcPlaneStride) +
                   r * uint64_t(in.srcStride);
      uint64_t d = uint64_t(in.dst) + p * uint64_t(in.dstPlaneStride) +
                   r * uint64_t(in.dstStride);
      if (llvm::Error e = check(ss, s, row, "dma source"))
        return std::move(e);
      if (llvm::Error e = check(ds, d, row, "dma destination"))
        return std::move(e);
      if (eff.touchesDram)
        eff.burstBytes += target.burstBytes(ss == Space::DRAM ? s : d, row);
    }
  for (int64_t p = 0; p < in.planes; ++p)
    for (int64_t r = 0; r < in.rows; ++r) {
      uint64_t s = uint64_t(in.src) + p * uint64_t(in.srcPlaneStride) +
                   r * uint64_t(in.srcStride);
      uint64_t d = uint64_t(in.dst) + p * uint64_t(in.dstPlaneStride) +
                   r * uint64_t(in.dstStride);
      std::memmove(&mem[unsigned(ds)][d], &mem[unsigned(ss)][s], row);
    }
  eff.bytes = row * uint64_t(in.rows) * uint64_t(in.planes);
  return eff;
}

/// Bounds of a row-major [rows x cols] matrix with row stride `ld`.
static uint64_t matrixSpan(uint64_t rows, uint64_t cols, uint64_t ld,
                           unsigned esz) {
  return ((rows - 1) * ld + cols) * esz;
}

static float loadFloat(const uint8_t *p, DType t) {
  uint16_t h;
  std::memcpy(&h, p, 2);
  return t == DType::BF16 ? bf16ToF32(h) : f16ToF32(h);
}

llvm::Error Machine::matmul(const Instruction &in) {
  DType dt = DType(in.dtype);
  unsigned esz = dtypeBytes(dt);
  uint64_t m = in.m, n = in.n, k = in.k;
  uint64_t lda = in.srcStride, ldb = in.src1Stride, ldc = in.dstStride;
  if (llvm::Error e =
          check(Space::SRAM, in.src, matrixSpan(m, k, lda, esz), "matmul A"))
    return e;
  if (llvm::Error e =
          check(Space::SRAM, in.src1, matrixSpan(k, n, ldb, esz), "matmul B"))
    return e;
  if (llvm::Error e =
          check(Space::ACC, in.dst, matrixSpan(m, n, ldc, 4), "matmul C"))
    return e;
  const uint8_t *a = &mem[unsigned(Space::SRAM)][in.src];
  const uint8_t *b = &mem[unsigned(Space::SRAM)][in.src1];
  uint8_t *c = &mem[unsigned(Space::ACC)][in.dst];
  if (dt == DType::I8) {
    std::vector<uint32_t> row(n);
    for (uint64_t i = 0; i < m; ++i) {
      if (in.accumulate)
        std::memcpy(row.data(), c + i * ldc * 4, n * 4);
      else
        std::fill(row.begin(), row.end(), 0);
      for (uint64_t kk = 0; kk < k; ++kk) {
        int32_t av = int8_t(a[i * lda + kk]);
        const uint8_t *brow = b + kk * ldb;
        for (uint64_t j = 0; j < n; ++j)
          row[j] += uint32_t(av * int32_t(int8_t(brow[j])));
      }
      std::memcpy(c + i * ldc * 4, row.data(), n * 4);
    }
    return llvm::Error::success();
  }
  // Products of BF16/FP16 values are exact in FP32, so the only rounding
  // is that of each addition, in k order.
  std::vector<float> bf(k * n), row(n);
  for (uint64_t kk = 0; kk < k; ++kk)
    for (uint64_t j = 0; j < n; ++j)
      bf[kk * n + j] = loadFloat(b + (kk * ldb + j) * 2, dt);
  for (uint64_t i = 0; i < m; ++i) {
    if (in.accumulate)
      std::memcpy(row.data(), c + i * ldc * 4, n * 4);
    else
      std::fill(row.begin(), row.end(), 0.0f);
    for (uint64_t kk = 0; kk < k; ++kk) {
      float av = loadFloat(a + (i * lda + kk) * 2, dt);
      const float *brow = &bf[kk * n];
      for (uint64_t j = 0; j < n; ++j)
        row[j] += av * brow[j];
    }
    std::memcpy(c + i * ldc * 4, row.data(), n * 4);
  }
  return llvm::Error::success();
}
