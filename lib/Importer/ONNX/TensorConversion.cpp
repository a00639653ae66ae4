//===- TensorConversion.cpp - ONNX types and tensors to MLIR --------------===//
//
// Data types, value types (with symbolic dims) and TensorProto contents:
// raw_data, the typed repeated fields and external data files. Weights become
// dense_resource blobs; small tensors plain dense attributes.
//
//===----------------------------------------------------------------------===//

#include "ImporterContext.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cstring>

using namespace mlir;
using namespace strata::onnx_import;

Type strata::onnx_import::convertDataType(int32_t dataType, MLIRContext *ctx) {
  Builder b(ctx);
  switch (dataType) {
  case onnx::TensorProto::FLOAT:
    return b.getF32Type();
  case onnx::TensorProto::DOUBLE:
    return b.getF64Type();
  case onnx::TensorProto::FLOAT16:
    return b.getF16Type();
  case onnx::TensorProto::BFLOAT16:
    return b.getBF16Type();
  case onnx::TensorProto::INT8:
    return b.getIntegerType(8);
  case onnx::TensorProto::INT16:
    return b.getIntegerType(16);
  case onnx::TensorProto::INT32:
    return b.getIntegerType(32);
  case onnx::TensorProto::INT64:
    return b.getIntegerType(64);
  case onnx::TensorProto::UINT8:
    return b.getIntegerType(8, /*isSigned=*/false);
  case onnx::TensorProto::UINT16:
    return b.getIntegerType(16, /*isSigned=*/false);
  case onnx::TensorProto::UINT32:
    return b.getIntegerType(32, /*isSigned=*/false);
  case onnx::TensorProto::UINT64:
    return b.getIntegerType(64, /*isSigned=*/false);
  case onnx::TensorProto::BOOL:
    return b.getI1Type();
  default:
    return {};
  }
}

std::string strata::onnx_import::dataTypeName(int32_t dataType) {
  if (onnx::TensorProto_DataType_IsValid(dataType))
    return onnx::TensorProto_DataType_Name(
        static_cast<onnx::TensorProto_DataType>(dataType));
  return "data type " + std::to_string(dataType);
}

FailureOr<RankedTensorType>
strata::onnx_import::convertValueType(const onnx::TypeProto &type,
                                      llvm::StringRef what, Location loc) {
  if (!type.has_tensor_type())
    return emitError(loc) << what
                          << " is not a tensor (sequences, maps and "
                             "optionals are not supported)";
  const onnx::TypeProto::Tensor &tensor = type.tensor_type();
  Type elementType = convertDataType(tensor.elem_type(), loc.getContext());
  if (!elementType)
    return emitError(loc) << what << " has unsupported element type "
                          << dataTypeName(tensor.elem_type());
  if (!tensor.has_shape())
    return emitError(loc) << what << " has an unknown rank";
  SmallVector<int64_t> shape;
  for (const onnx::TensorShapeProto::Dimension &dim : tensor.shape().dim()) {
    if (dim.has_dim_value() && dim.dim_value() >= 0)
      shape.push_back(dim.dim_value());
    else
      shape.push_back(ShapedType::kDynamic);
  }
  return RankedTensorType::get(shape, elementType);
}

/// Bytes per element in ONNX raw_data (and in MLIR's raw buffers, except i1).
static unsigned rawElementBytes(Type type) {
  if (type.isInteger(1))
    return 1;
  return (type.getIntOrFloatBitWidth() + 7) / 8;
}

template <typename T> static void appendRaw(std::vector<char> &out, T value) {
  char buffer[sizeof(T)];
  std::memcpy(buffer, &value, sizeof(T));
  out.insert(out.end(), buffer, buffer + sizeof(T));
}

