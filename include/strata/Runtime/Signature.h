//===- Signature.h - The I/O signature a compiled model carries -*- C++ -*-===//
//
// Names, element types and shapes of a compiled model's inputs and outputs,
// in graph order. AOT artifacts embed it as JSON (symbol
// `strata_signature`), so that strata-run and Python need nothing else.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_SIGNATURE_H
#define STRATA_RUNTIME_SIGNATURE_H

#include "strata/Runtime/HostTensor.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace strata::runtime {

/// Version of the calling convention between the runtime and compiled code.
/// Bump it when `strata_entry`'s argument layout changes.
constexpr int kAbiVersion = 1;

struct TensorSpec {
  std::string name;
  DType dtype = DType::F32;
  llvm::SmallVector<int64_t, 4> shape;

  /// "float32[1x3x224x224]"
  std::string toString() const;
};

struct Signature {
  std::vector<TensorSpec> inputs;
  std::vector<TensorSpec> outputs;
  /// The target the model was compiled for ("cpu").
  std::string target = "cpu";
  /// Default number of threads (0: the OpenMP runtime's default).
  int threads = 0;
  int abiVersion = kAbiVersion;

  std::string toJSON() const;
  static llvm::Expected<Signature> fromJSON(llvm::StringRef text);

  /// Checks count, element types and shapes of `inputs` against the
  /// signature; the error says which input and what was expected.
  llvm::Error checkInputs(llvm::ArrayRef<HostTensor> inputs) const;
};

} // namespace strata::runtime

#endif // STRATA_RUNTIME_SIGNATURE_H
