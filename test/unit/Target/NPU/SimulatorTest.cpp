//===- SimulatorTest.cpp - NPU simulator: numerics and cycle counts -------===//
//
// INT8 matmul bit-exact against a reference loop, BF16 matmul against an
// FP32 reference with the same summation order, vector-unit semantics, and
// cycle counts computed by hand from the default TargetDesc for a DMA
// alone, a matmul alone, and DMA + matmul with and without double
// buffering. Errors: out-of-bounds accesses and deadlock.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/NPU/Simulator.h"
#include "strata/Target/NPU/FloatConv.h"

#include "llvm/Support/FormatVariadic.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>

using namespace strata::npu;

static const TargetDesc &target() { return TargetDesc::getDefault(); }

static SimResult run(const std::string &text,
                     std::vector<std::vector<uint8_t>> inputs = {}) {
  auto p = parseAssembly(text);
  EXPECT_TRUE(bool(p)) << llvm::toString(p.takeError());
  auto r = simulate(target(), *p, inputs, /*recordTrace=*/true);
  EXPECT_TRUE(bool(r)) << llvm::toString(r.takeError());
  return r ? std::move(*r) : SimResult();
}

static std::string runError(const std::string &text) {
  auto p = parseAssembly(text);
  EXPECT_TRUE(bool(p)) << llvm::toString(p.takeError());
  auto r = simulate(target(), *p, {}, false);
  EXPECT_FALSE(bool(r));
  return r ? "" : llvm::toString(r.takeError());
}

template <typename T> static std::vector<uint8_t> bytesOf(std::vector<T> v) {
  std::vector<uint8_t> b(v.size() * sizeof(T));
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}

template <typename T>
static std::vector<T> valuesOf(const std::vector<uint8_t> &b) {
  std::vector<T> v(b.size() / sizeof(T));
  std::memcpy(v.data(), b.data(), b.size());
  return v;
}

//===----------------------------------------------------------------------===//
// Numerics
//===----------------------------------------------------------------------===//

/// C[m x n] = A[m x k] * B[k x n] (+ C0), A and B loaded with padded
/// strides, computed twice into C so the second matmul accumulates.
static std::string matmulProgram(const char *dtype, unsigned esz, int m, int n,
                                 int k) {
  int lda = k + 3, ldb = n + 5, ldc = n + 1;
  int aBytes = m * k * esz, bBytes = k * n * esz;
  return llvm::formatv(R"(
.dram {0}
.input a {1} {2}x{4} @0
.input b {1} {4}x{3} @{5}
.output c i32 {2}x{3} @{6}
.queue dma_in
  dma dst_space=sram src_space=dram row_bytes={7} rows={2} dst=0 src=0 dst_stride={8} src_stride={7}
  dma dst_space=sram src_space=dram row_bytes={9} rows={4} dst=65536 src={5} dst_stride={10} src_stride={9}
  set_flag flag=0
.queue matrix
  wait_flag flag=0
  matmul dtype={1} m={2} n={3} k={4} c=0 a=0 b=65536 lda={11} ldb={12} ldc={13}
  matmul dtype={1} accumulate=1 m={2} n={3} k={4} c=0 a=0 b=65536 lda={11} ldb={12} ldc={13}
  set_flag flag=1
.queue dma_out
  wait_flag flag=1
  dma dst_space=dram src_space=acc row_bytes={14} rows={2} dst={6} src=0 dst_stride={14} src_stride={15}
)",
                       aBytes + bBytes + m * n * 4, dtype, m, n, k, aBytes,
                       aBytes + bBytes, k * esz, lda * esz, n * esz, ldb * esz,
                       lda, ldb, ldc, n * 4, ldc * 4)
      .str();
}

