//===- LibdeviceToIntrinsics.cpp - __nv_* calls -> LLVM intrinsics --------===//
//
// See CUDALibdeviceToIntrinsicsPass in dialects/CUDA/Passes.td.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/CUDA/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/StringSwitch.h"

namespace strata::cuda {
#define GEN_PASS_DEF_CUDALIBDEVICETOINTRINSICSPASS
#include "CUDA/Passes.h.inc"
} // namespace strata::cuda

using namespace mlir;

/// The intrinsic equivalent to libdevice function `name` applied to
/// `operands`, or null.
static Value buildIntrinsic(OpBuilder &b, Location loc, StringRef name,
                            Type type, ValueRange operands) {
  enum Kind {
    None,
    Sqrt,
    Fma,
    Floor,
    Ceil,
    Trunc,
    Rint,
    Fabs,
    CopySign,
    Fmin,
    Fmax
  };
  Kind kind = llvm::StringSwitch<Kind>(name)
                  .Cases("__nv_sqrtf", "__nv_sqrt", Sqrt)
                  .Cases("__nv_fmaf", "__nv_fma", Fma)
                  .Cases("__nv_floorf", "__nv_floor", Floor)
                  .Cases("__nv_ceilf", "__nv_ceil", Ceil)
                  .Cases("__nv_truncf", "__nv_trunc", Trunc)
                  .Cases("__nv_rintf", "__nv_rint", Rint)
                  .Cases("__nv_fabsf", "__nv_fabs", Fabs)
                  .Cases("__nv_copysignf", "__nv_copysign", CopySign)
                  .Cases("__nv_fminf", "__nv_fmin", Fmin)
                  .Cases("__nv_fmaxf", "__nv_fmax", Fmax)
                  .Default(None);
  switch (kind) {
  case Sqrt:
    return LLVM::SqrtOp::create(b, loc, type, operands);
  case Fma:
    return LLVM::FMAOp::create(b, loc, type, operands);
  case Floor:
    return LLVM::FFloorOp::create(b, loc, type, operands);
  case Ceil:
    return LLVM::FCeilOp::create(b, loc, type, operands);
  case Trunc:
    return LLVM::FTruncOp::create(b, loc, type, operands);
  case Rint:
    return LLVM::RoundEvenOp::create(b, loc, type, operands);
  case Fabs:
    return LLVM::FAbsOp::create(b, loc, type, operands);
  case CopySign:
    return LLVM::CopySignOp::create(b, loc, type, operands);
  case Fmin:
    return LLVM::MinNumOp::create(b, loc, type, operands);
  case Fmax:
    return LLVM::MaxNumOp::create(b, loc, type, operands);
  case None:
    break;
  }
  return {};
}

namespace {
struct CUDALibdeviceToIntrinsicsPass
    : strata::cuda::impl::CUDALibdeviceToIntrinsicsPassBase<
          CUDALibdeviceToIntrinsicsPass> {
  void runOnOperation() override {
    gpu::GPUModuleOp module = getOperation();
    IRRewriter rewriter(&getContext());
    SmallVector<LLVM::CallOp> calls;
    module.walk([&](LLVM::CallOp call) {
      if (call.getCallee() && call.getCallee()->starts_with("__nv_") &&
          call.getNumResults() == 1)
        calls.push_back(call);
    });
    for (LLVM::CallOp call : calls) {
      rewriter.setInsertionPoint(call);
      Value replacement =
          buildIntrinsic(rewriter, call.getLoc(), *call.getCallee(),
                         call.getResult().getType(), call.getArgOperands());
      if (replacement)
        rewriter.replaceOp(call, replacement);
    }
    // Declarations nothing calls any more.
    for (auto fn :
         llvm::make_early_inc_range(module.getOps<LLVM::LLVMFuncOp>()))
      if (fn.isExternal() && fn.getName().starts_with("__nv_") &&
          SymbolTable::symbolKnownUseEmpty(fn, module))
        rewriter.eraseOp(fn);
  }
};
} // namespace
