//===- NPUOps.td - NPU program structure and instructions --*- tablegen -*-===//
//
// Structure ops (program, I/O table, constants, queues) and one op per ISA
// instruction. Instruction attributes are named exactly as the ISA's fields
// (docs/npu-isa.md, "Instruction encoding"); a field left out takes the
// ISA's default, so the defaults are written once, in the ISA table
// (lib/Target/NPU/ISAEncoding.cpp). test/unit/Dialect/NPU checks that the
// attributes declared here are exactly the fields of each opcode.
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_NPU_OPS_TD
#define STRATA_NPU_OPS_TD

include "NPUBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/RegionKindInterface.td"

class NPU_Op<string mnemonic, list<Trait> traits = []>
    : Op<NPU_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Program structure
//===----------------------------------------------------------------------===//

def NPU_ProgramOp : NPU_Op<"program", [Symbol, IsolatedFromAbove,
    SingleBlock, NoTerminator]> {
  let summary = "One NPU binary: I/O table, constants and engine queues";
  let description = [{
    `dram_bytes` is the size of the DRAM image the program uses. The body
    holds `npu.input`/`npu.output` (in I/O-table order), at most one
    `npu.constants` and at most one `npu.queue` per engine.

    ```mlir
    npu.program @mlp attributes {target = #npu.target<"npu-v1">,
                                 dram_bytes = 8192 : i64} {
      npu.input "x" {dtype = #npu.dtype<f32>, shape = array<i64: 1, 16>,
                     addr = 0 : i64}
      npu.queue <dma_in> {
        npu.dma {dst_space = #npu.space<sram>, row_bytes = 64 : i64}
        npu.set_flag {flag = 0 : i64}
      }
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, NPU_TargetAttr:$target,
                       I64Attr:$dram_bytes);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$sym_name attr-dict-with-keyword $body";
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    const ::strata::npu::TargetDesc &getTargetDesc() {
      return getTarget().getDesc();
    }
  }];
}

class NPU_IOOp<string mnemonic, string kind>
    : NPU_Op<mnemonic, [HasParent<"ProgramOp">]> {
  let summary = "A graph " # kind # ": a dense row-major tensor in DRAM";
  let arguments = (ins StrAttr:$name, NPU_ElementTypeAttr:$dtype,
                       DenseI64ArrayAttr:$shape, I64Attr:$addr);
  let assemblyFormat = "$name attr-dict";
  let hasVerifier = 1;
}
def NPU_InputOp : NPU_IOOp<"input", "input">;
def NPU_OutputOp : NPU_IOOp<"output", "output">;

def NPU_ConstantsOp : NPU_Op<"constants", [HasParent<"ProgramOp">]> {
  let summary = "Constant bytes the loader copies to DRAM at `addr`";
  let description = [{
    `data` is a 1-D tensor of i8 (usually a `dense_resource` blob): the
    weights in the layout and element type the program reads them in.
  }];
  let arguments = (ins I64Attr:$addr, ElementsAttr:$data);
  let assemblyFormat = "attr-dict";
  let hasVerifier = 1;
}

def NPU_QueueOp : NPU_Op<"queue", [HasParent<"ProgramOp">, SingleBlock,
    NoTerminator]> {
  let summary = "One engine's in-order instruction stream";
  let arguments = (ins NPU_QueueKindAttr:$kind);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$kind attr-dict-with-keyword $body";
}

//===----------------------------------------------------------------------===//
// Instructions
//===----------------------------------------------------------------------===//

/// An instruction: its verifier converts it to the ISA's Instruction and
/// checks it against the target (queue, dtypes, limits, memory bounds,
/// alignment).
class NPU_InstrOp<string mnemonic, dag args>
    : NPU_Op<mnemonic, [HasParent<"QueueOp">]> {
  let arguments = args;
  let assemblyFormat = "attr-dict";
  let hasVerifier = 1;
}

def NPU_NopOp : NPU_InstrOp<"nop", (ins OptionalAttr<I64Attr>:$cycles)> {
  let summary = "Occupy the engine for `cycles` cycles";
}
def NPU_SetFlagOp : NPU_InstrOp<"set_flag", (ins OptionalAttr<I64Attr>:$flag)> {
  let summary = "Increment a flag once this queue's earlier work is done";
}
def NPU_WaitFlagOp
    : NPU_InstrOp<"wait_flag", (ins OptionalAttr<I64Attr>:$flag)> {
  let summary = "Block the queue until a flag is non-zero, then decrement it";
}

def NPU_DmaOp : NPU_InstrOp<"dma", (ins
    OptionalAttr<NPU_MemorySpaceAttr>:$dst_space,
    OptionalAttr<NPU_MemorySpaceAttr>:$src_space,
    OptionalAttr<I64Attr>:$row_bytes, OptionalAttr<I64Attr>:$dst,
    OptionalAttr<I64Attr>:$src, OptionalAttr<I64Attr>:$rows,
    OptionalAttr<I64Attr>:$planes, OptionalAttr<I64Attr>:$dst_stride,
    OptionalAttr<I64Attr>:$src_stride,
    OptionalAttr<I64Attr>:$dst_plane_stride,
    OptionalAttr<I64Attr>:$src_plane_stride)> {
  let summary = "Strided 3-D copy between memory spaces (strides in bytes)";
}

def NPU_MatmulOp : NPU_InstrOp<"matmul", (ins
    OptionalAttr<NPU_ElementTypeAttr>:$dtype,
    OptionalAttr<I64Attr>:$accumulate, OptionalAttr<I64Attr>:$m,
    OptionalAttr<I64Attr>:$n, OptionalAttr<I64Attr>:$k,
    OptionalAttr<I64Attr>:$c, OptionalAttr<I64Attr>:$a,
    OptionalAttr<I64Attr>:$b, OptionalAttr<I64Attr>:$lda,
    OptionalAttr<I64Attr>:$ldb, OptionalAttr<I64Attr>:$ldc)> {
  let summary = "C[m x n] (+)= A[m x k] * B[k x n] on the matrix unit";
  let description = [{
    A and B are in SRAM (`a`, `b`), C in the accumulator (`c`); strides are
    in elements. bf16/f16 accumulate in f32, i8 in i32.
  }];
}

defvar NPU_VectorArgs = (ins
    OptionalAttr<NPU_ElementTypeAttr>:$dst_type,
    OptionalAttr<NPU_ElementTypeAttr>:$src_type,
    OptionalAttr<NPU_MemorySpaceAttr>:$dst_space,
    OptionalAttr<NPU_MemorySpaceAttr>:$src_space,
    OptionalAttr<I64Attr>:$rows, OptionalAttr<I64Attr>:$cols,
    OptionalAttr<I64Attr>:$dst, OptionalAttr<I64Attr>:$src,
    OptionalAttr<I64Attr>:$dst_stride, OptionalAttr<I64Attr>:$src_stride);

class NPU_VectorUnaryOp<string mnemonic, string what>
    : NPU_InstrOp<mnemonic, NPU_VectorArgs> {
  let summary = "Vector unit: " # what;
}
class NPU_VectorBinaryOp<string mnemonic, string what>
    : NPU_InstrOp<mnemonic, !con(NPU_VectorArgs, (ins
        OptionalAttr<NPU_MemorySpaceAttr>:$src1_space,
        OptionalAttr<I64Attr>:$src1, OptionalAttr<I64Attr>:$src1_stride))> {
  let summary = "Vector unit: " # what;
}
class NPU_VectorScalarOp<string mnemonic, string what>
    : NPU_InstrOp<mnemonic, !con(NPU_VectorArgs,
                                 (ins OptionalAttr<F32Attr>:$imm))> {
  let summary = "Vector unit: " # what;
}

def NPU_VAddOp : NPU_VectorBinaryOp<"vadd", "dst = src + src1">;
def NPU_VMulOp : NPU_VectorBinaryOp<"vmul", "dst = src * src1">;
def NPU_VMaxOp : NPU_VectorBinaryOp<"vmax", "dst = max(src, src1)">;
def NPU_VAddSOp : NPU_VectorScalarOp<"vadds", "dst = src + imm">;
def NPU_VMulSOp : NPU_VectorScalarOp<"vmuls", "dst = src * imm">;
def NPU_VReluOp : NPU_VectorUnaryOp<"vrelu", "dst = max(src, 0)">;
def NPU_VExpOp : NPU_VectorUnaryOp<"vexp", "dst = exp(src)">;
def NPU_VRsqrtOp : NPU_VectorUnaryOp<"vrsqrt", "dst = 1 / sqrt(src)">;
def NPU_VRecipOp : NPU_VectorUnaryOp<"vrecip", "dst = 1 / src">;
def NPU_VRedSumOp : NPU_VectorUnaryOp<"vredsum", "dst[r] = sum of row r">;
def NPU_VRedMaxOp : NPU_VectorUnaryOp<"vredmax", "dst[r] = max of row r">;
def NPU_VCvtOp : NPU_VectorUnaryOp<"vcvt", "dst = convert(src)">;
def NPU_VRequantOp : NPU_InstrOp<"vrequant", !con(NPU_VectorArgs, (ins
    OptionalAttr<I64Attr>:$zp, OptionalAttr<I64Attr>:$multiplier,
    OptionalAttr<I64Attr>:$shift))> {
  let summary = "Vector unit: requantise i32 -> i8";
}

#endif // STRATA_NPU_OPS_TD