TEST(NPUSimulator, Int8MatmulIsBitExact) {
  const int m = 37, n = 45, k = 300;
  std::mt19937 rng(7);
  std::vector<int8_t> a(m * k), b(k * n);
  for (int8_t &v : a)
    v = int8_t(rng());
  for (int8_t &v : b)
    v = int8_t(rng());
  a[0] = b[0] = -128; // the extreme product
  SimResult r = run(matmulProgram("i8", 1, m, n, k), {bytesOf(a), bytesOf(b)});
  std::vector<int32_t> c = valuesOf<int32_t>(r.outputs.at(0));
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      int32_t ref = 0;
      for (int kk = 0; kk < k; ++kk)
        ref += int32_t(a[i * k + kk]) * b[kk * n + j];
      ASSERT_EQ(c[i * n + j], 2 * ref) << i << "," << j;
    }
}

TEST(NPUSimulator, Bf16MatmulAccumulatesInFp32InKOrder) {
  const int m = 20, n = 33, k = 70;
  std::mt19937 rng(11);
  std::normal_distribution<float> dist;
  std::vector<uint16_t> a(m * k), b(k * n);
  for (uint16_t &v : a)
    v = f32ToBF16(dist(rng));
  for (uint16_t &v : b)
    v = f32ToBF16(dist(rng));
  std::string text = matmulProgram("bf16", 2, m, n, k);
  // The output is FP32; reuse the program with the output declared f32.
  text.replace(text.find("output c i32"), 12, "output c f32");
  SimResult r = run(text, {bytesOf(a), bytesOf(b)});
  std::vector<float> c = valuesOf<float>(r.outputs.at(0));
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      float ref = 0;
      for (int rep = 0; rep < 2; ++rep)
        for (int kk = 0; kk < k; ++kk)
          ref += bf16ToF32(a[i * k + kk]) * bf16ToF32(b[kk * n + j]);
      ASSERT_EQ(f32Bits(c[i * n + j]), f32Bits(ref)) << i << "," << j;
    }
}

