//===- NPUOps.cpp - Verifiers and the op <-> instruction conversion -------===//
//
// Instruction ops carry the ISA's fields as attributes. toInstruction reads
// them through the ISA's field table (so names and defaults come from one
// place), and every instruction verifier checks the result against the
// target: the ISA's own rules (strata::npu::verify), field widths (the
// encoder), and the memory rules below, which need the program's context:
//   - every SRAM, accumulator and DRAM operand lies inside its space;
//   - matrix and vector operands are aligned to their element size;
//   - DMA to or from the accumulator moves whole 32-bit words.
//
//===----------------------------------------------------------------------===//

#include "strata/Dialect/NPU/IR/NPUOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/bit.h"

using namespace mlir;
using namespace strata::npu;

#define GET_OP_CLASSES
#include "NPU/NPUOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Instruction <-> op
//===----------------------------------------------------------------------===//

FailureOr<Instruction> strata::npu::toInstruction(Operation *op) {
  if (op->getName().getDialectNamespace() != NPUDialect::getDialectNamespace())
    return op->emitOpError("is not an NPU instruction");
  const OpcodeDesc *desc = lookupMnemonic(op->getName().stripDialect());
  if (!desc)
    return op->emitOpError("is not an NPU instruction");
  Instruction instr;
  instr.opcode = desc->opcode;
  for (const FieldDesc &f : desc->fields)
    instr.*f.member = f.defaultValue;
  for (NamedAttribute named : op->getAttrs()) {
    const FieldDesc *field =
        llvm::find_if(desc->fields, [&](const FieldDesc &f) {
          return named.getName() == f.name;
        });
    if (field == desc->fields.end())
      return op->emitOpError("'") << named.getName().getValue()
                                  << "' is not a field of " << desc->mnemonic;
    Attribute a = named.getValue();
    int64_t v;
    if (auto i = dyn_cast<IntegerAttr>(a))
      v = i.getInt();
    else if (auto s = dyn_cast<MemorySpaceAttr>(a))
      v = int64_t(s.getValue());
    else if (auto t = dyn_cast<ElementTypeAttr>(a))
      v = int64_t(t.getValue());
    else if (auto fl = dyn_cast<FloatAttr>(a))
      v = llvm::bit_cast<uint32_t>(float(fl.getValueAsDouble()));
    else
      return op->emitOpError("field '") << field->name << "' has a bad value";
    instr.*field->member = v;
  }
  return instr;
}

Operation *strata::npu::createInstructionOp(OpBuilder &builder, Location loc,
                                            const Instruction &instr) {
  const OpcodeDesc *desc = lookupOpcode(uint8_t(instr.opcode));
  assert(desc && "unknown opcode");
  OperationState state(loc, (llvm::Twine("npu.") + desc->mnemonic).str());
  MLIRContext *ctx = builder.getContext();
  for (const FieldDesc &f : desc->fields) {
    int64_t v = instr.*f.member;
    if (v == f.defaultValue)
      continue;
    Attribute a;
    switch (f.kind) {
    case FieldKind::UInt:
    case FieldKind::SInt:
      a = builder.getI64IntegerAttr(v);
      break;
    case FieldKind::Space:
      a = MemorySpaceAttr::get(ctx, MemorySpace(v));
      break;
    case FieldKind::DType:
      a = ElementTypeAttr::get(ctx, ElementType(v));
      break;
    case FieldKind::F32:
      a = builder.getF32FloatAttr(llvm::bit_cast<float>(uint32_t(v)));
      break;
    }
    state.addAttribute(f.name, a);
  }
  return builder.create(state);
}

//===----------------------------------------------------------------------===//
// Instruction verifiers
//===----------------------------------------------------------------------===//

namespace {
/// Checks that operands lie inside their memory and are aligned.
struct MemoryChecker {
  Operation *op;
  const TargetDesc &target;
  uint64_t dramBytes;

  uint64_t spaceBytes(int64_t space) const {
    switch (Space(space)) {
    case Space::DRAM:
      return dramBytes;
    case Space::SRAM:
      return target.sramBytes;
    case Space::ACC:
      return target.accBytes;
    }
    return 0;
  }

