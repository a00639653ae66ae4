//===- TargetDesc.h - Parameters and cost formulas of the modelled NPU ----===//
//
// The one place where the modelled NPU's numbers live: engines, matrix and
// vector throughput, memory sizes, DRAM bandwidth and latency, DMA limits,
// sync flags, clock. The simulator, and later the compiler and its cost
// model, read every number from a TargetDesc and compute instruction times
// with the formulas below, so no number or formula is written twice. The
// sources of the default values are in TargetDesc.cpp and docs/npu-isa.md.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_TARGET_NPU_TARGETDESC_H
#define STRATA_TARGET_NPU_TARGETDESC_H

#include <cstdint>
#include <string>

namespace strata::npu {

/// Element types the engines understand (the encoding's dtype field).
enum class DType : uint8_t { F32 = 0, BF16 = 1, F16 = 2, I8 = 3, I32 = 4 };
constexpr unsigned kNumDTypes = 5;
unsigned dtypeBytes(DType t);
bool isFloat(DType t);

/// Vector-unit operations whose latency the target describes.
enum class VectorOpClass : uint8_t {
  Simple,     // add, mul, max, relu, adds, muls, conversions
  Transcend,  // exp
  Rsqrt,      // rsqrt
  Reciprocal, // reciprocal
  Reduce,     // row sum / row max
  Requant,    // int32 -> int8 requantisation
};

struct TargetDesc {
  std::string name;
  uint32_t clockMHz;

  // Matrix unit: an R x C array that takes one R x kStep x C step per cycle.
  uint32_t matRows, matCols;
  uint32_t matKStepFloat; // k per cycle for BF16/FP16 (FP32 accumulate)
  uint32_t matKStepInt8;  // k per cycle for INT8 (INT32 accumulate)
  uint32_t matMaxDim;     // largest m, n or k of one matmul instruction

  // Vector unit.
  uint32_t vecBytesPerCycle;
  uint32_t vecLatency[6]; // indexed by VectorOpClass

  // On-chip memories.
  uint32_t sramBytes, sramBanks;
  uint32_t accBytes;
  uint32_t onChipCopyBytesPerCycle, onChipCopyLatency;

  // DRAM as the DMA engines see it.
  uint32_t dramBytesPerCycle, dramLatency, dramBurstBytes;
  uint32_t dramMaxBytes; // largest DRAM image a program may declare
  uint32_t dmaMaxBytes;  // largest transfer of one dma instruction

  // Synchronisation.
  uint32_t numFlags;
  uint32_t syncCycles; // cost of set_flag / wait_flag on its engine

  /// Multiply-accumulates per cycle at full rate for a matrix input type.
  uint64_t peakMacsPerCycle(DType input) const;
  /// Cycles of one matmul instruction C[m x n] += A[m x k] * B[k x n]:
  /// ceil(m/R) * ceil(k/kStep) * ceil(n/C) steps plus the array's fill and
  /// drain, (R - 1) + (C - 1) (the systolic formula of docs/npu-isa.md).
  uint64_t matmulCycles(DType input, uint64_t m, uint64_t n, uint64_t k) const;
  /// Fill + drain latency of the matrix array.
  uint64_t matmulPipeLatency() const;
  /// DRAM bytes a transfer is charged for: every row rounded out to whole
  /// bursts, counting its misalignment (`rowAddr` is the DRAM-side address).
  uint64_t burstBytes(uint64_t rowAddr, uint64_t rowBytes) const;
  /// Cycles the DRAM bus is busy for `chargedBytes` (after the latency).
  uint64_t dramTransferCycles(uint64_t chargedBytes) const;
  /// Cycles of an SRAM/accumulator-only copy of `bytes`.
  uint64_t onChipCopyCycles(uint64_t bytes) const;
  /// Cycles of a vector instruction over `elements` elements whose widest
  /// operand is `elemBytes` wide.
  uint64_t vectorCycles(VectorOpClass op, uint64_t elements,
                        unsigned elemBytes) const;

  /// The default configuration (docs/npu-isa.md, "Machine model").
  static const TargetDesc &getDefault();
};

} // namespace strata::npu

#endif // STRATA_TARGET_NPU_TARGETDESC_H