TEST(NPUSimulator, VectorUnit) {
  // x = [-2, 0.5, 3, 1e-3] as f32 in DRAM; results in DRAM row by row.
  std::vector<float> x = {-2.0f, 0.5f, 3.0f, 1e-3f};
  std::vector<int32_t> acc = {1000, -1000, 5, 6};
  SimResult r = run(R"(
.dram 4096
.input x f32 4 @0
.input q i32 4 @16
.output y f32 8x4 @1024
.output z i8 4 @2048
.queue dma_in
  dma dst_space=sram src_space=dram row_bytes=16 dst=0 src=0
  dma dst_space=sram src_space=dram row_bytes=16 dst=64 src=16
  set_flag flag=0
.queue vector
  wait_flag flag=0
  vrelu dst_type=f32 src_type=f32 cols=4 dst=256 src=0 dst_stride=4 src_stride=4
  vexp dst_type=f32 src_type=f32 cols=4 dst=272 src=0 dst_stride=4 src_stride=4
  vadd dst_type=f32 src_type=f32 cols=4 dst=288 src=0 src1=0 dst_stride=4 src_stride=4 src1_stride=4
  vmul dst_type=bf16 src_type=f32 cols=4 dst=400 src=0 src1=0 dst_stride=4 src_stride=4 src1_stride=4
  vcvt dst_type=f32 src_type=bf16 cols=4 dst=304 src=400 dst_stride=4 src_stride=4
  vrecip dst_type=f32 src_type=f32 cols=4 dst=320 src=0 dst_stride=4 src_stride=4
  vredmax dst_type=f32 src_type=f32 rows=1 cols=4 dst=336 src=0 dst_stride=1 src_stride=4
  vredsum dst_type=f32 src_type=f32 rows=1 cols=4 dst=340 src=0 dst_stride=1 src_stride=4
  vmax dst_type=f32 src_type=f32 cols=4 dst=352 src=0 src1=256 dst_stride=4 src_stride=4 src1_stride=4
  vrsqrt dst_type=f32 src_type=f32 cols=4 dst=368 src=256 dst_stride=4 src_stride=4
  vrequant dst_type=i8 src_type=i32 cols=4 dst=500 src=64 dst_stride=4 src_stride=4 zp=3 multiplier=1073741824 shift=3
  set_flag flag=1
.queue dma_out
  wait_flag flag=1
  dma dst_space=dram src_space=sram row_bytes=128 dst=1024 src=256
  dma dst_space=dram src_space=sram row_bytes=4 dst=2048 src=500
)",
                    {bytesOf(x), bytesOf(acc)});
  std::vector<float> y = valuesOf<float>(r.outputs.at(0));
  auto row = [&](int i) {
    return std::vector<float>(&y[4 * i], &y[4 * i + 4]);
  };
  EXPECT_EQ(row(0), (std::vector<float>{0, 0.5f, 3, 1e-3f}));
  EXPECT_EQ(row(1)[1], float(std::exp(0.5)));
  EXPECT_EQ(row(2), (std::vector<float>{-4, 1, 6, 2e-3f}));
  // 1e-3 * 1e-3 rounded to bf16, read back exactly.
  EXPECT_EQ(row(3)[3], bf16ToF32(f32ToBF16(1e-3f * 1e-3f)));
  EXPECT_EQ(row(4)[0], -0.5f);
  EXPECT_EQ(y[20], 3.0f);                            // row max
  EXPECT_EQ(y[21], ((-2.0f + 0.5f) + 3.0f) + 1e-3f); // row sum in order
  EXPECT_EQ(row(6), (std::vector<float>{0, 0.5f, 3, 1e-3f}));
  EXPECT_TRUE(std::isinf(row(7)[0])); // rsqrt(0)
  EXPECT_EQ(row(7)[2], float(1.0 / std::sqrt(3.0)));
  // 1000 / 16 = 62.5 -> 62 (even) + 3; -1000 / 16 = -62.5 -> -62 + 3;
  // 5 / 16 = 0.3125 -> 0 + 3; 6 / 16 = 0.375 -> 0 + 3.
  std::vector<int8_t> z = valuesOf<int8_t>(r.outputs.at(1));
  EXPECT_EQ(z, (std::vector<int8_t>{65, -59, 3, 3}));
}

//===----------------------------------------------------------------------===//
// Cycle counts, by hand from the default target: DRAM latency 200 cycles,
// 128 B/cycle, 64-byte bursts; matmul ceil(m/16) ceil(k/16) ceil(n/16) + 30;
// set_flag / wait_flag 1 cycle.
//===----------------------------------------------------------------------===//

TEST(NPUSimulator, CyclesOfADmaAlone) {
  // 4096 aligned bytes: 200 + 4096 / 128 = 232.
  SimResult r = run(".dram 8192\n.queue dma_in\n"
                    "  dma dst_space=sram src_space=dram row_bytes=4096\n");
  EXPECT_EQ(r.stats.totalCycles, 232u);
  EXPECT_EQ(r.stats.dramBytesRead, 4096u);
  // 4 rows of 100 bytes, 256 apart, from DRAM address 32: each row spans
  // bursts [0, 192) + 256 i, 3 bursts = 192 bytes; 768 bytes = 6 cycles.
  SimResult s = run(".dram 8192\n.queue dma_in\n"
                    "  dma dst_space=sram src_space=dram row_bytes=100 "
                    "rows=4 src=32 src_stride=256 dst_stride=100\n");
  EXPECT_EQ(s.stats.dramBurstBytes, 768u);
  EXPECT_EQ(s.stats.totalCycles, 206u);
  // An on-chip copy: 16 + 4096 / 256 = 32.
  SimResult c = run(".queue dma_in\n  dma dst_space=acc src_space=sram "
                    "row_bytes=4096\n");
  EXPECT_EQ(c.stats.totalCycles, 32u);
}

