//===- EntryPoint.cpp - Signature and entry point of a compiled model -----===//
//
// The two ends of the CPU calling convention (include/strata/Runtime/
// Executable.h): -strata-cpu-export-entry records the signature at tensor
// level, -strata-cpu-emit-entry-wrapper emits `strata_entry` and
// `strata_signature` in the LLVM dialect.
//
//===----------------------------------------------------------------------===//

#include "strata/Runtime/Signature.h"
#include "strata/Target/CPU/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"

namespace strata::cpu {
#define GEN_PASS_DEF_CPUEXPORTENTRYPASS
#define GEN_PASS_DEF_CPUEMITENTRYWRAPPERPASS
#define GEN_PASS_DEF_CPURESULTSTOOUTPARAMSPASS
#include "CPU/Passes.h.inc"
} // namespace strata::cpu

using namespace mlir;
using strata::runtime::DType;

static constexpr llvm::StringLiteral kSignatureAttr = "strata.signature";

static std::optional<DType> toDType(Type type) {
  if (type.isF16())
    return DType::F16;
  if (type.isBF16())
    return DType::BF16;
  if (type.isF32())
    return DType::F32;
  if (type.isF64())
    return DType::F64;
  auto intType = dyn_cast<IntegerType>(type);
  if (!intType)
    return std::nullopt;
  bool isUnsigned = intType.isUnsigned();
  switch (intType.getWidth()) {
  case 1:
    return DType::Bool;
  case 8:
    return isUnsigned ? DType::U8 : DType::I8;
  case 16:
    return isUnsigned ? DType::U16 : DType::I16;
  case 32:
    return isUnsigned ? DType::U32 : DType::I32;
  case 64:
    return isUnsigned ? DType::U64 : DType::I64;
  default:
    return std::nullopt;
  }
}

/// Builds the spec of one argument or result; emits an error naming it when
/// the runtime cannot pass it. The error is reported at the function's
/// location without the function attached (it would print the whole model).
static FailureOr<strata::runtime::TensorSpec>
toSpec(func::FuncOp func, Type type, DictionaryAttr attrs, StringRef kind,
       unsigned index) {
  strata::runtime::TensorSpec spec;
  auto nameAttr = attrs ? attrs.getAs<StringAttr>("strata.name") : nullptr;
  spec.name = nameAttr ? nameAttr.str() : (kind + "_" + Twine(index)).str();
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return mlir::emitError(func.getLoc())
           << kind << " " << index << " ('" << spec.name << "') has type "
           << type << "; the CPU runtime passes ranked tensors only";
  std::optional<DType> dtype = toDType(tensor.getElementType());
  if (!dtype)
    return mlir::emitError(func.getLoc())
           << kind << " " << index << " ('" << spec.name
           << "') has element type " << tensor.getElementType()
           << ", which the CPU runtime does not support";
  spec.dtype = *dtype;
  for (int64_t d : tensor.getShape())
    spec.shape.push_back(ShapedType::isDynamic(d) ? -1 : d);
  if (!tensor.hasStaticShape()) {
    // Names of the dynamic dims (ONNX dim_params) when the importer
    // recorded them: `strata.dim_names = ["N", ""]`.
    auto names = attrs ? attrs.getAs<ArrayAttr>("strata.dim_names") : nullptr;
    if (names && names.size() != static_cast<size_t>(tensor.getRank()))
      names = nullptr;
    for (int64_t d = 0; d < tensor.getRank(); ++d) {
      if (!tensor.isDynamicDim(d)) {
        spec.dimNames.push_back("");
        continue;
      }
      auto name = names ? dyn_cast<StringAttr>(names[d]) : nullptr;
      spec.dimNames.push_back(name && !name.getValue().empty() ? name.str()
                                                               : "?");
    }
  }
  return spec;
}

namespace {
struct CPUExportEntryPass
    : strata::cpu::impl::CPUExportEntryPassBase<CPUExportEntryPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto func = module.lookupSymbol<func::FuncOp>(entry);
    if (!func) {
      module.emitError() << "no entry function '" << entry << "'";
      return signalPassFailure();
    }
    strata::runtime::Signature sig;
    sig.threads = threads;
    FunctionType type = func.getFunctionType();
    for (unsigned i = 0; i < type.getNumInputs(); ++i) {
      auto spec =
          toSpec(func, type.getInput(i), func.getArgAttrDict(i), "input", i);
      if (failed(spec))
        return signalPassFailure();
      sig.inputs.push_back(*spec);
    }
    for (unsigned i = 0; i < type.getNumResults(); ++i) {
      auto spec = toSpec(func, type.getResult(i), func.getResultAttrDict(i),
                         "output", i);
      if (failed(spec))
        return signalPassFailure();
      sig.outputs.push_back(*spec);
    }
    module->setAttr(kSignatureAttr,
                    StringAttr::get(&getContext(), sig.toJSON()));
    func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                  UnitAttr::get(&getContext()));
  }
};

