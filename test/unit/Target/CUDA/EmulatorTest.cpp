//===- EmulatorTest.cpp - GPU semantics of the cuda-emu emulator ----------===//
//
// Hand-written gpu.launch kernels through strata-cuda-gpu-to-llvm{emulate}
// and the JIT, as strata-run --target=cuda-emu runs them: the emulator must
// be exact about block and thread indices, shared memory and barriers, so
// that a kernel bug (a missing barrier, a barrier in divergent code, a
// launch the hardware refuses) shows up here as a wrong answer or an error.
//
//===----------------------------------------------------------------------===//

#include "strata/Driver/Driver.h"
#include "strata/Runtime/CUDAEmulator.h"
#include "strata/Runtime/HostTensor.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include "gtest/gtest.h"

#include <array>
#include <numeric>

using namespace strata;
using runtime::DType;
using runtime::HostTensor;

namespace {

/// `x` (f32[n]) in, `y` (f32[m]) out; signature names x and y.
std::string signature(int64_t n, int64_t m) {
  return "{\"abi_version\":2,\"inputs\":[{\"dtype\":\"float32\",\"name\":"
         "\"x\",\"shape\":[" +
         std::to_string(n) +
         "]}],\"outputs\":[{\"dtype\":\"float32\",\"name\":\"y\",\"shape\":[" +
         std::to_string(m) +
         "]}],\"outputs_allocated_by\":\"caller\",\"target\":\"cuda-emu\","
         "\"threads\":0}";
}

/// Compiles `body` (the inside of `func.func @main(%x, %y)`) for the
/// emulator and runs it on x = 1, 2, ..., n. An error string on failure.
llvm::Expected<std::vector<float>> runKernel(const std::string &body, int64_t n,
                                             int64_t m) {
  mlir::MLIRContext context;
  prepareContext(context);
  std::string source = "func.func @main(%x: memref<" + std::to_string(n) +
                       "xf32>, %y: memref<" + std::to_string(m) +
                       "xf32>) attributes {llvm.emit_c_interface} {\n" + body +
                       "\n  return\n}\n";
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(source, &context);
  if (!module)
    return llvm::createStringError("parse error");
  (*module)->setAttr("strata.signature",
                     mlir::StringAttr::get(&context, signature(n, m)));
  mlir::PassManager pm(&context);
  if (mlir::failed(mlir::parsePassPipeline(
          "strata-cuda-gpu-to-llvm{emulate=true}", pm)) ||
      mlir::failed(pm.run(*module)))
    return llvm::createStringError("lowering failed");
  auto executable = jitCompile(*module);
  if (!executable)
    return executable.takeError();
  HostTensor x(DType::F32, {n});
  std::iota(x.dataAs<float>(), x.dataAs<float>() + n, 1.0f);
  std::vector<HostTensor> inputs;
  inputs.push_back(std::move(x));
  auto outputs = (*executable)->run(inputs);
  if (!outputs)
    return outputs.takeError();
  const float *y = (*outputs)[0].template dataAs<float>();
  return std::vector<float>(y, y + m);
}

/// Reverses 256 elements through shared memory; `sync` goes between the
/// store to shared memory and the load of another thread's element.
std::string reverseKernel(const std::string &sync) {
  return R"(
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %c255 = arith.constant 255 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
      threads(%tx, %ty, %tz) in (%sx = %c256, %sy = %c1, %sz = %c1)
      workgroup(%shared : memref<256xf32, #gpu.address_space<workgroup>>) {
    %v = memref.load %x[%tx] : memref<256xf32>
    memref.store %v, %shared[%tx] : memref<256xf32, #gpu.address_space<workgroup>>
)" + sync +
         R"(
    %r = arith.subi %c255, %tx : index
    %w = memref.load %shared[%r] : memref<256xf32, #gpu.address_space<workgroup>>
    memref.store %w, %y[%tx] : memref<256xf32>
    gpu.terminator
  })";
}

TEST(CUDAEmulatorTest, BarrierMakesSharedMemoryVisible) {
  auto y = runKernel(reverseKernel("    gpu.barrier"), 256, 256);
  ASSERT_TRUE(!!y) << llvm::toString(y.takeError());
  for (int i = 0; i < 256; ++i)
    EXPECT_EQ((*y)[i], 256.0f - i) << "element " << i;
}

