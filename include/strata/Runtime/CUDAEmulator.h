//===- CUDAEmulator.h - Run GPU kernels on the CPU (cuda-emu) ---*- C++ -*-===//
//
// The runtime of `--target=cuda-emu`. strata-cuda-emulate turns each GPU
// kernel into a host function of a per-thread context; compiled code
// launches it with strata_emu_launch, which runs the grid one block at a
// time. Within a block, a kernel without barriers runs thread after thread;
// a kernel with barriers runs each thread as a fiber (ucontext) that
// yields at every gpu.barrier, and the block resumes only when every thread
// has arrived, so that a missing or misplaced barrier shows up as a wrong
// answer, deterministically. A warp-wide mma.sync likewise waits for all 32
// lanes of its warp (lanes are consecutive linear thread ids, as on the
// hardware) and then computes the warp's product from their fragments. Errors
// (bad launch geometry, threads that leave the kernel while others wait at a
// barrier) are recorded; the launches after one do nothing, and Executable::run
// reports it.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_CUDAEMULATOR_H
#define STRATA_RUNTIME_CUDAEMULATOR_H

#include <cstdint>
#include <string>

extern "C" {
/// What an emulated kernel reads for gpu.thread_id, gpu.block_id,
/// gpu.block_dim and gpu.grid_dim (field order fixed by
/// lib/Target/CUDA/Emulate.cpp).
struct StrataEmuContext {
  int64_t threadId[3];
  int64_t blockId[3];
  int64_t blockDim[3];
  int64_t gridDim[3];
};

/// A kernel as strata-cuda-emu-thunks emits it: `params` holds the address
/// of each kernel argument (cuLaunchKernel's kernelParams convention).
using StrataEmuThunk = void (*)(StrataEmuContext *, void **params);

/// Bit 0 of `flags`: the kernel contains barriers (run threads as fibers).
void strata_emu_launch(StrataEmuThunk thunk, void **params, int64_t gridX,
                       int64_t gridY, int64_t gridZ, int64_t blockX,
                       int64_t blockY, int64_t blockZ, int32_t flags);
void strata_emu_barrier(StrataEmuContext *context);
/// nvgpu.mma.sync m16n8k16 (f16/bf16 inputs widened to f32, f32
/// accumulators): `fragments` holds this lane's A (8), B (4) and C (4)
/// fragment elements; its D (4) is written after them once every lane of
/// the warp has arrived.
void strata_emu_mma_m16n8k16(StrataEmuContext *context, float *fragments);
}

namespace strata::runtime {
/// The first emulator error since the last call (empty if none), cleared.
std::string takeEmulatorError();
/// Number of kernels launched and threads run since the process started
/// (for strata-run's summary).
struct EmulatorStats {
  int64_t launches = 0;
  int64_t threads = 0;
  int64_t barriers = 0;
  int64_t warpMmas = 0;
};
EmulatorStats emulatorStats();

/// One warp's mma.sync m16n8k16: lanes[l] is lane l's fragment buffer (the
/// layout of strata_emu_mma_m16n8k16). Exposed for the unit tests.
void emulateWarpMmaM16N8K16(float *const lanes[32]);
} // namespace strata::runtime

#endif // STRATA_RUNTIME_CUDAEMULATOR_H
