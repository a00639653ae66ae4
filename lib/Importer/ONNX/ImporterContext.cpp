//===- ImporterContext.cpp - Values, attributes and diagnostics of nodes --===//
//
// ConstTensor conversions, the value table of the graph being imported
// (with lazy materialization of constants and weights) and NodeContext's
// helpers for node importers.
//
//===----------------------------------------------------------------------===//

#include "ImporterContext.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace strata;
using namespace strata::onnx_import;

//===----------------------------------------------------------------------===//
// ConstTensor
//===----------------------------------------------------------------------===//

int64_t strata::onnx_import::shapeProduct(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0)
      return -1;
    if (d != 0 && n > (int64_t(1) << 50) / d)
      return -1;
    n *= d;
  }
  return n;
}

int64_t ConstTensor::numElements() const { return shapeProduct(shape); }

/// `v` wrapped to the integer type `type` (i1 becomes 0/1).
static int64_t wrapInt(Type type, int64_t v) {
  auto intType = llvm::dyn_cast<IntegerType>(type);
  if (!intType)
    return v;
  unsigned width = intType.getWidth();
  if (width == 1)
    return v != 0;
  if (width >= 64)
    return v;
  uint64_t mask = (uint64_t(1) << width) - 1;
  uint64_t bits = static_cast<uint64_t>(v) & mask;
  if (intType.isUnsigned())
    return static_cast<int64_t>(bits);
  uint64_t sign = uint64_t(1) << (width - 1);
  return static_cast<int64_t>((bits ^ sign) - sign);
}

int64_t ConstTensor::getInt(int64_t i) const {
  size_t idx = numStored() == 1 ? 0 : static_cast<size_t>(i);
  return isFloat() ? static_cast<int64_t>(floats[idx]) : ints[idx];
}

double ConstTensor::getFloat(int64_t i) const {
  size_t idx = numStored() == 1 ? 0 : static_cast<size_t>(i);
  if (isFloat())
    return floats[idx];
  if (elementType.isUnsignedInteger())
    return static_cast<double>(static_cast<uint64_t>(ints[idx]));
  return static_cast<double>(ints[idx]);
}

void ConstTensor::pushInt(int64_t v) {
  if (isFloat())
    floats.push_back(static_cast<double>(v));
  else
    ints.push_back(wrapInt(elementType, v));
}

void ConstTensor::pushFloat(double v) {
  if (isFloat())
    floats.push_back(v);
  else if (elementType.isInteger(1))
    ints.push_back(v != 0);
  else
    ints.push_back(wrapInt(elementType, static_cast<int64_t>(v)));
}

ConstTensor ConstTensor::fromAttr(DenseElementsAttr attr) {
  ConstTensor c;
  c.elementType = attr.getElementType();
  c.shape.assign(attr.getType().getShape().begin(),
                 attr.getType().getShape().end());
  if (c.isFloat()) {
    auto push = [&](APFloat v) {
      bool lost = false;
      v.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
      c.floats.push_back(v.convertToDouble());
    };
    if (attr.isSplat())
      push(attr.getSplatValue<APFloat>());
    else
      for (APFloat v : attr.getValues<APFloat>())
        push(v);
  } else {
    bool zext = c.elementType.isInteger(1) || c.elementType.isUnsignedInteger();
    auto push = [&](const APInt &v) {
      c.ints.push_back(zext ? static_cast<int64_t>(v.getZExtValue())
                            : v.getSExtValue());
    };
    if (attr.isSplat())
      push(attr.getSplatValue<APInt>());
    else
      for (APInt v : attr.getValues<APInt>())
        push(v);
  }
  return c;
}

