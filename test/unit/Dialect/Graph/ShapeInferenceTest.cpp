//===- ShapeInferenceTest.cpp - Tests of the graph shape rules ------------===//
//
// Unit tests of lib/Dialect/Graph/IR/ShapeInference.cpp: broadcasting,
// matmul, window sizes, slices and reshapes, including dynamic dims and the
// error messages.
//
//===----------------------------------------------------------------------===//

#include "strata/Dialect/Graph/IR/ShapeInference.h"

#include "gtest/gtest.h"

using namespace strata::graph::shape;

namespace {

constexpr int64_t Q = kDynamic;

Shape ok(std::optional<Shape> s) {
  EXPECT_TRUE(s.has_value());
  return s.value_or(Shape{});
}

TEST(Broadcast, NumpyRules) {
  std::string error;
  EXPECT_EQ(ok(broadcast({4, 1, 3}, {5, 1}, error)), (Shape{4, 5, 3}));
  EXPECT_EQ(ok(broadcast({}, {2, 3}, error)), (Shape{2, 3}));
  EXPECT_EQ(ok(broadcast({2, 3}, {}, error)), (Shape{2, 3}));
  EXPECT_EQ(ok(broadcast({1}, {0}, error)), (Shape{0}));
  EXPECT_EQ(ok(broadcast({7, 1}, {1, 7}, error)), (Shape{7, 7}));
}

TEST(Broadcast, DynamicDims) {
  std::string error;
  // A dynamic dim against S > 1 must be 1 or S at run time: the result is S.
  EXPECT_EQ(ok(broadcast({Q, 3}, {5, 3}, error)), (Shape{5, 3}));
  // Against 1 or another dynamic dim it stays dynamic.
  EXPECT_EQ(ok(broadcast({Q, 3}, {1, 3}, error)), (Shape{Q, 3}));
  EXPECT_EQ(ok(broadcast({Q}, {Q}, error)), (Shape{Q}));
  EXPECT_EQ(ok(broadcast({Q, 4}, {3, 1}, error)), (Shape{3, 4}));
}

TEST(Broadcast, Mismatch) {
  std::string error;
  EXPECT_FALSE(broadcast({2, 3}, {4, 3}, error));
  EXPECT_EQ(error, "shapes [2, 3] and [4, 3] do not broadcast: result dim 0 "
                   "would need 2 and 4");
}

TEST(Broadcast, BroadcastsToExactly) {
  EXPECT_TRUE(broadcastsTo({5}, {4, 5}));
  EXPECT_TRUE(broadcastsTo({1, 5}, {4, 5}));
  EXPECT_TRUE(broadcastsTo({}, {4, 5}));
  EXPECT_TRUE(broadcastsTo({Q, 5}, {4, 5}));
  EXPECT_TRUE(broadcastsTo({3, 5}, {Q, 5}));
  EXPECT_TRUE(broadcastsTo({Q}, {1}));
  // It must not grow the target: more dims or a stretch of the target fail.
  EXPECT_FALSE(broadcastsTo({2, 4, 5}, {4, 5}));
  EXPECT_FALSE(broadcastsTo({4, 5}, {1, 5}));
  EXPECT_FALSE(broadcastsTo({3}, {4, 5}));
}

TEST(Matmul, Shapes) {
  std::string error;
  EXPECT_EQ(ok(matmul({8, 1, 64, 32}, {4, 32, 16}, error)),
            (Shape{8, 4, 64, 16}));
  EXPECT_EQ(ok(matmul({3}, {3}, error)), (Shape{}));
  EXPECT_EQ(ok(matmul({3}, {3, 5}, error)), (Shape{5}));
  EXPECT_EQ(ok(matmul({2, 4, 3}, {3}, error)), (Shape{2, 4}));
  EXPECT_EQ(ok(matmul({Q, Q, 64}, {64, 128}, error)), (Shape{Q, Q, 128}));
  EXPECT_EQ(ok(matmul({2, Q}, {7, 3}, error)), (Shape{2, 3}));
}

TEST(Matmul, Errors) {
  std::string error;
  EXPECT_FALSE(matmul({2, 3}, {4, 5}, error));
  EXPECT_EQ(error, "contracting dims differ: lhs [2, 3] has 3, rhs [4, 5] "
                   "has 4");
  EXPECT_FALSE(matmul({2, 2, 3}, {3, 3, 5}, error));
  EXPECT_NE(error.find("batch dims do not broadcast"), std::string::npos);
  EXPECT_FALSE(matmul({}, {3}, error));
}

TEST(Window, ConvAndPool) {
  std::string e;
  // ResNet stem: 224, kernel 7, stride 2, pad 3 -> 112.
  EXPECT_EQ(windowOutputSize(224, 7, 2, 1, 3, 3, false, e), 112);
  // Max pool 3x3 stride 2 pad 1 on 112 -> 56.
  EXPECT_EQ(windowOutputSize(112, 3, 2, 1, 1, 1, false, e), 56);
  // Dilation 2 widens a 3-tap kernel to 5.
  EXPECT_EQ(windowOutputSize(10, 3, 1, 2, 0, 0, false, e), 6);
  EXPECT_EQ(windowOutputSize(Q, 3, 1, 1, 1, 1, false, e), Q);
}

TEST(Window, CeilMode) {
  std::string e;
  // floor((5 - 2) / 2) + 1 = 2; ceil gives 3.
  EXPECT_EQ(windowOutputSize(5, 2, 2, 1, 0, 0, false, e), 2);
  EXPECT_EQ(windowOutputSize(5, 2, 2, 1, 0, 0, true, e), 3);
  // in 4, k 2, s 2, pads 1/1: ceil(4 / 2) + 1 = 3; the last window starts
  // at padded index 4 (real index 3), inside the input, so it stays.
  EXPECT_EQ(windowOutputSize(4, 2, 2, 1, 1, 1, true, e), 3);
  // in 6, k 1, s 3, pad end 2: ceil(7 / 3) + 1 = 4, but the last window
  // would start at 9, inside the end padding: dropped.
  EXPECT_EQ(windowOutputSize(6, 1, 3, 1, 0, 2, true, e), 3);
}

TEST(Window, DoesNotFit) {
  std::string e;
  EXPECT_FALSE(windowOutputSize(2, 5, 1, 1, 0, 0, false, e));
  EXPECT_EQ(e, "window of extent 5 does not fit an input of size 2 padded by "
               "0 and 0");
}

TEST(Window, HugeAttributesDoNotOverflow) {
  std::string e;
  EXPECT_FALSE(windowOutputSize(8, INT64_MAX, 1, INT64_MAX, 0, 0, false, e));
  EXPECT_EQ(e, "window or padding sizes overflow 64-bit integers");
  EXPECT_FALSE(windowOutputSize(8, 2, 1, 1, INT64_MAX, 1, false, e));
}

TEST(Slice, NumpySemantics) {
  // Cross-checked against numpy: len(np.arange(10)[start:end:step]).
  EXPECT_EQ(sliceSize(10, 0, 10, 1), 10);
  EXPECT_EQ(sliceSize(10, 2, 8, 3), 2);
  EXPECT_EQ(sliceSize(10, -3, INT64_MAX, 1), 3);
  EXPECT_EQ(sliceSize(10, 0, -1, 1), 9);
  EXPECT_EQ(sliceSize(10, 5, 100, 1), 5);
  EXPECT_EQ(sliceSize(10, -100, 3, 1), 3);
  EXPECT_EQ(sliceSize(10, 8, 2, 1), 0);
  EXPECT_EQ(sliceSize(10, -1, INT64_MIN, -1), 10);
  EXPECT_EQ(sliceSize(10, 9, 0, -2), 5);
  EXPECT_EQ(sliceSize(10, 100, 5, -1), 4);
  EXPECT_EQ(sliceSize(10, -100, 0, -1), 0);
  EXPECT_EQ(sliceSize(0, 0, 5, 1), 0);
  EXPECT_EQ(sliceSize(Q, 0, 5, 1), Q);
  // Extreme steps must not overflow.
  EXPECT_EQ(sliceSize(10, 0, 10, INT64_MAX), 1);
  EXPECT_EQ(sliceSize(10, -1, INT64_MIN, INT64_MIN), 1);
}

TEST(Reshape, InfersMinusOne) {
  std::string e;
  EXPECT_EQ(ok(reshape({2, 3, 4}, {-1, 4}, e)), (Shape{6, 4}));
  EXPECT_EQ(ok(reshape({2, 3, 4}, {24}, e)), (Shape{24}));
  EXPECT_EQ(ok(reshape({Q, 4}, {-1, 2, 2}, e)), (Shape{Q, 2, 2}));
  EXPECT_EQ(ok(reshape({0, 4}, {0, 8}, e)), (Shape{0, 8}));
}

TEST(Reshape, Errors) {
  std::string e;
  EXPECT_FALSE(reshape({2, 3}, {4, 2}, e));
  EXPECT_EQ(e, "cannot reshape [2, 3] (6 elements) to [4, 2] (8 elements)");
  EXPECT_FALSE(reshape({2, 3}, {-1, -1}, e));
  EXPECT_EQ(e, "shape [-1, -1] has more than one -1");
  EXPECT_FALSE(reshape({2, 3}, {-1, 4}, e));
  EXPECT_FALSE(reshape({2, 3}, {-2, 3}, e));
  EXPECT_FALSE(reshape({0}, {int64_t(1) << 32, int64_t(1) << 32}, e));
  EXPECT_EQ(e, "shape [4294967296, 4294967296] has more than 2^63 elements");
}

TEST(Axes, NormalizeAndPermutation) {
  EXPECT_EQ(normalizeAxis(-1, 4), 3);
  EXPECT_EQ(normalizeAxis(0, 4), 0);
  EXPECT_FALSE(normalizeAxis(4, 4));
  EXPECT_FALSE(normalizeAxis(-5, 4));
  EXPECT_TRUE(isPermutation({2, 0, 1}, 3));
  EXPECT_FALSE(isPermutation({0, 0, 1}, 3));
  EXPECT_FALSE(isPermutation({0, 1}, 3));
  EXPECT_FALSE(isPermutation({0, 1, 3}, 3));
  EXPECT_EQ(toString({2, Q, 3}), "[2, ?, 3]");
  EXPECT_EQ(numElements({2, 3, 4}), 24);
  EXPECT_FALSE(numElements({2, Q}));
}

} // namespace
