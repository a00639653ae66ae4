//===- FloatConv.h - BF16/FP16 conversions of the NPU ---------------------===//
//
// The conversions the NPU's engines perform, bit-exact: FP32 -> BF16/FP16
// round to nearest, ties to even, with subnormals, overflow to infinity and
// quiet NaNs; BF16/FP16 -> FP32 exact; float -> integer round to nearest
// even with saturation (NaN -> 0).
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_TARGET_NPU_FLOATCONV_H
#define STRATA_TARGET_NPU_FLOATCONV_H

#include <cstdint>

namespace strata::npu {

uint32_t f32Bits(float f);
float bitsToF32(uint32_t bits);
uint16_t f32ToBF16(float f);
float bf16ToF32(uint16_t h);
uint16_t f32ToF16(float f);
float f16ToF32(uint16_t h);
/// Round to nearest even, saturate to the type's range; NaN gives 0.
int8_t f32ToI8(float f);
int32_t f32ToI32(float f);

} // namespace strata::npu

#endif // STRATA_TARGET_NPU_FLOATCONV_H
