//===- GPUTarget.cpp - The CUDA GPUs Strata generates code for ------------===//

#include "strata/Target/CUDA/GPUTarget.h"

using namespace strata::cuda;

// A100 SXM4 and H100 SXM5 (hardware-references.md, table B1).
static const GPUTarget kTargets[] = {
    {"sm_80", "+ptx80", /*smCount=*/108, /*maxThreadsPerBlock=*/1024,
     /*staticSharedBytesPerBlock=*/48 * 1024,
     /*sharedBytesPerSM=*/164 * 1024, /*registersPerSM=*/65536},
    {"sm_90", "+ptx80", /*smCount=*/132, /*maxThreadsPerBlock=*/1024,
     /*staticSharedBytesPerBlock=*/48 * 1024,
     /*sharedBytesPerSM=*/228 * 1024, /*registersPerSM=*/65536},
};

std::optional<GPUTarget> strata::cuda::lookupGPUTarget(llvm::StringRef arch) {
  for (const GPUTarget &target : kTargets)
    if (target.arch == arch)
      return target;
  return std::nullopt;
}

llvm::StringRef strata::cuda::knownGPUArchs() { return "sm_80, sm_90"; }
