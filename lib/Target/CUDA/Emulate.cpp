//===- Emulate.cpp - Outlined GPU kernels -> host functions (cuda-emu) ----===//
//
// See CUDAEmulatePass in dialects/CUDA/Passes.td. The per-thread context
// the kernels read is `struct { int64_t tid[3], bid[3], bdim[3], gdim[3]; }`
// (include/strata/Runtime/CUDAEmulator.h).
//
//===----------------------------------------------------------------------===//

#include "strata/Target/CUDA/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"

namespace strata::cuda {
#define GEN_PASS_DEF_CUDAEMULATEPASS
#include "CUDA/Passes.h.inc"
} // namespace strata::cuda

using namespace mlir;

/// Field offsets (in int64_t) of the context struct.
static int64_t contextField(Operation *op) {
  auto dimIndex = [](gpu::Dimension d) { return static_cast<int64_t>(d); };
  if (auto o = dyn_cast<gpu::ThreadIdOp>(op))
    return dimIndex(o.getDimension());
  if (auto o = dyn_cast<gpu::BlockIdOp>(op))
    return 3 + dimIndex(o.getDimension());
  if (auto o = dyn_cast<gpu::BlockDimOp>(op))
    return 6 + dimIndex(o.getDimension());
  if (auto o = dyn_cast<gpu::GridDimOp>(op))
    return 9 + dimIndex(o.getDimension());
  return -1;
}

/// `type` without a GPU address space (host memory is all one space).
static Type stripAddressSpace(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref ||
      !isa_and_nonnull<gpu::AddressSpaceAttr>(memref.getMemorySpace()))
    return type;
  return MemRefType::get(memref.getShape(), memref.getElementType(),
                         memref.getLayout());
}

/// The per-lane fragment buffer of strata_emu_mma_m16n8k16: A (8 values),
/// B (4), C (4), then D (4), all f32 (f16 and bf16 widen exactly).
static constexpr int64_t kMmaFragmentFloats = 20;

/// Copies the `(rows, 2)` vector `fragment` into `buffer` from `offset`, in
/// row-major order, widened to f32.
static void storeFragment(RewriterBase &rewriter, Location loc, Value fragment,
                          Value buffer, int64_t offset) {
  auto type = cast<VectorType>(fragment.getType());
  Type f32 = rewriter.getF32Type();
  for (int64_t r = 0; r < type.getDimSize(0); ++r)
    for (int64_t e = 0; e < 2; ++e) {
      Value value = vector::ExtractOp::create(rewriter, loc, fragment,
                                              ArrayRef<int64_t>{r, e});
      if (value.getType() != f32)
        value = arith::ExtFOp::create(rewriter, loc, f32, value);
      Value index = arith::ConstantIndexOp::create(rewriter, loc, offset);
      memref::StoreOp::create(rewriter, loc, value, buffer, index);
      ++offset;
    }
}

/// True when `mma` is the one MMA form the emulator implements: m16n8k16
/// with f16 or bf16 inputs and f32 accumulators.
static bool isEmulatedMma(nvgpu::MmaSyncOp mma) {
  auto a = cast<VectorType>(mma.getMatrixA().getType());
  auto b = cast<VectorType>(mma.getMatrixB().getType());
  auto c = cast<VectorType>(mma.getMatrixC().getType());
  std::array<int64_t, 3> shape = mma.getMmaShapeAsArray();
  Type in = a.getElementType();
  return shape == std::array<int64_t, 3>{16, 8, 16} &&
         (in.isF16() || in.isBF16()) &&
         a.getShape() == ArrayRef<int64_t>{4, 2} &&
         b.getShape() == ArrayRef<int64_t>{2, 2} && b.getElementType() == in &&
         c.getShape() == ArrayRef<int64_t>{2, 2} &&
         c.getElementType().isF32() && !mma.getTf32Enabled();
}

namespace {
struct CUDAEmulatePass
    : strata::cuda::impl::CUDAEmulatePassBase<CUDAEmulatePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    IRRewriter rewriter(ctx);
    auto ptrType = LLVM::LLVMPointerType::get(ctx);
    SymbolTable symbols(module);

    rewriter.setInsertionPointToEnd(module.getBody());
    auto barrierFn =
        func::FuncOp::create(rewriter, module.getLoc(), "strata_emu_barrier",
                             rewriter.getFunctionType({ptrType}, {}));
    barrierFn.setPrivate();
    mmaFn = func::FuncOp::create(
        rewriter, module.getLoc(), "strata_emu_mma_m16n8k16",
        rewriter.getFunctionType({ptrType, ptrType}, {}));
    mmaFn.setPrivate();

