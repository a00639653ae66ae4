//===- EmuThunks.cpp - cuda-emu launch declarations -> emulator launches --===//
//
// See CUDAEmuThunksPass in dialects/CUDA/Passes.td. The runtime side is
// strata_emu_launch in lib/Runtime/CUDAEmulator.cpp.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/CUDA/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"

namespace strata::cuda {
#define GEN_PASS_DEF_CUDAEMUTHUNKSPASS
#include "CUDA/Passes.h.inc"
} // namespace strata::cuda

using namespace mlir;

namespace {
struct CUDAEmuThunksPass
    : strata::cuda::impl::CUDAEmuThunksPassBase<CUDAEmuThunksPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    Type i64 = rewriter.getI64Type(), i32 = rewriter.getI32Type();
    Type voidType = LLVM::LLVMVoidType::get(ctx);

    SmallVector<LLVM::LLVMFuncOp> launchers;
    for (auto fn : module.getOps<LLVM::LLVMFuncOp>())
      if (fn->hasAttr("strata.emu_kernel"))
        launchers.push_back(fn);
    if (launchers.empty())
      return;

    rewriter.setInsertionPointToEnd(module.getBody());
    auto launchFn = module.lookupSymbol<LLVM::LLVMFuncOp>("strata_emu_launch");
    if (!launchFn)
      launchFn = LLVM::LLVMFuncOp::create(
          rewriter, module.getLoc(), "strata_emu_launch",
          LLVM::LLVMFunctionType::get(
              voidType, {ptr, ptr, i64, i64, i64, i64, i64, i64, i32}));

    for (LLVM::LLVMFuncOp launcher : launchers) {
      auto kernelRef =
          launcher->getAttrOfType<FlatSymbolRefAttr>("strata.emu_kernel");
      auto kernel = module.lookupSymbol<LLVM::LLVMFuncOp>(kernelRef);
      if (!kernel || kernel.getNumArguments() == 0) {
        launcher.emitOpError("names no lowered emulated kernel");
        return signalPassFailure();
      }
      bool barriers =
          launcher->getAttrOfType<BoolAttr>("strata.emu_barriers").getValue();
      ArrayRef<Type> kernelArgs = kernel.getFunctionType().getParams();

      // thunk(ctx, params): kernel(ctx, *(T1 *)params[0], ...).
      Location loc = kernel.getLoc();
      rewriter.setInsertionPointToEnd(module.getBody());
      auto thunk = LLVM::LLVMFuncOp::create(
          rewriter, loc,
          ("__strata_emu_thunk_" + kernel.getName().substr(13)).str(),
          LLVM::LLVMFunctionType::get(voidType, {ptr, ptr}));
      Block *entry = thunk.addEntryBlock(rewriter);
      rewriter.setInsertionPointToStart(entry);
      SmallVector<Value> args = {entry->getArgument(0)};
      for (auto [i, type] : llvm::enumerate(kernelArgs.drop_front())) {
        Value slot = LLVM::GEPOp::create(
            rewriter, loc, ptr, ptr, entry->getArgument(1),
            ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(i)});
        Value where = LLVM::LoadOp::create(rewriter, loc, ptr, slot);
        args.push_back(LLVM::LoadOp::create(rewriter, loc, type, where));
      }
      LLVM::CallOp::create(rewriter, loc, kernel, args);
      LLVM::ReturnOp::create(rewriter, loc, ValueRange{});

      // Every call of the declaration: store the arguments, pass their
      // addresses.
      SmallVector<LLVM::CallOp> calls;
      module.walk([&](LLVM::CallOp call) {
        if (call.getCallee() == launcher.getName())
          calls.push_back(call);
      });
      for (LLVM::CallOp call : calls) {
        Location callLoc = call.getLoc();
        auto parent = call->getParentOfType<LLVM::LLVMFuncOp>();
        ValueRange operands = call.getArgOperands();
        if (operands.size() < 6 ||
            operands.size() - 6 != kernelArgs.size() - 1) {
          call.emitOpError("launches ")
              << kernel.getName() << " with " << operands.size() << " operands";
          return signalPassFailure();
        }
        ValueRange kernelOperands = operands.drop_front(6);
        // The stack slots live in the entry block, so that launches inside
        // loops do not grow the stack.
        rewriter.setInsertionPointToStart(&parent.getBody().front());
        Value one = LLVM::ConstantOp::create(rewriter, callLoc, i64,
                                             rewriter.getI64IntegerAttr(1));
        Value count = LLVM::ConstantOp::create(
            rewriter, callLoc, i64,
            rewriter.getI64IntegerAttr(
                std::max<int64_t>(1, kernelOperands.size())));
        Value params =
            LLVM::AllocaOp::create(rewriter, callLoc, ptr, ptr, count);
        SmallVector<Value> slots;
        for (Value v : kernelOperands)
          slots.push_back(
              LLVM::AllocaOp::create(rewriter, callLoc, ptr, v.getType(), one));
        rewriter.setInsertionPoint(call);
        for (auto [i, v] : llvm::enumerate(kernelOperands)) {
          LLVM::StoreOp::create(rewriter, callLoc, v, slots[i]);
          Value at = LLVM::GEPOp::create(
              rewriter, callLoc, ptr, ptr, params,
              ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(i)});
          LLVM::StoreOp::create(rewriter, callLoc, slots[i], at);
        }
        Value fnAddr = LLVM::AddressOfOp::create(rewriter, callLoc, thunk);
        Value flags = LLVM::ConstantOp::create(
            rewriter, callLoc, i32,
            rewriter.getI32IntegerAttr(barriers ? 1 : 0));
        SmallVector<Value> launchArgs = {fnAddr, params};
        llvm::append_range(launchArgs, operands.take_front(6));
        launchArgs.push_back(flags);
        LLVM::CallOp::create(rewriter, callLoc, launchFn, launchArgs);
        rewriter.eraseOp(call);
      }
      rewriter.eraseOp(launcher);
    }
  }
};
} // namespace
