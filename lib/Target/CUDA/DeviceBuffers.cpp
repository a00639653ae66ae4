//===- DeviceBuffers.cpp - Host buffers -> device buffers for a real GPU --===//
//
// See CUDADeviceBuffersPass in dialects/CUDA/Passes.td.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/CUDA/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/JSON.h"

namespace strata::cuda {
#define GEN_PASS_DEF_CUDADEVICEBUFFERSPASS
#include "CUDA/Passes.h.inc"
} // namespace strata::cuda

using namespace mlir;

/// Number of outputs recorded in the module's `strata.signature`.
static FailureOr<unsigned> countOutputs(func::FuncOp fn) {
  auto module = fn->getParentOfType<ModuleOp>();
  auto text = module ? module->getAttrOfType<StringAttr>("strata.signature")
                     : StringAttr();
  if (!text)
    return failure();
  llvm::Expected<llvm::json::Value> json = llvm::json::parse(text.getValue());
  if (!json) {
    llvm::consumeError(json.takeError());
    return failure();
  }
  const llvm::json::Object *object = json->getAsObject();
  const llvm::json::Array *outputs =
      object ? object->getArray("outputs") : nullptr;
  if (!outputs)
    return failure();
  return static_cast<unsigned>(outputs->size());
}

/// True when `op` only computes a view of a buffer (no access to its data).
static bool isView(Operation *op) {
  return isa<memref::SubViewOp, memref::ExpandShapeOp, memref::CollapseShapeOp,
             memref::ReinterpretCastOp, memref::CastOp>(op);
}

/// gpu-to-llvm lowers gpu.alloc, gpu.dealloc and gpu.memcpy only in their
/// async form with one dependency: `%t = gpu.wait async`, the op on %t,
/// then `gpu.wait` for its token (a stream created, used and synchronised).
template <typename BuildFn>
static Operation *synchronously(RewriterBase &b, Location loc, BuildFn build) {
  Type token = gpu::AsyncTokenType::get(b.getContext());
  Value start =
      gpu::WaitOp::create(b, loc, token, ValueRange{}).getAsyncToken();
  Operation *op = build(token, ValueRange{start});
  Value done = op->getResults().back();
  gpu::WaitOp::create(b, loc, Type(), ValueRange{done});
  return op;
}

static Value deviceAlloc(RewriterBase &b, Location loc, MemRefType type) {
  Operation *op = synchronously(b, loc, [&](Type token, ValueRange deps) {
    return gpu::AllocOp::create(b, loc, type, token, deps, ValueRange{},
                                ValueRange{});
  });
  return op->getResult(0);
}

static Operation *deviceCopy(RewriterBase &b, Location loc, Value dst,
                             Value src) {
  return synchronously(b, loc, [&](Type token, ValueRange deps) {
    return gpu::MemcpyOp::create(b, loc, token, deps, dst, src);
  });
}

static void deviceFree(RewriterBase &b, Location loc, Value buffer) {
  synchronously(b, loc, [&](Type token, ValueRange deps) {
    return gpu::DeallocOp::create(b, loc, token, deps, buffer);
  });
}

namespace {
struct CUDADeviceBuffersPass
    : strata::cuda::impl::CUDADeviceBuffersPassBase<CUDADeviceBuffersPass> {
  void runOnOperation() override {
    func::FuncOp fn = getOperation();
    if (fn.isExternal())
      return;
    FailureOr<unsigned> outputs = countOutputs(fn);
    if (failed(outputs) || *outputs > fn.getNumArguments()) {
      fn.emitOpError("has no usable strata.signature; run "
                     "strata-cpu-export-entry first");
      return signalPassFailure();
    }
    IRRewriter rewriter(&getContext());
    Block &entry = fn.getBody().front();
    SmallVector<std::pair<Value, Value>> copyBack;
    SmallVector<Value> owned;

    // A device twin of `host`, filled from it; every other use of `host`
    // now uses the twin.
    auto upload = [&](Value host, Location loc) {
      auto type = cast<MemRefType>(host.getType());
      Value device = deviceAlloc(rewriter, loc, type);
      Operation *copy = deviceCopy(rewriter, loc, device, host);
      rewriter.replaceAllUsesExcept(host, device, copy);
      owned.push_back(device);
    };

    // The host ops, collected before any are added.
    SmallVector<Operation *> ops;
    fn.walk([&](Operation *op) {
      if (!op->getParentOfType<gpu::LaunchOp>() && !isa<gpu::LaunchOp>(op) &&
          op != fn)
        ops.push_back(op);
    });

    unsigned firstOutput = fn.getNumArguments() - *outputs;
    rewriter.setInsertionPointToStart(&entry);
    for (BlockArgument arg : fn.getArguments()) {
      if (!isa<MemRefType>(arg.getType()))
        continue;
      upload(arg, fn.getLoc());
      if (arg.getArgNumber() >= firstOutput)
        copyBack.push_back({arg, owned.back()});
    }

    for (Operation *op : ops) {
      rewriter.setInsertionPoint(op);
      if (auto global = dyn_cast<memref::GetGlobalOp>(op)) {
        rewriter.setInsertionPointAfter(global);
        upload(global.getResult(), global.getLoc());
      } else if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
        if (!alloc.getDynamicSizes().empty() ||
            !alloc.getSymbolOperands().empty()) {
          alloc.emitOpError("is dynamically sized; the CUDA target needs "
                            "static shapes");
          return signalPassFailure();
        }
        rewriter.replaceOp(
            alloc, deviceAlloc(rewriter, alloc.getLoc(), alloc.getType()));
      } else if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
        deviceFree(rewriter, dealloc.getLoc(), dealloc.getMemref());
        rewriter.eraseOp(dealloc);
      } else if (auto copy = dyn_cast<memref::CopyOp>(op)) {
        deviceCopy(rewriter, copy.getLoc(), copy.getTarget(), copy.getSource());
        rewriter.eraseOp(copy);
      } else if (isa<func::ReturnOp>(op)) {
        for (auto [host, device] : copyBack)
          deviceCopy(rewriter, op->getLoc(), host, device);
        for (Value device : owned)
          deviceFree(rewriter, op->getLoc(), device);
      } else if (!isView(op) && llvm::any_of(op->getOperands(), [](Value v) {
                   return isa<MemRefType>(v.getType());
                 })) {
        op->emitOpError("reads or writes a buffer on the host, which the "
                        "CUDA target cannot do (it is not a kernel)");
        return signalPassFailure();
      }
    }
  }
};
} // namespace
