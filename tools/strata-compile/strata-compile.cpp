//===- strata-compile.cpp - Compile a model to an artifact ----------------===//
//
//   strata-compile MODEL.onnx|MODEL.mlir --target=cpu -o ARTIFACT.so
//   strata-compile MODEL.onnx|MODEL.mlir --target=npu -o PROGRAM.npubin
//   strata-compile MODEL.onnx|MODEL.mlir --target=cuda [--cuda-arch=sm_80]
//                  -o ARTIFACT_DIR   (PTX, cubins, launch plan, host.so)
//
// Exit status: 0 on success, 1 on a compile error (diagnostic on stderr),
// 2 on a usage error. Accepts MLIR's pass-manager debugging flags
// (--mlir-print-ir-after-all, --mlir-timing, ...). See docs/tools.md.
//
//===----------------------------------------------------------------------===//

#include "ToolOptions.h"

#include "strata/Driver/Driver.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

namespace cl = llvm::cl;

static cl::opt<std::string> modelPath(cl::Positional, cl::desc("<model>"),
                                      cl::Required);
static cl::opt<std::string> outputPath("o", cl::desc("Output artifact"),
                                       cl::value_desc("path"), cl::Required);
static cl::opt<std::string> emit(
    "emit",
    cl::desc(
        "What to write: artifact (default: a shared library for "
        "cpu, an NPU binary for npu); for cpu also linalg (IR after "
        "graph -> linalg) or llvm (LLVM dialect); for npu also npu "
        "(the npu dialect) or asm (NPU assembly); for cuda also linalg, llvm "
        "or ptx (every kernel's PTX)"),
    cl::init("artifact"));

/// Writes `text` or `bytes` to the output file; an exit status.
static int writeOutput(llvm::StringRef data) {
  std::string error;
  auto file = mlir::openOutputFile(outputPath, &error);
  if (!file) {
    llvm::errs() << "strata-compile: error: " << error << "\n";
    return 1;
  }
  file->os() << data;
  file->keep();
  return 0;
}

static int emitForNPU(mlir::ModuleOp module,
                      const strata::CompileOptions &options) {
  mlir::FailureOr<strata::npu::Program> program =
      strata::compileForNPU(module, options);
  if (mlir::failed(program))
    return 1;
  if (emit == "npu") {
    std::string text;
    llvm::raw_string_ostream os(text);
    module.print(os);
    return writeOutput(text);
  }
  if (emit == "asm")
    return writeOutput(strata::npu::printAssembly(*program));
  auto bytes = strata::npu::writeBinary(*program);
  if (!bytes) {
    llvm::errs() << "strata-compile: error: "
                 << llvm::toString(bytes.takeError()) << "\n";
    return 1;
  }
  return writeOutput(llvm::StringRef(
      reinterpret_cast<const char *>(bytes->data()), bytes->size()));
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  strata::tools::registerCommonOptions();
  if (!cl::ParseCommandLineOptions(argc, argv,
                                   "Strata model compiler\n\n"
                                   "  strata-compile MODEL --target=cpu -o "
                                   "ARTIFACT.so\n"
                                   "  strata-compile MODEL --target=npu -o "
                                   "PROGRAM.npubin\n"
                                   "  strata-compile MODEL --target=cuda "
                                   "[--cuda-arch=sm_80|sm_90] -o DIR\n",
                                   &llvm::errs()))
    return 2;
  strata::CompileOptions options;
  if (std::optional<int> status =
          strata::tools::readCompileOptions(options, "strata-compile"))
    return *status;
  bool npu = options.target == "npu";
  bool cuda = options.target == "cuda";
  if (options.target == "cuda-emu") {
    llvm::errs() << "strata-compile: error: cuda-emu runs CUDA kernels on "
                    "the CPU emulator inside strata-run; compile with "
                    "--target=cuda, or run with strata-run --target=cuda-emu\n";
    return 2;
  }
  if (npu ? (emit != "artifact" && emit != "npu" && emit != "asm")
          : (emit != "artifact" && emit != "linalg" && emit != "llvm" &&
             (!cuda || emit != "ptx"))) {
    llvm::errs() << "strata-compile: error: --emit must be "
                 << (npu    ? "artifact, npu or asm"
                     : cuda ? "artifact, linalg, llvm or ptx"
                            : "artifact, linalg or llvm")
                 << " for --target=" << options.target << "\n";
    return 2;
  }

  mlir::MLIRContext context;
  strata::prepareContext(context);
  llvm::SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      strata::loadModel(modelPath, context, options);
  if (!module)
    return 1;
  if (npu)
    return emitForNPU(*module, options);
  if (emit == "linalg")
    options.stopAfterLinalg = true;
  if (mlir::failed(strata::lowerToLLVMDialect(*module, options)))
    return 1;
  if (emit == "ptx") {
    std::string error;
    auto file = mlir::openOutputFile(outputPath, &error);
    if (!file) {
      llvm::errs() << "strata-compile: error: " << error << "\n";
      return 1;
    }
    auto kernels = strata::collectPTX(*module);
    if (!kernels) {
      llvm::errs() << "strata-compile: error: "
                   << llvm::toString(kernels.takeError()) << "\n";
      return 1;
    }
    for (const auto &[name, ptx] : *kernels)
      file->os() << "// ===== kernel module " << name << " =====\n" << ptx;
    file->keep();
    return 0;
  }
  if (cuda && emit == "artifact") {
    if (llvm::Error err =
            strata::emitCUDAArtifact(*module, outputPath, options.cudaArch)) {
      llvm::errs() << "strata-compile: error: "
                   << llvm::toString(std::move(err)) << "\n";
      return 1;
    }
    return 0;
  }
  if (emit != "artifact") {
    std::string error;
    auto file = mlir::openOutputFile(outputPath, &error);
    if (!file) {
      llvm::errs() << "strata-compile: error: " << error << "\n";
      return 1;
    }
    module->print(file->os());
    file->keep();
    return 0;
  }
  if (llvm::Error err = strata::emitSharedLibrary(*module, outputPath)) {
    llvm::errs() << "strata-compile: error: " << llvm::toString(std::move(err))
                 << "\n";
    return 1;
  }
  return 0;
}
