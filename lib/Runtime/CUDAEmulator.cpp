//===- CUDAEmulator.cpp - Run GPU kernels on the CPU (cuda-emu) -----------===//
//
// See include/strata/Runtime/CUDAEmulator.h.
//
//===----------------------------------------------------------------------===//

#include "strata/Runtime/CUDAEmulator.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <ucontext.h>
#include <vector>

namespace {
/// Limits of every CUDA GPU since compute capability 3.0.
constexpr int64_t kMaxThreadsPerBlock = 1024;
constexpr int64_t kMaxBlockDim[3] = {1024, 1024, 64};
constexpr int64_t kMaxGridDim[3] = {2147483647, 65535, 65535};
/// Stack of one emulated thread. Kernels keep their registers (and
/// private arrays) on it.
constexpr size_t kFiberStackBytes = 64 * 1024;

constexpr size_t kWarpSize = 32;

enum class ThreadState { Ready, AtBarrier, AtWarpMma, Done };

struct Fiber {
  StrataEmuContext context;
  ucontext_t ucontext;
  std::unique_ptr<char[]> stack;
  ThreadState state = ThreadState::Ready;
  /// At an mma.sync: the lane's fragments (A 8, B 4, C 4 floats; D 4 is
  /// written after them).
  float *mmaFragments = nullptr;
};

/// One launch in flight (the emulator runs on the thread that launches;
/// launches from several host threads are serialised).
struct Launch {
  StrataEmuThunk thunk;
  void **params;
  /// One per thread of the block when the kernel has barriers (the stacks
  /// are kept from launch to launch), else empty.
  std::vector<Fiber> &fibers;
  ucontext_t scheduler;
  size_t current = 0;
};

std::mutex launchMutex;
std::vector<Fiber> fiberPool;
std::vector<Fiber> noFibers;
thread_local Launch *activeLaunch = nullptr;
std::string firstError;
strata::runtime::EmulatorStats stats;

void fail(const std::string &message) {
  if (firstError.empty())
    firstError = "cuda-emu: " + message;
}

void runFiber() {
  Launch *launch = activeLaunch;
  Fiber &fiber = launch->fibers[launch->current];
  launch->thunk(&fiber.context, launch->params);
  fiber.state = ThreadState::Done;
  // Returning resumes uc_link, the scheduler.
}

/// Runs one block whose kernel has barriers: every thread until it
/// reaches a barrier or the end, then all again, until all are done.
bool runBlockWithBarriers(Launch &launch, const StrataEmuContext &block) {
  size_t n = launch.fibers.size();
  for (size_t t = 0; t < n; ++t) {
    Fiber &fiber = launch.fibers[t];
    fiber.context = block;
    int64_t x = block.blockDim[0], y = block.blockDim[1];
    fiber.context.threadId[0] = static_cast<int64_t>(t) % x;
    fiber.context.threadId[1] = (static_cast<int64_t>(t) / x) % y;
    fiber.context.threadId[2] = static_cast<int64_t>(t) / (x * y);
    fiber.state = ThreadState::Ready;
    if (!fiber.stack)
      fiber.stack = std::make_unique<char[]>(kFiberStackBytes);
    getcontext(&fiber.ucontext);
    fiber.ucontext.uc_stack.ss_sp = fiber.stack.get();
    fiber.ucontext.uc_stack.ss_size = kFiberStackBytes;
    fiber.ucontext.uc_link = &launch.scheduler;
    makecontext(&fiber.ucontext, runFiber, 0);
  }
  std::string where = "block (" + std::to_string(block.blockId[0]) + ", " +
                      std::to_string(block.blockId[1]) + ", " +
                      std::to_string(block.blockId[2]) + "): ";
  while (true) {
    for (size_t t = 0; t < n; ++t) {
      if (launch.fibers[t].state != ThreadState::Ready)
        continue;
      launch.current = t;
      swapcontext(&launch.scheduler, &launch.fibers[t].ucontext);
    }
    // Warps whose lanes wait at an mma.sync: all 32 lanes must be there.
    bool mmaRound = false;
    for (size_t w = 0; w * kWarpSize < n; ++w) {
      Fiber *lanes = &launch.fibers[w * kWarpSize];
      size_t count = std::min(kWarpSize, n - w * kWarpSize), arrived = 0;
      for (size_t l = 0; l < count; ++l)
        arrived += lanes[l].state == ThreadState::AtWarpMma;
      if (arrived == 0)
        continue;
      if (arrived != kWarpSize) {
        fail(where + "warp " + std::to_string(w) + ": " +
             std::to_string(arrived) + " of its " + std::to_string(count) +
             " lane(s) reached an mma.sync, which needs all 32 lanes of the "
             "warp (a warp-wide instruction in divergent code or a block "
             "that is not a multiple of 32 threads)");
        return false;
      }
      float *fragments[kWarpSize];
      for (size_t l = 0; l < kWarpSize; ++l) {
        fragments[l] = lanes[l].mmaFragments;
        lanes[l].state = ThreadState::Ready;
      }
      strata::runtime::emulateWarpMmaM16N8K16(fragments);
      ++stats.warpMmas;
      mmaRound = true;
    }
    if (mmaRound)
      continue;
    size_t done = 0, waiting = 0;
    for (Fiber &fiber : launch.fibers)
      (fiber.state == ThreadState::Done ? done : waiting) += 1;
    if (done == n)
      return true;
    if (done > 0) {
      fail(where + std::to_string(done) + " thread(s) left the kernel while " +
           std::to_string(waiting) +
           " waited at a gpu.barrier (a barrier in divergent code)");
      return false;
    }
    ++stats.barriers;
    for (Fiber &fiber : launch.fibers)
      fiber.state = ThreadState::Ready;
  }
}
} // namespace

