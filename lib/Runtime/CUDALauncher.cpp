//===- CUDALauncher.cpp - mgpu* on the CUDA driver API, loaded at run time ===//
//
// See include/strata/Runtime/CUDALauncher.h. The driver API functions are
// declared here with the types of cuda.h (CUresult is an int; handles are
// opaque pointers; CUdeviceptr is a 64-bit integer).
//
//===----------------------------------------------------------------------===//

#include "strata/Runtime/CUDALauncher.h"

#include <cstdint>
#include <dlfcn.h>
#include <mutex>

namespace {
using CUresult = int;
using CUdevice = int;
using CUdeviceptr = uint64_t;
using Handle = void *;

struct Driver {
  void *library = nullptr;
  CUresult (*cuInit)(unsigned);
  CUresult (*cuDeviceGetCount)(int *);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDevicePrimaryCtxRetain)(Handle *, CUdevice);
  CUresult (*cuCtxSetCurrent)(Handle);
  CUresult (*cuGetErrorName)(CUresult, const char **);
  CUresult (*cuModuleLoadDataEx)(Handle *, const void *, unsigned, int *,
                                 void **);
  CUresult (*cuModuleUnload)(Handle);
  CUresult (*cuModuleGetFunction)(Handle *, Handle, const char *);
  CUresult (*cuLaunchKernel)(Handle, unsigned, unsigned, unsigned, unsigned,
                             unsigned, unsigned, unsigned, Handle, void **,
                             void **);
  CUresult (*cuStreamCreate)(Handle *, unsigned);
  CUresult (*cuStreamSynchronize)(Handle);
  CUresult (*cuStreamDestroy)(Handle);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyAsync)(CUdeviceptr, CUdeviceptr, size_t, Handle);
  Handle context = nullptr;
};

Driver driver;
bool driverReady = false;
std::mutex errorMutex;
std::string firstError;

std::string errorName(CUresult result) {
  const char *name = nullptr;
  if (driver.cuGetErrorName && driver.cuGetErrorName(result, &name) == 0 &&
      name)
    return name;
  return "CUDA error " + std::to_string(result);
}

/// Records the first failing call; true when `result` is success.
bool check(CUresult result, const char *call) {
  if (result == 0)
    return true;
  std::lock_guard<std::mutex> lock(errorMutex);
  if (firstError.empty())
    firstError = std::string("cuda: ") + call + " failed: " + errorName(result);
  return false;
}

/// True when calls may go to the driver: it is initialised and no call
/// has failed yet.
bool usable() {
  std::lock_guard<std::mutex> lock(errorMutex);
  if (driverReady)
    return firstError.empty();
  if (firstError.empty())
    firstError = "cuda: the CUDA driver is not initialised";
  return false;
}

template <typename Fn> bool bind(Fn &fn, const char *name) {
  fn = reinterpret_cast<Fn>(dlsym(driver.library, name));
  return fn != nullptr;
}

llvm::Error failure(const std::string &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}
} // namespace

llvm::Error strata::runtime::initCUDADriver() {
  static std::mutex initMutex;
  std::lock_guard<std::mutex> lock(initMutex);
  if (driverReady)
    return llvm::Error::success();
  if (!driver.library)
    driver.library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!driver.library)
    return failure("cannot run on CUDA: the NVIDIA driver (libcuda.so.1) is "
                   "not installed on this machine; --target=cuda-emu runs "
                   "the same kernels on the CPU");
  bool ok = bind(driver.cuInit, "cuInit") &&
            bind(driver.cuDeviceGetCount, "cuDeviceGetCount") &&
            bind(driver.cuDeviceGet, "cuDeviceGet") &&
            bind(driver.cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain") &&
            bind(driver.cuCtxSetCurrent, "cuCtxSetCurrent") &&
            bind(driver.cuGetErrorName, "cuGetErrorName") &&
            bind(driver.cuModuleLoadDataEx, "cuModuleLoadDataEx") &&
            bind(driver.cuModuleUnload, "cuModuleUnload") &&
            bind(driver.cuModuleGetFunction, "cuModuleGetFunction") &&
            bind(driver.cuLaunchKernel, "cuLaunchKernel") &&
            bind(driver.cuStreamCreate, "cuStreamCreate") &&
            bind(driver.cuStreamSynchronize, "cuStreamSynchronize") &&
            bind(driver.cuStreamDestroy, "cuStreamDestroy_v2") &&
            bind(driver.cuMemAlloc, "cuMemAlloc_v2") &&
            bind(driver.cuMemFree, "cuMemFree_v2") &&
            bind(driver.cuMemcpyAsync, "cuMemcpyAsync");
  if (!ok)
    return failure("cannot run on CUDA: libcuda.so.1 lacks a driver API "
                   "function Strata needs (driver too old?)");
  CUresult result = driver.cuInit(0);
  if (result != 0)
    return failure("cannot run on CUDA: the driver did not initialise (" +
                   errorName(result) + "); is there an NVIDIA GPU?");
  int count = 0;
  if (driver.cuDeviceGetCount(&count) != 0 || count == 0)
    return failure("cannot run on CUDA: the driver sees no GPU");
  CUdevice device = 0;
  if ((result = driver.cuDeviceGet(&device, 0)) != 0 ||
      (result = driver.cuDevicePrimaryCtxRetain(&driver.context, device)) !=
          0 ||
      (result = driver.cuCtxSetCurrent(driver.context)) != 0)
    return failure("cannot run on CUDA: no context on GPU 0 (" +
                   errorName(result) + ")");
  driverReady = true;
  return llvm::Error::success();
}