    // Kernel symbol (module::func) -> launch declaration.
    llvm::DenseMap<Attribute, func::FuncOp> launchers;
    for (auto gpuModule :
         llvm::make_early_inc_range(module.getOps<gpu::GPUModuleOp>())) {
      for (auto kernel : gpuModule.getOps<gpu::GPUFuncOp>()) {
        if (!kernel.isKernel())
          continue;
        FailureOr<func::FuncOp> launcher =
            emulate(rewriter, symbols, gpuModule, kernel, ptrType, barrierFn);
        if (failed(launcher))
          return signalPassFailure();
        launchers[SymbolRefAttr::get(
            gpuModule.getNameAttr(),
            {FlatSymbolRefAttr::get(kernel.getNameAttr())})] = *launcher;
      }
    }

    WalkResult walk = module.walk([&](gpu::LaunchFuncOp launch) {
      func::FuncOp launcher = launchers.lookup(launch.getKernel());
      if (!launcher) {
        launch.emitOpError("launches a kernel the emulator did not find");
        return WalkResult::interrupt();
      }
      if (launch.getDynamicSharedMemorySize() || launch.getAsyncToken() ||
          !launch.getAsyncDependencies().empty() || launch.hasClusterSize()) {
        launch.emitOpError("uses dynamic shared memory, clusters or async "
                           "tokens, which the emulator does not support");
        return WalkResult::interrupt();
      }
      gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
      gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
      SmallVector<Value> operands = {grid.x,  grid.y,  grid.z,
                                     block.x, block.y, block.z};
      llvm::append_range(operands, launch.getKernelOperands());
      rewriter.setInsertionPoint(launch);
      func::CallOp::create(rewriter, launch.getLoc(), launcher, operands);
      rewriter.eraseOp(launch);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    for (auto gpuModule :
         llvm::make_early_inc_range(module.getOps<gpu::GPUModuleOp>()))
      rewriter.eraseOp(gpuModule);
    module->removeAttr(gpu::GPUDialect::getContainerModuleAttrName());
  }

  /// Replaces `mma` by a call of strata_emu_mma_m16n8k16, which waits for
  /// the warp's other lanes and computes the warp's product: this lane's
  /// fragments go to `fragments` (A, B, C), D comes back after them.
  void emulateMma(IRRewriter &rewriter, nvgpu::MmaSyncOp mma, Value context,
                  Value fragments, Type ptrType) {
    Location loc = mma.getLoc();
    rewriter.setInsertionPoint(mma);
    storeFragment(rewriter, loc, mma.getMatrixA(), fragments, 0);
    storeFragment(rewriter, loc, mma.getMatrixB(), fragments, 8);
    storeFragment(rewriter, loc, mma.getMatrixC(), fragments, 12);
    Value address = memref::ExtractAlignedPointerAsIndexOp::create(
        rewriter, loc, fragments);
    address = arith::IndexCastOp::create(rewriter, loc, rewriter.getI64Type(),
                                         address);
    Value pointer = LLVM::IntToPtrOp::create(rewriter, loc, ptrType, address);
    func::CallOp::create(rewriter, loc, mmaFn, ValueRange{context, pointer});
    auto type = cast<VectorType>(mma.getType());
    Value d = arith::ConstantOp::create(
        rewriter, loc, type,
        DenseElementsAttr::get(type, rewriter.getF32FloatAttr(0)));
    for (int64_t i = 0; i < 4; ++i) {
      Value index = arith::ConstantIndexOp::create(rewriter, loc, 16 + i);
      Value value = memref::LoadOp::create(rewriter, loc, fragments, index);
      d = vector::InsertOp::create(rewriter, loc, value, d,
                                   ArrayRef<int64_t>{i / 2, i % 2});
    }
    rewriter.replaceOp(mma, d);
  }

  func::FuncOp mmaFn;

  /// Emits the host function for `kernel` and its launch declaration.
  FailureOr<func::FuncOp> emulate(IRRewriter &rewriter, SymbolTable &symbols,
                                  gpu::GPUModuleOp gpuModule,
                                  gpu::GPUFuncOp kernel, Type ptrType,
                                  func::FuncOp barrierFn) {
    ModuleOp module = getOperation();
    Location loc = kernel.getLoc();
    std::string name =
        ("__strata_emu_" + gpuModule.getName() + "_" + kernel.getName()).str();
    SmallVector<Type> argTypes = {ptrType};
    for (Type t : kernel.getArgumentTypes())
      argTypes.push_back(stripAddressSpace(t));
    rewriter.setInsertionPointToEnd(module.getBody());
    auto fn = func::FuncOp::create(rewriter, loc, name,
                                   rewriter.getFunctionType(argTypes, {}));
    symbols.insert(fn);
    rewriter.cloneRegionBefore(kernel.getBody(), fn.getBody(),
                               fn.getBody().end());
    Block &entry = fn.getBody().front();
    Value context = entry.insertArgument(0u, ptrType, loc);

    // Workgroup buffers: one private global each (one block runs at a
    // time); private buffers: an alloca per thread.
    unsigned first = 1 + kernel.getNumArguments();
    unsigned numWorkgroup = kernel.getNumWorkgroupAttributions();
    unsigned numPrivate = kernel.getNumPrivateAttributions();
    rewriter.setInsertionPointToStart(&entry);
    for (unsigned i = 0; i < numWorkgroup + numPrivate; ++i) {
      BlockArgument arg = entry.getArgument(first + i);
      auto type = cast<MemRefType>(stripAddressSpace(arg.getType()));
      Value replacement;
      if (i < numWorkgroup) {
        OpBuilder::InsertionGuard guard(rewriter);
        rewriter.setInsertionPoint(fn);
        auto global = memref::GlobalOp::create(
            rewriter, loc, name + "_shared_" + std::to_string(i),
            rewriter.getStringAttr("private"), type, Attribute(),
            /*constant=*/false, rewriter.getI64IntegerAttr(64));
        symbols.insert(global);
        rewriter.setInsertionPointToStart(&entry);
        replacement =
            memref::GetGlobalOp::create(rewriter, loc, type, global.getName());
      } else {
        replacement = memref::AllocaOp::create(rewriter, loc, type);
      }
      arg.replaceAllUsesWith(replacement);
    }
    entry.eraseArguments(first, numWorkgroup + numPrivate);

    bool hasBarrier = false;
    Value fragments;
    Type i64 = rewriter.getI64Type();
    WalkResult walk = fn.walk([&](Operation *op) {
      for (Value result : op->getResults())
        result.setType(stripAddressSpace(result.getType()));
      for (Region &region : op->getRegions())
        for (Block &block : region)
          for (BlockArgument arg : block.getArguments())
            arg.setType(stripAddressSpace(arg.getType()));
      int64_t field = contextField(op);
      rewriter.setInsertionPoint(op);
      if (field >= 0) {
        Value slot =
            LLVM::GEPOp::create(rewriter, op->getLoc(), ptrType, i64, context,
                                ArrayRef<LLVM::GEPArg>{field});
        Value value = LLVM::LoadOp::create(rewriter, op->getLoc(), i64, slot);
        rewriter.replaceOpWithNewOp<arith::IndexCastOp>(
            op, rewriter.getIndexType(), value);
        return WalkResult::advance();
      }
      if (isa<gpu::BarrierOp>(op)) {
        hasBarrier = true;
        rewriter.replaceOpWithNewOp<func::CallOp>(op, barrierFn,
                                                  ValueRange{context});
        return WalkResult::advance();
      }
      if (auto mma = dyn_cast<nvgpu::MmaSyncOp>(op)) {
        if (!isEmulatedMma(mma)) {
          mma.emitOpError("is not supported by the CUDA emulator (only "
                          "m16n8k16 with f16 or bf16 inputs and f32 "
                          "accumulators is)");
          return WalkResult::interrupt();
        }
        hasBarrier = true;
        if (!fragments) {
          OpBuilder::InsertionGuard guard(rewriter);
          rewriter.setInsertionPointToStart(&entry);
          fragments = memref::AllocaOp::create(
              rewriter, loc,
              MemRefType::get({kMmaFragmentFloats}, rewriter.getF32Type()));
        }
        emulateMma(rewriter, mma, context, fragments, ptrType);
        return WalkResult::advance();
      }
      if (isa<gpu::ReturnOp>(op)) {
        rewriter.replaceOpWithNewOp<func::ReturnOp>(op);
        return WalkResult::advance();
      }
      if (isa<gpu::GPUDialect>(op->getDialect())) {
        op->emitOpError("is not supported by the CUDA emulator");
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return failure();

    SmallVector<Type> launcherTypes(6, rewriter.getIndexType());
    launcherTypes.append(argTypes.begin() + 1, argTypes.end());
    rewriter.setInsertionPointToEnd(module.getBody());
    auto launcher = func::FuncOp::create(
        rewriter, loc, "__strata_emu_launch_" + name.substr(13),
        rewriter.getFunctionType(launcherTypes, {}));
    launcher.setPrivate();
    symbols.insert(launcher);
    launcher->setAttr("strata.emu_kernel", FlatSymbolRefAttr::get(fn));
    launcher->setAttr("strata.emu_barriers", rewriter.getBoolAttr(hasBarrier));
    return launcher;
  }
};
} // namespace
