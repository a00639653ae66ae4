//===- HostTensor.h - Tensors in host memory --------------------*- C++ -*-===//
//
// The runtime's tensor: an element type, a static shape and 64-byte aligned
// storage that compiled code reads and writes directly. Used by strata-run,
// the Python binding and the tests; independent of MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_RUNTIME_HOSTTENSOR_H
#define STRATA_RUNTIME_HOSTTENSOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace strata::runtime {

/// Element types the runtime can exchange with compiled code. The names are
/// numpy's (`float32`, `int64`, `bool`, ...).
enum class DType {
  F16,
  BF16,
  F32,
  F64,
  I8,
  I16,
  I32,
  I64,
  U8,
  U16,
  U32,
  U64,
  Bool,
};

/// Size of one element in bytes (bool is one byte).
size_t dtypeSize(DType type);
/// numpy name of the type, e.g. "float32".
llvm::StringRef dtypeName(DType type);
/// Inverse of dtypeName.
std::optional<DType> parseDTypeName(llvm::StringRef name);
/// Renders a shape as "1x3x224x224" (a scalar is "scalar").
std::string shapeToString(llvm::ArrayRef<int64_t> shape);

class HostTensor {
public:
  HostTensor() = default;
  /// Zero-initialised tensor of the given type and shape.
  HostTensor(DType type, llvm::ArrayRef<int64_t> shape);

  DType dtype() const { return type; }
  llvm::ArrayRef<int64_t> shape() const { return dims; }
  int64_t numElements() const;
  size_t sizeInBytes() const { return numElements() * dtypeSize(type); }
  void *data() { return storage.get(); }
  const void *data() const { return storage.get(); }
  template <typename T> T *dataAs() { return static_cast<T *>(data()); }
  template <typename T> const T *dataAs() const {
    return static_cast<const T *>(data());
  }

private:
  struct Free {
    void operator()(void *p) const;
  };
  DType type = DType::F32;
  llvm::SmallVector<int64_t, 4> dims;
  std::unique_ptr<void, Free> storage;
};

} // namespace strata::runtime

#endif // STRATA_RUNTIME_HOSTTENSOR_H