TEST(NPUSimulator, CyclesOfAMatmulAlone) {
  // 4 * 4 * 4 steps + (15 + 15) fill/drain = 94; 64^3 / 4096 = 64 ideal.
  SimResult r = run(".queue matrix\n  matmul dtype=bf16 m=64 n=64 k=64 "
                    "lda=64 ldb=64 ldc=64 b=8192\n");
  EXPECT_EQ(r.stats.totalCycles, 94u);
  EXPECT_DOUBLE_EQ(r.stats.matrixUtilisation(), 64.0 / 94.0);
  // INT8 takes 32 of k per step: 4 * 2 * 4 + 30 = 62.
  SimResult i = run(".queue matrix\n  matmul dtype=i8 m=64 n=64 k=64 "
                    "lda=64 ldb=64 ldc=64 b=8192\n");
  EXPECT_EQ(i.stats.totalCycles, 62u);
}

/// B (64 x 256 bf16, 32 KiB) loaded once, then four A tiles (128 x 64 bf16,
/// 16 KiB) each multiplied by B into C (128 x 256 f32). With `buffers` = 2
/// tile i + 1 loads while tile i multiplies.
static std::string pipelineProgram(int buffers) {
  std::string dmaIn = "  dma dst_space=sram src_space=dram row_bytes=32768 "
                      "dst=65536 src=65536\n";
  std::string matrix;
  for (int b = 0; b < buffers; ++b)
    matrix += llvm::formatv("  set_flag flag={0}\n", 2 + b).str();
  for (int i = 0; i < 4; ++i) {
    int b = i % buffers;
    dmaIn += llvm::formatv("  wait_flag flag={0}\n"
                           "  dma dst_space=sram src_space=dram "
                           "row_bytes=16384 dst={1} src={2}\n"
                           "  set_flag flag={3}\n",
                           2 + b, b * 16384, i * 16384, b)
                 .str();
    matrix += llvm::formatv("  wait_flag flag={0}\n"
                            "  matmul dtype=bf16 accumulate={1} m=128 n=256 "
                            "k=64 c=0 a={2} b=65536 lda=64 ldb=256 ldc=256\n"
                            "  set_flag flag={3}\n",
                            b, i ? 1 : 0, b * 16384, 2 + b)
                  .str();
  }
  return ".dram 98304\n.queue dma_in\n" + dmaIn + ".queue matrix\n" + matrix;
}

TEST(NPUSimulator, CyclesOfDmaAndMatmulSingleBuffered) {
  // DMA B: 200 + 256 = 456; DMA A: 200 + 128 = 328; matmul 8 * 4 * 16 +
  // 30 = 542. One buffer serialises load and compute:
  //   dma_in: B [0,456] wait [456,457] A0 [457,785] set -> flag 786
  //   matrix: set [0,1] wait [786,787] mm [787,1329] set -> 1330
  //   then per tile 1 (wait) + 328 + 1 (set) + 1 (wait) + 542 + 1 (set):
  //   A1 [1331,1659] mm [1661,2203] A2 [2205,2533] mm [2535,3077]
  //   A3 [3079,3407] mm [3409,3951] set [3951,3952].
  SimResult r = run(pipelineProgram(1));
  EXPECT_EQ(r.stats.totalCycles, 3952u);
  uint64_t sum = 456 + 4 * 328 + 4 * 542;
  EXPECT_GT(r.stats.totalCycles, sum);
}

