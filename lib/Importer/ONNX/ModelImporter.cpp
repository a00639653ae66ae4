//===- ModelImporter.cpp - ONNX ModelProto to a graph-dialect function ----===//
//
// The entry points of the ONNX importer: parse the protobuf, apply input
// shape overrides, run ONNX shape inference, then build one func.func whose
// arguments are the graph inputs that are not initializers, whose body holds
// one group of graph ops per node, and whose results are the graph outputs.
//
//===----------------------------------------------------------------------===//

#include "strata/Importer/ONNX/ImportONNX.h"

#include "ImporterContext.h"
#include "ProtoUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace strata;
using namespace strata::onnx_import;

namespace {

class ModelImporter {
public:
  ModelImporter(MLIRContext *ctx, onnx::ModelProto &model, llvm::StringRef path,
                const ONNXImportOptions &options)
      : ctx(ctx), model(model), path(path.str()), options(options),
        builder(ctx) {}

  OwningOpRef<ModuleOp> run();

private:
  Location fileLoc() {
    return FileLineColLoc::get(ctx, path.empty() ? "<memory>" : path, 0, 0);
  }
  Location nodeLoc(const onnx::NodeProto &node, size_t index);
  LogicalResult importNode(GraphState &graph, const onnx::NodeProto &node,
                           size_t index);

  MLIRContext *ctx;
  onnx::ModelProto &model;
  std::string path;
  const ONNXImportOptions &options;
  OpBuilder builder;
};

} // namespace

Location ModelImporter::nodeLoc(const onnx::NodeProto &node, size_t index) {
  // Unnamed nodes are named after their first output, or their op type and
  // position.
  std::string name = node.name();
  for (const std::string &output : node.output())
    if (name.empty())
      name = output;
  if (name.empty())
    name = node.op_type() + "_" + std::to_string(index);
  return NameLoc::get(StringAttr::get(ctx, name), fileLoc());
}

LogicalResult ModelImporter::importNode(GraphState &graph,
                                        const onnx::NodeProto &node,
                                        size_t index) {
  Location loc = nodeLoc(node, index);
  std::string domain = node.domain();
  if (domain == "ai.onnx")
    domain.clear();
  int64_t opset = graph.opsets.lookup(domain);
  NodeContext ctx(graph, node, domain, opset, loc);
  if (!domain.empty())
    return ctx.unsupported("custom domain '" + domain + "' is not supported");

  if (std::optional<LogicalResult> evaluated = tryEvaluateNode(ctx))
    return *evaluated;
  NodeImporterFn fn = lookupNodeImporter(node.op_type());
  if (!fn)
    return ctx.unsupported();
  return fn(ctx);
}

/// The ONNX dim_params of a tensor type as `["N", ""]` ("" for dims without
/// a name), or null when it has none. The CPU backend records them in the
/// signature of compiled models.
static ArrayAttr dimNamesAttr(const onnx::TypeProto &type, OpBuilder &builder) {
  if (!type.has_tensor_type() || !type.tensor_type().has_shape())
    return {};
  SmallVector<Attribute> names;
  bool any = false;
  for (const auto &dim : type.tensor_type().shape().dim()) {
    bool named =
        !dim.has_dim_value() && dim.has_dim_param() && !dim.dim_param().empty();
    any |= named;
    names.push_back(builder.getStringAttr(named ? dim.dim_param() : ""));
  }
  return any ? builder.getArrayAttr(names) : ArrayAttr();
}

