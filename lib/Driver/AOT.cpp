//===- AOT.cpp - Compile models to shared libraries -----------------------===//
//
// LLVM dialect -> LLVM IR -> optimised (O3, host CPU features) -> object
// file -> shared library, linked by the system C compiler driver against the
// OpenMP runtime (rpath set, so the artifact loads without LD_LIBRARY_PATH).
//
//===----------------------------------------------------------------------===//

#include "strata/Driver/Driver.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"

using namespace mlir;

static llvm::Error aotError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

llvm::Error strata::emitSharedLibrary(ModuleOp module,
                                      llvm::StringRef outputPath,
                                      bool linkCUDALauncher) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return builder.takeError();
  builder->setRelocationModel(llvm::Reloc::PIC_);
  builder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  auto machine = builder->createTargetMachine();
  if (!machine)
    return machine.takeError();

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext, "strata_model");
  if (!llvmModule)
    return aotError("translation to LLVM IR failed");
  llvmModule->setTargetTriple((*machine)->getTargetTriple());
  llvmModule->setDataLayout((*machine)->createDataLayout());
  auto optimize = makeOptimizingTransformer(3, 0, machine->get());
  if (llvm::Error err = optimize(llvmModule.get()))
    return err;

  llvm::SmallString<128> objectPath;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("strata-model", "o", objectPath))
    return aotError("cannot create a temporary file: " + ec.message());
  llvm::FileRemover removeObject(objectPath);
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(objectPath, ec, llvm::sys::fs::OF_None);
    if (ec)
      return aotError("cannot write '" + objectPath + "': " + ec.message());
    llvm::legacy::PassManager codegen;
    if ((*machine)->addPassesToEmitFile(codegen, os, nullptr,
                                        llvm::CodeGenFileType::ObjectFile))
      return aotError("the target cannot emit object files");
    codegen.run(*llvmModule);
  }

  auto linker = llvm::sys::findProgramByName("cc");
  if (!linker)
    return aotError("no C compiler driver ('cc') to link the artifact");
  std::string ompDir = llvm::sys::path::parent_path(STRATA_OMP_LIBRARY).str();
  std::string rpath = "-Wl,-rpath," + ompDir;
  std::string linkerPath = *linker;
  llvm::SmallVector<llvm::StringRef> args = {
      linkerPath,       "-shared",          "-o",  outputPath,
      objectPath.str(), STRATA_OMP_LIBRARY, rpath, "-lm"};
  std::string launcherRpath =
      "-Wl,-rpath," +
      llvm::sys::path::parent_path(STRATA_CUDA_LAUNCHER_LIBRARY).str();
  if (linkCUDALauncher) {
    args.push_back(STRATA_CUDA_LAUNCHER_LIBRARY);
    args.push_back(launcherRpath);
  }
  std::string errorMessage;
  int status = llvm::sys::ExecuteAndWait(*linker, args, std::nullopt, {}, 0, 0,
                                         &errorMessage);
  if (status != 0)
    return aotError("linking '" + outputPath + "' failed" +
                    (errorMessage.empty() ? "" : ": " + errorMessage));
  return llvm::Error::success();
}
