//===- Driver.cpp - Load and lower models ---------------------------------===//

#include "strata/Driver/Driver.h"
#include "strata/Dialect/NPU/IR/NPUOps.h"
#include "strata/Importer/ONNX/ImportONNX.h"
#include "strata/InitAll.h"
#include "strata/Pipelines/CPUPipeline.h"
#include "strata/Pipelines/CUDAPipeline.h"
#include "strata/Pipelines/NPUPipeline.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "llvm/BinaryFormat/Magic.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <mutex>

using namespace mlir;

void strata::prepareContext(MLIRContext &context) {
  // The pipelines are built from pass names: register them once.
  static std::once_flag registered;
  std::call_once(registered, [] { registerAllPasses(); });
  DialectRegistry registry;
  registerAllDialects(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerOpenMPDialectTranslation(registry);
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
}

OwningOpRef<ModuleOp> strata::loadModel(llvm::StringRef path,
                                        MLIRContext &context,
                                        const CompileOptions &options) {
  if (path.ends_with(".onnx")) {
    ONNXImportOptions importOptions;
    for (const auto &entry : options.inputShapes)
      importOptions.inputShapes[entry.getKey()] = entry.getValue();
    return importONNXFile(path, &context, importOptions);
  }
  llvm::SourceMgr sourceMgr;
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(path);
  if (!buffer) {
    emitError(UnknownLoc::get(&context))
        << "cannot read '" << path << "': " << buffer.getError().message();
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module || options.inputShapes.empty())
    return module;
  // Apply --input-shape by name (the ONNX importer does this itself).
  llvm::SmallVector<std::optional<llvm::SmallVector<int64_t>>> shapes;
  for (const std::string &name : getInputNames(*module)) {
    auto it = options.inputShapes.find(name);
    shapes.push_back(it == options.inputShapes.end()
                         ? std::nullopt
                         : std::optional(it->getValue()));
  }
  if (failed(specializeInputShapes(*module, shapes)))
    return nullptr;
  return module;
}

LogicalResult strata::lowerToLLVMDialect(ModuleOp module,
                                         const CompileOptions &options) {
  bool cuda = options.target == "cuda" || options.target == "cuda-emu";
  if (options.target != "cpu" && !cuda)
    return module.emitError() << "target '" << options.target
                              << "' does not lower to LLVM (cpu, cuda and "
                                 "cuda-emu do)";
  PassManager pm(module->getName());
  if (options.configurePM && failed(options.configurePM(pm)))
    return failure();
  if (cuda && !options.stopAfterLinalg) {
    CUDAPipelineOptions gpu;
    gpu.arch = options.cudaArch;
    gpu.mma = options.cudaMma;
    gpu.emulate = options.target == "cuda-emu";
    buildCUDAPipeline(pm, gpu);
    return pm.run(module);
  }
  CPUPipelineOptions cpu;
  cpu.threads = options.threads;
  cpu.parallel = options.parallel;
  cpu.vectorize = options.vectorize;
  if (options.stopAfterLinalg)
    buildCPUGraphToLinalgPipeline(pm, cpu);
  else
    buildCPUPipeline(pm, cpu);
  return pm.run(module);
}

FailureOr<strata::npu::Program>
strata::compileForNPU(ModuleOp module, const CompileOptions &options) {
  PassManager pm(module->getName());
  if (options.configurePM && failed(options.configurePM(pm)))
    return failure();
  NPUPipelineOptions npu;
  npu.precision = options.npuPrecision;
  buildNPUPipeline(pm, npu);
  if (failed(pm.run(module)))
    return failure();
  return strata::npu::toProgram(module);
}

bool strata::isArtifact(llvm::StringRef path) {
  llvm::file_magic magic;
  if (llvm::identify_magic(path, magic))
    return false;
  return magic == llvm::file_magic::elf_shared_object;
}

static func::FuncOp entryFunction(ModuleOp module) {
  return module.lookupSymbol<func::FuncOp>("main");
}

llvm::SmallVector<std::string> strata::getInputNames(ModuleOp module) {
  llvm::SmallVector<std::string> names;
  func::FuncOp func = entryFunction(module);
  if (!func)
    return names;
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    auto name = func.getArgAttrOfType<StringAttr>(i, "strata.name");
    names.push_back(name ? name.str() : "input_" + std::to_string(i));
  }
  return names;
}

LogicalResult strata::specializeInputShapes(
    ModuleOp module,
    llvm::ArrayRef<std::optional<llvm::SmallVector<int64_t>>> shapes) {
  func::FuncOp func = entryFunction(module);
  if (!func)
    return module.emitError() << "no entry function 'main'";
  if (shapes.size() != func.getNumArguments())
    return func.emitError() << "the model takes " << func.getNumArguments()
                            << " input(s), " << shapes.size() << " given";
  llvm::SmallVector<std::string> names = getInputNames(module);
  llvm::SmallVector<Type> inputs;
  for (auto [i, arg] : llvm::enumerate(func.getArguments())) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    if (!type || !shapes[i]) {
      inputs.push_back(arg.getType());
      continue;
    }
    const llvm::SmallVector<int64_t> &given = *shapes[i];
    bool ok = type.getRank() == static_cast<int64_t>(given.size());
    for (int64_t d = 0; ok && d < type.getRank(); ++d)
      ok = type.isDynamicDim(d) || type.getDimSize(d) == given[d];
    if (!ok) {
      std::string expected, got;
      llvm::raw_string_ostream e(expected), g(got);
      llvm::interleave(
          type.getShape(), e,
          [&](int64_t d) {
            e << (ShapedType::isDynamic(d) ? std::string("?")
                                           : std::to_string(d));
          },
          "x");
      llvm::interleave(given, g, "x");
      return func.emitError()
             << "input " << i << " ('" << names[i] << "') expects shape "
             << expected << ", got " << got;
    }
    auto specialized = RankedTensorType::get(given, type.getElementType());
    arg.setType(specialized);
    inputs.push_back(specialized);
  }
  func.setFunctionType(
      FunctionType::get(module.getContext(), inputs, func.getResultTypes()));
  return success();
}