TEST(CUDAEmulatorTest, MissingBarrierIsAWrongAnswer) {
  // Thread t reads element 255 - t; without the barrier, threads 0..127 read
  // it before thread 255 - t has stored it.
  auto y = runKernel(reverseKernel(""), 256, 256);
  ASSERT_TRUE(!!y) << llvm::toString(y.takeError());
  int wrong = 0;
  for (int i = 0; i < 256; ++i)
    wrong += (*y)[i] != 256.0f - i;
  EXPECT_GE(wrong, 128);
}

TEST(CUDAEmulatorTest, BarrierInDivergentCodeIsAnError) {
  auto y = runKernel(reverseKernel(R"(
    %c128 = arith.constant 128 : index
    %low = arith.cmpi ult, %tx, %c128 : index
    scf.if %low {
      gpu.barrier
    })"),
                     256, 256);
  ASSERT_FALSE(!!y);
  std::string message = llvm::toString(y.takeError());
  EXPECT_NE(message.find("barrier in divergent code"), std::string::npos)
      << message;
}

TEST(CUDAEmulatorTest, BlockAndThreadIndices) {
  // A 3 x 2 grid of 4 x 2 blocks: y[linear thread] = 1000 bid.y + 100 bid.x
  // + 10 tid.y + tid.x, with linear = ((bid.y * 3 + bid.x) * 2 + tid.y) * 4
  // + tid.x; block_dim and grid_dim give the strides.
  auto y = runKernel(R"(
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c3, %gy = %c2, %gz = %c1)
      threads(%tx, %ty, %tz) in (%sx = %c4, %sy = %c2, %sz = %c1) {
    %ngx = gpu.grid_dim x
    %nbx = gpu.block_dim x
    %nby = gpu.block_dim y
    %b0 = arith.muli %by, %ngx : index
    %b = arith.addi %b0, %bx : index
    %t0 = arith.muli %b, %nby : index
    %t1 = arith.addi %t0, %ty : index
    %t2 = arith.muli %t1, %nbx : index
    %lin = arith.addi %t2, %tx : index
    %k1000 = arith.constant 1000 : index
    %k100 = arith.constant 100 : index
    %k10 = arith.constant 10 : index
    %v0 = arith.muli %by, %k1000 : index
    %v1 = arith.muli %bx, %k100 : index
    %v2 = arith.muli %ty, %k10 : index
    %v3 = arith.addi %v0, %v1 : index
    %v4 = arith.addi %v3, %v2 : index
    %v5 = arith.addi %v4, %tx : index
    %i = arith.index_cast %v5 : index to i64
    %f = arith.sitofp %i : i64 to f32
    memref.store %f, %y[%lin] : memref<48xf32>
    gpu.terminator
  })",
                     1, 48);
  ASSERT_TRUE(!!y) << llvm::toString(y.takeError());
  for (int by = 0; by < 2; ++by)
    for (int bx = 0; bx < 3; ++bx)
      for (int ty = 0; ty < 2; ++ty)
        for (int tx = 0; tx < 4; ++tx) {
          int lin = ((by * 3 + bx) * 2 + ty) * 4 + tx;
          EXPECT_EQ((*y)[lin], 1000 * by + 100 * bx + 10 * ty + tx)
              << "thread " << lin;
        }
}

/// A kernel that does nothing, launched with a `bx` x `by` block.
std::string emptyKernel(int bx, int by) {
  return "  %c1 = arith.constant 1 : index\n"
         "  %bx = arith.constant " +
         std::to_string(bx) +
         " : index\n"
         "  %by = arith.constant " +
         std::to_string(by) +
         " : index\n"
         "  gpu.launch blocks(%i, %j, %k) in (%gx = %c1, %gy = %c1, %gz = %c1)"
         " threads(%ti, %tj, %tk) in (%sx = %bx, %sy = %by, %sz = %c1) {\n"
         "    gpu.terminator\n  }";
}

TEST(CUDAEmulatorTest, OversizedBlockIsAnError) {
  // 64 x 32 = 2048 threads: each dim is allowed, the product is not.
  auto y = runKernel(emptyKernel(64, 32), 1, 1);
  ASSERT_FALSE(!!y);
  std::string message = llvm::toString(y.takeError());
  EXPECT_NE(message.find("2048 threads is more than the 1024"),
            std::string::npos)
      << message;
  // 2048 x 1: block dim x is over its limit.
  y = runKernel(emptyKernel(2048, 1), 1, 1);
  ASSERT_FALSE(!!y);
  message = llvm::toString(y.takeError());
  EXPECT_NE(message.find("invalid launch geometry"), std::string::npos)
      << message;
}

} // namespace

