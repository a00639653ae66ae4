//===- FloatConv.cpp - BF16/FP16 conversions of the NPU -------------------===//
//
// Integer-only implementations, so the results do not depend on the host's
// floating-point environment.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/NPU/FloatConv.h"

#include <cmath>
#include <cstring>

using namespace strata::npu;

uint32_t strata::npu::f32Bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

float strata::npu::bitsToF32(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

uint16_t strata::npu::f32ToBF16(float f) {
  uint32_t x = f32Bits(f);
  if ((x & 0x7fffffff) > 0x7f800000) // NaN: keep sign and payload top, quiet
    return uint16_t((x >> 16) | 0x0040);
  uint32_t lsb = (x >> 16) & 1;
  return uint16_t((x + 0x7fff + lsb) >> 16); // carries into inf correctly
}

float strata::npu::bf16ToF32(uint16_t h) {
  return bitsToF32(uint32_t(h) << 16);
}

uint16_t strata::npu::f32ToF16(float f) {
  uint32_t x = f32Bits(f);
  uint16_t sign = uint16_t((x >> 16) & 0x8000);
  uint32_t a = x & 0x7fffffff;
  if (a > 0x7f800000)
    return uint16_t(sign | 0x7e00 | ((a >> 13) & 0x3ff));
  if (a == 0x7f800000)
    return uint16_t(sign | 0x7c00);
  int exp = int(a >> 23) - 127;
  if (exp > 15)
    return uint16_t(sign | 0x7c00);
  if (exp >= -14) { // normal half: drop 13 mantissa bits, RNE
    uint32_t h = (uint32_t(exp + 15) << 10) | ((a >> 13) & 0x3ff);
    uint32_t rem = a & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (h & 1)))
      ++h; // may carry into the exponent, up to infinity: correct
    return uint16_t(sign | h);
  }
  // Subnormal half (units of 2^-24); FP32 subnormals are far below it.
  if (exp < -25)
    return sign;
  uint32_t mant = (a & 0x7fffff) | 0x800000;
  unsigned shift = unsigned(-exp - 1); // 14..24
  uint32_t q = mant >> shift, rem = mant & ((1u << shift) - 1);
  uint32_t half = 1u << (shift - 1);
  if (rem > half || (rem == half && (q & 1)))
    ++q; // may become the smallest normal: correct
  return uint16_t(sign | q);
}

float strata::npu::f16ToF32(uint16_t h) {
  uint32_t sign = uint32_t(h & 0x8000) << 16;
  uint32_t exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
  if (exp == 0) {
    float v = std::ldexp(float(mant), -24); // exact
    return sign ? -v : v;
  }
  if (exp == 31)
    return bitsToF32(sign | 0x7f800000 | (mant << 13));
  return bitsToF32(sign | ((exp - 15 + 127) << 23) | (mant << 13));
}

int8_t strata::npu::f32ToI8(float f) {
  if (std::isnan(f))
    return 0;
  float r = std::nearbyint(f); // the default environment rounds to even
  return int8_t(r < -128.f ? -128 : r > 127.f ? 127 : int(r));
}

int32_t strata::npu::f32ToI32(float f) {
  if (std::isnan(f))
    return 0;
  double r = std::nearbyint(double(f));
  if (r <= -2147483648.0)
    return INT32_MIN;
  if (r >= 2147483647.0)
    return INT32_MAX;
  return int32_t(r);
}
