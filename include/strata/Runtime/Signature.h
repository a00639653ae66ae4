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
/// Bump it when `strata_entry`'s argument layout changes. Version 2 added
/// dynamic dims (-1 in "shape", names in "dims") and outputs allocated by
/// the compiled code; the runtime still loads version 1 artifacts (static
/// shapes, caller-allocated outputs), which are valid version 2 artifacts.
constexpr int kAbiVersion = 2;
constexpr int kOldestAbiVersion = 1;

struct TensorSpec {
  std::string name;
  DType dtype = DType::F32;
  /// Static sizes; -1 for a dynamic dim.
  llvm::SmallVector<int64_t, 4> shape;
  /// One entry per dim: the symbolic name of a dynamic dim (the ONNX
  /// dim_param, e.g. "N"), "?" for an unnamed dynamic dim, "" for a static
  /// one. Empty when every dim is static.
  llvm::SmallVector<std::string, 4> dimNames;

  bool hasStaticShape() const;
  /// Name of dim `d` if it is dynamic: the dim_param or "?".
  std::string dimName(size_t d) const;
  /// "float32[1x3x224x224]", "float32[Nx784]" with dynamic dims.
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

  /// True when the compiled code allocates the outputs and returns their
  /// descriptors (some output has a dynamic dim); false when the caller
  /// passes allocated outputs.
  bool calleeAllocatesOutputs() const;

  std::string toJSON() const;
  static llvm::Expected<Signature> fromJSON(llvm::StringRef text);

  /// Checks count, element types and shapes of `inputs` against the
  /// signature: static dims must match, dynamic dims take any size and dims
  /// with the same name take the same size. The error says which input and
  /// what was expected.
  llvm::Error checkInputs(llvm::ArrayRef<HostTensor> inputs) const;
};

} // namespace strata::runtime

#endif // STRATA_RUNTIME_SIGNATURE_H
