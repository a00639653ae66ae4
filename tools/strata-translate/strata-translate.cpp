//===- strata-translate.cpp - Strata's mlir-translate ---------------------===//
//
// Translations into and out of MLIR: every upstream translation plus
// `--import-onnx`, which imports an ONNX model into the graph dialect, and
// `--npu-to-binary` / `--npu-to-asm`, which encode a module holding one
// npu.program as an NPU binary or print it as NPU assembly:
//
//   strata-translate --import-onnx model.onnx [-o out.mlir]
//       [--onnx-input-shape=name=1x3x224x224 ...]
//   strata-translate --npu-to-asm program.mlir [-o program.s]
//   strata-translate --gpu-to-ptx lowered.mlir [-o kernels.ptx]
//
// `--gpu-to-ptx` prints the PTX of every kernel of a module lowered by
// `strata-opt --strata-cuda-pipeline` (its gpu.binary ops).
//
//===----------------------------------------------------------------------===//

#include "strata/Dialect/NPU/IR/NPUOps.h"
#include "strata/Driver/Driver.h"
#include "strata/Importer/ONNX/ImportONNX.h"
#include "strata/InitAll.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllTranslations.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

static llvm::cl::list<std::string> onnxInputShapes(
    "onnx-input-shape",
    llvm::cl::desc("Pin the shape of an ONNX graph input: name=1x3x224x224 "
                   "(? or -1 keeps a dim dynamic); repeatable"),
    llvm::cl::ZeroOrMore);

static llvm::cl::opt<std::string>
    onnxEntryName("onnx-entry-name",
                  llvm::cl::desc("Name of the imported function"),
                  llvm::cl::init("main"));

static llvm::cl::opt<bool> onnxNoShapeInference(
    "onnx-no-shape-inference",
    llvm::cl::desc("Do not run ONNX shape inference before importing"),
    llvm::cl::init(false));

/// Parses `name=AxBxC` into `options`; false after an error.
static bool parseInputShape(llvm::StringRef spec,
                            strata::ONNXImportOptions &options,
                            MLIRContext *ctx) {
  auto [name, dims] = spec.rsplit('=');
  if (name.empty() || dims.data() == nullptr || spec.find('=') == spec.npos) {
    emitError(UnknownLoc::get(ctx))
        << "--onnx-input-shape expects name=1x3x224x224, got '" << spec << "'";
    return false;
  }
  llvm::SmallVector<int64_t> shape;
  llvm::SmallVector<llvm::StringRef> parts;
  if (!dims.empty() && dims != "scalar")
    dims.split(parts, 'x');
  for (llvm::StringRef part : parts) {
    int64_t d;
    if (part == "?") {
      shape.push_back(-1);
    } else if (part.getAsInteger(10, d) || d < -1) {
      emitError(UnknownLoc::get(ctx)) << "--onnx-input-shape: invalid dim '"
                                      << part << "' in '" << spec << "'";
      return false;
    } else {
      shape.push_back(d);
    }
  }
  options.inputShapes[name] = shape;
  return true;
}

static OwningOpRef<Operation *> importONNX(llvm::SourceMgr &sourceMgr,
                                           MLIRContext *ctx) {
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  strata::ONNXImportOptions options;
  options.entryName = onnxEntryName;
  options.runShapeInference = !onnxNoShapeInference;
  for (const std::string &spec : onnxInputShapes)
    if (!parseInputShape(spec, options, ctx))
      return {};
  OwningOpRef<ModuleOp> module = strata::importONNXModel(
      buffer->getBuffer(), buffer->getBufferIdentifier(), ctx, options);
  if (!module)
    return {};
  return OwningOpRef<Operation *>(module.release());
}

/// A translation of the one npu.program of a module by `write`.
static TranslateFromMLIRFunction
npuTranslation(std::function<llvm::Error(const strata::npu::Program &,
                                         llvm::raw_ostream &)>
                   write) {
  return [write](Operation *op, llvm::raw_ostream &os) -> LogicalResult {
    auto module = dyn_cast<ModuleOp>(op);
    if (!module)
      return op->emitError("expected a module");
    FailureOr<strata::npu::Program> program = strata::npu::toProgram(module);
    if (failed(program))
      return failure();
    if (llvm::Error e = write(*program, os))
      return op->emitError(llvm::toString(std::move(e)));
    return success();
  };
}

int main(int argc, char **argv) {
  registerAllTranslations();
  TranslateToMLIRRegistration importRegistration(
      "import-onnx", "Import an ONNX model into the graph dialect", importONNX,
      [](DialectRegistry &registry) { strata::registerAllDialects(registry); });
  TranslateFromMLIRRegistration npuToBinary(
      "npu-to-binary", "Encode an npu.program as an NPU binary",
      npuTranslation([](const strata::npu::Program &program,
                        llvm::raw_ostream &os) -> llvm::Error {
        auto bytes = strata::npu::writeBinary(program);
        if (!bytes)
          return bytes.takeError();
        os.write(reinterpret_cast<const char *>(bytes->data()), bytes->size());
        return llvm::Error::success();
      }),
      [](DialectRegistry &registry) { strata::registerAllDialects(registry); });
  TranslateFromMLIRRegistration npuToAsm(
      "npu-to-asm", "Print an npu.program as NPU assembly",
      npuTranslation([](const strata::npu::Program &program,
                        llvm::raw_ostream &os) -> llvm::Error {
        os << strata::npu::printAssembly(program);
        return llvm::Error::success();
      }),
      [](DialectRegistry &registry) { strata::registerAllDialects(registry); });
  TranslateFromMLIRRegistration gpuToPtx(
      "gpu-to-ptx",
      "Print the PTX of every kernel module of a module lowered by "
      "strata-cuda-pipeline",
      [](Operation *op, llvm::raw_ostream &os) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return op->emitError("expected a module");
        auto kernels = strata::collectPTX(module);
        if (!kernels)
          return op->emitError(llvm::toString(kernels.takeError()));
        for (const auto &[name, ptx] : *kernels)
          os << "// ===== kernel module " << name << " =====\n" << ptx;
        return success();
      },
      [](DialectRegistry &registry) { strata::registerAllDialects(registry); });
  return failed(mlirTranslateMain(argc, argv, "Strata translation driver"));
}
