//===- HostTensor.cpp - Tensors in host memory ----------------------------===//

#include "strata/Runtime/HostTensor.h"

#include "llvm/ADT/StringSwitch.h"

#include <cstdlib>
#include <cstring>

using namespace strata::runtime;

size_t strata::runtime::dtypeSize(DType type) {
  switch (type) {
  case DType::I8:
  case DType::U8:
  case DType::Bool:
    return 1;
  case DType::F16:
  case DType::BF16:
  case DType::I16:
  case DType::U16:
    return 2;
  case DType::F32:
  case DType::I32:
  case DType::U32:
    return 4;
  case DType::F64:
  case DType::I64:
  case DType::U64:
    return 8;
  }
  return 0;
}

llvm::StringRef strata::runtime::dtypeName(DType type) {
  switch (type) {
  case DType::F16:
    return "float16";
  case DType::BF16:
    return "bfloat16";
  case DType::F32:
    return "float32";
  case DType::F64:
    return "float64";
  case DType::I8:
    return "int8";
  case DType::I16:
    return "int16";
  case DType::I32:
    return "int32";
  case DType::I64:
    return "int64";
  case DType::U8:
    return "uint8";
  case DType::U16:
    return "uint16";
  case DType::U32:
    return "uint32";
  case DType::U64:
    return "uint64";
  case DType::Bool:
    return "bool";
  }
  return "?";
}

std::optional<DType> strata::runtime::parseDTypeName(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<DType>>(name)
      .Case("float16", DType::F16)
      .Case("bfloat16", DType::BF16)
      .Case("float32", DType::F32)
      .Case("float64", DType::F64)
      .Case("int8", DType::I8)
      .Case("int16", DType::I16)
      .Case("int32", DType::I32)
      .Case("int64", DType::I64)
      .Case("uint8", DType::U8)
      .Case("uint16", DType::U16)
      .Case("uint32", DType::U32)
      .Case("uint64", DType::U64)
      .Case("bool", DType::Bool)
      .Default(std::nullopt);
}

std::string strata::runtime::shapeToString(llvm::ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      s += 'x';
    s += shape[i] < 0 ? std::string("?") : std::to_string(shape[i]);
  }
  return s;
}

void HostTensor::Free::operator()(void *p) const { std::free(p); }

HostTensor::HostTensor(DType type, llvm::ArrayRef<int64_t> shape)
    : type(type), dims(shape) {
  // Compiled code uses aligned vector loads: give every buffer 64 bytes of
  // alignment and round its size up (aligned_alloc requires a multiple).
  size_t bytes = sizeInBytes();
  size_t rounded = (bytes + 63) / 64 * 64;
  void *p = std::aligned_alloc(64, rounded ? rounded : 64);
  if (p)
    std::memset(p, 0, rounded ? rounded : 64);
  storage.reset(p);
}

int64_t HostTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}