TEST(NPUSimulator, CyclesOfDmaAndMatmulDoubleBuffered) {
  // Two buffers: the load of tile i + 1 overlaps the matmul of tile i.
  //   dma_in: B [0,456] w [456,457] A0 [457,785] set->786
  //           w(FREE1, set at 2) [786,787] A1 [787,1115] set->1116
  //           w(FREE0, set at 1330) [1330,1331] A2 [1331,1659] set->1660
  //           w(FREE1, set at 1874) [1874,1875] A3 [1875,2203] set->2204
  //   matrix: w(FULL0) [786,787] mm0 [787,1329] set->1330
  //           w(FULL1) [1330,1331] mm1 [1331,1873] set->1874
  //           w(FULL0) [1874,1875] mm2 [1875,2417] set->2418
  //           w(FULL1) [2418,2419] mm3 [2419,2961] set [2961,2962]
  SimResult r = run(pipelineProgram(2));
  EXPECT_EQ(r.stats.totalCycles, 2962u);
  uint64_t sum = 456 + 4 * 328 + 4 * 542;
  EXPECT_LT(r.stats.totalCycles, sum);
  // The matrix unit stalls only for the first tile: from 2 (after its two
  // set_flags) to 786; every later tile is already loaded.
  EXPECT_EQ(r.stats.engines[unsigned(Queue::Matrix)].stallCycles, 784u);
  EXPECT_EQ(r.stats.engines[unsigned(Queue::Matrix)].busyCycles,
            2u + 4 * (1 + 542 + 1));
  EXPECT_DOUBLE_EQ(r.stats.idealMatrixCycles, 4.0 * 128 * 256 * 64 / 4096);
  // The trace shows it: loads of tiles 1-3 run during matmuls 0-2.
  auto p = cantFail(parseAssembly(pipelineProgram(2)));
  uint64_t overlap = 0;
  for (const TraceEvent &d : r.trace)
    for (const TraceEvent &mm : r.trace)
      if (d.queue == Queue::DmaIn && mm.queue == Queue::Matrix &&
          p.queues[unsigned(Queue::DmaIn)][d.index].opcode == Opcode::Dma &&
          p.queues[unsigned(Queue::Matrix)][mm.index].opcode == Opcode::Matmul)
        overlap +=
            std::max<int64_t>(0, int64_t(std::min(d.end, mm.end)) -
                                     int64_t(std::max(d.start, mm.start)));
  EXPECT_EQ(overlap, 3u * 328);
}

TEST(NPUSimulator, DmaOnTwoQueuesShareTheDramBus) {
  // Both start at 0; the first owns the bus for [200,232], the second's
  // data phase waits for it: [232,264].
  SimResult r = run(".dram 8192\n.queue dma_in\n"
                    "  dma dst_space=sram src_space=dram row_bytes=4096\n"
                    ".queue dma_out\n"
                    "  dma dst_space=dram src_space=sram row_bytes=4096 "
                    "dst=4096 src=4096\n");
  EXPECT_EQ(r.stats.engines[unsigned(Queue::DmaIn)].finishCycle, 232u);
  EXPECT_EQ(r.stats.engines[unsigned(Queue::DmaOut)].finishCycle, 264u);
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

TEST(NPUSimulator, OutOfBoundsAccessesAreErrors) {
  EXPECT_EQ(runError(".dram 1024\n.queue dma_in\n  dma dst_space=sram "
                     "src_space=dram row_bytes=512 rows=2 src_stride=600\n"),
            "dma_in instruction 0 (dma): out-of-bounds dma source access: "
            "dram[600, 1112) but dram has 1024 bytes");
  EXPECT_EQ(runError(".queue matrix\n  matmul dtype=bf16 m=16 n=16 k=16 "
                     "lda=16 ldb=16 ldc=16 c=524200\n"),
            "matrix instruction 0 (matmul): out-of-bounds matmul C access: "
            "acc[524200, 525224) but acc has 524288 bytes");
}

TEST(NPUSimulator, DeadlockIsAnError) {
  EXPECT_EQ(runError(".queue matrix\n  wait_flag flag=1\n  set_flag flag=0\n"
                     ".queue vector\n  wait_flag flag=0\n  set_flag flag=1\n"),
            "deadlock: every unfinished queue waits on a flag that is never "
            "set: matrix at instruction 0 (wait_flag 1), vector at "
            "instruction 0 (wait_flag 0)");
}
