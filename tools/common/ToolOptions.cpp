//===- ToolOptions.cpp - Options shared by strata-compile and strata-run --===//

#include "ToolOptions.h"

#include "strata/Target/CUDA/GPUTarget.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"

namespace cl = llvm::cl;

namespace {
/// The shared options. Constructed by registerCommonOptions, after it has
/// removed libLLVM's own hidden `-threads` option, which would clash.
struct CommonOptions {
  cl::opt<std::string> target{
      "target",
      cl::desc("Target to compile for: cpu, npu (the modelled NPU, run on "
               "its simulator), cuda (PTX for an NVIDIA GPU) or cuda-emu "
               "(the CUDA kernels run by the CPU emulator)"),
      cl::init("cpu")};
  cl::opt<std::string> cudaArch{
      "cuda-arch",
      cl::desc("GPU architecture for --target=cuda/cuda-emu: sm_80 or sm_90"),
      cl::init("sm_80")};
  cl::opt<std::string> cudaMma{
      "cuda-mma",
      cl::desc("Tensor cores for the f32 matmuls and convolutions of "
               "--target=cuda/cuda-emu: none (FMA on CUDA cores, fp32 "
               "products; the default), f16 or bf16 (inputs rounded to "
               "that type, f32 accumulation). f16/bf16 models always use "
               "them"),
      cl::init("none")};
  cl::opt<std::string> npuPrecision{
      "npu-precision",
      cl::desc("Type the f32 operands of matmuls and convolutions are "
               "rounded to on the NPU's matrix unit (--target=npu): bf16 "
               "(the default; f32's range, 8 significant bits) or f16 (11 "
               "bits, overflows above 65504)"),
      cl::init("bf16")};
  cl::opt<int> threads{"threads", cl::desc("Number of threads (0: all cores)"),
                       cl::init(0)};
  cl::list<std::string> inputShapes{
      "input-shape",
      cl::desc("Pin an input's shape: NAME=DxDx... (repeatable), e.g. "
               "--input-shape=input=1x3x224x224"),
      cl::value_desc("name=shape")};
  cl::opt<bool> noVectorize{
      "no-vectorize", cl::desc("Lower linalg to scalar loops (debugging)"),
      cl::init(false)};
  cl::opt<bool> noParallel{"no-parallel",
                           cl::desc("Do not emit OpenMP parallel loops"),
                           cl::init(false)};
};
} // namespace

static CommonOptions *common = nullptr;

void strata::tools::registerCommonOptions() {
  auto &registered = cl::getRegisteredOptions();
  auto it = registered.find("threads");
  if (it != registered.end())
    it->second->removeArgument();
  static CommonOptions options;
  common = &options;
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  mlir::registerAsmPrinterCLOptions();
  mlir::registerDefaultTimingManagerCLOptions();
}

/// Whether `value` of `--flag` is one of `choices`; if not, says so
/// ("unknown --flag 'value' (supported: a, b)").
static bool isOneOf(llvm::StringRef tool, llvm::StringRef flag,
                    llvm::StringRef value,
                    llvm::ArrayRef<llvm::StringRef> choices) {
  if (llvm::is_contained(choices, value))
    return true;
  llvm::errs() << tool << ": error: unknown --" << flag << " '" << value
               << "' (supported: " << llvm::join(choices, ", ") << ")\n";
  return false;
}

std::optional<int> strata::tools::readCompileOptions(CompileOptions &options,
                                                     llvm::StringRef tool) {
  if (!isOneOf(tool, "target", common->target,
               {"cpu", "npu", "cuda", "cuda-emu"}))
    return 2;
  if (!strata::cuda::lookupGPUTarget(common->cudaArch)) {
    llvm::errs() << tool << ": error: unknown --cuda-arch '" << common->cudaArch
                 << "' (supported: " << strata::cuda::knownGPUArchs() << ")\n";
    return 2;
  }
  options.cudaArch = common->cudaArch;
  if (!isOneOf(tool, "cuda-mma", common->cudaMma, {"none", "f16", "bf16"}))
    return 2;
  options.cudaMma = common->cudaMma;
  if (!isOneOf(tool, "npu-precision", common->npuPrecision, {"bf16", "f16"}))
    return 2;
  options.npuPrecision = common->npuPrecision;
  if (common->threads < 0) {
    llvm::errs() << tool << ": error: --threads must be >= 0\n";
    return 2;
  }
  options.target = common->target;
  options.threads = common->threads;
  options.vectorize = !common->noVectorize;
  options.parallel = !common->noParallel;
  for (const std::string &spec : common->inputShapes) {
    auto [name, dims] = llvm::StringRef(spec).split('=');
    llvm::SmallVector<int64_t> shape;
    llvm::SmallVector<llvm::StringRef> parts;
    dims.split(parts, 'x');
    bool ok = !name.empty() && !dims.empty();
    for (llvm::StringRef part : parts) {
      int64_t d = -1;
      ok &= !part.getAsInteger(10, d) && d >= 0;
      shape.push_back(d);
    }
    if (!ok) {
      llvm::errs() << tool << ": error: bad --input-shape '" << spec
                   << "' (expected NAME=DxDx..., e.g. input=1x3x224x224)\n";
      return 2;
    }
    options.inputShapes[name] = shape;
  }
  options.configurePM = [](mlir::PassManager &pm) {
    if (mlir::failed(mlir::applyPassManagerCLOptions(pm)))
      return mlir::failure();
    mlir::applyDefaultTimingPassManagerCLOptions(pm);
    return mlir::success();
  };
  return std::nullopt;
}
