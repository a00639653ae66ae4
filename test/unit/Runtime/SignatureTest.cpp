//===- SignatureTest.cpp - The artifact signature (ABI version 2) ---------===//

#include "strata/Runtime/Signature.h"

#include "gtest/gtest.h"

using namespace strata::runtime;

namespace {

Signature dynamicSignature() {
  Signature sig;
  TensorSpec x;
  x.name = "x";
  x.shape = {-1, -1, 16};
  x.dimNames = {"N", "S", ""};
  TensorSpec y = x;
  y.name = "y";
  TensorSpec out;
  out.name = "out";
  out.shape = {-1, 32};
  out.dimNames = {"N", ""};
  sig.inputs = {x, y};
  sig.outputs = {out};
  return sig;
}

std::string errorText(llvm::Error err) {
  return err ? llvm::toString(std::move(err)) : std::string();
}

TEST(SignatureTest, DynamicDimsRoundTrip) {
  Signature sig = dynamicSignature();
  std::string json = sig.toJSON();
  EXPECT_NE(json.find("\"dims\":[\"N\",\"S\",16]"), std::string::npos) << json;
  EXPECT_NE(json.find("\"shape\":[-1,-1,16]"), std::string::npos) << json;
  EXPECT_NE(json.find("\"outputs_allocated_by\":\"callee\""), std::string::npos)
      << json;
  llvm::Expected<Signature> back = Signature::fromJSON(json);
  ASSERT_TRUE(!!back) << llvm::toString(back.takeError());
  EXPECT_EQ(back->abiVersion, 2);
  EXPECT_TRUE(back->calleeAllocatesOutputs());
  EXPECT_EQ(back->inputs[1].toString(), "float32[NxSx16]");
  EXPECT_EQ(back->outputs[0].dimName(0), "N");
}

TEST(SignatureTest, LoadsVersion1) {
  llvm::Expected<Signature> sig = Signature::fromJSON(
      R"({"abi_version":1,"target":"cpu","threads":0,)"
      R"("inputs":[{"name":"a","dtype":"float32","shape":[2,3]}],)"
      R"("outputs":[{"name":"b","dtype":"float32","shape":[2]}]})");
  ASSERT_TRUE(!!sig) << llvm::toString(sig.takeError());
  EXPECT_FALSE(sig->calleeAllocatesOutputs());
}

TEST(SignatureTest, RejectsUnknownVersionsAndInconsistentSignatures) {
  std::string future = errorText(
      Signature::fromJSON(R"({"abi_version":3,"inputs":[],"outputs":[]})")
          .takeError());
  EXPECT_NE(future.find("artifact ABI version 3 is not supported"),
            std::string::npos)
      << future;
  std::string v1Dynamic = errorText(
      Signature::fromJSON(
          R"({"abi_version":1,"inputs":[{"name":"a","dtype":"float32",)"
          R"("shape":[-1]}],"outputs":[]})")
          .takeError());
  EXPECT_NE(v1Dynamic.find("dynamic dims need ABI version 2"),
            std::string::npos)
      << v1Dynamic;
}

/// checkInputs' error text ("" on success) for float32 inputs of `shapes`
/// (the first one of `firstType`).
std::string check(const Signature &sig,
                  std::vector<std::vector<int64_t>> shapes,
                  DType firstType = DType::F32) {
  std::vector<HostTensor> inputs;
  for (size_t i = 0; i < shapes.size(); ++i)
    inputs.emplace_back(i ? DType::F32 : firstType, shapes[i]);
  return errorText(sig.checkInputs(inputs));
}

TEST(SignatureTest, CheckInputs) {
  Signature sig = dynamicSignature();
  EXPECT_EQ(check(sig, {{2, 5, 16}, {2, 5, 16}}), "");
  EXPECT_EQ(check(sig, {{0, 5, 16}, {0, 5, 16}}), "");
  EXPECT_EQ(check(sig, {{2, 5, 16}, {2, 5, 8}}),
            "input 1 ('y') expects float32[NxSx16], got float32[2x5x8]");
  EXPECT_EQ(check(sig, {{2, 5, 16}, {3, 5, 16}}),
            "input 1 ('y') dim 0 is 'N' = 3, but input 0 ('x') dim 0 set "
            "'N' = 2");
  EXPECT_EQ(check(sig, {{2, 5, 16}, {2, 5}}),
            "input 1 ('y') expects float32[NxSx16], got float32[2x5]");
  EXPECT_NE(check(sig, {{2, 5, 16}, {2, 5, 16}}, DType::F64).find("expects"),
            std::string::npos);
  EXPECT_NE(check(sig, {{2, 5, 16}}).find("takes 2 input(s), 1 given"),
            std::string::npos);
}

} // namespace