/// A launch of `threads` threads in one block, each running one mma.sync
/// m16n8k16 of all-ones f16 A and B (so every element of D is 16) when
/// `guard` (an i1 of %tx, or empty for all) holds, and storing element
/// (0, 0) of its D fragment to y[tx].
static std::string mmaKernel(int64_t threads, const std::string &guard) {
  std::string mma = R"(
      %a = arith.constant dense<1.0> : vector<4x2xf16>
      %b = arith.constant dense<1.0> : vector<2x2xf16>
      %c = arith.constant dense<0.0> : vector<2x2xf32>
      %d = nvgpu.mma.sync (%a, %b, %c) {mmaShape = [16, 8, 16]} : (vector<4x2xf16>, vector<2x2xf16>, vector<2x2xf32>) -> vector<2x2xf32>
      %v = vector.extract %d[0, 0] : f32 from vector<2x2xf32>
      memref.store %v, %y[%tx] : memref<)" +
                    std::to_string(threads) + "xf32>";
  std::string body = guard.empty()
                         ? mma
                         : "    %c16 = arith.constant 16 : index\n"
                           "    %low = arith.cmpi ult, %tx, %c16 : index\n"
                           "    scf.if %low {\n" +
                               mma + "\n    }";
  return R"(
  %c1 = arith.constant 1 : index
  %n = arith.constant )" +
         std::to_string(threads) + R"( : index
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
      threads(%tx, %ty, %tz) in (%sx = %n, %sy = %c1, %sz = %c1) {
)" + body +
         R"(
    gpu.terminator
  })";
}

TEST(CUDAEmulatorTest, WarpMma) {
  auto y = runKernel(mmaKernel(64, ""), 1, 64);
  ASSERT_TRUE(!!y) << llvm::toString(y.takeError());
  for (int i = 0; i < 64; ++i)
    EXPECT_EQ((*y)[i], 16.0f) << "lane " << i;
}

TEST(CUDAEmulatorTest, MmaInPartialWarpIsAnError) {
  auto y = runKernel(mmaKernel(48, ""), 1, 48);
  ASSERT_FALSE(!!y);
  std::string message = llvm::toString(y.takeError());
  EXPECT_NE(message.find("warp 1: 16 of its 16 lane(s) reached an mma.sync, "
                         "which needs all 32 lanes"),
            std::string::npos)
      << message;
}

TEST(CUDAEmulatorTest, MmaInDivergentCodeIsAnError) {
  auto y = runKernel(mmaKernel(32, "low"), 1, 32);
  ASSERT_FALSE(!!y);
  std::string message = llvm::toString(y.takeError());
  EXPECT_NE(message.find("warp 0: 16 of its 32 lane(s) reached an mma.sync"),
            std::string::npos)
      << message;
}

TEST(CUDAEmulatorTest, MmaFragmentLayoutsArePTXs) {
  // One-hot A (row i, column k) and B (row k, column j) must give D = 1 at
  // (i, j) only. Where each element lives, as the PTX ISA's tables for
  // mma.m16n8k16 .f16/.bf16 state it (groupID = lane >> 2, threadID_in_group
  // = lane % 4): A element (row, col) is in lane 4 (row % 8) + (col % 8) / 2,
  // register col % 2 + 2 (row >= 8) + 4 (col >= 8); B (row, col) in lane
  // 4 col + (row % 8) / 2, register row % 2 + 2 (row >= 8); C and D (row,
  // col) in lane 4 (row % 8) + col / 2, register col % 2 + 2 (row >= 8).
  std::vector<std::array<float, 20>> fragments(32);
  float *lanes[32];
  for (int l = 0; l < 32; ++l)
    lanes[l] = fragments[l].data();
  for (int i = 0; i < 16; ++i)
    for (int k = 0; k < 16; ++k)
      for (int j = 0; j < 8; ++j) {
        for (auto &f : fragments)
          f.fill(0.0f);
        fragments[4 * (i % 8) + (k % 8) / 2]
                 [k % 2 + 2 * (i >= 8) + 4 * (k >= 8)] = 1.0f;
        fragments[4 * j + (k % 8) / 2][8 + k % 2 + 2 * (k >= 8)] = 1.0f;
        runtime::emulateWarpMmaM16N8K16(lanes);
        int hotLane = 4 * (i % 8) + j / 2, hotReg = j % 2 + 2 * (i >= 8);
        for (int l = 0; l < 32; ++l)
          for (int r = 0; r < 4; ++r)
            ASSERT_EQ(fragments[l][16 + r], l == hotLane && r == hotReg)
                << "A(" << i << ", " << k << ") B(" << k << ", " << j
                << "): lane " << l << " register " << r;
      }
}
