//===- ProtoUtils.h - Exception-isolated calls into libonnx ------*- C++
//-*-===//
//
// Internal to the ONNX importer. libonnx reports errors by throwing; these
// wrappers are compiled with -fexceptions (ProtoUtils.cpp) and turn every
// exception into a message, so the rest of the importer (built like LLVM,
// without exceptions) never sees one.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_LIB_IMPORTER_ONNX_PROTOUTILS_H
#define STRATA_LIB_IMPORTER_ONNX_PROTOUTILS_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace onnx {
class ModelProto;
} // namespace onnx

namespace strata::onnx_import {

/// Parses a serialized ModelProto; false when the bytes are not one.
bool parseModelProto(llvm::StringRef bytes, onnx::ModelProto &model);

/// Runs ONNX shape inference in place; returns "" or the error message.
std::string inferShapesNoThrow(onnx::ModelProto &model);

} // namespace strata::onnx_import

#endif // STRATA_LIB_IMPORTER_ONNX_PROTOUTILS_H
