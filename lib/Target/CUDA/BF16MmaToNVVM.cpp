//===- BF16MmaToNVVM.cpp - bf16 nvgpu.mma.sync -> nvvm.mma.sync -----------===//
//
// See CUDABF16MmaToNVVMPass in dialects/CUDA/Passes.td.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/CUDA/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/IR/PatternMatch.h"

namespace strata::cuda {
#define GEN_PASS_DEF_CUDABF16MMATONVVMPASS
#include "CUDA/Passes.h.inc"
} // namespace strata::cuda

using namespace mlir;

/// The i32 registers of a (regs x 2) bf16 fragment, one per row.
static SmallVector<Value> packRegisters(RewriterBase &rewriter, Location loc,
                                        Value fragment) {
  auto type = cast<VectorType>(fragment.getType());
  auto packedType = VectorType::get({1}, rewriter.getI32Type());
  SmallVector<Value> registers;
  for (int64_t r = 0; r < type.getDimSize(0); ++r) {
    Value row = vector::ExtractOp::create(rewriter, loc, fragment,
                                          ArrayRef<int64_t>{r});
    Value packed = vector::BitCastOp::create(rewriter, loc, packedType, row);
    registers.push_back(
        vector::ExtractOp::create(rewriter, loc, packed, ArrayRef<int64_t>{0}));
  }
  return registers;
}

static bool isBF16M16N8K16(nvgpu::MmaSyncOp mma) {
  auto a = cast<VectorType>(mma.getMatrixA().getType());
  auto b = cast<VectorType>(mma.getMatrixB().getType());
  auto c = cast<VectorType>(mma.getMatrixC().getType());
  return mma.getMmaShapeAsArray() == std::array<int64_t, 3>{16, 8, 16} &&
         a.getElementType().isBF16() && b.getElementType().isBF16() &&
         a.getShape() == ArrayRef<int64_t>{4, 2} &&
         b.getShape() == ArrayRef<int64_t>{2, 2} &&
         c.getShape() == ArrayRef<int64_t>{2, 2} && c.getElementType().isF32();
}

namespace {
struct CUDABF16MmaToNVVMPass
    : strata::cuda::impl::CUDABF16MmaToNVVMPassBase<CUDABF16MmaToNVVMPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    Type f32 = rewriter.getF32Type();
    auto resultType =
        LLVM::LLVMStructType::getLiteral(&getContext(), {f32, f32, f32, f32});
    getOperation().walk([&](nvgpu::MmaSyncOp mma) {
      if (!isBF16M16N8K16(mma))
        return;
      Location loc = mma.getLoc();
      rewriter.setInsertionPoint(mma);
      SmallVector<Value> a = packRegisters(rewriter, loc, mma.getMatrixA());
      SmallVector<Value> b = packRegisters(rewriter, loc, mma.getMatrixB());
      SmallVector<Value> c;
      for (int64_t i = 0; i < 4; ++i)
        c.push_back(vector::ExtractOp::create(rewriter, loc, mma.getMatrixC(),
                                              ArrayRef<int64_t>{i / 2, i % 2}));
      auto nvvm = NVVM::MmaOp::create(
          rewriter, loc, resultType, a, b, c, ArrayRef<int64_t>{16, 8, 16},
          /*b1Op=*/std::nullopt, /*intOverflow=*/std::nullopt,
          std::array<NVVM::MMATypes, 2>{NVVM::MMATypes::bf16,
                                        NVVM::MMATypes::bf16},
          std::array<NVVM::MMALayout, 2>{NVVM::MMALayout::row,
                                         NVVM::MMALayout::col});
      Value d = mma.getMatrixC();
      for (int64_t i = 0; i < 4; ++i) {
        Value value = LLVM::ExtractValueOp::create(rewriter, loc, nvvm, i);
        d = vector::InsertOp::create(rewriter, loc, value, d,
                                     ArrayRef<int64_t>{i / 2, i % 2});
      }
      rewriter.replaceOp(mma, d);
    });
  }
};
} // namespace