  /// `bytes` bytes at `addr` in `space`, aligned to `align`.
  LogicalResult check(llvm::StringRef what, int64_t space, int64_t addr,
                      uint64_t bytes, unsigned align) const {
    uint64_t limit = spaceBytes(space);
    llvm::StringRef name = spaceName(Space(space));
    if (uint64_t(addr) + bytes > limit)
      return op->emitOpError()
             << what << " ([" << addr << ", " << uint64_t(addr) + bytes
             << ")) does not fit in " << name << " (" << limit << " bytes)";
    if (align > 1 && addr % align)
      return op->emitOpError() << what << " at " << name << " address " << addr
                               << " is not aligned to " << align << " bytes";
    return success();
  }
};
} // namespace

/// Bytes spanned by `rows` rows of `rowElems` elements, `stride` apart.
static uint64_t spanElems(int64_t rows, int64_t stride, int64_t rowElems) {
  return uint64_t(rows - 1) * uint64_t(stride) + uint64_t(rowElems);
}

static LogicalResult checkMemory(const Instruction &in,
                                 const MemoryChecker &mem) {
  switch (in.opcode) {
  case Opcode::Nop:
  case Opcode::SetFlag:
  case Opcode::WaitFlag:
    return success();
  case Opcode::Dma: {
    auto side = [&](llvm::StringRef what, int64_t space, int64_t addr,
                    int64_t stride, int64_t planeStride) -> LogicalResult {
      uint64_t bytes = uint64_t(in.planes - 1) * uint64_t(planeStride) +
                       spanElems(in.rows, stride, in.rowBytes);
      if (Space(space) == Space::ACC &&
          (in.rowBytes % 4 || stride % 4 || planeStride % 4))
        return mem.op->emitOpError()
               << what << ": the accumulator moves whole 32-bit words "
               << "(row_bytes and strides must be multiples of 4)";
      return mem.check(what, space, addr, bytes,
                       Space(space) == Space::ACC ? 4 : 1);
    };
    if (failed(side("dma destination", in.dstSpace, in.dst, in.dstStride,
                    in.dstPlaneStride)))
      return failure();
    return side("dma source", in.srcSpace, in.src, in.srcStride,
                in.srcPlaneStride);
  }
  case Opcode::Matmul: {
    unsigned eb = dtypeBytes(DType(in.dtype));
    if (failed(mem.check("matmul A", int64_t(Space::SRAM), in.src,
                         spanElems(in.m, in.srcStride, in.k) * eb, eb)) ||
        failed(mem.check("matmul B", int64_t(Space::SRAM), in.src1,
                         spanElems(in.k, in.src1Stride, in.n) * eb, eb)))
      return failure();
    return mem.check("matmul C", int64_t(Space::ACC), in.dst,
                     spanElems(in.m, in.dstStride, in.n) * 4, 4);
  }
  default:
    break;
  }
  unsigned sb = dtypeBytes(DType(in.srcType)),
           db = dtypeBytes(DType(in.dstType));
  bool reduce = in.opcode == Opcode::VRedSum || in.opcode == Opcode::VRedMax;
  uint64_t srcBytes = spanElems(in.rows, in.srcStride, in.cols) * sb;
  uint64_t dstBytes =
      spanElems(in.rows, in.dstStride, reduce ? 1 : in.cols) * db;
  if (failed(mem.check("source", in.srcSpace, in.src, srcBytes, sb)) ||
      failed(mem.check("destination", in.dstSpace, in.dst, dstBytes, db)))
    return failure();
  if (in.opcode == Opcode::VAdd || in.opcode == Opcode::VMul ||
      in.opcode == Opcode::VMax)
    return mem.check("src1", in.src1Space, in.src1,
                     spanElems(in.rows, in.src1Stride, in.cols) * sb, sb);
  return success();
}

