//===- StrataModule.cpp - pybind11 module `strata._strata` ----------------===//
//
// The Python binding's native half: a thin layer over Strata's own driver
// (include/strata/Driver/Driver.h) and runtime (Executable, HostTensor,
// Signature). It compiles ONNX bytes or graph-dialect MLIR text (whose
// `dense_resource` weights arrive as numpy buffers and are registered as
// blobs of the builtin dialect), keeps the IR after each stage, JIT-compiles
// or writes an AOT artifact, loads artifacts and runs them on numpy arrays.
// MLIR diagnostics are collected by a ScopedDiagnosticHandler and raised as
// `CompileError`; nothing here aborts the interpreter.
//
//===----------------------------------------------------------------------===//

#include "strata/Driver/Driver.h"
#include "strata/Importer/ONNX/ImportONNX.h"
#include "strata/Pipelines/CPUPipeline.h"
#include "strata/Pipelines/CUDAPipeline.h"
#include "strata/Runtime/Executable.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <map>
#include <stdexcept>

namespace py = pybind11;
using namespace mlir;
using strata::runtime::DType;
using strata::runtime::HostTensor;
using strata::runtime::Signature;
using strata::runtime::TensorSpec;

namespace {

/// A compile failure; its text is every diagnostic the compilation emitted,
/// with locations. Raised in Python as `strata.CompileError`.
struct CompileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Collects diagnostics as "loc: error: message" lines (notes included).
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(MLIRContext &ctx)
      : handler(&ctx, [this](Diagnostic &diag) {
          append(diag);
          for (Diagnostic &note : diag.getNotes())
            append(note);
          return success();
        }) {}

  /// Throws CompileError with everything collected and `what` as a headline.
  [[noreturn]] void fail(const std::string &what) const {
    std::string message = what;
    if (!text.empty())
      message += ":\n" + text;
    throw CompileError(message);
  }

private:
  void append(Diagnostic &diag) {
    llvm::raw_string_ostream os(text);
    if (!text.empty())
      os << "\n";
    printLocation(os, diag.getLocation());
    os << ": ";
    switch (diag.getSeverity()) {
    case DiagnosticSeverity::Error:
      os << "error: ";
      break;
    case DiagnosticSeverity::Warning:
      os << "warning: ";
      break;
    case DiagnosticSeverity::Note:
      os << "note: ";
      break;
    case DiagnosticSeverity::Remark:
      os << "remark: ";
      break;
    }
    os << diag.str();
  }

  /// `file:line:col` for source locations, the name for named ones (ONNX
  /// nodes), MLIR's syntax otherwise.
  static void printLocation(llvm::raw_ostream &os, Location loc) {
    if (auto file = dyn_cast<FileLineColLoc>(loc)) {
      os << file.getFilename().getValue() << ":" << file.getLine() << ":"
         << file.getColumn();
      return;
    }
    if (auto name = dyn_cast<NameLoc>(loc)) {
      os << "'" << name.getName().getValue() << "'";
      if (!isa<UnknownLoc>(name.getChildLoc())) {
        os << " at ";
        printLocation(os, name.getChildLoc());
      }
      return;
    }
    os << loc;
  }

  std::string text;
  ScopedDiagnosticHandler handler;
};

std::string errorText(llvm::Error err) {
  return llvm::toString(std::move(err));
}

//===----------------------------------------------------------------------===//
// Tensors: numpy <-> HostTensor
//===----------------------------------------------------------------------===//

py::dict specToDict(const TensorSpec &spec) {
  py::dict d;
  d["name"] = spec.name;
  d["dtype"] = std::string(strata::runtime::dtypeName(spec.dtype));
  d["shape"] = py::tuple(
      py::cast(std::vector<int64_t>(spec.shape.begin(), spec.shape.end())));
  // The symbol of each dynamic dim ("?" when unnamed), "" for static dims.
  py::list dims;
  for (size_t i = 0; i < spec.shape.size(); ++i)
    dims.append(spec.shape[i] < 0 ? spec.dimName(i) : std::string());
  d["dims"] = dims;
  return d;
}

