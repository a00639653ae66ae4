//===- ImportONNX.h - ONNX model to graph dialect ---------------*- C++ -*-===//
//
// Imports a serialized ONNX ModelProto into a module holding one func.func of
// graph-dialect ops. Failures are reported through the context's diagnostic
// engine and yield a null module; the importer never aborts or throws.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_IMPORTER_ONNX_IMPORTONNX_H
#define STRATA_IMPORTER_ONNX_IMPORTONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace strata {

struct ONNXImportOptions {
  std::string entryName = "main";
  /// Overrides of graph-input shapes by input name (a -1 keeps a dim dynamic).
  llvm::StringMap<llvm::SmallVector<int64_t>> inputShapes;
  bool runShapeInference = true;
};

/// `bytes` is a serialized ModelProto; `path` names it in diagnostics and is
/// the base directory of external-data files (may be empty).
mlir::OwningOpRef<mlir::ModuleOp>
importONNXModel(llvm::StringRef bytes, llvm::StringRef path,
                mlir::MLIRContext *ctx, const ONNXImportOptions &options = {});

/// Reads the file at `path` and imports it with importONNXModel.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXFile(llvm::StringRef path, mlir::MLIRContext *ctx,
               const ONNXImportOptions &options = {});

} // namespace strata

#endif // STRATA_IMPORTER_ONNX_IMPORTONNX_H
