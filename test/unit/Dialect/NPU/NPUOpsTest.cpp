//===- NPUOpsTest.cpp - The npu dialect agrees with the ISA's tables ------===//
//
// The instruction ops declare the ISA's fields as attributes; these tests
// keep the ODS declarations and the ISA field table (ISAEncoding.cpp) from
// drifting apart, and check that op <-> instruction conversion is lossless.
//
//===----------------------------------------------------------------------===//

#include "strata/Dialect/NPU/IR/NPUOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringSet.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace strata::npu;

namespace {

TEST(NPUOps, AttributesAreTheISAFields) {
  MLIRContext ctx;
  ctx.loadDialect<NPUDialect>();
  for (const OpcodeDesc &desc : allOpcodes()) {
    std::string name = std::string("npu.") + desc.mnemonic;
    std::optional<RegisteredOperationName> op =
        RegisteredOperationName::lookup(name, &ctx);
    ASSERT_TRUE(op.has_value()) << "no op " << name;
    llvm::StringSet<> declared, fields;
    for (StringAttr attr : op->getAttributeNames())
      declared.insert(attr.getValue());
    for (const FieldDesc &f : desc.fields)
      fields.insert(f.name);
    for (const auto &f : fields)
      EXPECT_TRUE(declared.contains(f.getKey()))
          << name << " does not declare field " << f.getKey().str();
    for (const auto &d : declared)
      EXPECT_TRUE(fields.contains(d.getKey()))
          << name << " declares " << d.getKey().str()
          << ", which is not an ISA field";
  }
}

/// A value for field `f` that differs from its default and fits its width.
static int64_t otherValue(const FieldDesc &f) {
  switch (f.kind) {
  case FieldKind::Space:
    return (f.defaultValue + 1) % kNumSpaces;
  case FieldKind::DType:
    return (f.defaultValue + 2) % kNumDTypes;
  case FieldKind::F32:
    return 0x3fc00000; // 1.5f
  case FieldKind::SInt:
    return -3;
  case FieldKind::UInt:
    return f.bitWidth == 1 ? 1 - f.defaultValue : f.defaultValue + 7;
  }
  return 0;
}

TEST(NPUOps, InstructionRoundTrip) {
  MLIRContext ctx;
  ctx.loadDialect<NPUDialect>();
  OpBuilder builder(&ctx);
  OwningOpRef<ModuleOp> module = ModuleOp::create(builder.getUnknownLoc());
  builder.setInsertionPointToEnd(module->getBody());
  for (const OpcodeDesc &desc : allOpcodes()) {
    Instruction in;
    in.opcode = desc.opcode;
    for (const FieldDesc &f : desc.fields)
      in.*f.member = otherValue(f);
    Operation *op = createInstructionOp(builder, builder.getUnknownLoc(), in);
    EXPECT_EQ(op->getAttrs().size(), desc.fields.size()) << desc.mnemonic;
    FailureOr<Instruction> back = toInstruction(op);
    ASSERT_TRUE(succeeded(back)) << desc.mnemonic;
    EXPECT_TRUE(*back == in) << desc.mnemonic;

    // Fields at their defaults are left out, and read back as defaults.
    Instruction defaults;
    defaults.opcode = desc.opcode;
    for (const FieldDesc &f : desc.fields)
      defaults.*f.member = f.defaultValue;
    Operation *bare =
        createInstructionOp(builder, builder.getUnknownLoc(), defaults);
    EXPECT_TRUE(bare->getAttrs().empty()) << desc.mnemonic;
    FailureOr<Instruction> bareBack = toInstruction(bare);
    ASSERT_TRUE(succeeded(bareBack));
    EXPECT_TRUE(*bareBack == defaults) << desc.mnemonic;
  }
}

} // namespace
