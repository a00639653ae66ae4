//===- CUDAArtifact.cpp - PTX, cubins, launch plan and host library -------===//
//
// What strata-compile --target=cuda writes (docs/cuda.md): a directory with
//   <kernel-module>.ptx          the PTX of each kernel;
//   <kernel-module>.<arch>.cubin  the same assembled by ptxas, when the CUDA
//                                toolkit is installed;
//   launch_plan.json             the kernels in launch order with their grid
//                                and block sizes;
//   host.so                      the host code: device buffers, copies and
//                                launches through the mgpu* launcher
//                                (libStrataCUDALauncher.so, linked with an
//                                rpath; the PTX is embedded and loaded by
//                                the driver).
//
//===----------------------------------------------------------------------===//

#include "strata/Driver/Driver.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

static llvm::Error cudaError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

llvm::Expected<llvm::SmallVector<std::pair<std::string, std::string>>>
strata::collectPTX(ModuleOp module) {
  llvm::SmallVector<std::pair<std::string, std::string>> kernels;
  module.walk([&](gpu::BinaryOp binary) {
    for (Attribute attr : binary.getObjects()) {
      auto object = dyn_cast<gpu::ObjectAttr>(attr);
      if (object && object.getFormat() == gpu::CompilationTarget::Assembly)
        kernels.push_back(
            {binary.getName().str(), object.getObject().getValue().str()});
    }
  });
  if (kernels.empty())
    return cudaError("the module holds no PTX; lower it with "
                     "strata-cuda-pipeline first");
  // A kernel calling a function it does not define (a libdevice __nv_*
  // function) would fail to load on the GPU: say so now.
  for (const auto &[name, ptx] : kernels) {
    size_t at = llvm::StringRef(ptx).find(".extern .func");
    if (at == llvm::StringRef::npos)
      continue;
    llvm::StringRef line = llvm::StringRef(ptx).substr(at).split('\n').first;
    return cudaError("kernel module '" + name +
                     "' calls a function it does not define (" +
                     line.rsplit(' ').second +
                     "); Strata links no libdevice, so this math op needs "
                     "an expansion in strata-cuda-expand-math");
  }
  return kernels;
}

std::optional<std::string> strata::findPtxas() {
  if (const char *fromEnv = std::getenv("STRATA_PTXAS"))
    return llvm::sys::fs::can_execute(fromEnv)
               ? std::optional<std::string>(fromEnv)
               : std::nullopt;
  if (auto found = llvm::sys::findProgramByName("ptxas"))
    return *found;
  if (auto found =
          llvm::sys::findProgramByName("ptxas", {"/usr/local/cuda/bin"}))
    return *found;
  return std::nullopt;
}

/// The constant value of a launch dimension, or -1 when it is computed.
static int64_t constantDim(Value v) {
  if (auto c = v.getDefiningOp<LLVM::ConstantOp>())
    if (auto i = dyn_cast<IntegerAttr>(c.getValue()))
      return i.getInt();
  return -1;
}

llvm::Error strata::emitCUDAArtifact(ModuleOp module, llvm::StringRef dir,
                                     llvm::StringRef arch) {
  if (std::error_code ec = llvm::sys::fs::create_directories(dir))
    return cudaError("cannot create '" + dir + "': " + ec.message());
  auto writeFile = [&](llvm::StringRef name,
                       llvm::StringRef text) -> llvm::Error {
    llvm::SmallString<128> path(dir);
    llvm::sys::path::append(path, name);
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_Text);
    if (ec)
      return cudaError("cannot write '" + path + "': " + ec.message());
    os << text;
    return llvm::Error::success();
  };

  auto kernels = collectPTX(module);
  if (!kernels)
    return kernels.takeError();
  std::optional<std::string> ptxas = findPtxas();
  for (const auto &[name, ptx] : *kernels) {
    if (llvm::Error err = writeFile(name + ".ptx", ptx))
      return err;
    if (!ptxas)
      continue;
    llvm::SmallString<128> ptxPath(dir), cubinPath(dir);
    llvm::sys::path::append(ptxPath, name + ".ptx");
    llvm::sys::path::append(cubinPath, name + "." + arch.str() + ".cubin");
    std::string archFlag = "-arch=" + arch.str();
    llvm::StringRef args[] = {*ptxas, archFlag, "-o", cubinPath, ptxPath};
    std::string message;
    int status = llvm::sys::ExecuteAndWait(*ptxas, args, std::nullopt, {}, 0, 0,
                                           &message);
    if (status != 0)
      return cudaError("ptxas failed on kernel '" + name + "' for " + arch +
                       (message.empty() ? "" : ": " + message));
  }

  llvm::json::Array plan;
  module.walk([&](gpu::LaunchFuncOp launch) {
    gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
    gpu::KernelDim3 block = launch.getBlockSizeOperandValues();
    plan.push_back(llvm::json::Object{
        {"module", launch.getKernelModuleName().getValue()},
        {"kernel", launch.getKernelName().getValue()},
        {"grid", llvm::json::Array{constantDim(grid.x), constantDim(grid.y),
                                   constantDim(grid.z)}},
        {"block", llvm::json::Array{constantDim(block.x), constantDim(block.y),
                                    constantDim(block.z)}}});
  });
  std::string planText;
  llvm::raw_string_ostream planStream(planText);
  planStream << llvm::formatv(
      "{0:2}", llvm::json::Value(llvm::json::Object{
                   {"arch", arch}, {"launches", std::move(plan)}}));
  if (llvm::Error err = writeFile("launch_plan.json", planText + "\n"))
    return err;

  llvm::SmallString<128> hostPath(dir);
  llvm::sys::path::append(hostPath, "host.so");
  return emitSharedLibrary(module, hostPath, /*linkCUDALauncher=*/true);
}