struct CPUResultsToOutParamsPass
    : strata::cpu::impl::CPUResultsToOutParamsPassBase<
          CPUResultsToOutParamsPass> {
  using Base::Base;

  void runOnOperation() override {
    bufferization::BufferResultsToOutParamsOpts options;
    options.hoistStaticAllocs = true;
    options.modifyPublicFunctions = true;
    options.filterFn = [](func::FuncOp *func) {
      return llvm::all_of(func->getResultTypes(), [](Type type) {
        auto shaped = dyn_cast<ShapedType>(type);
        return !shaped || shaped.hasStaticShape();
      });
    };
    if (failed(bufferization::promoteBufferResultsToOutParams(getOperation(),
                                                              options)))
      signalPassFailure();
  }
};

struct CPUEmitEntryWrapperPass
    : strata::cpu::impl::CPUEmitEntryWrapperPassBase<CPUEmitEntryWrapperPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    std::string cifaceName = "_mlir_ciface_" + entry;
    auto target = module.lookupSymbol<LLVM::LLVMFuncOp>(cifaceName);
    if (!target) {
      module.emitError() << "no '" << cifaceName
                         << "' function; run -strata-cpu-export-entry before "
                            "lowering to LLVM";
      return signalPassFailure();
    }
    auto sigText = module->getAttrOfType<StringAttr>(kSignatureAttr);
    if (!sigText) {
      module.emitError() << "no '" << kSignatureAttr
                         << "' attribute; run -strata-cpu-export-entry first";
      return signalPassFailure();
    }
    auto ptrType = LLVM::LLVMPointerType::get(ctx);
    for (Type input : target.getFunctionType().getParams()) {
      if (input != ptrType) {
        target.emitError() << "entry wrapper expects pointer arguments only, "
                              "found "
                           << input;
        return signalPassFailure();
      }
    }
    if (!isa<LLVM::LLVMVoidType>(target.getFunctionType().getReturnType())) {
      target.emitError() << "entry C interface must return void";
      return signalPassFailure();
    }
    // Results the function returns (outputs with dynamic dims, see
    // -strata-cpu-results-to-out-params): the C interface takes a pointer to
    // them as its first argument; the wrapper copies each descriptor to the
    // runtime's output slot.
    auto inner = module.lookupSymbol<LLVM::LLVMFuncOp>(entry);
    Type resultType;
    unsigned numResults = 0;
    bool packed = false;
    if (inner &&
        !isa<LLVM::LLVMVoidType>(inner.getFunctionType().getReturnType())) {
      resultType = inner.getFunctionType().getReturnType();
      auto strct = dyn_cast<LLVM::LLVMStructType>(resultType);
      // One memref result is a descriptor struct; several are a struct of
      // descriptors.
      packed = strct && !strct.getBody().empty() &&
               isa<LLVM::LLVMStructType>(strct.getBody()[0]);
      numResults = packed ? strct.getBody().size() : 1;
      if (target.getNumArguments() == 0) {
        target.emitError() << "entry C interface lacks its result pointer";
        return signalPassFailure();
      }
    }
    unsigned numParams = target.getNumArguments() - (resultType ? 1 : 0);

    Location loc = module.getLoc();
    OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
    auto wrapperType =
        LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), {ptrType});
    auto wrapper =
        LLVM::LLVMFuncOp::create(builder, loc, "strata_entry", wrapperType);
    Block *body = wrapper.addEntryBlock(builder);
    builder.setInsertionPointToStart(body);
    Value args = body->getArgument(0);
    auto loadArg = [&](unsigned i) -> Value {
      Value slot = LLVM::GEPOp::create(builder, loc, ptrType, ptrType, args,
                                       ArrayRef<LLVM::GEPArg>{int32_t(i)});
      return LLVM::LoadOp::create(builder, loc, ptrType, slot);
    };
    SmallVector<Value> operands;
    Value resultSlot;
    if (resultType) {
      Value one = LLVM::ConstantOp::create(builder, loc, builder.getI64Type(),
                                           builder.getI64IntegerAttr(1));
      resultSlot =
          LLVM::AllocaOp::create(builder, loc, ptrType, resultType, one);
      operands.push_back(resultSlot);
    }
    for (unsigned i = 0; i < numParams; ++i)
      operands.push_back(loadArg(i));
    LLVM::CallOp::create(builder, loc, target, operands);
    if (resultType) {
      Value results =
          LLVM::LoadOp::create(builder, loc, resultType, resultSlot);
      for (unsigned k = 0; k < numResults; ++k) {
        Value desc = packed ? LLVM::ExtractValueOp::create(
                                  builder, loc, results, ArrayRef<int64_t>{k})
                            : results;
        LLVM::StoreOp::create(builder, loc, desc, loadArg(numParams + k));
      }
    }
    LLVM::ReturnOp::create(builder, loc, ValueRange{});

    // The signature as a NUL-terminated char array.
    builder.setInsertionPointToEnd(module.getBody());
    std::string text = sigText.str();
    text.push_back('\0');
    auto arrayType =
        LLVM::LLVMArrayType::get(IntegerType::get(ctx, 8), text.size());
    LLVM::GlobalOp::create(builder, loc, arrayType, /*isConstant=*/true,
                           LLVM::Linkage::External, "strata_signature",
                           builder.getStringAttr(text));
    module->removeAttr(kSignatureAttr);
  }
};
} // namespace
