//===- Passes.td - CPU backend passes -----------------------*- tablegen -*-===//
//
// Passes of the CPU backend (lib/Target/CPU). The whole lowering is the
// `strata-cpu-pipeline` pipeline (lib/Pipelines/CPUPipeline.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef STRATA_CPU_PASSES_TD
#define STRATA_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def CPUExportEntryPass : Pass<"strata-cpu-export-entry", "::mlir::ModuleOp"> {
  let summary = "Record the model's I/O signature and export its entry point";
  let description = [{
    Runs at tensor level, before lowering. Finds the entry function, computes
    the signature (names from `strata.name` argument/result attributes,
    element types, shapes) and stores it as JSON in the module attribute
    `strata.signature`, and marks the function `llvm.emit_c_interface` so
    that it gets a `_mlir_ciface_` wrapper. Fails with a diagnostic when the
    signature cannot be run by the CPU runtime (unranked tensors,
    unsupported element types). Dynamic dims are recorded as -1 with their
    names (`strata.dim_names` argument/result attributes, from ONNX
    dim_params).
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"main\"",
           "Name of the entry function">,
    Option<"threads", "threads", "int", /*default=*/"0",
           "Default number of threads recorded in the signature (0: all)">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def CPUEmitEntryWrapperPass
    : Pass<"strata-cpu-emit-entry-wrapper", "::mlir::ModuleOp"> {
  let summary = "Emit the runtime's entry point and signature symbols";
  let description = [{
    Runs on the LLVM dialect. Adds `void strata_entry(void **args)`, which
    calls `_mlir_ciface_<entry>` with args[i] as its i-th argument (a pointer
    to a memref descriptor; inputs then outputs), and the NUL-terminated
    JSON string `strata_signature` from the `strata.signature` module
    attribute. This is the calling convention of
    include/strata/Runtime/Executable.h.
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"main\"",
           "Name of the entry function">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def CPUResultsToOutParamsPass
    : Pass<"strata-cpu-results-to-out-params", "::mlir::ModuleOp"> {
  let summary = "Turn the static buffer results of functions into out-params";
  let description = [{
    `buffer-results-to-out-params` (with `hoist-static-allocs`) for the
    functions whose results all have static shapes. A function with a
    dynamically shaped result keeps all of its results: the caller cannot
    allocate them, so the compiled code returns them (allocated with malloc)
    and the runtime frees them (ABI version 2, see
    include/strata/Runtime/Executable.h).
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def CPUFlattenAllocaScopesPass
    : Pass<"strata-cpu-flatten-alloca-scopes", "::mlir::ModuleOp"> {
  let summary = "Inline the memref.alloca_scope bodies of OpenMP loops";
  let description = [{
    `convert-scf-to-openmp` wraps every parallel loop body in a
    `memref.alloca_scope`, whose region must stay a single block, so the
    loops nested in it cannot be lowered to `cf`. This pass inlines each
    scope without results into its parent and moves statically sized
    `memref.alloca`s of the body to the start of the enclosing
    `omp.parallel` region (one allocation per thread instead of one per
    iteration), which keeps the stack bounded.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def CPUFuseElementwisePass
    : Pass<"strata-cpu-fuse-elementwise", "::mlir::func::FuncOp"> {
  let summary = "Fuse elementwise producers into their consumers, except "
                "into contractions";
  let description = [{
    Upstream's elementwise fusion (`linalg-fuse-elementwise-ops`) with one
    restriction: a producer is not fused into a contraction (matmul-like op).
    Fusing, say, a bias add and ReLU into the next matmul's body turns it into
    a generic reduction the tiler can no longer treat as a contraction, and
    recomputes the producer K times per output. Producers with one use only.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def CPUDecomposeWindowsPass
    : Pass<"strata-cpu-decompose-windows", "::mlir::func::FuncOp"> {
  let summary = "Rewrite 2-D convolutions and pooling as vectorisable ops";
  let description = [{
    Windowed ops read their input through `oh * stride + kh`, which is not a
    projected permutation, so the linalg vectoriser cannot handle them. This
    pass rewrites them, on tensors, into ops it can vectorise. Each tap
    (kh, kw) of the window reads one strided slice of the padded input (the
    centre tap of a stride-1 window reads the unpadded input instead):
    * `linalg.conv_2d_nchw_fchw`: the taps are copied into an im2col tensor
      `[N, C*KH*KW, OH*OW]` (a 1x1, stride-1 convolution needs none), followed
      by one contraction `O[n, f, p] += W[f, k] * X[n, k, p]`;
    * `linalg.depthwise_conv_2d_nchw_chw`: one multiply-accumulate per tap,
      `O += slice * W[:, kh, kw]`;
    * `linalg.pooling_nchw_max` / `linalg.pooling_nchw_sum`: one max or add
      per tap.
    Ops with other element-type mixes, and windows of more than 256 taps
    (one op per tap would explode compile time), are left as they are.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def CPUTileAndVectorizePass
    : Pass<"strata-cpu-tile-and-vectorize", "::mlir::func::FuncOp"> {
  let summary = "Tile linalg ops for threads and registers, then vectorise";
  let description = [{
    Works on linalg ops on tensors with static shapes (others are left to
    the loop lowering). First, each `tensor.pad` with a constant value
    becomes a `linalg.fill` of the padded tensor and a `linalg.copy` into its
    interior, so that both are vectorised like any other op. Per op (see docs/cpu-backend.md for the heuristics):
    * a first tiling level (`scf.forall`) splits one parallel dimension into
      chunks for the threads, chosen so that every chunk holds whole vector
      tiles;
    * a second level (`scf.for`) cuts register tiles: for contractions an
      `M x N` block of the output (N along the contiguous output dimension,
      loops ordered N, M, K so that a strip of the right-hand side stays in
      cache while every row block uses it), for other ops one vector along
      the innermost dimension, and reductions along the innermost reduced
      dimension in one vector;
    * the register tile is vectorised (contractions straight to
      `vector.contract`, `tensor.extract` to gathers or contiguous loads) and
      accumulators are hoisted out of the reduction loops.
    An op whose shape does not fit the heuristics stays a scalar loop nest and
    a remark says so (visible with --mlir-print-ir-after / -debug).
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"512",
           "Width of the vector registers in bits (512 for AVX-512)">,
    Option<"accumulators", "accumulators", "int64_t", /*default=*/"16",
           "Vector registers a contraction's register tile may use as "
           "accumulators (16 of AVX-512's 32; 12 of AVX2's 16)">,
    Option<"maxChunks", "max-chunks", "int64_t", /*default=*/"8",
           "Most chunks the thread-level tiling splits a dimension into">,
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def CPUCopyToLinalgPass
    : Pass<"strata-cpu-copy-to-linalg", "::mlir::func::FuncOp"> {
  let summary = "Turn memref.copy between strided views into linalg.copy";
  let description = [{
    Bufferisation emits `memref.copy`, which the LLVM lowering turns into a
    call to MLIR's C runtime library when a view is not contiguous. Strata's
    artifacts do not depend on that library: this pass rewrites such copies
    as `linalg.copy`, lowered to loops with the rest of linalg. Copies
    between contiguous buffers stay `memref.copy` (an `llvm.memcpy`).
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def CPUDynamicExpandShapePass
    : Pass<"strata-cpu-dynamic-expand-shape", "::mlir::func::FuncOp"> {
  let summary = "Rewrite memref.expand_shape of several dynamic dims per group";
  let description = [{
    Runs after bufferisation. `expand-strided-metadata` of MLIR 22 crashes on
    a `memref.expand_shape` that splits one dim into two or more dynamic
    dims (e.g. `?x32` into `?x?x32`, a batched matmul with dynamic batch and
    sequence). When the source has the identity layout, the result is the
    dense row-major view of the same buffer: this pass rewrites such ops as
    `memref.reinterpret_cast` with the output sizes and their suffix
    products as strides. Other expand_shapes are left alone.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def CPULowerVectorsPass
    : Pass<"strata-cpu-lower-vectors", "::mlir::func::FuncOp"> {
  let summary = "Lower n-D vector ops to 1-D ops and FMAs for x86";
  let description = [{
    Runs after bufferisation. `vector.contract` becomes outer products and
    then `vector.fma` on rows (broadcast of one operand times a row of the
    other: the classic register-blocked matmul), multi-dimensional
    reductions become reductions of rows, and n-D transfers are unrolled into
    1-D loads and stores. What is left maps one-to-one onto AVX-512
    instructions in `convert-vector-to-llvm`. Vector multiplies and adds are
    marked `contract`, so LLVM fuses them into FMAs (one rounding instead of
    two, as with -ffp-contract=fast).
  }];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def CPUSequentializeNestedParallelPass
    : Pass<"strata-cpu-sequentialize-nested-parallel", "::mlir::func::FuncOp"> {
  let summary = "Turn scf.parallel loops nested in parallel loops into scf.for";
  let description = [{
    Only the outermost parallel loop of a nest becomes an OpenMP parallel
    region; inner ones (from linalg ops left inside thread-level tiles)
    would each fork a serialised nested region, which costs far more than
    the work in a tile. Runs before `convert-scf-to-openmp`.
  }];
}

#endif // STRATA_CPU_PASSES_TD
