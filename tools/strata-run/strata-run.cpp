//===- strata-run.cpp - Run a model or artifact on .npy inputs ------------===//
//
//   strata-run MODEL.onnx|MODEL.mlir|ARTIFACT.so|PROGRAM.npubin
//              [--target=cpu|npu|cuda|cuda-emu] [--cuda-arch=sm_80|sm_90]
//              -i IN0.npy -i IN1.npy ... | --input NAME=FILE.npy ...
//              --output-dir DIR [--threads=N] [--benchmark=N]
//              [--npu-trace=TRACE.json]
//
// With --target=npu (or an NPU binary) the model runs on the NPU simulator
// and the cycle summary is printed on stdout. With --target=cuda-emu the
// CUDA kernels run on the CPU emulator (a launch summary is printed); with
// --target=cuda on the GPU, through the CUDA driver (which must exist).
// Inputs are given in graph-input order (-i) or by name (--input). A model
// (not an artifact) is JIT-compiled for the shapes of the given inputs.
// Writes DIR/output_<k>.npy in graph-output order and DIR/outputs.json.
// Exit status: 0 on success, 1 on a compile or run error, 2 on a usage
// error. See docs/tools.md.
//
//===----------------------------------------------------------------------===//

#include "ToolOptions.h"

#include "strata/Driver/Driver.h"
#include "strata/Runtime/CUDAEmulator.h"
#include "strata/Runtime/CUDALauncher.h"
#include "strata/Runtime/NPURunner.h"
#include "strata/Runtime/Npy.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

#include <algorithm>
#include <chrono>

namespace cl = llvm::cl;
using strata::runtime::HostTensor;

static cl::opt<std::string>
    modelPath(cl::Positional, cl::desc("<model or artifact>"), cl::Required);
static cl::list<std::string>
    positionalInputs("i",
                     cl::desc("Input .npy file, in graph-input order "
                              "(repeatable)"),
                     cl::value_desc("file.npy"));
static cl::list<std::string>
    namedInputs("input", cl::desc("Input by name: NAME=FILE.npy (repeatable)"),
                cl::value_desc("name=file.npy"));
static cl::opt<std::string> outputDir("output-dir",
                                      cl::desc("Directory for the outputs"),
                                      cl::value_desc("dir"), cl::Required);
static cl::opt<int> benchmark(
    "benchmark",
    cl::desc("Time N runs after one warm-up and print the median and minimum"),
    cl::value_desc("N"), cl::init(0));

static cl::opt<std::string>
    npuTrace("npu-trace",
             cl::desc("With the NPU: write the simulator's Chrome/Perfetto "
                      "trace here"),
             cl::value_desc("trace.json"));

static int fail(const llvm::Twine &msg, int status = 1) {
  llvm::errs() << "strata-run: error: " << msg << "\n";
  return status;
}

/// Reads the inputs in graph-input order; `names` orders --input.
static llvm::Expected<std::vector<HostTensor>>
readInputs(llvm::ArrayRef<std::string> names) {
  std::vector<HostTensor> inputs;
  if (!namedInputs.empty()) {
    std::vector<std::optional<HostTensor>> byIndex(names.size());
    for (const std::string &spec : namedInputs) {
      auto [name, file] = llvm::StringRef(spec).split('=');
      auto it = llvm::find(names, name);
      if (it == names.end())
        return llvm::createStringError(
            llvm::inconvertibleErrorCode(),
            "the model has no input named '" + name +
                "' (inputs: " + llvm::join(names, ", ") + ")");
      auto tensor = strata::runtime::readNpyFile(file);
      if (!tensor)
        return tensor.takeError();
      byIndex[it - names.begin()] = std::move(*tensor);
    }
    for (size_t i = 0; i < names.size(); ++i) {
      if (!byIndex[i])
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "no value for input '" + names[i] + "'");
      inputs.push_back(std::move(*byIndex[i]));
    }
    return inputs;
  }
  for (const std::string &file : positionalInputs) {
    auto tensor = strata::runtime::readNpyFile(file);
    if (!tensor)
      return tensor.takeError();
    inputs.push_back(std::move(*tensor));
  }
  return inputs;
}

