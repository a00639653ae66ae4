//===- ImporterContext.h - State shared by the ONNX node importers -*- C++
//-*-===//
//
// Internal to the ONNX importer. GraphState maps ONNX value names to MLIR
// values (or to constants known at import time, materialized lazily);
// NodeContext is what a node importer sees: its inputs, attributes, outputs,
// diagnostics in the agreed format, and op creation with type inference that
// reports failures instead of aborting.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_LIB_IMPORTER_ONNX_IMPORTERCONTEXT_H
#define STRATA_LIB_IMPORTER_ONNX_IMPORTERCONTEXT_H

#include "strata/Dialect/Graph/IR/GraphOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/Twine.h"

#include "onnx/onnx_pb.h"

#include <optional>
#include <string>

namespace strata::onnx_import {

//===----------------------------------------------------------------------===//
// Constants known at import time
//===----------------------------------------------------------------------===//

/// A small tensor whose contents are known while importing (initializers,
/// Constant nodes, results of shape subgraphs). Integer and boolean elements
/// live in `ints`, float elements in `floats`. A single stored element with a
/// larger shape is a splat.
struct ConstTensor {
  mlir::Type elementType;
  llvm::SmallVector<int64_t> shape;
  llvm::SmallVector<int64_t> ints;
  llvm::SmallVector<double> floats;

  bool isFloat() const { return llvm::isa<mlir::FloatType>(elementType); }
  int64_t numElements() const;
  size_t numStored() const { return isFloat() ? floats.size() : ints.size(); }
  /// Element `i` (row-major) converted to int64 or double.
  int64_t getInt(int64_t i) const;
  double getFloat(int64_t i) const;
  /// Appends a value, converting to the storage of `elementType`.
  void pushInt(int64_t v);
  void pushFloat(double v);

  static ConstTensor fromAttr(mlir::DenseElementsAttr attr);
  mlir::DenseElementsAttr toAttr() const;
};

/// Element count of a static shape (1 for rank 0).
int64_t shapeProduct(llvm::ArrayRef<int64_t> shape);

//===----------------------------------------------------------------------===//
// Tensor and type conversion (TensorConversion.cpp)
//===----------------------------------------------------------------------===//

/// The MLIR element type of an ONNX TensorProto data type, or null.
mlir::Type convertDataType(int32_t dataType, mlir::MLIRContext *ctx);
/// The name of an ONNX data type ("FLOAT", "STRING", ...).
std::string dataTypeName(int32_t dataType);

/// Converts an initializer or Constant value. Tensors with more than 64
/// elements (4096 for integers) become dense_resource blobs unless
/// `forceDense`. Reads external data relative to `baseDir`. Errors name the
/// tensor and are emitted at `loc`.
mlir::FailureOr<mlir::ElementsAttr>
convertTensor(const onnx::TensorProto &tensor, llvm::StringRef baseDir,
              mlir::Location loc, bool forceDense);

/// A dense_resource key for a value name: letters, digits, '_' and '.', not
/// starting with a digit.
std::string resourceKey(llvm::StringRef name);

/// The ranked tensor type of a TypeProto; `?` for symbolic and unknown dims.
/// Fails (with an error naming `what`) for non-tensors, unknown ranks and
/// unsupported element types.
mlir::FailureOr<mlir::RankedTensorType>
convertValueType(const onnx::TypeProto &type, llvm::StringRef what,
                 mlir::Location loc);

//===----------------------------------------------------------------------===//
// Values of the graph being imported
//===----------------------------------------------------------------------===//

struct ImportedValue {
  /// The SSA value, once materialized.
  mlir::Value value;
  /// Contents known at import time.
  std::optional<ConstTensor> constant;
  /// An initializer not yet materialized (weights are created on first use).
  const onnx::TensorProto *initializer = nullptr;
  /// Where a lazily created constant is located.
  mlir::LocationAttr loc;
};

class GraphState {
public:
  GraphState(mlir::OpBuilder &builder, llvm::StringRef modelPath,
             llvm::StringRef baseDir)
      : builder(builder), modelPath(modelPath.str()), baseDir(baseDir.str()) {}

  mlir::OpBuilder &builder;
  std::string modelPath;
  std::string baseDir;
  /// Opset version of each imported domain ("" is ai.onnx).
  llvm::StringMap<int64_t> opsets;
  llvm::StringMap<ImportedValue> values;
  /// value_info, graph inputs and outputs by name (after shape inference).
  llvm::StringMap<const onnx::TypeProto *> valueInfo;

  /// The SSA value named `name`, materializing constants and initializers.
  /// Returns null after emitting an error at `useLoc`.
  mlir::Value lookup(llvm::StringRef name, mlir::Location useLoc);
  /// The known contents of `name` (small initializers are decoded on
  /// demand), or null.
  const ConstTensor *lookupConstant(llvm::StringRef name,
                                    mlir::Location useLoc);
  /// The type of `name` without materializing it, or null.
  mlir::RankedTensorType lookupType(llvm::StringRef name,
                                    mlir::Location useLoc);
  /// Creates a graph.constant holding `c` (a dense_resource blob keyed by
  /// `name` when it is large).
  mlir::Value materialize(const ConstTensor &c, mlir::Location loc,
                          llvm::StringRef name = {});
};

//===----------------------------------------------------------------------===//
// What a node importer sees
//===----------------------------------------------------------------------===//

class NodeContext {
public:
  NodeContext(GraphState &graph, const onnx::NodeProto &node,
              llvm::StringRef domain, int64_t opset, mlir::Location loc)
      : graph(graph), node(node), domain(domain.str()), opset(opset), loc(loc),
        b(graph.builder) {}

