//===- strata-npu-sim.cpp - Run an NPU binary on the simulator ------------===//
//
//   strata-npu-sim PROGRAM.npubin -i IN0.npy ... [--output-dir DIR]
//                  [--trace TRACE.json]
//   strata-npu-sim --print-target
//
// Loads the inputs (in I/O-table order) into DRAM, runs the program
// functionally and in time, prints the cycle summary on stdout, writes
// DIR/output_<k>.npy and DIR/outputs.json (as strata-run does) and, with
// --trace, a Chrome/Perfetto trace with one track per engine. numpy has no
// bfloat16: a bf16 input is read from a float32 .npy (rounded to nearest
// even) and a bf16 output is written as float32 (exactly). Exit status: 0 on
// success, 1 on a bad binary, bad input or a run error (out-of-bounds
// access, deadlock), 2 on a usage error.
//
//===----------------------------------------------------------------------===//

#include "strata/Runtime/NPURunner.h"
#include "strata/Runtime/Npy.h"
#include "strata/Target/NPU/FloatConv.h"
#include "strata/Target/NPU/Simulator.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

namespace cl = llvm::cl;
namespace rt = strata::runtime;
using namespace strata::npu;

static cl::opt<std::string> inputPath(cl::Positional, cl::desc("<binary>"));
static cl::opt<bool>
    printTarget("print-target",
                cl::desc("Print the target's parameters (Markdown, as in "
                         "docs/npu-isa.md) and exit"));
static cl::list<std::string> inputs("i",
                                    cl::desc("Input .npy, in I/O-table order "
                                             "(repeatable)"),
                                    cl::value_desc("file.npy"));
static cl::opt<std::string> outputDir("output-dir",
                                      cl::desc("Directory for the outputs"),
                                      cl::value_desc("dir"));
static cl::opt<std::string> tracePath("trace",
                                      cl::desc("Write a Chrome/Perfetto trace"),
                                      cl::value_desc("file.json"));

static int fail(const llvm::Twine &msg) {
  llvm::errs() << "strata-npu-sim: error: " << msg << "\n";
  return 1;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  if (!cl::ParseCommandLineOptions(argc, argv, "Strata NPU simulator\n",
                                   &llvm::errs()))
    return 2;
  if (printTarget) {
    llvm::outs() << printTargetTable(TargetDesc::getDefault());
    return 0;
  }
  if (inputPath.empty()) {
    llvm::errs() << "strata-npu-sim: error: no input binary\n";
    return 2;
  }
  auto program = rt::loadNPUBinary(inputPath);
  if (!program)
    return fail(llvm::toString(program.takeError()));

  std::vector<const IOEntry *> outs;
  size_t numInputs = 0;
  for (const IOEntry &e : program->io) {
    if (e.isOutput)
      outs.push_back(&e);
    else
      ++numInputs;
  }
  if (inputs.size() != numInputs)
    return fail("the program has " + llvm::Twine(numInputs) + " inputs, " +
                llvm::Twine(inputs.size()) + " were given");
  std::vector<rt::HostTensor> tensors;
  for (const std::string &path : inputs) {
    auto tensor = rt::readNpyFile(path);
    if (!tensor)
      return fail(llvm::toString(tensor.takeError()));
    tensors.push_back(std::move(*tensor));
  }

  const TargetDesc &target = TargetDesc::getDefault();
  auto run = rt::runNPUProgram(target, *program, tensors,
                               /*recordTrace=*/!tracePath.empty());
  if (!run)
    return fail(inputPath + ": " + llvm::toString(run.takeError()));
  SimResult *result = &run->sim;
  llvm::outs() << formatStats(result->stats, target);

  if (!tracePath.empty()) {
    std::error_code ec;
    llvm::raw_fd_ostream os(tracePath, ec, llvm::sys::fs::OF_Text);
    if (ec)
      return fail("cannot write '" + tracePath + "': " + ec.message());
    os << traceToJson(*result, *program, target);
  }
  if (outputDir.empty())
    return 0;
  if (std::error_code ec = llvm::sys::fs::create_directories(outputDir))
    return fail("cannot create '" + outputDir + "': " + ec.message());
  llvm::json::Array listing;
  for (size_t k = 0; k < outs.size(); ++k) {
    llvm::SmallString<256> path(outputDir);
    llvm::sys::path::append(path, "output_" + std::to_string(k) + ".npy");
    const rt::HostTensor &t = run->outputs[k];
    if (llvm::Error e = rt::writeNpyFile(path, t))
      return fail(llvm::toString(std::move(e)));
    llvm::json::Array shape;
    for (uint32_t d : outs[k]->shape)
      shape.push_back(int64_t(d));
    listing.push_back(llvm::json::Object{{"index", int64_t(k)},
                                         {"name", outs[k]->name},
                                         {"shape", std::move(shape)},
                                         {"dtype", rt::dtypeName(t.dtype())}});
  }
  llvm::SmallString<256> jsonPath(outputDir);
  llvm::sys::path::append(jsonPath, "outputs.json");
  std::error_code ec;
  llvm::raw_fd_ostream os(jsonPath, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return fail("cannot write '" + jsonPath + "': " + ec.message());
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(listing))) << "\n";
  return 0;
}
