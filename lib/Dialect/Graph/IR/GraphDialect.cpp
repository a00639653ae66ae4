//===- GraphDialect.cpp - Graph dialect registration and shared logic ----===//
//
// Registers the graph dialect's ops and attributes, materialises folded
// constants, and implements the pieces every op shares: result type
// compatibility and the default byte count of CostOpInterface.
//
//===----------------------------------------------------------------------===//

#include "strata/Dialect/Graph/IR/GraphOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace strata::graph;

#include "Graph/GraphDialect.cpp.inc"
#include "Graph/GraphEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "Graph/GraphAttrs.cpp.inc"

#include "Graph/GraphInterfaces.cpp.inc"

void GraphDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "Graph/GraphOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "Graph/GraphAttrs.cpp.inc"
      >();
}

Operation *GraphDialect::materializeConstant(OpBuilder &builder,
                                             Attribute value, Type type,
                                             Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, elements);
}

bool strata::graph::areCompatibleReturnTypes(TypeRange lhs, TypeRange rhs) {
  if (lhs.size() != rhs.size())
    return false;
  for (auto [l, r] : llvm::zip(lhs, rhs)) {
    auto lt = dyn_cast<RankedTensorType>(l);
    auto rt = dyn_cast<RankedTensorType>(r);
    if (!lt || !rt) {
      if (l != r)
        return false;
      continue;
    }
    if (lt.getElementType() != rt.getElementType() ||
        failed(verifyCompatibleShape(lt.getShape(), rt.getShape())))
      return false;
  }
  return true;
}

std::optional<int64_t>
strata::graph::detail::elementwiseFlops(Type type, int64_t perElement) {
  auto t = dyn_cast<RankedTensorType>(type);
  if (!t || !t.hasStaticShape())
    return std::nullopt;
  return t.getNumElements() * perElement;
}

/// Storage bytes of a static tensor (sub-byte element types round up once per
/// tensor), or std::nullopt.
static std::optional<int64_t> tensorBytes(Type type) {
  auto t = dyn_cast<RankedTensorType>(type);
  if (!t || !t.hasStaticShape())
    return std::nullopt;
  Type element = t.getElementType();
  if (!element.isIntOrFloat())
    return std::nullopt;
  int64_t bits = element.getIntOrFloatBitWidth();
  return (t.getNumElements() * bits + 7) / 8;
}

std::optional<int64_t>
strata::graph::detail::defaultBytesAccessed(Operation *op) {
  int64_t total = 0;
  for (TypeRange types :
       {TypeRange(op->getOperandTypes()), TypeRange(op->getResultTypes())}) {
    for (Type type : types) {
      std::optional<int64_t> bytes = tensorBytes(type);
      if (!bytes)
        return std::nullopt;
      total += *bytes;
    }
  }
  return total;
}