  GraphState &graph;
  const onnx::NodeProto &node;
  std::string domain;
  int64_t opset;
  mlir::Location loc;
  mlir::OpBuilder &b;

  llvm::StringRef opType() const { return node.op_type(); }
  /// The node name, or its first output when the node is unnamed.
  llvm::StringRef name() const;

  // Inputs. Optional inputs may be absent or named "".
  unsigned numInputs() const { return node.input_size(); }
  bool hasInput(unsigned i) const {
    return i < (unsigned)node.input_size() && !node.input(i).empty();
  }
  /// The input value (materialized); null after an error if absent/unknown.
  mlir::Value input(unsigned i);
  /// The input's type without materializing it; null if unknown.
  mlir::RankedTensorType inputType(unsigned i);
  /// The input's contents if known at import time, else null.
  const ConstTensor *constInput(unsigned i);
  /// The input as a list of integers; an error naming `what` if the input is
  /// not a constant known at import time.
  mlir::FailureOr<llvm::SmallVector<int64_t>> intsInput(unsigned i,
                                                        llvm::StringRef what);
  /// A scalar (or one-element) constant input as a double.
  mlir::FailureOr<double> scalarInput(unsigned i, llvm::StringRef what);

  // Outputs.
  unsigned numOutputs() const { return node.output_size(); }
  bool hasOutput(unsigned i) const {
    return i < (unsigned)node.output_size() && !node.output(i).empty();
  }
  /// Binds output `i`; refines the type of a value this node created with
  /// the output's value_info where the graph op inferred `?`.
  void setOutput(unsigned i, mlir::Value v);
  void setConstOutput(unsigned i, ConstTensor c);

  // Attributes.
  const onnx::AttributeProto *attr(llvm::StringRef name) const;
  bool hasAttr(llvm::StringRef name) const { return attr(name) != nullptr; }
  int64_t intAttr(llvm::StringRef name, int64_t dflt) const;
  double floatAttr(llvm::StringRef name, double dflt) const;
  std::string stringAttr(llvm::StringRef name, llvm::StringRef dflt) const;
  llvm::SmallVector<int64_t> intsAttr(llvm::StringRef name) const;
  /// Integer attribute `name` as an axis of a rank-`rank` value: a negative
  /// axis in [-rank, 0) counts from the back and is made non-negative (out of
  /// range values are left for the graph op to reject).
  int64_t axisAttr(llvm::StringRef name, int64_t dflt, int64_t rank) const;
  llvm::SmallVector<double> floatsAttr(llvm::StringRef name) const;

  // Diagnostics.
  /// `unsupported ONNX op 'X' (node 'n', domain 'd', opset N)[: detail]`.
  mlir::LogicalResult unsupported(const llvm::Twine &detail = {});
  /// `ONNX op 'X' (node 'n'): message`.
  mlir::LogicalResult error(const llvm::Twine &message);

  // Op creation.
  /// Creates OpTy (whose builder takes an explicit result type first) and
  /// sets its result types by the op's own inference; on failure the op is
  /// erased and null returned (the inference has emitted the reason).
  template <typename OpTy, typename... Args>
  mlir::Value create(Args &&...args) {
    auto op =
        OpTy::create(b, loc, placeholderType(), std::forward<Args>(args)...);
    if (mlir::failed(finishOp(op)))
      return {};
    return op->getResult(0);
  }
  /// Like create, for ops with `numResults` results.
  template <typename OpTy, typename... Args>
  mlir::Operation *createMulti(unsigned numResults, Args &&...args) {
    llvm::SmallVector<mlir::Type> types(numResults, placeholderType());
    auto op = OpTy::create(b, loc, mlir::TypeRange(types),
                           std::forward<Args>(args)...);
    if (mlir::failed(finishOp(op)))
      return nullptr;
    return op;
  }
  /// A graph.constant.
  mlir::Value constant(const ConstTensor &c) {
    return graph.materialize(c, loc);
  }
  /// A scalar constant of `elementType` holding `v` (shape `shape`).
  mlir::Value scalarConstant(mlir::Type elementType, double v,
                             llvm::ArrayRef<int64_t> shape = {});

private:
  mlir::Type placeholderType();
  mlir::LogicalResult finishOp(mlir::Operation *op);
  llvm::SmallPtrSet<mlir::Operation *, 4> created;
};

/// Imports one node; emits an error and fails when it cannot.
using NodeImporterFn = mlir::LogicalResult (*)(NodeContext &);

/// The importer registered for an ai.onnx op type (OpTable.cpp), or null.
NodeImporterFn lookupNodeImporter(llvm::StringRef opType);

/// Tries to evaluate the node at import time (ShapeEvaluator.cpp): succeeds
/// and binds constant outputs when the op is one the evaluator knows and all
/// the data it needs is known; returns std::nullopt when the node must be
/// imported as graph ops instead, failure after an error.
std::optional<mlir::LogicalResult> tryEvaluateNode(NodeContext &ctx);

// Families of node importers, registered in OpTable.cpp.
void registerElementwiseImporters(llvm::StringMap<NodeImporterFn> &table);
void registerNNImporters(llvm::StringMap<NodeImporterFn> &table);
void registerConvTransposeImporter(llvm::StringMap<NodeImporterFn> &table);
void registerLocalNormImporters(llvm::StringMap<NodeImporterFn> &table);
void registerShapeImporters(llvm::StringMap<NodeImporterFn> &table);
void registerIndexingImporters(llvm::StringMap<NodeImporterFn> &table);
void registerRearrangeImporters(llvm::StringMap<NodeImporterFn> &table);
void registerNDIndexImporters(llvm::StringMap<NodeImporterFn> &table);

} // namespace strata::onnx_import

#endif // STRATA_LIB_IMPORTER_ONNX_IMPORTERCONTEXT_H