/// Parks the running fiber in `state` (with its MMA fragments, if any)
/// and resumes the block scheduler; `what` names the op for the error
/// when the kernel was launched without fibers.
static void yieldToScheduler(ThreadState state, const char *what,
                             float *mmaFragments = nullptr) {
  Launch *launch = activeLaunch;
  if (!launch || launch->fibers.empty()) {
    fail(std::string(what) + " in a kernel launched without fibers");
    return;
  }
  Fiber &fiber = launch->fibers[launch->current];
  fiber.state = state;
  fiber.mmaFragments = mmaFragments;
  swapcontext(&fiber.ucontext, &launch->scheduler);
}

extern "C" void strata_emu_barrier(StrataEmuContext *) {
  yieldToScheduler(ThreadState::AtBarrier, "gpu.barrier");
}

void strata::runtime::emulateWarpMmaM16N8K16(float *const lanes[32]) {
  // The fragment layouts of mma.m16n8k16 with f16/bf16 inputs (PTX ISA,
  // "Matrix Fragments for mma.m16n8k16 with floating point type"), for lane
  // l = 4 g + t: A element i (i < 8) is at row g + 8 ((i / 2) % 2), column
  // 2 t + i % 2 + 8 (i / 4); B element i (i < 4) at row 2 t + i % 2 +
  // 8 (i / 2), column g; C and D element i (i < 4) at row g + 8 (i / 2),
  // column 2 t + i % 2.
  float a[16][16], b[16][8], c[16][8];
  for (int lane = 0; lane < 32; ++lane) {
    int g = lane / 4, t = lane % 4;
    const float *f = lanes[lane];
    for (int i = 0; i < 8; ++i)
      a[g + 8 * ((i / 2) % 2)][2 * t + i % 2 + 8 * (i / 4)] = f[i];
    for (int i = 0; i < 4; ++i)
      b[2 * t + i % 2 + 8 * (i / 2)][g] = f[8 + i];
    for (int i = 0; i < 4; ++i)
      c[g + 8 * (i / 2)][2 * t + i % 2] = f[12 + i];
  }
  // Products of f16 or bf16 values are exact in f32; the sum runs in f32
  // in k order (the hardware's internal order and rounding are not
  // specified, so results agree with a GPU to f32 rounding, not bit for
  // bit).
  for (int lane = 0; lane < 32; ++lane) {
    int g = lane / 4, t = lane % 4;
    for (int i = 0; i < 4; ++i) {
      int row = g + 8 * (i / 2), column = 2 * t + i % 2;
      float sum = c[row][column];
      for (int k = 0; k < 16; ++k)
        sum += a[row][k] * b[k][column];
      lanes[lane][16 + i] = sum;
    }
  }
}