py::dict signatureToDict(const Signature &sig) {
  py::list inputs, outputs;
  for (const TensorSpec &spec : sig.inputs)
    inputs.append(specToDict(spec));
  for (const TensorSpec &spec : sig.outputs)
    outputs.append(specToDict(spec));
  py::dict d;
  d["inputs"] = inputs;
  d["outputs"] = outputs;
  d["target"] = sig.target;
  d["threads"] = sig.threads;
  return d;
}

/// Copies a numpy array into a HostTensor (64-byte aligned, row-major).
HostTensor toHostTensor(const py::handle &obj, size_t index) {
  py::array array = py::array::ensure(obj, py::array::c_style);
  if (!array)
    throw py::value_error("input " + std::to_string(index) +
                          " is not convertible to a numpy array");
  std::string dtypeName = py::str(array.dtype());
  std::optional<DType> dtype = strata::runtime::parseDTypeName(dtypeName);
  if (!dtype)
    throw py::value_error("input " + std::to_string(index) +
                          " has unsupported dtype " + dtypeName);
  llvm::SmallVector<int64_t> shape(array.shape(), array.shape() + array.ndim());
  HostTensor tensor(*dtype, shape);
  if (tensor.sizeInBytes())
    std::memcpy(tensor.data(), array.data(), tensor.sizeInBytes());
  return tensor;
}

py::array toNumpy(const HostTensor &tensor) {
  std::vector<py::ssize_t> shape(tensor.shape().begin(), tensor.shape().end());
  py::array array(py::dtype(std::string(dtypeName(tensor.dtype()))), shape);
  if (tensor.sizeInBytes())
    std::memcpy(array.mutable_data(), tensor.data(), tensor.sizeInBytes());
  return array;
}

//===----------------------------------------------------------------------===//
// Executable: a JIT-compiled model or a loaded artifact
//===----------------------------------------------------------------------===//

/// Runs `exe` on numpy arrays. A wrong input count, dtype or shape is a
/// ValueError naming the input and what was expected.
py::list runExecutable(strata::runtime::Executable &exe, const py::list &args,
                       int threads) {
  std::vector<HostTensor> inputs;
  for (size_t i = 0; i < args.size(); ++i)
    inputs.push_back(toHostTensor(args[i], i));
  if (llvm::Error err = exe.signature().checkInputs(inputs))
    throw py::value_error(errorText(std::move(err)));
  llvm::Expected<std::vector<HostTensor>> outputs = [&] {
    py::gil_scoped_release release;
    return exe.run(inputs, threads);
  }();
  if (!outputs)
    throw std::runtime_error(errorText(outputs.takeError()));
  py::list result;
  for (const HostTensor &out : *outputs)
    result.append(toNumpy(out));
  return result;
}

class Artifact {
public:
  explicit Artifact(std::unique_ptr<strata::runtime::Executable> exe)
      : exe(std::move(exe)) {}
  py::dict signature() const { return signatureToDict(exe->signature()); }
  py::list run(const py::list &inputs, int threads) {
    return runExecutable(*exe, inputs, threads);
  }

private:
  std::unique_ptr<strata::runtime::Executable> exe;
};

Artifact loadArtifact(const std::string &path) {
  if (!strata::isArtifact(path))
    throw CompileError("'" + path +
                       "' is not a Strata artifact (an ELF shared library)");
  auto exe = strata::runtime::loadSharedLibrary(path);
  if (!exe)
    throw CompileError(errorText(exe.takeError()));
  return Artifact(std::move(*exe));
}

//===----------------------------------------------------------------------===//
// Compilation: model -> LLVM dialect, with the IR of each stage
//===----------------------------------------------------------------------===//

