//===- Executable.h - A compiled model ready to run -------------*- C++ -*-===//
//
// An Executable owns compiled code (an AOT shared library or JIT-compiled
// code) and its Signature, checks inputs against the signature, allocates
// the outputs and calls the entry point.
//
// Calling convention (ABI version 2, see Signature.h): compiled code exports
// `void strata_entry(void **args)`. args[i] points to a memref descriptor
// { void *allocated; void *aligned; int64_t offset; int64_t sizes[rank];
//   int64_t strides[rank]; } for each input, then for each output, in
// signature order. Inputs carry their sizes (any size for a dynamic dim).
// When every output shape is static, the caller allocates the outputs and
// fills their descriptors ("outputs_allocated_by": "caller", the only case
// of version 1). Otherwise ("callee") the compiled code allocates every
// output with malloc and writes its descriptor into args[...]; the runtime
// reads the sizes and strides from it, copies the data out and frees
// `allocated` with free().
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_EXECUTABLE_H
#define STRATA_RUNTIME_EXECUTABLE_H

#include "strata/Runtime/Signature.h"

#include <memory>
#include <vector>

namespace strata::runtime {

class Executable {
public:
  using EntryFn = void (*)(void **);

  virtual ~Executable();

  const Signature &signature() const { return sig; }

  /// Runs the model on `inputs` (in signature order). `threads` > 0 sets the
  /// number of threads; 0 keeps the signature's default.
  llvm::Expected<std::vector<HostTensor>> run(llvm::ArrayRef<HostTensor> inputs,
                                              int threads = 0);

protected:
  using SetThreadsFn = void (*)(int);
  /// `setThreads` is the OpenMP runtime's omp_set_num_threads as the
  /// compiled code sees it (null: threads cannot be set).
  Executable(Signature sig, EntryFn entry, SetThreadsFn setThreads)
      : sig(std::move(sig)), entry(entry), setThreads(setThreads) {}

private:
  Signature sig;
  EntryFn entry;
  SetThreadsFn setThreads;
};

/// Loads an AOT artifact written by strata-compile (a shared library).
llvm::Expected<std::unique_ptr<Executable>>
loadSharedLibrary(llvm::StringRef path);

/// omp_set_num_threads of the OpenMP runtime at `libraryPath` if that
/// library is loaded in the process (null otherwise).
void (*findSetNumThreads(const char *libraryPath))(int);

} // namespace strata::runtime

#endif // STRATA_RUNTIME_EXECUTABLE_H
