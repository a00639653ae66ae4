//===- Driver.h - Load, compile and run models ------------------*- C++ -*-===//
//
// What strata-compile, strata-run and the Python binding share: load a model
// (ONNX or graph-dialect MLIR), lower it with the target's pipeline, and turn
// the result into an Executable (JIT) or an AOT artifact (shared library).
// Diagnostics go through the MLIRContext's diagnostic engine.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_DRIVER_DRIVER_H
#define STRATA_DRIVER_DRIVER_H

#include "strata/Runtime/Executable.h"
#include "strata/Target/NPU/Binary.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringMap.h"

#include <functional>

namespace mlir {
class PassManager;
} // namespace mlir

namespace strata {

struct CompileOptions {
  /// "cpu", "npu" (the modelled NPU, run on its simulator), "cuda" (PTX
  /// and the CUDA driver) or "cuda-emu" (the same kernels on the CPU
  /// emulator).
  std::string target = "cpu";
  /// GPU architecture for cuda and cuda-emu (sm_80 or sm_90).
  std::string cudaArch = "sm_80";
  /// Tensor cores for f32 contractions on cuda/cuda-emu: "none" (FMA),
  /// "f16" or "bf16" (docs/cuda.md).
  std::string cudaMma = "none";
  /// Matrix-unit operand type for --target=npu: "bf16" or "f16".
  std::string npuPrecision = "bf16";
  /// Default thread count recorded in the artifact (0: all cores).
  int threads = 0;
  bool parallel = true;
  bool vectorize = true;
  /// Stop after graph -> linalg (for inspection with --emit=linalg).
  bool stopAfterLinalg = false;
  /// Shapes that replace the model's input shapes, by input name (used to
  /// pin symbolic dims).
  llvm::StringMap<llvm::SmallVector<int64_t>> inputShapes;
  /// Called on each PassManager before it runs, e.g. to apply the MLIR
  /// command-line debugging options (IR printing, timing).
  std::function<mlir::LogicalResult(mlir::PassManager &)> configurePM;
};

/// Registers every dialect and translation the driver needs on `context`.
void prepareContext(mlir::MLIRContext &context);

/// Loads a model: `.onnx` files through the ONNX importer, anything else is
/// parsed as MLIR (graph dialect). Null after a diagnostic on failure.
mlir::OwningOpRef<mlir::ModuleOp> loadModel(llvm::StringRef path,
                                            mlir::MLIRContext &context,
                                            const CompileOptions &options);

/// Lowers a graph-dialect module in place to the LLVM dialect with the
/// target's pipeline.
mlir::LogicalResult lowerToLLVMDialect(mlir::ModuleOp module,
                                       const CompileOptions &options);

/// Lowers a graph-dialect module in place with strata-npu-pipeline and
/// returns the NPU program it becomes. Null after a diagnostic on failure
/// (an op the NPU cannot run is an error naming it).
mlir::FailureOr<npu::Program> compileForNPU(mlir::ModuleOp module,
                                            const CompileOptions &options);

/// JIT-compiles an LLVM-dialect module (output of lowerToLLVMDialect).
llvm::Expected<std::unique_ptr<runtime::Executable>>
jitCompile(mlir::ModuleOp module);

/// Compiles an LLVM-dialect module to a shared library at `outputPath`.
/// With `linkCUDALauncher`, the library is linked against Strata's CUDA
/// launcher (libStrataCUDALauncher.so, rpath set): code compiled for
/// --target=cuda calls its mgpu* functions.
llvm::Error emitSharedLibrary(mlir::ModuleOp module, llvm::StringRef outputPath,
                              bool linkCUDALauncher = false);

/// The PTX of each kernel module of a module lowered for --target=cuda, as
/// (gpu.binary name, PTX text) pairs. An error when there is none, or when
/// a kernel calls an undefined (libdevice) function.
llvm::Expected<llvm::SmallVector<std::pair<std::string, std::string>>>
collectPTX(mlir::ModuleOp module);

/// ptxas from $STRATA_PTXAS, PATH or /usr/local/cuda/bin (nullopt: none).
std::optional<std::string> findPtxas();

/// Writes the CUDA artifact directory for a module lowered for
/// --target=cuda: one .ptx per kernel module (and a .cubin for `arch` when
/// ptxas exists), launch_plan.json and host.so (see CUDAArtifact.cpp).
llvm::Error emitCUDAArtifact(mlir::ModuleOp module, llvm::StringRef dir,
                             llvm::StringRef arch);

/// Names of the entry function's inputs (`strata.name` attributes, or
/// "input_<i>"), in order.
llvm::SmallVector<std::string> getInputNames(mlir::ModuleOp module);

/// Replaces dynamic dims of the entry function's input types by the sizes in
/// `shapes` (one per input, in order; nullopt keeps an input as it is), so
/// that the model is compiled for them. An input whose rank or static dims
/// disagree is an error naming it.
mlir::LogicalResult specializeInputShapes(
    mlir::ModuleOp module,
    llvm::ArrayRef<std::optional<llvm::SmallVector<int64_t>>> shapes);

/// True when `path` names an AOT artifact (an ELF shared object).
bool isArtifact(llvm::StringRef path);

} // namespace strata

#endif // STRATA_DRIVER_DRIVER_H