DenseElementsAttr ConstTensor::toAttr() const {
  auto type = RankedTensorType::get(shape, elementType);
  if (auto floatType = llvm::dyn_cast<FloatType>(elementType)) {
    SmallVector<APFloat> values;
    for (double d : floats) {
      APFloat v(d);
      bool lost = false;
      v.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                &lost);
      values.push_back(v);
    }
    return DenseElementsAttr::get(type, values);
  }
  if (elementType.isInteger(1)) {
    SmallVector<bool> values;
    for (int64_t v : ints)
      values.push_back(v != 0);
    return DenseElementsAttr::get(type, values);
  }
  unsigned width = elementType.getIntOrFloatBitWidth();
  SmallVector<APInt> values;
  for (int64_t v : ints)
    values.push_back(APInt(width, static_cast<uint64_t>(v),
                           /*isSigned=*/!elementType.isUnsignedInteger(),
                           /*implicitTrunc=*/true));
  return DenseElementsAttr::get(type, values);
}

//===----------------------------------------------------------------------===//
// GraphState
//===----------------------------------------------------------------------===//

Value GraphState::lookup(llvm::StringRef name, Location useLoc) {
  auto it = values.find(name);
  if (it == values.end()) {
    emitError(useLoc) << "ONNX value '" << name
                      << "' is used but not defined by any node, input or "
                         "initializer";
    return {};
  }
  ImportedValue &iv = it->second;
  if (iv.value)
    return iv.value;
  Location loc = iv.loc ? Location(iv.loc) : useLoc;
  if (iv.initializer) {
    FailureOr<ElementsAttr> attr =
        convertTensor(*iv.initializer, baseDir, loc, /*forceDense=*/false);
    if (failed(attr))
      return {};
    iv.value = graph::ConstantOp::create(builder, loc, *attr);
    return iv.value;
  }
  if (iv.constant) {
    iv.value = materialize(*iv.constant, loc, name);
    return iv.value;
  }
  emitError(useLoc) << "ONNX value '" << name << "' has no value";
  return {};
}

const ConstTensor *GraphState::lookupConstant(llvm::StringRef name,
                                              Location useLoc) {
  auto it = values.find(name);
  if (it == values.end())
    return nullptr;
  ImportedValue &iv = it->second;
  if (iv.constant)
    return &*iv.constant;
  if (iv.initializer) {
    SmallVector<int64_t> dims(iv.initializer->dims().begin(),
                              iv.initializer->dims().end());
    int64_t n = shapeProduct(dims);
    if (n < 0 || n > 4096 ||
        !convertDataType(iv.initializer->data_type(), builder.getContext()))
      return nullptr;
    FailureOr<ElementsAttr> attr = convertTensor(
        *iv.initializer, baseDir, iv.loc ? Location(iv.loc) : useLoc,
        /*forceDense=*/true);
    if (failed(attr))
      return nullptr;
    iv.constant = ConstTensor::fromAttr(llvm::cast<DenseElementsAttr>(*attr));
    return &*iv.constant;
  }
  if (iv.value) {
    auto cst = iv.value.getDefiningOp<graph::ConstantOp>();
    if (!cst)
      return nullptr;
    auto dense = llvm::dyn_cast<DenseElementsAttr>(cst.getValue());
    if (!dense || (!dense.isSplat() && dense.getNumElements() > 4096))
      return nullptr;
    iv.constant = ConstTensor::fromAttr(dense);
    return &*iv.constant;
  }
  return nullptr;
}

RankedTensorType GraphState::lookupType(llvm::StringRef name, Location useLoc) {
  auto it = values.find(name);
  if (it == values.end())
    return {};
  ImportedValue &iv = it->second;
  if (iv.value)
    return llvm::dyn_cast<RankedTensorType>(iv.value.getType());
  if (iv.constant)
    return RankedTensorType::get(iv.constant->shape, iv.constant->elementType);
  if (iv.initializer) {
    Type elementType =
        convertDataType(iv.initializer->data_type(), builder.getContext());
    if (!elementType)
      return {};
    SmallVector<int64_t> dims(iv.initializer->dims().begin(),
                              iv.initializer->dims().end());
    return RankedTensorType::get(dims, elementType);
  }
  return {};
}

