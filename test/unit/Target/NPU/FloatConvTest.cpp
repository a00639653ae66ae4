//===- FloatConvTest.cpp - BF16/FP16 rounding of the NPU ------------------===//
//
// Round-to-nearest-even edge cases of the NPU's conversions: ties, the
// largest finite values, overflow, subnormals, signed zeros, inf and NaN.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/NPU/FloatConv.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace strata::npu;

TEST(NPUFloatConv, BF16RoundsToNearestEven) {
  EXPECT_EQ(f32ToBF16(1.0f), 0x3f80);
  // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties to even (down).
  EXPECT_EQ(f32ToBF16(bitsToF32(0x3f808000)), 0x3f80);
  // 1 + 3 * 2^-8 is halfway between two odd/even neighbours: up to even.
  EXPECT_EQ(f32ToBF16(bitsToF32(0x3f818000)), 0x3f82);
  // Just above the tie rounds up, just below rounds down.
  EXPECT_EQ(f32ToBF16(bitsToF32(0x3f808001)), 0x3f81);
  EXPECT_EQ(f32ToBF16(bitsToF32(0x3f807fff)), 0x3f80);
  EXPECT_EQ(f32ToBF16(-1.0f), 0xbf80);
}

TEST(NPUFloatConv, BF16SpecialValues) {
  float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(f32ToBF16(inf), 0x7f80);
  EXPECT_EQ(f32ToBF16(-inf), 0xff80);
  // The largest float rounds up to infinity.
  EXPECT_EQ(f32ToBF16(std::numeric_limits<float>::max()), 0x7f80);
  // A NaN with payload only in the low bits stays a (quiet) NaN.
  uint16_t nan = f32ToBF16(bitsToF32(0x7f800001));
  EXPECT_TRUE(std::isnan(bf16ToF32(nan)));
  EXPECT_EQ(nan & 0x0040, 0x0040);
  EXPECT_EQ(f32ToBF16(-0.0f), 0x8000);
  // FP32 subnormals keep their top bits; the smallest rounds to zero.
  EXPECT_EQ(f32ToBF16(bitsToF32(0x00000001)), 0x0000);
  EXPECT_EQ(f32ToBF16(bitsToF32(0x00018000)), 0x0002);
  EXPECT_EQ(bf16ToF32(0x0001), bitsToF32(0x00010000));
}

TEST(NPUFloatConv, F16RoundsToNearestEven) {
  EXPECT_EQ(f32ToF16(1.0f), 0x3c00);
  // 1 + 2^-11: tie between 1 and 1 + 2^-10 -> even (1).
  EXPECT_EQ(f32ToF16(1.0f + std::ldexp(1.0f, -11)), 0x3c00);
  // 1 + 3 * 2^-11: tie -> even (1 + 2^-9).
  EXPECT_EQ(f32ToF16(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3c02);
  EXPECT_EQ(f32ToF16(65504.0f), 0x7bff); // largest finite
  EXPECT_EQ(f32ToF16(65519.0f), 0x7bff); // below the tie with 65536
  EXPECT_EQ(f32ToF16(65520.0f), 0x7c00); // the tie goes to even: inf
  EXPECT_EQ(f32ToF16(1e6f), 0x7c00);
  EXPECT_EQ(f32ToF16(-1e6f), 0xfc00);
}

TEST(NPUFloatConv, F16Subnormals) {
  float tiny = std::ldexp(1.0f, -24); // smallest subnormal half
  EXPECT_EQ(f32ToF16(tiny), 0x0001);
  EXPECT_EQ(f16ToF32(0x0001), tiny);
  EXPECT_EQ(f32ToF16(tiny / 2), 0x0000);    // tie -> even (zero)
  EXPECT_EQ(f32ToF16(tiny * 1.5f), 0x0002); // tie -> even (2)
  EXPECT_EQ(f32ToF16(tiny * 2.5f), 0x0002); // tie -> even (2)
  EXPECT_EQ(f32ToF16(tiny / 2 * 1.0001f), 0x0001);
  EXPECT_EQ(f32ToF16(-tiny / 4), 0x8000);                // signed zero
  EXPECT_EQ(f32ToF16(std::ldexp(1023.0f, -24)), 0x03ff); // largest subnormal
  // Rounding the largest subnormal up gives the smallest normal.
  EXPECT_EQ(f32ToF16(std::ldexp(1023.5f, -24)), 0x0400);
  EXPECT_EQ(f16ToF32(0x0400), std::ldexp(1.0f, -14));
  EXPECT_EQ(f16ToF32(0x83ff), -std::ldexp(1023.0f, -24));
}

TEST(NPUFloatConv, F16SpecialValues) {
  float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(f32ToF16(inf), 0x7c00);
  EXPECT_EQ(f16ToF32(0xfc00), -inf);
  uint16_t nan = f32ToF16(bitsToF32(0x7f800001));
  EXPECT_EQ(nan & 0x7c00, 0x7c00);
  EXPECT_NE(nan & 0x3ff, 0);
  EXPECT_TRUE(std::isnan(f16ToF32(nan)));
  EXPECT_EQ(f32ToF16(-0.0f), 0x8000);
}

TEST(NPUFloatConv, F16ExhaustiveRoundTrip) {
  // Every half converts to FP32 and back unchanged (NaNs stay NaNs).
  for (uint32_t h = 0; h < 0x10000; ++h) {
    float f = f16ToF32(uint16_t(h));
    if (std::isnan(f))
      EXPECT_TRUE(std::isnan(f16ToF32(f32ToF16(f))));
    else
      EXPECT_EQ(f32ToF16(f), h) << h;
  }
}

TEST(NPUFloatConv, FloatToIntRoundsToEvenAndSaturates) {
  EXPECT_EQ(f32ToI8(2.5f), 2);
  EXPECT_EQ(f32ToI8(3.5f), 4);
  EXPECT_EQ(f32ToI8(-2.5f), -2);
  EXPECT_EQ(f32ToI8(200.0f), 127);
  EXPECT_EQ(f32ToI8(-200.0f), -128);
  EXPECT_EQ(f32ToI8(std::numeric_limits<float>::quiet_NaN()), 0);
  EXPECT_EQ(f32ToI32(1e10f), INT32_MAX);
  EXPECT_EQ(f32ToI32(-1e10f), INT32_MIN);
  EXPECT_EQ(f32ToI32(-0.5f), 0);
}
