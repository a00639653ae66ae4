//===- Npy.cpp - Read and write numpy .npy files --------------------------===//

#include "strata/Runtime/Npy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace strata::runtime;
using llvm::StringRef;

static llvm::Error npyError(StringRef name, const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "'" + name +
                                     "' is not a valid .npy file: " + msg);
}

/// Maps a numpy type descriptor ('<f4', '|b1', ...) to a DType.
static std::optional<DType> parseDescr(StringRef descr) {
  if (descr.size() < 3)
    return std::nullopt;
  char order = descr[0];
  StringRef code = descr.drop_front();
  // Single-byte types have no byte order ('|'); others must be little endian.
  bool oneByte = code == "b1" || code == "i1" || code == "u1";
  if (!oneByte && order != '<' && order != '=')
    return std::nullopt;
  return llvm::StringSwitch<std::optional<DType>>(code)
      .Case("f2", DType::F16)
      .Case("f4", DType::F32)
      .Case("f8", DType::F64)
      .Case("i1", DType::I8)
      .Case("i2", DType::I16)
      .Case("i4", DType::I32)
      .Case("i8", DType::I64)
      .Case("u1", DType::U8)
      .Case("u2", DType::U16)
      .Case("u4", DType::U32)
      .Case("u8", DType::U64)
      .Case("b1", DType::Bool)
      .Default(std::nullopt);
}

static std::optional<std::string> descrOf(DType type) {
  switch (type) {
  case DType::F16:
    return "<f2";
  case DType::F32:
    return "<f4";
  case DType::F64:
    return "<f8";
  case DType::I8:
    return "|i1";
  case DType::I16:
    return "<i2";
  case DType::I32:
    return "<i4";
  case DType::I64:
    return "<i8";
  case DType::U8:
    return "|u1";
  case DType::U16:
    return "<u2";
  case DType::U32:
    return "<u4";
  case DType::U64:
    return "<u8";
  case DType::Bool:
    return "|b1";
  case DType::BF16:
    return std::nullopt;
  }
  return std::nullopt;
}

/// Returns the value of `key` in the header dict, e.g. "'<f4'" or "(1, 3)".
static std::optional<StringRef> dictValue(StringRef header, StringRef key) {
  std::string quoted = "'" + key.str() + "'";
  size_t pos = header.find(quoted);
  if (pos == StringRef::npos)
    return std::nullopt;
  StringRef rest = header.drop_front(pos + quoted.size()).ltrim();
  if (!rest.consume_front(":"))
    return std::nullopt;
  rest = rest.ltrim();
  size_t end;
  if (rest.starts_with("(")) {
    end = rest.find(')');
    if (end == StringRef::npos)
      return std::nullopt;
    ++end;
  } else if (rest.starts_with("'")) {
    end = rest.find('\'', 1);
    if (end == StringRef::npos)
      return std::nullopt;
    ++end;
  } else {
    end = rest.find_first_of(",}");
  }
  return rest.take_front(end).trim();
}

llvm::Expected<HostTensor> strata::runtime::parseNpy(StringRef bytes,
                                                     StringRef name) {
  if (!bytes.starts_with("\x93NUMPY") || bytes.size() < 10)
    return npyError(name, "missing the \\x93NUMPY magic");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  size_t headerLen, headerStart;
  if (major == 1) {
    headerLen = static_cast<unsigned char>(bytes[8]) |
                (static_cast<unsigned char>(bytes[9]) << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return npyError(name, "truncated header");
    headerLen = 0;
    for (int i = 0; i < 4; ++i)
      headerLen |= size_t(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
    headerStart = 12;
  } else {
    return npyError(name, "unsupported format version " + llvm::Twine(major));
  }
  if (headerStart + headerLen > bytes.size())
    return npyError(name, "truncated header");
  StringRef header = bytes.substr(headerStart, headerLen);
  auto descr = dictValue(header, "descr");
  auto fortran = dictValue(header, "fortran_order");
  auto shapeText = dictValue(header, "shape");
  if (!descr || !fortran || !shapeText)
    return npyError(name, "header lacks descr, fortran_order or shape");
  std::optional<DType> type = parseDescr(descr->trim("'"));
  if (!type)
    return npyError(name, "unsupported dtype " + *descr +
                              " (supported: little-endian float16/32/64, "
                              "int8-64, uint8-64, bool)");
  if (*fortran != "False")
    return npyError(name, "Fortran-ordered arrays are not supported");
  llvm::SmallVector<int64_t, 4> shape;
  llvm::SmallVector<StringRef> parts;
  shapeText->trim("()").split(parts, ',', -1, /*KeepEmpty=*/false);
  for (StringRef part : parts) {
    part = part.trim();
    if (part.empty())
      continue;
    int64_t dim;
    if (part.getAsInteger(10, dim) || dim < 0)
      return npyError(name, "bad shape " + *shapeText);
    shape.push_back(dim);
  }
  // Guard the element count against overflow before allocating.
  uint64_t count = 1;
  for (int64_t d : shape) {
    if (d != 0 && count > (uint64_t(1) << 40) / uint64_t(d))
      return npyError(name, "shape " + *shapeText + " is too large");
    count *= d;
  }
  size_t dataBytes = count * dtypeSize(*type);
  StringRef data = bytes.drop_front(headerStart + headerLen);
  if (data.size() < dataBytes)
    return npyError(name, "truncated data: expected " + llvm::Twine(dataBytes) +
                              " bytes for shape " + *shapeText + ", found " +
                              llvm::Twine(data.size()));
  HostTensor tensor(*type, shape);
  if (!tensor.data())
    return npyError(name, "out of memory");
  std::memcpy(tensor.data(), data.data(), dataBytes);
  return tensor;
}

llvm::Expected<HostTensor> strata::runtime::readNpyFile(StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return llvm::createStringError(buffer.getError(),
                                   "cannot read '" + path +
                                       "': " + buffer.getError().message());
  return parseNpy((*buffer)->getBuffer(), path);
}

std::string strata::runtime::serializeNpy(const HostTensor &tensor) {
  std::string header = "{'descr': '";
  header += descrOf(tensor.dtype()).value_or("<f4");
  header += "', 'fortran_order': False, 'shape': (";
  llvm::ArrayRef<int64_t> shape = tensor.shape();
  for (size_t i = 0; i < shape.size(); ++i)
    header += (i ? ", " : "") + std::to_string(shape[i]);
  if (shape.size() == 1)
    header += ','; // a 1-tuple is "(3,)"
  header += "), }";
  // Pad with spaces so that the data starts at a multiple of 64 bytes.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string out = "\x93NUMPY";
  out += char(1);
  out += char(0);
  out += char(header.size() & 0xff);
  out += char((header.size() >> 8) & 0xff);
  out += header;
  out.append(static_cast<const char *>(tensor.data()), tensor.sizeInBytes());
  return out;
}

llvm::Error strata::runtime::writeNpyFile(StringRef path,
                                          const HostTensor &tensor) {
  if (!descrOf(tensor.dtype()))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot write " + dtypeName(tensor.dtype()) +
                                       " to .npy (numpy has no such type)");
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec)
    return llvm::createStringError(ec, "cannot write '" + path +
                                           "': " + ec.message());
  os << serializeNpy(tensor);
  return llvm::Error::success();
}