static llvm::Error writeOutputs(llvm::ArrayRef<std::string> names,
                                llvm::ArrayRef<HostTensor> outputs) {
  if (std::error_code ec = llvm::sys::fs::create_directories(outputDir))
    return llvm::createStringError(ec, "cannot create '" + outputDir +
                                           "': " + ec.message());
  llvm::json::Array listing;
  for (size_t k = 0; k < outputs.size(); ++k) {
    llvm::SmallString<128> path(outputDir);
    llvm::sys::path::append(path, "output_" + std::to_string(k) + ".npy");
    if (llvm::Error err = strata::runtime::writeNpyFile(path, outputs[k]))
      return err;
    llvm::json::Array shape;
    for (int64_t d : outputs[k].shape())
      shape.push_back(d);
    listing.push_back(llvm::json::Object{
        {"index", static_cast<int64_t>(k)},
        {"name", names[k]},
        {"shape", std::move(shape)},
        {"dtype", strata::runtime::dtypeName(outputs[k].dtype())}});
  }
  llvm::SmallString<128> path(outputDir);
  llvm::sys::path::append(path, "outputs.json");
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    return llvm::createStringError(ec, "cannot write '" + path +
                                           "': " + ec.message());
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(listing))) << "\n";
  return llvm::Error::success();
}

/// Loads the model (a diagnostic on failure), reads the inputs in its input
/// order and pins its input shapes to theirs, so that it is compiled for
/// them. Returns an exit status on failure.
static std::optional<int>
loadForInputs(mlir::MLIRContext &context, const strata::CompileOptions &options,
              mlir::OwningOpRef<mlir::ModuleOp> &module,
              std::vector<HostTensor> &inputs) {
  module = strata::loadModel(modelPath, context, options);
  if (!module)
    return 1;
  auto read = readInputs(strata::getInputNames(*module));
  if (!read)
    return fail(llvm::toString(read.takeError()));
  inputs = std::move(*read);
  llvm::SmallVector<std::optional<llvm::SmallVector<int64_t>>> shapes;
  for (const HostTensor &t : inputs)
    shapes.push_back(llvm::SmallVector<int64_t>(t.shape()));
  if (mlir::failed(strata::specializeInputShapes(*module, shapes)))
    return 1;
  return std::nullopt;
}

