//===- NPUDialect.cpp - The npu dialect and its attributes ----------------===//

#include "strata/Dialect/NPU/IR/NPUOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace strata::npu;

#include "NPU/NPUDialect.cpp.inc"
#include "NPU/NPUEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "NPU/NPUAttrs.cpp.inc"

void NPUDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "NPU/NPUAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "NPU/NPUOps.cpp.inc"
      >();
}

/// The target descriptions a `#npu.target` may name.
static const TargetDesc *lookupTarget(llvm::StringRef name) {
  const TargetDesc &def = TargetDesc::getDefault();
  return name == def.name ? &def : nullptr;
}

LogicalResult TargetAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 llvm::StringRef name) {
  if (!lookupTarget(name))
    return emitError() << "unknown NPU target '" << name
                       << "' (known: " << TargetDesc::getDefault().name << ")";
  return success();
}

const TargetDesc &TargetAttr::getDesc() const {
  return *lookupTarget(getName());
}