OwningOpRef<ModuleOp> ModelImporter::run() {
  const onnx::GraphProto &g = model.graph();
  Location loc = fileLoc();

  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  GraphState graph(builder, path,
                   path.empty() ? "." : llvm::sys::path::parent_path(path));
  if (graph.baseDir.empty())
    graph.baseDir = ".";

  for (const onnx::OperatorSetIdProto &opset : model.opset_import()) {
    std::string domain = opset.domain() == "ai.onnx" ? "" : opset.domain();
    graph.opsets[domain] = opset.version();
  }
  if (!graph.opsets.count(""))
    graph.opsets[""] = 1;
  int64_t onnxOpset = graph.opsets.lookup("");

  // Shapes known for every value (after shape inference).
  for (const onnx::ValueInfoProto &vi : g.value_info())
    graph.valueInfo[vi.name()] = &vi.type();
  for (const onnx::ValueInfoProto &vi : g.output())
    graph.valueInfo[vi.name()] = &vi.type();

  // Initializers are weights, created on first use.
  for (const onnx::TensorProto &t : g.initializer()) {
    ImportedValue &iv = graph.values[t.name()];
    iv.initializer = &t;
    iv.loc = NameLoc::get(StringAttr::get(ctx, t.name()), loc);
  }
  if (g.sparse_initializer_size() > 0) {
    emitError(loc) << "sparse initializers are not supported ('"
                   << g.sparse_initializer(0).values().name() << "')";
    return {};
  }

  // Arguments: graph inputs that are not initializers.
  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  SmallVector<ArrayAttr> argDimNames;
  for (const onnx::ValueInfoProto &in : g.input()) {
    if (graph.values.count(in.name()) && graph.values[in.name()].initializer)
      continue;
    FailureOr<RankedTensorType> type =
        convertValueType(in.type(), "graph input '" + in.name() + "'", loc);
    if (failed(type))
      return {};
    argTypes.push_back(*type);
    argNames.push_back(in.name());
    argDimNames.push_back(dimNamesAttr(in.type(), builder));
  }

  builder.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(builder, loc, options.entryName,
                                   builder.getFunctionType(argTypes, {}));
  Block *body = func.addEntryBlock();
  for (auto [i, name] : llvm::enumerate(argNames)) {
    func.setArgAttr(i, "strata.name", builder.getStringAttr(name));
    if (argDimNames[i])
      func.setArgAttr(i, "strata.dim_names", argDimNames[i]);
    ImportedValue &iv = graph.values[name];
    iv = ImportedValue();
    iv.value = body->getArgument(i);
    // An integer input that can only hold zero elements has known (empty)
    // contents, e.g. the empty axes of a ReduceSum. (Empty data tensors stay
    // values, so that ops on them are still imported.)
    auto argType = cast<RankedTensorType>(argTypes[i]);
    if (argType.hasStaticShape() && argType.getNumElements() == 0 &&
        argType.getElementType().isSignlessInteger()) {
      ConstTensor empty;
      empty.elementType = argType.getElementType();
      empty.shape.assign(argType.getShape().begin(), argType.getShape().end());
      iv.constant = empty;
    }
  }
  builder.setInsertionPointToEnd(body);

  for (auto [index, node] : llvm::enumerate(g.node()))
    if (failed(importNode(graph, node, index)))
      return {};

  SmallVector<Value> results;
  SmallVector<Type> resultTypes;
  for (const onnx::ValueInfoProto &out : g.output()) {
    Value v = graph.lookup(out.name(), loc);
    if (!v)
      return {};
    results.push_back(v);
    resultTypes.push_back(v.getType());
  }
  func::ReturnOp::create(builder, loc, results);
  func.setType(builder.getFunctionType(argTypes, resultTypes));
  for (auto [i, out] : llvm::enumerate(g.output())) {
    func.setResultAttr(i, "strata.name", builder.getStringAttr(out.name()));
    if (ArrayAttr dimNames = dimNamesAttr(out.type(), builder))
      func.setResultAttr(i, "strata.dim_names", dimNames);
  }

  (*module)->setAttr("strata.onnx.opset", builder.getI64IntegerAttr(onnxOpset));
  (*module)->setAttr("strata.onnx.producer",
                     builder.getStringAttr(model.producer_name()));
  if (!model.producer_version().empty())
    (*module)->setAttr("strata.onnx.producer_version",
                       builder.getStringAttr(model.producer_version()));

  // ONNX graphs may hold nodes whose results are never used; drop them and
  // the constants only they needed (every graph op is pure).
  for (Operation &op :
       llvm::make_early_inc_range(llvm::reverse(body->getOperations())))
    if (op.getDialect() &&
        op.getDialect()->getNamespace() ==
            graph::GraphDialect::getDialectNamespace() &&
        op.use_empty())
      op.erase();

  if (failed(verify(*module)))
    return {};
  return module;
}

