//===- Executable.cpp - A compiled model ready to run ---------------------===//

#include "strata/Runtime/Executable.h"

#include "strata/Runtime/CUDAEmulator.h"
#include "strata/Runtime/CUDALauncher.h"

#include "llvm/Support/FileSystem.h"

#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <malloc.h>
#include <mutex>

using namespace strata::runtime;

Executable::~Executable() = default;

/// Compiled code allocates its intermediate buffers with malloc on every
/// run. glibc serves large blocks with fresh mmaps and unmaps them on free,
/// so each run would page-fault through all of its memory again (a quarter
/// of the run time of a CNN). Keep large blocks in the heap instead.
static void keepLargeAllocations() {
  static std::once_flag once;
  std::call_once(once, [] {
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
  });
}

void (*strata::runtime::findSetNumThreads(const char *libraryPath))(int) {
  // RTLD_NOLOAD: only a library that is already loaded (by the JIT), so that
  // the threads of the runtime in use are set.
  void *handle = dlopen(libraryPath, RTLD_LAZY | RTLD_NOLOAD);
  if (!handle)
    return nullptr;
  auto set =
      reinterpret_cast<void (*)(int)>(dlsym(handle, "omp_set_num_threads"));
  dlclose(handle);
  return set;
}

/// Fills a memref descriptor for a dense, row-major tensor.
static void fillDescriptor(std::vector<int64_t> &desc, void *data,
                           llvm::ArrayRef<int64_t> shape) {
  desc.clear();
  desc.push_back(reinterpret_cast<int64_t>(data));
  desc.push_back(reinterpret_cast<int64_t>(data));
  desc.push_back(0);
  desc.insert(desc.end(), shape.begin(), shape.end());
  llvm::SmallVector<int64_t, 4> strides(shape.size(), 1);
  for (int i = static_cast<int>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  desc.insert(desc.end(), strides.begin(), strides.end());
}

/// Copies an output the compiled code allocated (a memref descriptor it
/// filled in) into a HostTensor and frees its buffer with free().
static llvm::Expected<HostTensor> takeOutput(const TensorSpec &spec,
                                             const std::vector<int64_t> &desc) {
  size_t rank = spec.shape.size();
  auto *allocated = reinterpret_cast<char *>(desc[0]);
  auto *aligned = reinterpret_cast<const char *>(desc[1]);
  int64_t offset = desc[2];
  llvm::ArrayRef<int64_t> sizes(desc.data() + 3, rank);
  llvm::ArrayRef<int64_t> strides(desc.data() + 3 + rank, rank);
  auto fail = [&](const llvm::Twine &msg) {
    free(allocated);
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "output '" + spec.name + "': " + msg);
  };
  for (size_t d = 0; d < rank; ++d)
    if (sizes[d] < 0 || (spec.shape[d] >= 0 && sizes[d] != spec.shape[d]))
      return fail("the compiled code returned shape " + shapeToString(sizes) +
                  ", which does not match " + spec.toString());
  HostTensor out(spec.dtype, sizes);
  if (!out.data() && out.numElements() > 0)
    return fail("out of memory");
  size_t elem = dtypeSize(spec.dtype);
  int64_t n = out.numElements();
  if (n > 0 && !aligned)
    return fail("the compiled code returned no buffer");
  // Row-major walk over the (possibly strided) source.
  llvm::SmallVector<int64_t, 4> index(rank, 0);
  auto *dst = static_cast<char *>(out.data());
  for (int64_t k = 0; k < n; ++k) {
    int64_t src = offset;
    for (size_t d = 0; d < rank; ++d)
      src += index[d] * strides[d];
    std::memcpy(dst + k * elem, aligned + src * elem, elem);
    for (size_t d = rank; d-- > 0;) {
      if (++index[d] < sizes[d])
        break;
      index[d] = 0;
    }
  }
  free(allocated);
  return out;
}

