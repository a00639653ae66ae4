//===- ImportONNXTest.cpp - The ONNX importer's C++ API -------------------===//
//
// What the Python binding and the driver rely on: in-memory import, options,
// and failures reported as diagnostics with a null module.
//
//===----------------------------------------------------------------------===//

#include "strata/Importer/ONNX/ImportONNX.h"
#include "strata/Dialect/Graph/IR/GraphOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include "onnx/onnx_pb.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {

/// y = Relu(x + w) with x: [batch, 4] and a weight w: [4].
std::string makeModel() {
  onnx::ModelProto model;
  model.set_ir_version(8);
  model.set_producer_name("unit-test");
  model.add_opset_import()->set_version(13);
  onnx::GraphProto *graph = model.mutable_graph();
  graph->set_name("g");
  auto addValue = [](onnx::ValueInfoProto *vi, const char *name,
                     std::initializer_list<int64_t> dims) {
    vi->set_name(name);
    auto *tensor = vi->mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims) {
      auto *dim = tensor->mutable_shape()->add_dim();
      if (d < 0)
        dim->set_dim_param("batch");
      else
        dim->set_dim_value(d);
    }
  };
  addValue(graph->add_input(), "x", {-1, 4});
  addValue(graph->add_output(), "y", {-1, 4});
  onnx::TensorProto *w = graph->add_initializer();
  w->set_name("w");
  w->set_data_type(onnx::TensorProto::FLOAT);
  w->add_dims(4);
  for (float v : {1.0f, 2.0f, 3.0f, 4.0f})
    w->add_float_data(v);
  onnx::NodeProto *add = graph->add_node();
  add->set_op_type("Add");
  add->set_name("add");
  add->add_input("x");
  add->add_input("w");
  add->add_output("s");
  onnx::NodeProto *relu = graph->add_node();
  relu->set_op_type("Relu");
  relu->set_name("relu");
  relu->add_input("s");
  relu->add_output("y");
  return model.SerializeAsString();
}

TEST(ImportONNX, InMemoryModel) {
  MLIRContext ctx;
  OwningOpRef<ModuleOp> module =
      strata::importONNXModel(makeModel(), /*path=*/"", &ctx);
  ASSERT_TRUE(module);
  auto func = module->lookupSymbol<func::FuncOp>("main");
  ASSERT_TRUE(func);
  ASSERT_EQ(func.getNumArguments(), 1u);
  auto argType = llvm::cast<RankedTensorType>(func.getArgument(0).getType());
  EXPECT_TRUE(argType.isDynamicDim(0));
  EXPECT_EQ(argType.getDimSize(1), 4);
  EXPECT_EQ(func.getArgAttrOfType<StringAttr>(0, "strata.name").getValue(),
            "x");
  EXPECT_EQ(func.getResultAttrOfType<StringAttr>(0, "strata.name").getValue(),
            "y");
  int relus = 0;
  func.walk([&](strata::graph::ReluOp) { ++relus; });
  EXPECT_EQ(relus, 1);
  auto opset = (*module)->getAttrOfType<IntegerAttr>("strata.onnx.opset");
  ASSERT_TRUE(opset);
  EXPECT_EQ(opset.getInt(), 13);
}

TEST(ImportONNX, Options) {
  MLIRContext ctx;
  strata::ONNXImportOptions options;
  options.entryName = "forward";
  options.inputShapes["x"] = {8, 4};
  OwningOpRef<ModuleOp> module =
      strata::importONNXModel(makeModel(), "m.onnx", &ctx, options);
  ASSERT_TRUE(module);
  auto func = module->lookupSymbol<func::FuncOp>("forward");
  ASSERT_TRUE(func);
  auto resultType = llvm::cast<RankedTensorType>(func.getResultTypes()[0]);
  EXPECT_TRUE(resultType.hasStaticShape());
  EXPECT_EQ(resultType.getDimSize(0), 8);
}

TEST(ImportONNX, FailuresAreDiagnostics) {
  MLIRContext ctx;
  std::vector<std::string> errors;
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Error)
      errors.push_back(diag.str());
    return success();
  });
  EXPECT_FALSE(strata::importONNXModel("\x01\x02garbage", "bad.onnx", &ctx));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "'bad.onnx' is not a valid ONNX model (failed to parse "
                       "the protobuf)");

  errors.clear();
  std::string model = makeModel();
  EXPECT_FALSE(strata::importONNXModel(model.substr(0, model.size() / 2),
                                       "half.onnx", &ctx));
  EXPECT_FALSE(errors.empty());

  errors.clear();
  EXPECT_FALSE(strata::importONNXFile("/nonexistent/model.onnx", &ctx));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("cannot open ONNX model"), std::string::npos);
}

} // namespace