/// Reads `tensor`'s element bytes into `out` (raw little-endian layout).
static LogicalResult readTensorBytes(const onnx::TensorProto &tensor,
                                     Type elementType, int64_t numElements,
                                     llvm::StringRef baseDir, Location loc,
                                     std::vector<char> &out) {
  const std::string &name = tensor.name();
  unsigned elemBytes = rawElementBytes(elementType);
  uint64_t expected = static_cast<uint64_t>(numElements) * elemBytes;

  if (tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    std::string location;
    uint64_t offset = 0;
    std::optional<uint64_t> length;
    for (const onnx::StringStringEntryProto &entry : tensor.external_data()) {
      unsigned long long parsed = 0;
      if (entry.key() == "location") {
        location = entry.value();
      } else if (entry.key() == "offset") {
        if (llvm::getAsUnsignedInteger(entry.value(), 10, parsed))
          return emitError(loc) << "tensor '" << name
                                << "' has an invalid external data offset '"
                                << entry.value() << "'";
        offset = parsed;
      } else if (entry.key() == "length") {
        if (llvm::getAsUnsignedInteger(entry.value(), 10, parsed))
          return emitError(loc) << "tensor '" << name
                                << "' has an invalid external data length '"
                                << entry.value() << "'";
        length = parsed;
      }
    }
    if (location.empty())
      return emitError(loc)
             << "tensor '" << name << "' has external data without a location";
    if (llvm::sys::path::is_absolute(location) ||
        llvm::StringRef(location).contains(".."))
      return emitError(loc) << "tensor '" << name
                            << "' has external data outside the model "
                               "directory: '"
                            << location << "'";
    llvm::SmallString<256> file(baseDir);
    llvm::sys::path::append(file, location);
    auto buffer = llvm::MemoryBuffer::getFile(file, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!buffer)
      return emitError(loc)
             << "cannot read external data of tensor '" << name << "' from '"
             << file << "': " << buffer.getError().message();
    llvm::StringRef data = (*buffer)->getBuffer();
    uint64_t size = length.value_or(expected);
    if (offset > data.size() || size > data.size() - offset)
      return emitError(loc)
             << "external data of tensor '" << name << "' (offset " << offset
             << ", length " << size << ") lies outside '" << file << "' ("
             << data.size() << " bytes)";
    if (size != expected)
      return emitError(loc) << "external data of tensor '" << name << "' has "
                            << size << " bytes, expected " << expected;
    out.assign(data.begin() + offset, data.begin() + offset + size);
    return success();
  }

  if (tensor.has_raw_data()) {
    const std::string &raw = tensor.raw_data();
    if (raw.size() != expected)
      return emitError(loc) << "tensor '" << name << "' has " << raw.size()
                            << " bytes of raw data, expected " << expected;
    out.assign(raw.begin(), raw.end());
    return success();
  }

  // Typed repeated fields.
  out.clear();
  out.reserve(expected);
  int64_t count = 0;
  switch (tensor.data_type()) {
  case onnx::TensorProto::FLOAT:
    count = tensor.float_data_size();
    for (float v : tensor.float_data())
      appendRaw(out, v);
    break;
  case onnx::TensorProto::DOUBLE:
    count = tensor.double_data_size();
    for (double v : tensor.double_data())
      appendRaw(out, v);
    break;
  case onnx::TensorProto::INT64:
    count = tensor.int64_data_size();
    for (int64_t v : tensor.int64_data())
      appendRaw(out, v);
    break;
  case onnx::TensorProto::UINT32:
    count = tensor.uint64_data_size();
    for (uint64_t v : tensor.uint64_data())
      appendRaw(out, static_cast<uint32_t>(v));
    break;
  case onnx::TensorProto::UINT64:
    count = tensor.uint64_data_size();
    for (uint64_t v : tensor.uint64_data())
      appendRaw(out, v);
    break;
  case onnx::TensorProto::INT32:
    count = tensor.int32_data_size();
    for (int32_t v : tensor.int32_data())
      appendRaw(out, v);
    break;
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::UINT16:
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16:
    count = tensor.int32_data_size();
    for (int32_t v : tensor.int32_data())
      appendRaw(out, static_cast<uint16_t>(v));
    break;
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::BOOL:
    count = tensor.int32_data_size();
    for (int32_t v : tensor.int32_data())
      appendRaw(out, static_cast<uint8_t>(v));
    break;
  default:
    break;
  }
  if (count != numElements)
    return emitError(loc) << "tensor '" << name << "' has " << count
                          << " elements, its shape needs " << numElements;
  return success();
}

std::string strata::onnx_import::resourceKey(llvm::StringRef name) {
  std::string key;
  for (char c : name)
    key.push_back(llvm::isAlnum(c) || c == '_' || c == '.' ? c : '_');
  if (key.empty() || !(llvm::isAlpha(key[0]) || key[0] == '_'))
    key.insert(0, "w_");
  return key;
}

FailureOr<ElementsAttr>
strata::onnx_import::convertTensor(const onnx::TensorProto &tensor,
                                   llvm::StringRef baseDir, Location loc,
                                   bool forceDense) {
  MLIRContext *ctx = loc.getContext();
  Type elementType = convertDataType(tensor.data_type(), ctx);
  if (!elementType)
    return emitError(loc) << "tensor '" << tensor.name()
                          << "' has unsupported element type "
                          << dataTypeName(tensor.data_type());
  SmallVector<int64_t> shape;
  for (int64_t d : tensor.dims()) {
    if (d < 0)
      return emitError(loc)
             << "tensor '" << tensor.name() << "' has a negative dimension";
    shape.push_back(d);
  }
  int64_t numElements = shapeProduct(shape);
  if (numElements < 0 || numElements > (int64_t(1) << 40))
    return emitError(loc) << "tensor '" << tensor.name() << "' is too large";
  auto type = RankedTensorType::get(shape, elementType);

  std::vector<char> bytes;
  if (failed(readTensorBytes(tensor, elementType, numElements, baseDir, loc,
                             bytes)))
    return failure();

  if (elementType.isInteger(1)) {
    // i1 is always dense (its in-memory layout differs from ONNX's bytes).
    SmallVector<bool> bits;
    bits.reserve(numElements);
    for (char c : bytes)
      bits.push_back(c != 0);
    return ElementsAttr(DenseElementsAttr::get(type, bits));
  }

  bool small = numElements <= 64 ||
               (llvm::isa<IntegerType>(elementType) && numElements <= 4096);
  if (forceDense || small) {
    if (numElements == 0)
      return ElementsAttr(DenseElementsAttr::get(type, ArrayRef<Attribute>{}));
    bool isSplat = false;
    if (!DenseElementsAttr::isValidRawBuffer(type, bytes, isSplat))
      return emitError(loc)
             << "tensor '" << tensor.name() << "' has an invalid data layout";
    return ElementsAttr(DenseElementsAttr::getFromRawBuffer(type, bytes));
  }

  unsigned align = std::max(rawElementBytes(elementType), 1u);
  AsmResourceBlob blob = HeapAsmResourceBlob::allocateAndCopyWithAlign(
      ArrayRef<char>(bytes.data(), bytes.size()), align);
  return ElementsAttr(DenseResourceElementsAttr::get(
      type, resourceKey(tensor.name()), std::move(blob)));
}