std::string strata::runtime::takeCUDAError() {
  std::lock_guard<std::mutex> lock(errorMutex);
  std::string error;
  error.swap(firstError);
  return error;
}

// The mgpu* ABI of MLIR's gpu-to-llvm lowering and SelectObjectAttr.
extern "C" {
void *mgpuModuleLoadJIT(void *data, int optLevel) {
  Handle module = nullptr;
  if (!usable())
    return nullptr;
  // CU_JIT_OPTIMIZATION_LEVEL = 7.
  int options[] = {7};
  void *values[] = {reinterpret_cast<void *>(static_cast<intptr_t>(optLevel))};
  check(driver.cuModuleLoadDataEx(&module, data, 1, options, values),
        "cuModuleLoadDataEx");
  return module;
}

void *mgpuModuleLoad(void *data, size_t) {
  Handle module = nullptr;
  if (usable())
    check(driver.cuModuleLoadDataEx(&module, data, 0, nullptr, nullptr),
          "cuModuleLoadDataEx");
  return module;
}

void mgpuModuleUnload(void *module) {
  if (driverReady && module)
    check(driver.cuModuleUnload(module), "cuModuleUnload");
}

void *mgpuModuleGetFunction(void *module, const char *name) {
  Handle function = nullptr;
  if (usable() && module)
    check(driver.cuModuleGetFunction(&function, module, name),
          "cuModuleGetFunction");
  return function;
}

void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t sharedBytes, void *stream,
                      void **params, void **extra, size_t) {
  if (!usable() || !function)
    return;
  check(driver.cuLaunchKernel(function, gridX, gridY, gridZ, blockX, blockY,
                              blockZ, sharedBytes, stream, params, extra),
        "cuLaunchKernel");
}

void *mgpuStreamCreate() {
  Handle stream = nullptr;
  if (usable())
    check(driver.cuStreamCreate(&stream, 0), "cuStreamCreate");
  return stream;
}

void mgpuStreamSynchronize(void *stream) {
  if (usable())
    check(driver.cuStreamSynchronize(stream), "cuStreamSynchronize");
}

void mgpuStreamDestroy(void *stream) {
  if (driverReady && stream)
    check(driver.cuStreamDestroy(stream), "cuStreamDestroy");
}

void *mgpuMemAlloc(uint64_t bytes, void *, bool) {
  CUdeviceptr pointer = 0;
  if (usable() && bytes > 0)
    check(driver.cuMemAlloc(&pointer, bytes), "cuMemAlloc");
  return reinterpret_cast<void *>(pointer);
}

void mgpuMemFree(void *pointer, void *) {
  if (driverReady && pointer)
    check(driver.cuMemFree(reinterpret_cast<CUdeviceptr>(pointer)),
          "cuMemFree");
}

void mgpuMemcpy(void *dst, void *src, size_t bytes, void *stream) {
  if (usable() && bytes > 0)
    check(driver.cuMemcpyAsync(reinterpret_cast<CUdeviceptr>(dst),
                               reinterpret_cast<CUdeviceptr>(src), bytes,
                               stream),
          "cuMemcpy");
}
}

const strata::runtime::NamedFunction *strata::runtime::cudaLauncherFunctions() {
  static const NamedFunction functions[] = {
      {"mgpuModuleLoadJIT", reinterpret_cast<void *>(&mgpuModuleLoadJIT)},
      {"mgpuModuleLoad", reinterpret_cast<void *>(&mgpuModuleLoad)},
      {"mgpuModuleUnload", reinterpret_cast<void *>(&mgpuModuleUnload)},
      {"mgpuModuleGetFunction",
       reinterpret_cast<void *>(&mgpuModuleGetFunction)},
      {"mgpuLaunchKernel", reinterpret_cast<void *>(&mgpuLaunchKernel)},
      {"mgpuStreamCreate", reinterpret_cast<void *>(&mgpuStreamCreate)},
      {"mgpuStreamSynchronize",
       reinterpret_cast<void *>(&mgpuStreamSynchronize)},
      {"mgpuStreamDestroy", reinterpret_cast<void *>(&mgpuStreamDestroy)},
      {"mgpuMemAlloc", reinterpret_cast<void *>(&mgpuMemAlloc)},
      {"mgpuMemFree", reinterpret_cast<void *>(&mgpuMemFree)},
      {"mgpuMemcpy", reinterpret_cast<void *>(&mgpuMemcpy)},
      {nullptr, nullptr}};
  return functions;
}