struct CompileRequest {
  /// "onnx" (serialized ModelProto) or "mlir" (graph-dialect text).
  std::string kind;
  std::string source;
  /// Names the model in diagnostics (and is the ONNX external-data base).
  std::string name;
  std::vector<std::pair<std::string, AsmResourceBlob>> blobs;
  std::map<std::string, std::vector<int64_t>> inputShapes;
  std::string target = "cpu";
  /// Tensor cores for f32 contractions on cuda-emu: none, f16 or bf16.
  std::string cudaMma = "none";
  int threads = 0;
  bool parallel = true;
  bool vectorize = true;
  bool keepIR = true;
};

std::string printIR(ModuleOp module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  OpPrintingFlags flags;
  flags.elideLargeElementsAttrs(16).elideLargeResourceString(64);
  module->print(os, flags);
  return text;
}

class Compilation {
public:
  explicit Compilation(CompileRequest request);

  py::dict signature() const { return signatureToDict(sig); }
  std::string ir(const std::string &stage) const {
    auto it = stages.find(stage);
    if (it != stages.end())
      return it->second;
    if (stages.empty())
      throw py::value_error("the IR was not kept (compiled with "
                            "options={'keep_ir': False})");
    std::string known;
    for (const auto &entry : stages)
      known += (known.empty() ? "" : ", ") + entry.first;
    throw py::value_error("unknown stage '" + stage + "' (known: " + known +
                          ")");
  }
  py::list run(const py::list &inputs, int threads) {
    if (!exe) {
      py::gil_scoped_release release;
      auto compiled = strata::jitCompile(*module);
      if (!compiled)
        throw CompileError(errorText(compiled.takeError()));
      exe = std::move(*compiled);
    }
    return runExecutable(*exe, inputs, threads);
  }
  void save(const std::string &path) {
    llvm::Error err = [&] {
      py::gil_scoped_release release;
      return strata::emitSharedLibrary(*module, path);
    }();
    if (err)
      throw CompileError(errorText(std::move(err)));
  }

private:
  void runPipeline(DiagnosticCollector &diags, const std::string &stage,
                   llvm::function_ref<void(OpPassManager &)> build);

  std::unique_ptr<MLIRContext> context;
  OwningOpRef<ModuleOp> module;
  std::map<std::string, std::string> stages;
  bool keepIR;
  Signature sig;
  std::unique_ptr<strata::runtime::Executable> exe;
};

void Compilation::runPipeline(DiagnosticCollector &diags,
                              const std::string &stage,
                              llvm::function_ref<void(OpPassManager &)> build) {
  PassManager pm(context.get(), ModuleOp::getOperationName());
  build(pm);
  if (failed(pm.run(*module)))
    diags.fail("compilation failed in stage '" + stage + "'");
  if (keepIR)
    stages[stage] = printIR(*module);
}

