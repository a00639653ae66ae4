//===- Int8MatmulTest.cpp - The NPU's INT8 matmul kernel, on its own ------===//
//
// The graph dialect has no quantised types yet, so the INT8 kernel
// (lib/Conversion/GraphToNPU/Int8MatmulKernel.cpp) is exercised here: it
// is emitted into a program, encoded, run on the simulator, and its int8
// outputs compared bit for bit with a reference written from the ISA's
// definition of vrequant in 80-bit long double arithmetic (exact for
// products below 2^64) with round-half-to-even.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "strata/Target/NPU/Simulator.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

#include <cfenv>
#include <cmath>
#include <random>

using namespace mlir;
using namespace strata::npu;
using namespace strata::npu::lowering;

namespace {

struct Case {
  int64_t m, n, k;
  bool perColumn;
  int32_t zeroPoint;
};

/// sat_i8(round_even(acc * multiplier / 2^(31 + shift)) + zp).
int8_t referenceRequant(int64_t acc, int32_t multiplier, int64_t shift,
                        int32_t zp) {
  long double x = (long double)acc * multiplier;
  x = std::ldexp(x, -int(31 + shift));
  long double r = std::nearbyintl(x); // FE_TONEAREST: ties to even
  long double v = r + zp;
  return int8_t(v < -128 ? -128 : v > 127 ? 127 : (int)v);
}

void runCase(const Case &c) {
  ASSERT_EQ(std::fegetround(), FE_TONEAREST);
  MLIRContext ctx;
  ctx.loadDialect<NPUDialect>();
  const TargetDesc &target = TargetDesc::getDefault();
  std::mt19937 rng(1234 + c.m);
  std::uniform_int_distribution<int> i8(-128, 127);
  std::vector<uint8_t> a(c.m * c.k), b(c.k * c.n);
  for (auto &v : a)
    v = uint8_t(int8_t(i8(rng)));
  for (auto &v : b)
    v = uint8_t(int8_t(i8(rng)));

  Int8MatmulSpec spec;
  spec.m = c.m, spec.n = c.n, spec.k = c.k;
  spec.zeroPoint = c.zeroPoint;
  // acc has a standard deviation of sqrt(K) * 74^2; scales of about
  // 0.75 / (sqrt(K) * 64) put the outputs at about +-64: most in range, the
  // tails saturate. multiplier in [2^30, 2^31), shift 0..15.
  std::uniform_int_distribution<int32_t> mult(1 << 30, 0x7fffffff);
  int64_t baseShift = int64_t(std::log2(std::sqrt(double(c.k)) * 64.0));
  for (int64_t j = 0; j < (c.perColumn ? c.n : 1); ++j) {
    spec.multipliers.push_back(mult(rng));
    spec.shifts.push_back(baseShift + j % 3);
  }

  ProgramBuilder pb(target);
  pb.currentLoc = UnknownLoc::get(&ctx);
  spec.a = pb.allocDram(c.m * c.k);
  spec.out = pb.allocDram(c.m * c.n);
  spec.b = pb.addConstant(b);
  pb.addIO("a", false, {c.m, c.k}, spec.a, DType::I8);
  pb.addIO("c", true, {c.m, c.n}, spec.out, DType::I8);
  std::string why;
  std::optional<MatmulTiles> tiles = chooseInt8MatmulTiles(target, spec, why);
  ASSERT_TRUE(tiles) << why;
  emitInt8Matmul(pb, spec, *tiles);

  OwningOpRef<ModuleOp> module = ModuleOp::create(UnknownLoc::get(&ctx));
  OpBuilder builder(module->getBodyRegion());
  ProgramOp program =
      pb.finish(builder, UnknownLoc::get(&ctx), "main", target.name);
  ASSERT_TRUE(succeeded(mlir::verify(program)));
  FailureOr<Program> binary = toProgram(program);
  ASSERT_TRUE(succeeded(binary));
  llvm::Expected<SimResult> result =
      simulate(target, *binary, {a}, /*recordTrace=*/false);
  ASSERT_TRUE(bool(result)) << llvm::toString(result.takeError());
  const std::vector<uint8_t> &out = result->outputs.at(0);
  ASSERT_EQ(out.size(), size_t(c.m * c.n));
  EXPECT_EQ(result->stats.macs, uint64_t(c.m * c.n * c.k));

  int64_t saturated = 0, mismatches = 0;
  for (int64_t i = 0; i < c.m; ++i)
    for (int64_t j = 0; j < c.n; ++j) {
      int64_t acc = 0;
      for (int64_t kk = 0; kk < c.k; ++kk)
        acc += int64_t(int8_t(a[i * c.k + kk])) * int8_t(b[kk * c.n + j]);
      size_t q = c.perColumn ? size_t(j) : 0;
      int8_t want = referenceRequant(acc, spec.multipliers[q], spec.shifts[q],
                                     c.zeroPoint);
      int8_t got = int8_t(out[i * c.n + j]);
      saturated += want == 127 || want == -128;
      if (got != want && mismatches++ < 5)
        ADD_FAILURE() << "c[" << i << "][" << j << "] = " << int(got)
                      << ", expected " << int(want) << " (acc " << acc << ")";
    }
  EXPECT_EQ(mismatches, 0);
  // The case exercises saturation without being dominated by it.
  EXPECT_GT(saturated, 0);
  EXPECT_LT(saturated, c.m * c.n / 4);
}

// K and N over the matmul limit (1024): several K steps and output tiles,
// edge tiles in both.
TEST(NPUInt8Matmul, PerTensorTiled) { runCase({40, 1100, 1500, false, 3}); }

// One multiplier and shift per output column (per-channel weights), a
// negative zero point, odd sizes.
TEST(NPUInt8Matmul, PerColumn) { runCase({33, 50, 70, true, -7}); }

} // namespace
