//===- strata-npu-objdump.cpp - Disassemble an NPU binary -----------------===//
//
//   strata-npu-objdump IN.npubin [-o OUT.s]
//   strata-npu-objdump --print-isa
//
// Prints the binary as assembly that strata-npu-as reads back into the
// same bytes. Exit status: 0 on success, 1 on a corrupt or truncated
// binary (with the reason), 2 on a usage error.
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

static cl::opt<std::string> inputPath(cl::Positional, cl::desc("<binary>"));
static cl::opt<bool>
    printISA("print-isa",
             cl::desc("Print the encoding tables of every instruction "
                      "(Markdown, as in docs/npu-isa.md) and exit"));
static cl::opt<std::string> outputPath("o", cl::desc("Output file"),
                                       cl::value_desc("file"), cl::init("-"));

static int fail(const llvm::Twine &msg) {
  llvm::errs() << "strata-npu-objdump: error: " << msg << "\n";
  return 1;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  if (!cl::ParseCommandLineOptions(argc, argv, "Strata NPU disassembler\n",
                                   &llvm::errs()))
    return 2;
  if (printISA) {
    llvm::outs() << printISATables();
    return 0;
  }
  if (inputPath.empty()) {
    llvm::errs() << "strata-npu-objdump: error: no input binary\n";
    return 2;
  }
  auto buffer = llvm::MemoryBuffer::getFile(inputPath, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return fail("cannot read '" + inputPath +
                "': " + buffer.getError().message());
  llvm::ArrayRef<uint8_t> bytes(
      reinterpret_cast<const uint8_t *>((*buffer)->getBufferStart()),
      (*buffer)->getBufferSize());
  auto program = parseBinary(bytes);
  if (!program)
    return fail(inputPath + ": " + llvm::toString(program.takeError()));
  std::error_code ec;
  llvm::raw_fd_ostream os(outputPath, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return fail("cannot write '" + outputPath + "': " + ec.message());
  os << printAssembly(*program);
  return 0;
}
