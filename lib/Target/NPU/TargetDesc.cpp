//===- TargetDesc.cpp - The default NPU and its cost formulas -------------===//
//
// Every default number of the modelled NPU, with where it comes from (the
// keys refer to /work/shared/hardware-references.md and docs/npu-isa.md),
// and the timing formulas every client shares.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/NPU/TargetDesc.h"

using namespace strata::npu;

unsigned strata::npu::dtypeBytes(DType t) {
  switch (t) {
  case DType::F32:
  case DType::I32:
    return 4;
  case DType::BF16:
  case DType::F16:
    return 2;
  case DType::I8:
    return 1;
  }
  return 0;
}

bool strata::npu::isFloat(DType t) {
  return t == DType::F32 || t == DType::BF16 || t == DType::F16;
}

static uint64_t ceilDiv(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

const TargetDesc &TargetDesc::getDefault() {
  static const TargetDesc desc = [] {
    TargetDesc d;
    d.name = "npu-v1";
    // 1 GHz: the Ascend 910 (~0.98 GHz) and TPU v4 (~1.05 GHz) neighbourhood.
    d.clockMHz = 1000;
    // Ascend DaVinci cube: a 16x16x16 fp16 step per cycle (4096 MAC/cycle),
    // int8 16x32x16 (8192 MAC/cycle); Gemmini's default mesh is 16x16 too.
    d.matRows = 16;
    d.matCols = 16;
    d.matKStepFloat = 16;
    d.matKStepInt8 = 32;
    // A model choice: large enough for 256x128x256 GEMM tiles, small enough
    // that one instruction's operands fit in SRAM.
    d.matMaxDim = 1024;
    // Ascend's vector unit is 2048 bits = 256 B per cycle. Latencies are a
    // model choice (no source states them): a short ALU pipeline, longer
    // for the iterative functions, log-depth adders for reductions.
    d.vecBytesPerCycle = 256;
    d.vecLatency[unsigned(VectorOpClass::Simple)] = 2;
    d.vecLatency[unsigned(VectorOpClass::Transcend)] = 12;
    d.vecLatency[unsigned(VectorOpClass::Rsqrt)] = 8;
    d.vecLatency[unsigned(VectorOpClass::Reciprocal)] = 8;
    d.vecLatency[unsigned(VectorOpClass::Reduce)] = 8;
    d.vecLatency[unsigned(VectorOpClass::Requant)] = 4;
    // 1 MiB SRAM in 16 banks of 64 KiB: the 1-2 MiB default of the design
    // guidance (Ascend L1 0.5-1 MiB, Gemmini 256 KiB in 4 banks).
    d.sramBytes = 1u << 20;
    d.sramBanks = 16;
    // Accumulator: two 256x256 FP32 output tiles (double buffering, as
    // TPU v1 doubles its accumulators); Ascend L0C is 128-256 KiB.
    d.accBytes = 512u << 10;
    // On-chip copies move one vector-width row per cycle.
    d.onChipCopyBytesPerCycle = 256;
    d.onChipCopyLatency = 16;
    // 128 B/cycle = 128 GB/s at 1 GHz: within the 32-256 B/cycle guidance,
    // close to TPU v4's ~143 B/cycle per MXU; ridge 4096/128 = 32 MAC/B.
    // 200 cycles latency (guidance 100-500; A100 HBM ~280 cycles); 64-byte
    // bursts (Gemmini dma_maxbytes 64, NVDLA atom 32 B).
    d.dramBytesPerCycle = 128;
    d.dramLatency = 200;
    d.dramBurstBytes = 64;
    d.dramMaxBytes = 256u << 20;
    // One descriptor moves at most 16 MiB (rows x planes x row_bytes), so a
    // broadcast with zero strides cannot run for billions of rows.
    d.dmaMaxBytes = 16u << 20;
    // 16 flags (guidance 8-16 per queue pair; Ascend event IDs 0-7 per pair).
    d.numFlags = 16;
    d.syncCycles = 1;
    return d;
  }();
  return desc;
}

uint64_t TargetDesc::peakMacsPerCycle(DType input) const {
  uint64_t kStep = input == DType::I8 ? matKStepInt8 : matKStepFloat;
  return uint64_t(matRows) * matCols * kStep;
}

uint64_t TargetDesc::matmulPipeLatency() const {
  return uint64_t(matRows - 1) + (matCols - 1);
}

uint64_t TargetDesc::matmulCycles(DType input, uint64_t m, uint64_t n,
                                  uint64_t k) const {
  uint64_t kStep = input == DType::I8 ? matKStepInt8 : matKStepFloat;
  return ceilDiv(m, matRows) * ceilDiv(k, kStep) * ceilDiv(n, matCols) +
         matmulPipeLatency();
}

uint64_t TargetDesc::burstBytes(uint64_t rowAddr, uint64_t rowBytes) const {
  return ceilDiv(rowAddr % dramBurstBytes + rowBytes, dramBurstBytes) *
         dramBurstBytes;
}

uint64_t TargetDesc::dramTransferCycles(uint64_t chargedBytes) const {
  return ceilDiv(chargedBytes, dramBytesPerCycle);
}

uint64_t TargetDesc::onChipCopyCycles(uint64_t bytes) const {
  return onChipCopyLatency + ceilDiv(bytes, onChipCopyBytesPerCycle);
}

uint64_t TargetDesc::vectorCycles(VectorOpClass op, uint64_t elements,
                                  unsigned elemBytes) const {
  return vecLatency[unsigned(op)] +
         ceilDiv(elements * elemBytes, vecBytesPerCycle);
}