/// Pins the shapes of graph inputs named in `overrides`.
static LogicalResult applyInputShapes(onnx::ModelProto &model,
                                      const ONNXImportOptions &options,
                                      Location loc) {
  for (const auto &entry : options.inputShapes) {
    onnx::ValueInfoProto *found = nullptr;
    for (onnx::ValueInfoProto &in : *model.mutable_graph()->mutable_input())
      if (in.name() == entry.getKey())
        found = &in;
    if (!found)
      return emitError(loc) << "--onnx-input-shape names '" << entry.getKey()
                            << "', which is not a graph input";
    if (!found->type().has_tensor_type())
      return emitError(loc)
             << "graph input '" << entry.getKey() << "' is not a tensor";
    onnx::TensorShapeProto *shape =
        found->mutable_type()->mutable_tensor_type()->mutable_shape();
    shape->clear_dim();
    for (int64_t d : entry.getValue()) {
      onnx::TensorShapeProto::Dimension *dim = shape->add_dim();
      if (d >= 0)
        dim->set_dim_value(d);
      else
        dim->set_dim_param(entry.getKey().str() + "_dim" +
                           std::to_string(shape->dim_size() - 1));
    }
  }
  return success();
}

OwningOpRef<ModuleOp>
strata::importONNXModel(llvm::StringRef bytes, llvm::StringRef path,
                        MLIRContext *ctx, const ONNXImportOptions &options) {
  ctx->loadDialect<graph::GraphDialect, func::FuncDialect>();
  std::string name = path.empty() ? std::string("<memory>") : path.str();
  Location loc = FileLineColLoc::get(ctx, name, 0, 0);

  // Errors located at a node (or weight) whose text does not name it (e.g.
  // from a graph op's verifier) get a note that does.
  ScopedDiagnosticHandler nameNodes(ctx, [](Diagnostic &diag) {
    auto nameLoc = llvm::dyn_cast<NameLoc>(diag.getLocation());
    if (nameLoc && diag.getSeverity() == DiagnosticSeverity::Error &&
        !llvm::StringRef(diag.str()).contains("(node '"))
      diag.attachNote() << "at '" << nameLoc.getName().getValue()
                        << "' in the ONNX graph";
    return failure(); // Let the caller's handler print it.
  });

  onnx::ModelProto model;
  if (!parseModelProto(bytes, model) || !model.has_graph()) {
    emitError(loc) << "'" << name
                   << "' is not a valid ONNX model (failed to parse the "
                      "protobuf)";
    return {};
  }
  if (failed(applyInputShapes(model, options, loc)))
    return {};
  if (options.runShapeInference) {
    // Shape inference only refines result types (the graph ops infer their
    // own and verify the model), so its failure is not fatal.
    std::string message = inferShapesNoThrow(model);
    if (!message.empty())
      emitWarning(loc) << "ONNX shape inference failed on '" << name
                       << "' (continuing without it): " << message;
  }
  ModelImporter importer(ctx, model, path, options);
  return importer.run();
}

OwningOpRef<ModuleOp> strata::importONNXFile(llvm::StringRef path,
                                             MLIRContext *ctx,
                                             const ONNXImportOptions &options) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    emitError(FileLineColLoc::get(ctx, path, 0, 0))
        << "cannot open ONNX model '" << path
        << "': " << buffer.getError().message();
    return {};
  }
  return importONNXModel((*buffer)->getBuffer(), path, ctx, options);
}
