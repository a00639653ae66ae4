//===- GPUTarget.h - The CUDA GPUs Strata generates code for ----*- C++ -*-===//
//
// Every GPU parameter the CUDA backend uses lives here, once: the launch
// geometry heuristic of strata-cuda-map-to-gpu, the PTX ISA version the
// pipeline asks for and the checks on shared memory all read this table.
// Numbers: ../shared/hardware-references.md part B (NVIDIA's CUDA
// programming guide, compute capability tables).
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_TARGET_CUDA_GPUTARGET_H
#define STRATA_TARGET_CUDA_GPUTARGET_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>

namespace strata::cuda {

struct GPUTarget {
  /// "sm_80" (A100) or "sm_90" (H100).
  llvm::StringRef arch;
  /// The PTX ISA the kernels are emitted for ("+ptx80": PTX 8.0, the first
  /// that knows sm_90).
  llvm::StringRef ptxFeatures;
  int smCount;
  int maxThreadsPerBlock;
  /// Static shared memory a block can use without an opt-in attribute.
  int64_t staticSharedBytesPerBlock;
  int64_t sharedBytesPerSM;
  int registersPerSM;
};

/// The target named `arch`, or nullopt if Strata does not know it.
std::optional<GPUTarget> lookupGPUTarget(llvm::StringRef arch);

/// The architectures lookupGPUTarget knows, for diagnostics ("sm_80, sm_90").
llvm::StringRef knownGPUArchs();

/// Tile shapes of the two GEMM kernels (docs/cuda.md). Both compute a
/// square tile of C per block, in K steps of kGemmTileK staged through
/// shared memory: kGemmTileLarge (64) unless that gives fewer blocks than
/// the GPU has SMs (GPUTarget::smCount), when kGemmTileSmall (32) makes
/// four times as many (chooseGemmTile in Gemm.cpp). Shared memory per
/// block is at most 2 x 64 x 16 x 4 bytes = 8 KiB, well inside every
/// target's staticSharedBytesPerBlock.
constexpr int64_t kGemmTileLarge = 64;
constexpr int64_t kGemmTileSmall = 32;
constexpr int64_t kGemmTileK = 16;
/// The FMA kernel: a block of kMatmulThreadsX x kMatmulThreadsY threads,
/// each computing a (tile / kMatmulThreadsY) x (tile / kMatmulThreadsX)
/// register tile (4 x 4 or 2 x 2).
constexpr int64_t kMatmulThreadsX = 16;
constexpr int64_t kMatmulThreadsY = 16;

/// The tensor-core kernel: a block of kMmaWarpsM x kMmaWarpsN warps, each
/// owning a (tile / kMmaWarpsM) x (tile / kMmaWarpsN) sub-tile of
/// mma.sync m16n8k16 instructions (kMmaM x kMmaN x kMmaK).
constexpr int64_t kMmaM = 16;
constexpr int64_t kMmaN = 8;
constexpr int64_t kMmaK = 16;
constexpr int64_t kMmaWarpsM = 2;
constexpr int64_t kMmaWarpsN = 2;
/// Lanes of a warp on every NVIDIA GPU (mma.sync is a warp instruction).
constexpr int64_t kWarpLanes = 32;

/// Reductions over at least kBlockReductionMinSize elements per output run
/// one block per output (ReductionKernel.cpp), of up to
/// kReductionBlockSize threads; shorter ones (pooling windows, depthwise
/// taps, softmax over short rows) stay one thread per output, where the
/// loop is short and the parallelism is in the outputs.
constexpr int64_t kBlockReductionMinSize = 64;
constexpr int64_t kReductionBlockSize = 256;

/// Threads per block of the one-thread-per-point kernels: 8 warps, enough
/// to hide latency with several blocks per SM and within every target's
/// per-block limit.
constexpr int64_t kPointwiseBlockSize = 256;

} // namespace strata::cuda

#endif // STRATA_TARGET_CUDA_GPUTARGET_H