Value GraphState::materialize(const ConstTensor &c, Location loc,
                              llvm::StringRef name) {
  DenseElementsAttr dense = c.toAttr();
  // Weights computed at import time (or forwarded initializers) are stored
  // like initializers: blobs unless small, splat or boolean.
  bool small =
      c.numElements() <= 64 || (!c.isFloat() && c.numElements() <= 4096);
  if (small || dense.isSplat() || c.elementType.isInteger(1))
    return graph::ConstantOp::create(builder, loc, ElementsAttr(dense));
  ArrayRef<char> raw = dense.getRawData();
  unsigned align =
      std::max(1u, (c.elementType.getIntOrFloatBitWidth() + 7) / 8);
  AsmResourceBlob blob =
      HeapAsmResourceBlob::allocateAndCopyWithAlign(raw, align);
  auto attr = DenseResourceElementsAttr::get(
      dense.getType(), resourceKey(name.empty() ? "cst" : name),
      std::move(blob));
  return graph::ConstantOp::create(builder, loc, ElementsAttr(attr));
}

//===----------------------------------------------------------------------===//
// NodeContext: inputs and outputs
//===----------------------------------------------------------------------===//

llvm::StringRef NodeContext::name() const {
  // The importer locates each node at its name (or a fallback for unnamed
  // nodes, see ModelImporter::nodeLoc).
  if (auto nameLoc = llvm::dyn_cast<NameLoc>(loc))
    return nameLoc.getName().getValue();
  return node.name();
}

Value NodeContext::input(unsigned i) {
  if (!hasInput(i)) {
    (void)error("input " + llvm::Twine(i) + " is required");
    return {};
  }
  return graph.lookup(node.input(i), loc);
}

RankedTensorType NodeContext::inputType(unsigned i) {
  if (!hasInput(i))
    return {};
  return graph.lookupType(node.input(i), loc);
}

const ConstTensor *NodeContext::constInput(unsigned i) {
  if (!hasInput(i))
    return nullptr;
  return graph.lookupConstant(node.input(i), loc);
}

FailureOr<SmallVector<int64_t>> NodeContext::intsInput(unsigned i,
                                                       llvm::StringRef what) {
  if (!hasInput(i)) {
    (void)error("the " + what + " input is required");
    return failure();
  }
  const ConstTensor *c = constInput(i);
  if (!c) {
    // The graph dialect takes these as attributes: a value computed at run
    // time cannot be expressed.
    (void)unsupported("the " + what + " input ('" + node.input(i) +
                      "') is not a constant known at import time");
    return failure();
  }
  SmallVector<int64_t> result;
  for (int64_t k = 0, e = c->numElements(); k < e; ++k)
    result.push_back(c->getInt(k));
  return result;
}

FailureOr<double> NodeContext::scalarInput(unsigned i, llvm::StringRef what) {
  const ConstTensor *c = constInput(i);
  if (!c) {
    // The graph dialect takes these as attributes: a value computed at run
    // time cannot be expressed.
    (void)unsupported("the " + what + " input ('" + node.input(i) +
                      "') is not a constant known at import time");
    return failure();
  }
  if (c->numElements() != 1) {
    (void)error("the " + what + " input must hold one element");
    return failure();
  }
  return c->getFloat(0);
}

/// The type of a value_info entry, or null when it is not a fully known
/// ranked tensor type (no diagnostics).
static RankedTensorType valueInfoType(const onnx::TypeProto *type,
                                      MLIRContext *ctx) {
  if (!type || !type->has_tensor_type() || !type->tensor_type().has_shape())
    return {};
  Type elementType = convertDataType(type->tensor_type().elem_type(), ctx);
  if (!elementType)
    return {};
  SmallVector<int64_t> shape;
  for (const auto &dim : type->tensor_type().shape().dim())
    shape.push_back(dim.has_dim_value() && dim.dim_value() >= 0
                        ? dim.dim_value()
                        : ShapedType::kDynamic);
  return RankedTensorType::get(shape, elementType);
}

