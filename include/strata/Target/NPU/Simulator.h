//===- Simulator.h - Functional and timed NPU simulator -------------------===//
//
// Runs a Program: every output bit (bit-exact integer math, correctly
// rounded BF16/FP16) and every cycle (per-engine in-order queues, flags,
// a shared DRAM bus), with the timing formulas of TargetDesc. Errors in the
// program (out-of-bounds accesses, deadlock, bad instructions) come back as
// llvm::Error, never as a crash or a hang.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_TARGET_NPU_SIMULATOR_H
#define STRATA_TARGET_NPU_SIMULATOR_H

#include "strata/Target/NPU/Binary.h"

#include <string>
#include <vector>

namespace strata::npu {

struct EngineStats {
  uint64_t instructions = 0;
  uint64_t busyCycles = 0;  // executing (a wait_flag's own cycle included)
  uint64_t stallCycles = 0; // waiting for a flag
  uint64_t finishCycle = 0; // when its last instruction completes
};

struct SimStats {
  uint64_t totalCycles = 0; // the latest finish over all engines
  EngineStats engines[kNumQueues];
  uint64_t dramBytesRead = 0, dramBytesWritten = 0;
  uint64_t dramBurstBytes = 0; // bytes charged on the bus (whole bursts)
  uint64_t macs = 0;
  /// Sum over matmuls of macs / peak MACs per cycle of their dtype: the
  /// cycles the matrix unit would need at 100% utilisation.
  double idealMatrixCycles = 0;
  double matrixUtilisation() const {
    return totalCycles ? idealMatrixCycles / double(totalCycles) : 0.0;
  }
};

/// One executed instruction, for the trace.
struct TraceEvent {
  Queue queue;
  uint32_t index; // position in its queue
  uint64_t start, end;
};

struct SimResult {
  SimStats stats;
  std::vector<std::vector<uint8_t>> outputs; // in I/O-table output order
  std::vector<TraceEvent> trace;
};

/// Runs `program` with `inputs` given in I/O-table input order, each
/// exactly the entry's byte size.
llvm::Expected<SimResult> simulate(const TargetDesc &target,
                                   const Program &program,
                                   llvm::ArrayRef<std::vector<uint8_t>> inputs,
                                   bool recordTrace);

/// A human-readable cycle summary.
std::string formatStats(const SimStats &stats, const TargetDesc &target);
/// Chrome/Perfetto trace-event JSON, one track per engine.
std::string traceToJson(const SimResult &result, const Program &program,
                        const TargetDesc &target);

} // namespace strata::npu

#endif // STRATA_TARGET_NPU_SIMULATOR_H
