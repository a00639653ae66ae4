//===- Executable.cpp - A compiled model ready to run ---------------------===//

#include "strata/Runtime/Executable.h"

#include "llvm/Support/FileSystem.h"

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

llvm::Expected<std::vector<HostTensor>>
Executable::run(llvm::ArrayRef<HostTensor> inputs, int threads) {
  if (llvm::Error err = sig.checkInputs(inputs))
    return std::move(err);
  std::vector<HostTensor> outputs;
  for (const TensorSpec &spec : sig.outputs) {
    outputs.emplace_back(spec.dtype, spec.shape);
    if (!outputs.back().data())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "out of memory allocating output '" +
                                         spec.name + "'");
  }
  size_t n = inputs.size() + outputs.size();
  std::vector<std::vector<int64_t>> descriptors(n);
  std::vector<void *> args(n);
  for (size_t i = 0; i < inputs.size(); ++i)
    fillDescriptor(descriptors[i], const_cast<void *>(inputs[i].data()),
                   inputs[i].shape());
  for (size_t i = 0; i < outputs.size(); ++i)
    fillDescriptor(descriptors[inputs.size() + i], outputs[i].data(),
                   outputs[i].shape());
  for (size_t i = 0; i < n; ++i)
    args[i] = descriptors[i].data();
  keepLargeAllocations();
  int count = threads > 0 ? threads : sig.threads;
  if (count > 0 && setThreads)
    setThreads(count);
  entry(args.data());
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
