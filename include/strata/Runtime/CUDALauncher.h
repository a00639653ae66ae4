//===- CUDALauncher.h - Run compiled CUDA kernels on a real GPU -*- C++ -*-===//
//
// The host side of `--target=cuda`. Code compiled by strata-cuda-pipeline
// calls the mgpu* functions (the ABI of MLIR's gpu-to-llvm lowering:
// mgpuModuleLoadJIT, mgpuModuleGetFunction, mgpuLaunchKernel, mgpuMemAlloc,
// mgpuMemcpy, mgpuStreamCreate, ...). Strata implements them on the CUDA
// driver API, which it loads with dlopen("libcuda.so.1") at run time, so
// building Strata never needs CUDA. Driver errors are reported by name
// (CUDA_ERROR_...): the first one is recorded, later calls do nothing, and
// Executable::run returns it.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_CUDALAUNCHER_H
#define STRATA_RUNTIME_CUDALAUNCHER_H

#include "llvm/Support/Error.h"

#include <string>

namespace strata::runtime {

/// Loads the CUDA driver, initialises it and makes the first GPU's primary
/// context current. An error (one sentence) when there is no driver or no
/// GPU. Idempotent.
llvm::Error initCUDADriver();

/// The first CUDA driver error since the last call (empty if none),
/// cleared.
std::string takeCUDAError();

/// Addresses of the mgpu* functions, for the JIT to resolve compiled host
/// code against (name, address pairs, ending with a null name).
struct NamedFunction {
  const char *name;
  void *address;
};
const NamedFunction *cudaLauncherFunctions();

} // namespace strata::runtime

#endif // STRATA_RUNTIME_CUDALAUNCHER_H