/// Compiles (or loads) the model for the NPU and runs it on the simulator.
static int runOnNPU(const strata::CompileOptions &options) {
  namespace npu = strata::npu;
  mlir::MLIRContext context;
  npu::Program program;
  std::vector<HostTensor> inputs;
  auto inputNames = [](const npu::Program &p) {
    llvm::SmallVector<std::string> names;
    for (const npu::IOEntry &e : p.io)
      if (!e.isOutput)
        names.push_back(e.name);
    return names;
  };
  if (strata::runtime::isNPUBinary(modelPath)) {
    auto loaded = strata::runtime::loadNPUBinary(modelPath);
    if (!loaded)
      return fail(llvm::toString(loaded.takeError()));
    program = std::move(*loaded);
    auto read = readInputs(inputNames(program));
    if (!read)
      return fail(llvm::toString(read.takeError()));
    inputs = std::move(*read);
  } else {
    strata::prepareContext(context);
    llvm::SourceMgr sourceMgr;
    mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
    mlir::OwningOpRef<mlir::ModuleOp> module;
    if (std::optional<int> status =
            loadForInputs(context, options, module, inputs))
      return *status;
    mlir::FailureOr<npu::Program> compiled =
        strata::compileForNPU(*module, options);
    if (mlir::failed(compiled))
      return 1;
    program = std::move(*compiled);
  }
  const npu::TargetDesc &target = npu::TargetDesc::getDefault();
  auto run = strata::runtime::runNPUProgram(target, program, inputs,
                                            /*recordTrace=*/!npuTrace.empty());
  if (!run)
    return fail(llvm::toString(run.takeError()));
  llvm::outs() << npu::formatStats(run->sim.stats, target);
  if (!npuTrace.empty()) {
    std::error_code ec;
    llvm::raw_fd_ostream os(npuTrace, ec, llvm::sys::fs::OF_Text);
    if (ec)
      return fail("cannot write '" + npuTrace + "': " + ec.message());
    os << npu::traceToJson(run->sim, program, target);
  }
  std::vector<std::string> names;
  for (const npu::IOEntry &e : program.io)
    if (e.isOutput)
      names.push_back(e.name);
  if (llvm::Error err = writeOutputs(names, run->outputs))
    return fail(llvm::toString(std::move(err)));
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  strata::tools::registerCommonOptions();
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "Strata model runner\n\n"
          "  strata-run MODEL|ARTIFACT -i IN0.npy ... --output-dir DIR\n",
          &llvm::errs()))
    return 2;
  if (!positionalInputs.empty() && !namedInputs.empty())
    return fail("give inputs either with -i (in order) or with --input "
                "NAME=FILE, not both",
                2);
  if (benchmark < 0)
    return fail("--benchmark must be >= 0", 2);
  strata::CompileOptions options;
  if (std::optional<int> status =
          strata::tools::readCompileOptions(options, "strata-run"))
    return *status;

  if (options.target == "npu" || strata::runtime::isNPUBinary(modelPath)) {
    if (benchmark > 0)
      return fail("--benchmark times the CPU; on the NPU the simulator's "
                  "cycle count is the time",
                  2);
    return runOnNPU(options);
  }
  // A CUDA artifact is the directory strata-compile --target=cuda writes;
  // its host code is host.so.
  std::string artifactPath = modelPath;
  if (llvm::sys::fs::is_directory(modelPath)) {
    llvm::SmallString<128> host(modelPath.getValue());
    llvm::sys::path::append(host, "host.so");
    if (!llvm::sys::fs::exists(host))
      return fail("'" + modelPath +
                  "' is a directory but not a CUDA "
                  "artifact (no host.so)");
    if (options.target != "cpu" && options.target != "cuda")
      return fail("'" + modelPath +
                      "' is a CUDA artifact; it runs with "
                      "--target=cuda",
                  2);
    options.target = "cuda";
    artifactPath = host.str().str();
  }
  if (options.target == "cuda")
    if (llvm::Error err = strata::runtime::initCUDADriver())
      return fail(llvm::toString(std::move(err)));
  mlir::MLIRContext context;
  std::unique_ptr<strata::runtime::Executable> executable;
  std::vector<HostTensor> inputs;
  if (strata::isArtifact(artifactPath)) {
    auto loaded = strata::runtime::loadSharedLibrary(artifactPath);
    if (!loaded)
      return fail(llvm::toString(loaded.takeError()));
    executable = std::move(*loaded);
    llvm::SmallVector<std::string> names;
    for (const auto &spec : executable->signature().inputs)
      names.push_back(spec.name);
    auto read = readInputs(names);
    if (!read)
      return fail(llvm::toString(read.takeError()));
    inputs = std::move(*read);
  } else {
    strata::prepareContext(context);
    llvm::SourceMgr sourceMgr;
    mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
    mlir::OwningOpRef<mlir::ModuleOp> module;
    if (std::optional<int> status =
            loadForInputs(context, options, module, inputs))
      return *status;
    if (mlir::failed(strata::lowerToLLVMDialect(*module, options)))
      return 1;
    auto jitted = strata::jitCompile(*module);
    if (!jitted)
      return fail(llvm::toString(jitted.takeError()));
    executable = std::move(*jitted);
  }

  auto outputs = executable->run(inputs, options.threads);
  if (!outputs)
    return fail(llvm::toString(outputs.takeError()));
  if (options.target == "cuda-emu") {
    strata::runtime::EmulatorStats stats = strata::runtime::emulatorStats();
    llvm::outs() << "cuda-emu: " << stats.launches << " kernel launches, "
                 << stats.threads << " GPU threads, " << stats.barriers
                 << " barrier rounds, " << stats.warpMmas << " warp MMAs\n";
  }
  if (benchmark > 0) {
    std::vector<double> times;
    for (int i = 0; i < benchmark; ++i) {
      auto start = std::chrono::steady_clock::now();
      auto again = executable->run(inputs, options.threads);
      auto end = std::chrono::steady_clock::now();
      if (!again)
        return fail(llvm::toString(again.takeError()));
      times.push_back(
          std::chrono::duration<double, std::milli>(end - start).count());
    }
    std::sort(times.begin(), times.end());
    llvm::outs() << llvm::formatv(
        "strata-run: latency median {0:f3} ms, min {1:f3} ms over {2} runs\n",
        times[times.size() / 2], times.front(), benchmark);
  }
  std::vector<std::string> names;
  for (const auto &spec : executable->signature().outputs)
    names.push_back(spec.name);
  if (llvm::Error err = writeOutputs(names, *outputs))
    return fail(llvm::toString(std::move(err)));
  return 0;
}
