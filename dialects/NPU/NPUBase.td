//===- NPUBase.td - NPU dialect, enums and attributes ------*- tablegen -*-===//
//
// The `npu` dialect is the program of Strata's modelled NPU
// (docs/npu-isa.md) in MLIR form: one region per engine queue holding that
// queue's instructions in order, the I/O table and the constant data. It is
// what the graph -> npu lowering produces and what the encoder turns into a
// binary; every instruction op corresponds to exactly one ISA instruction.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_NPU_BASE_TD
#define STRATA_NPU_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def NPU_Dialect : Dialect {
  let name = "npu";
  let cppNamespace = "::strata::npu";
  let summary = "Programs of Strata's modelled NPU";
  let description = [{
    An `npu.program` is one NPU binary: a DRAM image size, the I/O table
    (`npu.input`, `npu.output`), the constants placed in DRAM
    (`npu.constants`) and one `npu.queue` region per engine. Instructions are
    ops named after their ISA mnemonics, with the ISA's field names as
    attributes (fields left out take the ISA's defaults). Memory operands
    are byte addresses in the space named by the matching `*_space` field.

    Verifiers reject what the machine cannot execute, using the target's
    parameters (`#npu.target<"npu-v1">`): an instruction on a queue that
    cannot run it, a matrix-unit dtype other than bf16/f16/i8, shapes over
    the instruction limits, an operand extending past the end of the SRAM or
    the accumulator, and addresses or strides not aligned to the element
    size.
  }];
  let useDefaultAttributePrinterParser = 1;
}

def NPU_MemorySpace : I32EnumAttr<"MemorySpace", "an NPU memory space", [
      I32EnumAttrCase<"dram", 0>, I32EnumAttrCase<"sram", 1>,
      I32EnumAttrCase<"acc", 2>]> {
  let cppNamespace = "::strata::npu";
  let genSpecializedAttr = 0;
}
def NPU_MemorySpaceAttr : EnumAttr<NPU_Dialect, NPU_MemorySpace, "space">;

def NPU_ElementType : I32EnumAttr<"ElementType",
    "an element type the NPU's engines understand", [
      I32EnumAttrCase<"f32", 0>, I32EnumAttrCase<"bf16", 1>,
      I32EnumAttrCase<"f16", 2>, I32EnumAttrCase<"i8", 3>,
      I32EnumAttrCase<"i32", 4>]> {
  let cppNamespace = "::strata::npu";
  let genSpecializedAttr = 0;
}
def NPU_ElementTypeAttr : EnumAttr<NPU_Dialect, NPU_ElementType, "dtype">;

def NPU_QueueKind : I32EnumAttr<"QueueKind", "an engine's instruction queue", [
      I32EnumAttrCase<"ctrl", 0>, I32EnumAttrCase<"dma_in", 1>,
      I32EnumAttrCase<"dma_out", 2>, I32EnumAttrCase<"matrix", 3>,
      I32EnumAttrCase<"vector", 4>]> {
  let cppNamespace = "::strata::npu";
  let genSpecializedAttr = 0;
}
def NPU_QueueKindAttr : EnumAttr<NPU_Dialect, NPU_QueueKind, "queue">;

def NPU_TargetAttr : AttrDef<NPU_Dialect, "Target"> {
  let mnemonic = "target";
  let summary = "The NPU configuration a program is compiled for";
  let description = [{
    Names a target description (`strata::npu::TargetDesc`, the one place
    where the machine's numbers live). `#npu.target<"npu-v1">` is the
    default configuration of docs/npu-isa.md.
  }];
  let parameters = (ins StringRefParameter<"target name">:$name);
  let assemblyFormat = "`<` $name `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The target description named by this attribute.
    const ::strata::npu::TargetDesc &getDesc() const;
  }];
}

#endif // STRATA_NPU_BASE_TD
