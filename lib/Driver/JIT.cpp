//===- JIT.cpp - Run compiled models in-process through ExecutionEngine ---===//

#include "strata/Driver/Driver.h"
#include "strata/Runtime/CUDAEmulator.h"
#include "strata/Runtime/CUDALauncher.h"

#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "llvm/Support/TargetSelect.h"

using namespace mlir;

namespace {
/// Keeps the ExecutionEngine (and so the compiled code) alive.
class JITExecutable : public strata::runtime::Executable {
public:
  JITExecutable(strata::runtime::Signature sig, EntryFn entry,
                SetThreadsFn setThreads,
                std::unique_ptr<ExecutionEngine> engine)
      : Executable(std::move(sig), entry, setThreads),
        engine(std::move(engine)) {}

private:
  std::unique_ptr<ExecutionEngine> engine;
};
} // namespace

static llvm::Error jitError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

llvm::Expected<std::unique_ptr<strata::runtime::Executable>>
strata::jitCompile(ModuleOp module) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  ExecutionEngineOptions options;
  auto transformer = makeOptimizingTransformer(/*optLevel=*/3,
                                               /*sizeLevel=*/0, nullptr);
  options.transformer = transformer;
  options.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  // Parallel loops call into the OpenMP runtime.
  llvm::StringRef libs[] = {STRATA_OMP_LIBRARY};
  options.sharedLibPaths = libs;
  auto engine = ExecutionEngine::create(module, options);
  if (!engine)
    return jitError("JIT compilation failed: " +
                    llvm::toString(engine.takeError()));
  // The CUDA emulator's entry points (code compiled for cuda-emu calls
  // them) and the CUDA launcher's.
  (*engine)->registerSymbols([](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    auto add = [&](const char *name, void *address) {
      symbols[interner(name)] = {llvm::orc::ExecutorAddr::fromPtr(address),
                                 llvm::JITSymbolFlags::Exported};
    };
    add("strata_emu_launch", reinterpret_cast<void *>(&strata_emu_launch));
    add("strata_emu_barrier", reinterpret_cast<void *>(&strata_emu_barrier));
    add("strata_emu_mma_m16n8k16",
        reinterpret_cast<void *>(&strata_emu_mma_m16n8k16));
    // The CUDA launcher (code compiled for cuda calls it).
    for (const runtime::NamedFunction *f = runtime::cudaLauncherFunctions();
         f->name; ++f)
      add(f->name, f->address);
    return symbols;
  });
  auto entry = (*engine)->lookup("strata_entry");
  if (!entry)
    return jitError("compiled module has no strata_entry: " +
                    llvm::toString(entry.takeError()));
  auto text = (*engine)->lookup("strata_signature");
  if (!text)
    return jitError("compiled module has no strata_signature: " +
                    llvm::toString(text.takeError()));
  auto sig = runtime::Signature::fromJSON(static_cast<const char *>(*text));
  if (!sig)
    return sig.takeError();
  // The OpenMP runtime the compiled code calls, as the JIT resolved it.
  void (*setThreads)(int) = nullptr;
  if (auto set = (*engine)->lookup("omp_set_num_threads"))
    setThreads = reinterpret_cast<void (*)(int)>(*set);
  else
    llvm::consumeError(set.takeError());
  return std::make_unique<JITExecutable>(
      std::move(*sig), reinterpret_cast<runtime::Executable::EntryFn>(*entry),
      setThreads, std::move(*engine));
}