static LogicalResult verifyInstruction(Operation *op) {
  FailureOr<Instruction> instr = toInstruction(op);
  if (failed(instr))
    return failure();
  auto queue = op->getParentOfType<QueueOp>();
  auto program = op->getParentOfType<ProgramOp>();
  if (!queue || !program)
    return op->emitOpError("must be inside an npu.queue of an npu.program");
  if (llvm::Expected<InstrWord> word = encode(*instr); !word)
    return op->emitOpError(llvm::toString(word.takeError()));
  const TargetDesc &target = program.getTargetDesc();
  if (llvm::Error e = verify(*instr, Queue(queue.getKind()), target))
    return op->emitOpError(llvm::toString(std::move(e)));
  MemoryChecker mem{op, target, uint64_t(program.getDramBytes())};
  return checkMemory(*instr, mem);
}

#define NPU_INSTRUCTION_VERIFIER(Op)                                           \
  LogicalResult Op::verify() { return verifyInstruction(getOperation()); }
NPU_INSTRUCTION_VERIFIER(NopOp)
NPU_INSTRUCTION_VERIFIER(SetFlagOp)
NPU_INSTRUCTION_VERIFIER(WaitFlagOp)
NPU_INSTRUCTION_VERIFIER(DmaOp)
NPU_INSTRUCTION_VERIFIER(MatmulOp)
NPU_INSTRUCTION_VERIFIER(VAddOp)
NPU_INSTRUCTION_VERIFIER(VMulOp)
NPU_INSTRUCTION_VERIFIER(VMaxOp)
NPU_INSTRUCTION_VERIFIER(VAddSOp)
NPU_INSTRUCTION_VERIFIER(VMulSOp)
NPU_INSTRUCTION_VERIFIER(VReluOp)
NPU_INSTRUCTION_VERIFIER(VExpOp)
NPU_INSTRUCTION_VERIFIER(VRsqrtOp)
NPU_INSTRUCTION_VERIFIER(VRecipOp)
NPU_INSTRUCTION_VERIFIER(VRedSumOp)
NPU_INSTRUCTION_VERIFIER(VRedMaxOp)
NPU_INSTRUCTION_VERIFIER(VCvtOp)
NPU_INSTRUCTION_VERIFIER(VRequantOp)
#undef NPU_INSTRUCTION_VERIFIER

//===----------------------------------------------------------------------===//
// Program structure
//===----------------------------------------------------------------------===//

LogicalResult ProgramOp::verify() {
  const TargetDesc &target = getTargetDesc();
  if (getDramBytes() <= 0 || uint64_t(getDramBytes()) > target.dramMaxBytes)
    return emitOpError("dram_bytes must be in [1, ")
           << target.dramMaxBytes << "] for target '" << target.name << "'";
  return success();
}

LogicalResult ProgramOp::verifyRegions() {
  llvm::SmallSet<int64_t, 5> queues;
  llvm::StringSet<> names;
  unsigned constants = 0;
  for (Operation &op : getBody().front()) {
    if (auto queue = dyn_cast<QueueOp>(op)) {
      if (!queues.insert(int64_t(queue.getKind())).second)
        return queue.emitOpError("duplicate queue '")
               << stringifyQueueKind(queue.getKind()) << "'";
    } else if (isa<InputOp, OutputOp>(op)) {
      auto name = op.getAttrOfType<StringAttr>("name").getValue();
      if (!names.insert(name).second)
        return op.emitOpError("duplicate I/O name '") << name << "'";
    } else if (isa<ConstantsOp>(op)) {
      if (++constants > 1)
        return op.emitOpError("a program has at most one npu.constants");
    } else {
      return op.emitOpError("cannot appear directly in an npu.program");
    }
  }
  return success();
}

static LogicalResult verifyIO(Operation *op, llvm::StringRef name,
                              ElementType dtype, llvm::ArrayRef<int64_t> shape,
                              int64_t addr) {
  if (name.empty() || name.size() > kMaxIONameBytes)
    return op->emitOpError("name must be 1 to ")
           << kMaxIONameBytes << " bytes long";
  if (shape.size() > kMaxRank)
    return op->emitOpError("rank is limited to ") << kMaxRank;
  uint64_t bytes = dtypeBytes(DType(dtype));
  for (int64_t d : shape) {
    if (d < 0 || d > int64_t(UINT32_MAX))
      return op->emitOpError("dims must be static and non-negative");
    bytes *= uint64_t(d);
  }
  auto program = op->getParentOfType<ProgramOp>();
  if (addr < 0 || uint64_t(addr) + bytes > uint64_t(program.getDramBytes()))
    return op->emitOpError("lies outside the DRAM image (")
           << program.getDramBytes() << " bytes)";
  return success();
}

