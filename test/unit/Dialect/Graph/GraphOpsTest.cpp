//===- GraphOpsTest.cpp - C++ API tests of graph ops ----------------------===//
//
// Builds graph ops through the C++ API (as the importers do) and checks what
// IR text cannot show directly: result types inferred at build time,
// CostOpInterface numbers, and folding through OpBuilder::createOrFold.
//
//===----------------------------------------------------------------------===//

#include "strata/Dialect/Graph/IR/GraphOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace strata::graph;

namespace {

class GraphOpsTest : public ::testing::Test {
protected:
  GraphOpsTest() : builder(&context) {
    context.loadDialect<GraphDialect, tensor::TensorDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToStart(module->getBody());
  }

  /// A value of the given type (a block argument of a throwaway block).
  Value value(ArrayRef<int64_t> shape, Type element = {}) {
    auto type =
        RankedTensorType::get(shape, element ? element : builder.getF32Type());
    return block.addArgument(type, builder.getUnknownLoc());
  }

  Value constant(ArrayRef<int64_t> shape, ArrayRef<float> values) {
    auto type = RankedTensorType::get(shape, builder.getF32Type());
    return ConstantOp::create(builder, loc(),
                              DenseElementsAttr::get(type, values));
  }

  Location loc() { return builder.getUnknownLoc(); }

  MLIRContext context;
  OpBuilder builder;
  // Declared before the module so that it outlives the ops using its
  // arguments.
  Block block;
  OwningOpRef<ModuleOp> module;
};

constexpr int64_t Q = ShapedType::kDynamic;

TEST_F(GraphOpsTest, BuildersInferBroadcastTypes) {
  auto add = AddOp::create(builder, loc(), value({4, 1, 3}), value({5, 1}));
  EXPECT_EQ(add.getType(),
            RankedTensorType::get({4, 5, 3}, builder.getF32Type()));
  auto cmp = CompareOp::create(builder, loc(), CompareDirection::lt,
                               value({Q, 3}), value({3}));
  EXPECT_EQ(cmp.getType(), RankedTensorType::get({Q, 3}, builder.getI1Type()));
}

TEST_F(GraphOpsTest, BuildersInferConvAndMatmul) {
  auto conv = ConvOp::create(
      builder, loc(), value({1, 3, 224, 224}), value({64, 3, 7, 7}), Value(),
      builder.getDenseI64ArrayAttr({2, 2}), DenseI64ArrayAttr(),
      builder.getDenseI64ArrayAttr({3, 3, 3, 3}), IntegerAttr());
  EXPECT_EQ(conv.getType().getShape(), (ArrayRef<int64_t>{1, 64, 112, 112}));
  auto mm =
      MatmulOp::create(builder, loc(), value({Q, 128, 64}), value({64, 32}));
  EXPECT_EQ(mm.getType().getShape(), (ArrayRef<int64_t>{Q, 128, 32}));
}

TEST_F(GraphOpsTest, CostInterface) {
  // 2 * M * N * K for a matmul.
  auto mm = MatmulOp::create(builder, loc(), value({128, 64}), value({64, 32}));
  auto cost = cast<CostOpInterface>(mm.getOperation());
  EXPECT_EQ(cost.getFlops(), 2 * 128 * 32 * 64);
  EXPECT_EQ(cost.getBytesAccessed(), 4 * (128 * 64 + 64 * 32 + 128 * 32));
  // Dynamic dims make both unknown.
  auto dyn = MatmulOp::create(builder, loc(), value({Q, 64}), value({64, 32}));
  auto dynCost = cast<CostOpInterface>(dyn.getOperation());
  EXPECT_FALSE(dynCost.getFlops().has_value());
  EXPECT_FALSE(dynCost.getBytesAccessed().has_value());
  // Data movement is free of arithmetic but not of traffic.
  auto t = TransposeOp::create(builder, loc(), value({2, 3}),
                               builder.getDenseI64ArrayAttr({1, 0}));
  auto tCost = cast<CostOpInterface>(t.getOperation());
  EXPECT_EQ(tCost.getFlops(), 0);
  EXPECT_EQ(tCost.getBytesAccessed(), 2 * 6 * 4);
  // i1 tensors round up to whole bytes per tensor.
  auto n = NotOp::create(builder, loc(), value({3}, builder.getI1Type()));
  EXPECT_EQ(cast<CostOpInterface>(n.getOperation()).getBytesAccessed(), 2);
}

TEST_F(GraphOpsTest, CreateOrFoldEvaluatesConstants) {
  Value a = constant({2}, {1.0f, 2.0f});
  Value b = constant({2, 1}, {10.0f, 20.0f});
  Value sum = builder.createOrFold<AddOp>(loc(), a, b);
  auto folded = sum.getDefiningOp<ConstantOp>();
  ASSERT_TRUE(folded);
  auto values = cast<DenseElementsAttr>(folded.getValue()).getValues<float>();
  EXPECT_EQ(llvm::to_vector(values),
            (SmallVector<float>{11.0f, 12.0f, 21.0f, 22.0f}));
}

TEST_F(GraphOpsTest, InvalidOperandsFailInference) {
  // What the verifier reports is tested in lit; here the C++ entry point the
  // importers use must fail cleanly (no crash) on bad shapes.
  SmallVector<Type> inferred;
  Value lhs = value({2, 3}), rhs = value({4, 3});
  EXPECT_TRUE(failed(AddOp::inferReturnTypes(
      &context, std::nullopt, ValueRange{lhs, rhs}, DictionaryAttr(),
      OpaqueProperties(nullptr), RegionRange(), inferred)));
  Value unranked =
      block.addArgument(UnrankedTensorType::get(builder.getF32Type()), loc());
  EXPECT_TRUE(failed(MatmulOp::inferReturnTypes(
      &context, std::nullopt, ValueRange{unranked, rhs}, DictionaryAttr(),
      OpaqueProperties(nullptr), RegionRange(), inferred)));
}

} // namespace
