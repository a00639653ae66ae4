//===- UnsignedTypes.cpp - Signless view of unsigned graph tensors --------===//
//
// arith computes on signless integers only, and a signless view of an
// unsigned tensor (tensor.bitcast) does not bufferize. So before the
// conversion, convert-graph-to-linalg retypes the function: every uiN becomes
// iN (arguments, results, op results, constant values), and each graph op
// that had unsigned operands or results keeps that fact in the discardable
// attribute `strata.unsigned` (one bool per operand, then per result), from
// which its pattern picks the unsigned arith ops (divui, cmpi ult, uitofp,
// extui, maxui, ...). The runtime signature was recorded earlier
// (-strata-cpu-export-entry), so it still reports the unsigned dtypes; the
// bytes are the same.
//
// Only ops whose lowering reads the marker, or does not depend on signedness
// (data movement), accept unsigned types; any other is rejected here.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "strata/Dialect/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace strata::lowering {

static constexpr llvm::StringLiteral kUnsignedAttr = "strata.unsigned";

/// `type` with unsigned integer elements made signless; others unchanged.
static Type signless(Type type) {
  auto element = dyn_cast<IntegerType>(getElementTypeOrSelf(type));
  if (!element || !element.isUnsigned())
    return type;
  auto newElement = IntegerType::get(type.getContext(), element.getWidth());
  if (auto shaped = dyn_cast<ShapedType>(type))
    return shaped.clone(newElement);
  return newElement;
}

static bool isUnsigned(Type type) {
  return getElementTypeOrSelf(type).isUnsignedInteger();
}

/// Graph ops whose patterns read the marker, or move data only.
static bool handlesUnsigned(Operation *op) {
  return isa<graph::NegOp, graph::AbsOp, graph::ReluOp, graph::ClipOp,
             graph::SignOp, graph::AddOp, graph::SubOp, graph::MulOp,
             graph::DivOp, graph::PowOp, graph::MaxOp, graph::MinOp,
             graph::ModOp, graph::BitShiftOp, graph::CompareOp, graph::WhereOp,
             graph::CastOp, graph::ConstantOp, graph::ReshapeOp,
             graph::TransposeOp, graph::ConcatOp, graph::SliceOp,
             graph::GatherOp, graph::SplitOp, graph::PadOp, graph::ExpandOp,
             graph::SqueezeOp, graph::UnsqueezeOp, graph::FlattenOp>(op);
}

/// The constant's value with signless elements (same bits).
static FailureOr<ElementsAttr> signlessValue(ElementsAttr value) {
  auto type = cast<ShapedType>(signless(value.getType()));
  if (auto dense = dyn_cast<DenseIntElementsAttr>(value))
    return cast<ElementsAttr>(dense.bitcast(type.getElementType()));
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value))
    return cast<ElementsAttr>(
        DenseResourceElementsAttr::get(type, resource.getRawHandle()));
  return failure();
}

LogicalResult makeUnsignedSignless(func::FuncOp func) {
  // Mark every op first: retyping a result would hide it from its users.
  SmallVector<Operation *> marked;
  bool failed = false;
  func.walk([&](Operation *op) {
    if (!isa<graph::GraphDialect>(op->getDialect()))
      return;
    SmallVector<bool> flags;
    for (Type t : op->getOperandTypes())
      flags.push_back(isUnsigned(t));
    for (Type t : op->getResultTypes())
      flags.push_back(isUnsigned(t));
    if (llvm::none_of(flags, [](bool f) { return f; }))
      return;
    if (!handlesUnsigned(op)) {
      Type element;
      for (Type t : llvm::concat<const Type>(op->getOperandTypes(),
                                             op->getResultTypes()))
        if (isUnsigned(t))
          element = getElementTypeOrSelf(t);
      op->emitError("cannot lower to linalg: element type ")
          << element << " is not supported by " << op->getName()
          << " (unsigned integers are supported by elementwise arithmetic, "
             "compare, cast and data movement)";
      failed = true;
      return;
    }
    op->setAttr(kUnsignedAttr,
                DenseBoolArrayAttr::get(op->getContext(), flags));
    marked.push_back(op);
  });
  if (failed)
    return failure();
  for (Operation *op : marked) {
    if (auto constant = dyn_cast<graph::ConstantOp>(op)) {
      FailureOr<ElementsAttr> value = signlessValue(constant.getValue());
      if (::mlir::failed(value))
        return op->emitError("cannot lower to linalg: unsigned constant of "
                             "an unsupported attribute kind");
      constant.setValueAttr(*value);
    }
    for (Value result : op->getResults())
      result.setType(signless(result.getType()));
  }
  for (Block &block : func.getBody())
    for (BlockArgument arg : block.getArguments())
      arg.setType(signless(arg.getType()));
  FunctionType type = func.getFunctionType();
  SmallVector<Type> inputs, results;
  for (Type t : type.getInputs())
    inputs.push_back(signless(t));
  for (Type t : type.getResults())
    results.push_back(signless(t));
  func.setType(FunctionType::get(func.getContext(), inputs, results));
  return success();
}

bool isUnsignedOperand(Operation *op, unsigned i) {
  auto flags = op->getAttrOfType<DenseBoolArrayAttr>(kUnsignedAttr);
  return flags && i < flags.size() && flags[i];
}

bool isUnsignedResult(Operation *op, unsigned i) {
  return isUnsignedOperand(op, op->getNumOperands() + i);
}

} // namespace strata::lowering
