// RUN: strata-opt %s -split-input-file -verify-diagnostics

// The npu dialect's verifiers: what the modelled NPU cannot execute is
// rejected with the reason, using the target's parameters.

// Unknown target.
// expected-error @+1 {{unknown NPU target 'npu-v9' (known: npu-v1)}}
npu.program @p attributes {target = #npu.target<"npu-v9">, dram_bytes = 64 : i64} {
}

// -----

// Dram size.
// expected-error @+1 {{dram_bytes must be in [1, 268435456] for target 'npu-v1'}}
npu.program @p attributes {target = #npu.target<"npu-v1">, dram_bytes = 0 : i64} {
}

// -----

// Matrix dtype.
npu.program @p attributes {target = #npu.target<"npu-v1">, dram_bytes = 64 : i64} {
  npu.queue matrix {
    // expected-error @+1 {{matmul: the matrix unit takes bf16, f16 or i8, not f32}}
    npu.matmul {dtype = #npu<dtype f32>, m = 16 : i64, n = 16 : i64, k = 16 : i64, lda = 16 : i64, ldb = 16 : i64, ldc = 16 : i64}
  }
}

// -----

// Tile too large for SRAM.
npu.program @p attributes {target = #npu.target<"npu-v1">, dram_bytes = 64 : i64} {
  npu.queue matrix {
    // expected-error @+1 {{matmul A ([1040384, 1564672)) does not fit in sram (1048576 bytes)}}
    npu.matmul {m = 256 : i64, n = 16 : i64, k = 1024 : i64, a = 1040384 : i64, lda = 1024 : i64, ldb = 16 : i64, ldc = 16 : i64}
  }
}

// -----

// Accumulator overflow.
npu.program @p attributes {target = #npu.target<"npu-v1">, dram_bytes = 64 : i64} {
  npu.queue matrix {
    // expected-error @+1 {{matmul C ([0, 1048576)) does not fit in acc (524288 bytes)}}
    npu.matmul {m = 256 : i64, n = 1024 : i64, k = 16 : i64, lda = 16 : i64, ldb = 1024 : i64, ldc = 1024 : i64}
  }
}

// -----

// Misaligned operand.
npu.program @p attributes {target = #npu.target<"npu-v1">, dram_bytes = 64 : i64} {
  npu.queue vector {
    // expected-error @+1 {{source at sram address 2 is not aligned to 4 bytes}}
    npu.vrelu {src = 2 : i64, cols = 8 : i64, src_stride = 8 : i64, dst_stride = 8 : i64}
  }
}

// -----

// Misaligned accumulator stride.
npu.program @p attributes {target = #npu.target<"npu-v1">, dram_bytes = 4096 : i64} {
  npu.queue dma_out {
    // expected-error @+1 {{dma source: the accumulator moves whole 32-bit words (row_bytes and strides must be multiples of 4)}}
    npu.dma {src_space = #npu<space acc>, row_bytes = 64 : i64, rows = 2 : i64, src_stride = 66 : i64, dst_stride = 64 : i64}
  }
}

// -----

// Wrong queue.
npu.program @p attributes {target = #npu.target<"npu-v1">, dram_bytes = 64 : i64} {
  npu.queue matrix {
    // expected-error @+1 {{dma cannot run on the matrix queue}}
    npu.dma {dst_space = #npu<space sram>, row_bytes = 64 : i64}
  }
}

// -----

// Unknown field.
npu.program @p attributes {target = #npu.target<"npu-v1">, dram_bytes = 64 : i64} {
  npu.queue dma_in {
    // expected-error @+1 {{'stride' is not a field of dma}}
    npu.dma {dst_space = #npu<space sram>, row_bytes = 64 : i64, stride = 4 : i64}
  }
}

// -----

// DRAM out of bounds.
npu.program @p attributes {target = #npu.target<"npu-v1">, dram_bytes = 64 : i64} {
  npu.queue dma_in {
    // expected-error @+1 {{dma source ([32, 96)) does not fit in dram (64 bytes)}}
    npu.dma {dst_space = #npu<space sram>, src = 32 : i64, row_bytes = 64 : i64}
  }
}

// -----

// Flag range.
npu.program @p attributes {target = #npu.target<"npu-v1">, dram_bytes = 64 : i64} {
  npu.queue ctrl {
    // expected-error @+1 {{set_flag: flag 16 out of range (the target has 16 flags)}}
    npu.set_flag {flag = 16 : i64}
  }
}

// -----

// Field width.
npu.program @p attributes {target = #npu.target<"npu-v1">, dram_bytes = 64 : i64} {
  npu.queue ctrl {
    // expected-error @+1 {{set_flag: field 'flag' value 300 does not fit in 8 bits}}
    npu.set_flag {flag = 300 : i64}
  }
}

// -----

// Vector in DRAM.
npu.program @p attributes {target = #npu.target<"npu-v1">, dram_bytes = 64 : i64} {
  npu.queue vector {
    // expected-error @+1 {{vrelu: vector operands live in sram or acc, not dram}}
    npu.vrelu {src_space = #npu<space dram>, cols = 8 : i64, src_stride = 8 : i64, dst_stride = 8 : i64}
  }
}

// -----

// Duplicate queue.
npu.program @p attributes {target = #npu.target<"npu-v1">, dram_bytes = 64 : i64} {
  npu.queue ctrl {
  }
  // expected-error @+1 {{duplicate queue 'ctrl'}}
  npu.queue ctrl {
  }
}

// -----

// I/O outside DRAM.
npu.program @p attributes {target = #npu.target<"npu-v1">, dram_bytes = 64 : i64} {
  // expected-error @+1 {{lies outside the DRAM image (64 bytes)}}
  npu.input "x" {dtype = #npu<dtype f32>, shape = array<i64: 4, 8>, addr = 0 : i64}
}

// -----

// Duplicate I/O name.
npu.program @p attributes {target = #npu.target<"npu-v1">, dram_bytes = 256 : i64} {
  npu.input "x" {dtype = #npu<dtype f32>, shape = array<i64: 4>, addr = 0 : i64}
  // expected-error @+1 {{duplicate I/O name 'x'}}
  npu.output "x" {dtype = #npu<dtype f32>, shape = array<i64: 4>, addr = 64 : i64}
}

// -----

// Constants.
npu.program @p attributes {target = #npu.target<"npu-v1">, dram_bytes = 256 : i64} {
  // expected-error @+1 {{data must be a non-splat 1-D tensor of i8}}
  npu.constants {addr = 0 : i64, data = dense<1.0> : tensor<4xf32>}
}

// -----

// Instruction outside a queue.
npu.program @p attributes {target = #npu.target<"npu-v1">, dram_bytes = 256 : i64} {
  // expected-error @+1 {{expects parent op 'npu.queue'}}
  npu.nop
}