llvm::Expected<std::vector<HostTensor>>
Executable::run(llvm::ArrayRef<HostTensor> inputs, int threads) {
  if (llvm::Error err = sig.checkInputs(inputs))
    return std::move(err);
  bool calleeAllocates = sig.calleeAllocatesOutputs();
  std::vector<HostTensor> outputs;
  if (!calleeAllocates) {
    for (const TensorSpec &spec : sig.outputs) {
      outputs.emplace_back(spec.dtype, spec.shape);
      if (!outputs.back().data())
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "out of memory allocating output '" +
                                           spec.name + "'");
    }
  }
  size_t numOutputs = sig.outputs.size();
  size_t n = inputs.size() + numOutputs;
  std::vector<std::vector<int64_t>> descriptors(n);
  std::vector<void *> args(n);
  for (size_t i = 0; i < inputs.size(); ++i)
    fillDescriptor(descriptors[i], const_cast<void *>(inputs[i].data()),
                   inputs[i].shape());
  for (size_t i = 0; i < numOutputs; ++i) {
    std::vector<int64_t> &desc = descriptors[inputs.size() + i];
    if (calleeAllocates) // filled in by the compiled code
      desc.assign(3 + 2 * sig.outputs[i].shape.size(), 0);
    else
      fillDescriptor(desc, outputs[i].data(), outputs[i].shape());
  }
  for (size_t i = 0; i < n; ++i)
    args[i] = descriptors[i].data();
  keepLargeAllocations();
  int count = threads > 0 ? threads : sig.threads;
  if (count > 0 && setThreads)
    setThreads(count);
  entry(args.data());
  // Code compiled for cuda-emu reports launch errors through the emulator.
  for (std::string error : {takeEmulatorError(), takeCUDAError()})
    if (!error.empty())
      return llvm::createStringError(llvm::inconvertibleErrorCode(), error);
  if (!calleeAllocates)
    return outputs;
  // Take every output (each one frees its buffer) before reporting an error.
  llvm::Error firstError = llvm::Error::success();
  for (size_t i = 0; i < numOutputs; ++i) {
    llvm::Expected<HostTensor> out =
        takeOutput(sig.outputs[i], descriptors[inputs.size() + i]);
    if (!out) {
      if (!firstError)
        firstError = out.takeError();
      else
        llvm::consumeError(out.takeError());
      continue;
    }
    outputs.push_back(std::move(*out));
  }
  if (firstError)
    return std::move(firstError);
  return outputs;
}

namespace {
/// An artifact loaded with dlopen; closed when the executable dies.
class SharedLibraryExecutable : public Executable {
public:
  SharedLibraryExecutable(Signature sig, EntryFn entry, void *handle,
                          SetThreadsFn setThreads)
      : Executable(std::move(sig), entry, setThreads), handle(handle) {}
  ~SharedLibraryExecutable() override { dlclose(handle); }

private:
  void *handle;
};
} // namespace

llvm::Expected<std::unique_ptr<Executable>>
strata::runtime::loadSharedLibrary(llvm::StringRef path) {
  auto fail = [&](const llvm::Twine &msg) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot load artifact '" + path +
                                       "': " + msg);
  };
  // dlopen searches the library path for names without a slash.
  llvm::SmallString<256> absolute(path);
  llvm::sys::fs::make_absolute(absolute);
  void *handle = dlopen(absolute.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    return fail(dlerror());
  // The signature is a NUL-terminated JSON string (a char array symbol).
  auto *text = static_cast<const char *>(dlsym(handle, "strata_signature"));
  auto entry =
      reinterpret_cast<Executable::EntryFn>(dlsym(handle, "strata_entry"));
  if (!text || !entry) {
    dlclose(handle);
    return fail("it is not a Strata artifact (no strata_signature or "
                "strata_entry symbol)");
  }
  llvm::Expected<Signature> sig = Signature::fromJSON(text);
  if (!sig) {
    dlclose(handle);
    return fail(llvm::toString(sig.takeError()));
  }
  // The artifact is loaded RTLD_LOCAL: find its OpenMP runtime through it.
  auto setThreads =
      reinterpret_cast<void (*)(int)>(dlsym(handle, "omp_set_num_threads"));
  return std::make_unique<SharedLibraryExecutable>(std::move(*sig), entry,
                                                   handle, setThreads);
}
