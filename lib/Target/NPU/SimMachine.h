//===- SimMachine.h - The simulator's memories and datapaths ----*- C++ -*-===//
//
// Internal to the simulator: the three memories and the functional
// execution of DMA, matmul and vector instructions, with bounds checks.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_LIB_TARGET_NPU_SIMMACHINE_H
#define STRATA_LIB_TARGET_NPU_SIMMACHINE_H

#include "strata/Target/NPU/ISA.h"

#include <vector>

namespace strata::npu {

/// What a DMA moved, for its timing and the statistics.
struct DmaEffect {
  uint64_t bytes = 0;
  uint64_t burstBytes = 0; // charged DRAM bytes (0 for on-chip copies)
  bool touchesDram = false;
};

struct Machine {
  const TargetDesc &target;
  std::vector<uint8_t> mem[kNumSpaces];

  Machine(const TargetDesc &target, uint32_t dramBytes);
  /// Fails unless [addr, addr + len) lies inside `space`.
  llvm::Error check(Space space, uint64_t addr, uint64_t len,
                    const char *what) const;
  llvm::Expected<DmaEffect> dma(const Instruction &in);
  llvm::Error matmul(const Instruction &in);
  llvm::Error vector(const Instruction &in);
};

} // namespace strata::npu

#endif // STRATA_LIB_TARGET_NPU_SIMMACHINE_H