Compilation::Compilation(CompileRequest request)
    : context(std::make_unique<MLIRContext>()), keepIR(request.keepIR) {
  strata::prepareContext(*context);
  // Diagnostics would otherwise append the whole module (weights included).
  context->printOpOnDiagnostic(false);
  DiagnosticCollector diags(*context);
  if (request.target != "cpu" && request.target != "cuda-emu")
    throw CompileError("unknown target '" + request.target +
                       "' (supported: cpu, cuda-emu)");
  if (request.cudaMma != "none" && request.cudaMma != "f16" &&
      request.cudaMma != "bf16")
    throw CompileError("unknown cuda_mma '" + request.cudaMma +
                       "' (supported: none, f16, bf16)");
  if (request.cudaMma != "none" && request.target != "cuda-emu")
    throw CompileError("cuda_mma is an option of the cuda-emu target");

  if (request.kind == "onnx") {
    strata::ONNXImportOptions options;
    for (const auto &[name, shape] : request.inputShapes)
      options.inputShapes[name] =
          llvm::SmallVector<int64_t>(shape.begin(), shape.end());
    module = strata::importONNXModel(request.source, request.name,
                                     context.get(), options);
    if (!module)
      diags.fail("cannot import ONNX model '" + request.name + "'");
  } else {
    ParserConfig config(context.get());
    module = parseSourceString<ModuleOp>(request.source, config, request.name);
    if (!module)
      diags.fail("cannot parse '" + request.name + "'");
    // The parser declared every dense_resource it saw; give them their data.
    auto &manager =
        DenseResourceElementsHandle::getManagerInterface(context.get());
    for (auto &[name, blob] : request.blobs) {
      if (!manager.getBlobManager().lookup(name))
        throw CompileError("weight '" + name +
                           "' is not referenced by the module");
      manager.update(name, std::move(blob));
    }
    if (!request.inputShapes.empty()) {
      llvm::SmallVector<std::optional<llvm::SmallVector<int64_t>>> shapes;
      for (const std::string &name : strata::getInputNames(*module)) {
        auto it = request.inputShapes.find(name);
        shapes.push_back(it == request.inputShapes.end()
                             ? std::nullopt
                             : std::optional(llvm::SmallVector<int64_t>(
                                   it->second.begin(), it->second.end())));
      }
      if (failed(strata::specializeInputShapes(*module, shapes)))
        diags.fail("cannot specialize the input shapes");
    }
  }
  if (keepIR)
    stages["import"] = printIR(*module);

  strata::CPUPipelineOptions cpu;
  cpu.threads = request.threads;
  cpu.parallel = request.parallel;
  cpu.vectorize = request.vectorize;
  // "graph" is the graph-level optimisation the CPU pipeline starts with,
  // shown on its own; running it again inside the pipeline is a no-op.
  runPipeline(diags, "graph", [](OpPassManager &pm) {
    if (failed(parsePassPipeline("func.func(canonicalize,graph-infer-shapes,"
                                 "cse)",
                                 pm, llvm::errs())))
      llvm::report_fatal_error("strata: bad built-in pipeline");
  });
  if (request.target == "cuda-emu") {
    // The CUDA kernels, run by the CPU emulator (docs/cuda.md).
    strata::CUDAPipelineOptions gpu;
    gpu.emulate = true;
    gpu.mma = request.cudaMma;
    runPipeline(diags, "gpu", [&](OpPassManager &pm) {
      strata::buildCUDAGraphToGPUPipeline(pm, gpu);
    });
    runPipeline(diags, "llvm", [&](OpPassManager &pm) {
      strata::buildCUDAGPUToLLVMPipeline(pm, gpu);
    });
  } else {
    runPipeline(diags, "linalg", [&](OpPassManager &pm) {
      strata::buildCPUGraphToLinalgPipeline(pm, cpu);
    });
    runPipeline(diags, "llvm", [&](OpPassManager &pm) {
      strata::buildCPULinalgToLLVMPipeline(pm, cpu);
    });
  }

  auto global = module->lookupSymbol<LLVM::GlobalOp>("strata_signature");
  auto text = global ? dyn_cast_or_null<StringAttr>(global.getValueOrNull())
                     : StringAttr();
  if (!text)
    throw CompileError("the lowered module has no strata_signature");
  auto parsed = Signature::fromJSON(text.getValue().rtrim('\0'));
  if (!parsed)
    throw CompileError(errorText(parsed.takeError()));
  sig = std::move(*parsed);
}

/// Builds a CompileRequest from Python values (with the GIL held: the
/// weight buffers are copied into blobs here).
CompileRequest makeRequest(const std::string &kind, const py::bytes &source,
                           const std::string &name, const py::dict &blobs,
                           const py::dict &inputShapes,
                           const py::dict &options) {
  CompileRequest request;
  request.kind = kind;
  request.source = source;
  request.name = name;
  if (kind != "onnx" && kind != "mlir")
    throw py::value_error("kind must be 'onnx' or 'mlir'");
  for (auto [key, value] : blobs) {
    py::array array = py::array::ensure(value, py::array::c_style);
    if (!array)
      throw py::value_error("weight '" + py::str(key).cast<std::string>() +
                            "' is not a numpy array");
    llvm::ArrayRef<char> data(static_cast<const char *>(array.data()),
                              array.nbytes());
    request.blobs.emplace_back(
        py::str(key).cast<std::string>(),
        HeapAsmResourceBlob::allocateAndCopyWithAlign(data, 64));
  }
  for (auto [key, value] : inputShapes)
    request.inputShapes[py::str(key).cast<std::string>()] =
        value.cast<std::vector<int64_t>>();
  for (auto [key, value] : options) {
    std::string option = py::str(key);
    if (option == "target")
      request.target = value.cast<std::string>();
    else if (option == "threads")
      request.threads = value.cast<int>();
    else if (option == "cuda_mma")
      request.cudaMma = value.cast<std::string>();
    else if (option == "parallel")
      request.parallel = value.cast<bool>();
    else if (option == "vectorize")
      request.vectorize = value.cast<bool>();
    else if (option == "keep_ir")
      request.keepIR = value.cast<bool>();
    else
      throw py::value_error("unknown compile option '" + option +
                            "' (known: threads, parallel, vectorize, "
                            "keep_ir, cuda_mma)");
  }
  return request;
}

