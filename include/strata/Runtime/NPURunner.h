//===- NPURunner.h - Run NPU programs on host tensors -----------*- C++ -*-===//
//
// The host side of the modelled NPU: load a binary, move HostTensors in and
// out of a program's DRAM I/O regions, and run it on the simulator. Shared
// by strata-run, strata-npu-sim and the Python binding.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_NPURUNNER_H
#define STRATA_RUNTIME_NPURUNNER_H

#include "strata/Runtime/HostTensor.h"
#include "strata/Target/NPU/Simulator.h"

#include <vector>

namespace strata::runtime {

/// The host (.npy) type that carries an NPU I/O type: bf16 travels as
/// float32, converted with round-to-nearest-even on the way in.
DType npuHostType(npu::DType type);

/// The DRAM bytes of input `entry` from `tensor`; a dtype or shape mismatch
/// is an error naming the input and both types and shapes.
llvm::Expected<std::vector<uint8_t>> npuInputBytes(const npu::IOEntry &entry,
                                                   const HostTensor &tensor);
/// Output `entry` as a host tensor.
HostTensor npuOutputTensor(const npu::IOEntry &entry,
                           llvm::ArrayRef<uint8_t> bytes);

/// True when the file at `path` starts with the NPU binary's magic.
bool isNPUBinary(llvm::StringRef path);
/// Reads and parses an NPU binary; corrupt files are errors.
llvm::Expected<npu::Program> loadNPUBinary(llvm::StringRef path);

struct NPURunResult {
  std::vector<HostTensor> outputs; // in I/O-table output order
  npu::SimResult sim;
};
/// Runs `program` on the simulator of `target` with `inputs` in I/O-table
/// input order.
llvm::Expected<NPURunResult> runNPUProgram(const npu::TargetDesc &target,
                                           const npu::Program &program,
                                           llvm::ArrayRef<HostTensor> inputs,
                                           bool recordTrace);

} // namespace strata::runtime

#endif // STRATA_RUNTIME_NPURUNNER_H
