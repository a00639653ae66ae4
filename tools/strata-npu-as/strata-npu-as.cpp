//===- strata-npu-as.cpp - Assemble NPU assembly into a binary ------------===//
//
//   strata-npu-as IN.s -o OUT.npubin
//
// Parses the text form of docs/npu-isa.md, verifies every instruction
// against the default target and writes the binary container. Exit status:
// 0 on success, 1 on an assembly error (with its line), 2 on a usage error.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/NPU/Binary.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;
using namespace strata::npu;

static cl::opt<std::string>
    inputPath(cl::Positional, cl::desc("<assembly file or ->"), cl::init("-"));
static cl::opt<std::string> outputPath("o", cl::desc("Output binary"),
                                       cl::value_desc("file"), cl::Required);

static int fail(const llvm::Twine &msg) {
  llvm::errs() << "strata-npu-as: error: " << msg << "\n";
  return 1;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  if (!cl::ParseCommandLineOptions(argc, argv, "Strata NPU assembler\n",
                                   &llvm::errs()))
    return 2;
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(inputPath);
  if (!buffer)
    return fail("cannot read '" + inputPath +
                "': " + buffer.getError().message());
  auto program = parseAssembly((*buffer)->getBuffer());
  if (!program)
    return fail(inputPath + ": " + llvm::toString(program.takeError()));
  if (llvm::Error e = program->verify(TargetDesc::getDefault()))
    return fail(inputPath + ": " + llvm::toString(std::move(e)));
  auto bytes = writeBinary(*program);
  if (!bytes)
    return fail(llvm::toString(bytes.takeError()));
  std::error_code ec;
  llvm::raw_fd_ostream os(outputPath, ec, llvm::sys::fs::OF_None);
  if (ec)
    return fail("cannot write '" + outputPath + "': " + ec.message());
  os.write(reinterpret_cast<const char *>(bytes->data()), bytes->size());
  return 0;
}