void NodeContext::setOutput(unsigned i, Value v) {
  if (!hasOutput(i) || !v)
    return;
  const std::string &outName = node.output(i);
  Operation *op = v.getDefiningOp();
  if (op && created.contains(op) &&
      !op->hasTrait<OpTrait::SameOperandsAndResultType>() &&
      !llvm::isa<graph::CastOp, graph::ConstantOp>(op)) {
    auto current = llvm::dyn_cast<RankedTensorType>(v.getType());
    RankedTensorType known =
        valueInfoType(graph.valueInfo.lookup(outName), b.getContext());
    if (current && known && !current.hasStaticShape() &&
        known.getElementType() == current.getElementType() &&
        known.getRank() == current.getRank()) {
      SmallVector<int64_t> shape(current.getShape());
      bool conflict = false;
      for (auto [d, k] : llvm::zip(shape, known.getShape())) {
        if (ShapedType::isDynamic(d))
          d = k;
        else if (!ShapedType::isDynamic(k) && k != d)
          conflict = true;
      }
      if (!conflict)
        v.setType(RankedTensorType::get(shape, current.getElementType()));
    }
  }
  ImportedValue &iv = graph.values[outName];
  iv = ImportedValue();
  iv.value = v;
  iv.loc = loc;
}

void NodeContext::setConstOutput(unsigned i, ConstTensor c) {
  if (!hasOutput(i))
    return;
  ImportedValue &iv = graph.values[node.output(i)];
  iv = ImportedValue();
  iv.constant = std::move(c);
  iv.loc = loc;
}

//===----------------------------------------------------------------------===//
// NodeContext: attributes
//===----------------------------------------------------------------------===//

const onnx::AttributeProto *NodeContext::attr(llvm::StringRef name) const {
  for (const onnx::AttributeProto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t NodeContext::intAttr(llvm::StringRef name, int64_t dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->i() : dflt;
}

double NodeContext::floatAttr(llvm::StringRef name, double dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->f() : dflt;
}

std::string NodeContext::stringAttr(llvm::StringRef name,
                                    llvm::StringRef dflt) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->s() : dflt.str();
}

SmallVector<int64_t> NodeContext::intsAttr(llvm::StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return {};
  return SmallVector<int64_t>(a->ints().begin(), a->ints().end());
}

int64_t NodeContext::axisAttr(llvm::StringRef name, int64_t dflt,
                              int64_t rank) const {
  int64_t axis = intAttr(name, dflt);
  return axis < 0 && axis >= -rank ? axis + rank : axis;
}

SmallVector<double> NodeContext::floatsAttr(llvm::StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return {};
  return SmallVector<double>(a->floats().begin(), a->floats().end());
}

//===----------------------------------------------------------------------===//
// NodeContext: diagnostics and op creation
//===----------------------------------------------------------------------===//

LogicalResult NodeContext::unsupported(const llvm::Twine &detail) {
  InFlightDiagnostic diag = emitError(loc);
  diag << "unsupported ONNX op '" << opType() << "' (node '" << name()
       << "', domain '" << (domain.empty() ? "ai.onnx" : domain) << "', opset "
       << opset << ")";
  if (!detail.isTriviallyEmpty())
    diag << ": " << detail;
  return failure();
}

LogicalResult NodeContext::error(const llvm::Twine &message) {
  emitError(loc) << "ONNX op '" << opType() << "' (node '" << name()
                 << "'): " << message;
  return failure();
}

Type NodeContext::placeholderType() {
  return UnrankedTensorType::get(b.getF32Type());
}

LogicalResult NodeContext::finishOp(Operation *op) {
  auto iface = llvm::dyn_cast<InferTypeOpInterface>(op);
  SmallVector<Type> types;
  if (!iface ||
      failed(iface.inferReturnTypes(
          op->getContext(), op->getLoc(), op->getOperands(),
          op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
          op->getRegions(), types)) ||
      types.size() != op->getNumResults()) {
    op->erase();
    return error("the operands do not fit the graph op (see the previous "
                 "error)");
  }
  for (auto [result, type] : llvm::zip(op->getResults(), types))
    result.setType(type);
  created.insert(op);
  return success();
}

Value NodeContext::scalarConstant(Type elementType, double v,
                                  ArrayRef<int64_t> shape) {
  ConstTensor c;
  c.elementType = elementType;
  c.shape.assign(shape.begin(), shape.end());
  c.pushFloat(v);
  return constant(c);
}