LogicalResult InputOp::verify() {
  return verifyIO(*this, getName(), getDtype(), getShape(), getAddr());
}
LogicalResult OutputOp::verify() {
  return verifyIO(*this, getName(), getDtype(), getShape(), getAddr());
}

/// The raw bytes of a 1-D i8 elements attribute, if it is one.
static std::optional<llvm::ArrayRef<char>> constantBytes(ElementsAttr data) {
  auto type = dyn_cast<RankedTensorType>(data.getType());
  if (!type || type.getRank() != 1 || !type.getElementType().isInteger(8))
    return std::nullopt;
  if (auto dense = dyn_cast<DenseElementsAttr>(data)) {
    if (dense.isSplat() && type.getNumElements() != 1)
      return std::nullopt;
    return dense.getRawData();
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(data))
    if (AsmResourceBlob *blob = resource.getRawHandle().getBlob())
      return blob->getData();
  return std::nullopt;
}

LogicalResult ConstantsOp::verify() {
  std::optional<llvm::ArrayRef<char>> bytes = constantBytes(getData());
  if (!bytes)
    return emitOpError("data must be a non-splat 1-D tensor of i8 "
                       "(dense or a loaded dense_resource blob)");
  auto program = (*this)->getParentOfType<ProgramOp>();
  if (getAddr() < 0 ||
      uint64_t(getAddr()) + bytes->size() > uint64_t(program.getDramBytes()))
    return emitOpError("lies outside the DRAM image (")
           << program.getDramBytes() << " bytes)";
  return success();
}

//===----------------------------------------------------------------------===//
// npu.program -> Program
//===----------------------------------------------------------------------===//

FailureOr<Program> strata::npu::toProgram(ProgramOp op) {
  Program p;
  p.dramBytes = uint32_t(op.getDramBytes());
  for (Operation &child : op.getBody().front()) {
    if (auto queue = dyn_cast<QueueOp>(child)) {
      auto &list = p.queues[unsigned(queue.getKind())];
      for (Operation &instrOp : queue.getBody().front()) {
        FailureOr<Instruction> instr = toInstruction(&instrOp);
        if (failed(instr))
          return failure();
        list.push_back(*instr);
      }
    } else if (isa<InputOp, OutputOp>(child)) {
      IOEntry e;
      e.name = child.getAttrOfType<StringAttr>("name").str();
      e.isOutput = isa<OutputOp>(child);
      auto dtype = child.getAttrOfType<ElementTypeAttr>("dtype");
      e.dtype = DType(dtype.getValue());
      for (int64_t d :
           child.getAttrOfType<DenseI64ArrayAttr>("shape").asArrayRef())
        e.shape.push_back(uint32_t(d));
      e.dramAddr = uint32_t(child.getAttrOfType<IntegerAttr>("addr").getInt());
      p.io.push_back(std::move(e));
    } else if (auto constants = dyn_cast<ConstantsOp>(child)) {
      std::optional<llvm::ArrayRef<char>> bytes =
          constantBytes(constants.getData());
      if (!bytes)
        return constants.emitOpError("has no constant bytes");
      p.constAddr = uint32_t(constants.getAddr());
      p.constData.assign(bytes->begin(), bytes->end());
    }
  }
  if (llvm::Error e = p.verify(op.getTargetDesc()))
    return op.emitOpError(llvm::toString(std::move(e)));
  return p;
}

FailureOr<Program> strata::npu::toProgram(ModuleOp module) {
  auto programs = module.getOps<ProgramOp>();
  if (programs.empty())
    return module.emitError("the module holds no npu.program (lower it with "
                            "--convert-graph-to-npu first)");
  if (std::next(programs.begin()) != programs.end())
    return module.emitError("the module holds more than one npu.program");
  return toProgram(*programs.begin());
}