//===----------------------------------------------------------------------===//
// opt: run a pass pipeline on MLIR text
//===----------------------------------------------------------------------===//

std::string runOpt(const std::string &text, std::string pipeline) {
  MLIRContext context;
  strata::prepareContext(context);
  context.printOpOnDiagnostic(false);
  DiagnosticCollector diags(context);
  ParserConfig config(&context);
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(text, config, "<opt input>");
  if (!module)
    diags.fail("cannot parse the input");
  // A builtin.module(...) wrapper names the pass manager's own anchor:
  // parsing it into the module pass manager would nest (and run nothing).
  llvm::StringRef spec = llvm::StringRef(pipeline).trim();
  if (spec.consume_front("builtin.module(") && spec.consume_back(")"))
    pipeline = spec.str();
  PassManager pm(&context, ModuleOp::getOperationName());
  std::string parseErrors;
  llvm::raw_string_ostream errs(parseErrors);
  if (failed(parsePassPipeline(pipeline, pm, errs)))
    throw CompileError("invalid pass pipeline '" + pipeline +
                       "': " + parseErrors);
  if (failed(pm.run(*module)))
    diags.fail("pass pipeline '" + pipeline + "' failed");
  std::string out;
  llvm::raw_string_ostream os(out);
  module->print(os);
  return out;
}

} // namespace

PYBIND11_MODULE(_strata, m) {
  m.doc() = "Strata's native binding (use the `strata` package instead)";
  py::register_exception<CompileError>(m, "CompileError", PyExc_RuntimeError);

  py::class_<Artifact>(m, "Artifact")
      .def_property_readonly("signature", &Artifact::signature)
      .def("run", &Artifact::run, py::arg("inputs"), py::arg("threads") = 0);

  py::class_<Compilation>(m, "Compilation")
      .def_property_readonly("signature", &Compilation::signature)
      .def("ir", &Compilation::ir, py::arg("stage"))
      .def("run", &Compilation::run, py::arg("inputs"), py::arg("threads") = 0)
      .def("save", &Compilation::save, py::arg("path"));

  m.def(
      "compile",
      [](const std::string &kind, const py::bytes &source,
         const std::string &name, const py::dict &blobs,
         const py::dict &inputShapes, const py::dict &options) {
        CompileRequest request =
            makeRequest(kind, source, name, blobs, inputShapes, options);
        py::gil_scoped_release release;
        return std::make_unique<Compilation>(std::move(request));
      },
      py::arg("kind"), py::arg("source"), py::arg("name"),
      py::arg("blobs") = py::dict(), py::arg("input_shapes") = py::dict(),
      py::arg("options") = py::dict(),
      "Compiles ONNX bytes or graph-dialect MLIR text to a Compilation.");
  m.def("load", &loadArtifact, py::arg("path"),
        "Loads an AOT artifact (shared library) written by save or "
        "strata-compile.");
  m.def(
      "opt",
      [](const std::string &text, const std::string &pipeline) {
        py::gil_scoped_release release;
        return runOpt(text, pipeline);
      },
      py::arg("text"), py::arg("pipeline"),
      "Runs a pass pipeline on MLIR text and returns the resulting IR.");
}