extern "C" void strata_emu_mma_m16n8k16(StrataEmuContext *, float *fragments) {
  yieldToScheduler(ThreadState::AtWarpMma, "mma.sync", fragments);
}

extern "C" void strata_emu_launch(StrataEmuThunk thunk, void **params,
                                  int64_t gridX, int64_t gridY, int64_t gridZ,
                                  int64_t blockX, int64_t blockY,
                                  int64_t blockZ, int32_t flags) {
  std::lock_guard<std::mutex> lock(launchMutex);
  if (!firstError.empty())
    return;
  const int64_t grid[3] = {gridX, gridY, gridZ};
  const int64_t block[3] = {blockX, blockY, blockZ};
  for (int d = 0; d < 3; ++d) {
    if (grid[d] < 1 || grid[d] > kMaxGridDim[d] || block[d] < 1 ||
        block[d] > kMaxBlockDim[d]) {
      fail("invalid launch geometry: grid (" + std::to_string(gridX) + ", " +
           std::to_string(gridY) + ", " + std::to_string(gridZ) + "), block (" +
           std::to_string(blockX) + ", " + std::to_string(blockY) + ", " +
           std::to_string(blockZ) + ")");
      return;
    }
  }
  int64_t threads = blockX * blockY * blockZ;
  if (threads > kMaxThreadsPerBlock) {
    fail("a block of " + std::to_string(threads) +
         " threads is more than the 1024 a CUDA block holds");
    return;
  }
  ++stats.launches;
  bool barriers = flags & 1;
  if (barriers && fiberPool.size() < static_cast<size_t>(threads))
    fiberPool.resize(threads);
  std::vector<Fiber> blockFibers;
  if (barriers) {
    // Borrow `threads` fibers (with their stacks) from the pool.
    blockFibers.assign(std::make_move_iterator(fiberPool.begin()),
                       std::make_move_iterator(fiberPool.begin() + threads));
  }
  Launch launch{thunk, params, barriers ? blockFibers : noFibers, {}, 0};
  Launch *outer = activeLaunch;
  activeLaunch = &launch;
  StrataEmuContext context{};
  for (int d = 0; d < 3; ++d) {
    context.blockDim[d] = block[d];
    context.gridDim[d] = grid[d];
  }
  bool ok = true;
  for (int64_t z = 0; z < gridZ && ok; ++z)
    for (int64_t y = 0; y < gridY && ok; ++y)
      for (int64_t x = 0; x < gridX && ok; ++x) {
        context.blockId[0] = x;
        context.blockId[1] = y;
        context.blockId[2] = z;
        stats.threads += threads;
        if (barriers) {
          ok = runBlockWithBarriers(launch, context);
          continue;
        }
        for (int64_t tz = 0; tz < blockZ; ++tz)
          for (int64_t ty = 0; ty < blockY; ++ty)
            for (int64_t tx = 0; tx < blockX; ++tx) {
              context.threadId[0] = tx;
              context.threadId[1] = ty;
              context.threadId[2] = tz;
              thunk(&context, params);
            }
      }
  activeLaunch = outer;
  for (size_t t = 0; t < blockFibers.size(); ++t)
    fiberPool[t].stack = std::move(blockFibers[t].stack);
}

std::string strata::runtime::takeEmulatorError() {
  std::lock_guard<std::mutex> lock(launchMutex);
  std::string error;
  error.swap(firstError);
  return error;
}

strata::runtime::EmulatorStats strata::runtime::emulatorStats() {
  std::lock_guard<std::mutex> lock(launchMutex);
  return stats;
}
