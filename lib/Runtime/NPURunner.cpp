//===- NPURunner.cpp - Run NPU programs on host tensors -------------------===//

#include "strata/Runtime/NPURunner.h"
#include "strata/Target/NPU/FloatConv.h"

#include "llvm/Support/MemoryBuffer.h"

#include <cstring>

using namespace strata;
using namespace strata::runtime;

static llvm::Error error(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

DType runtime::npuHostType(npu::DType t) {
  switch (t) {
  case npu::DType::F32:
  case npu::DType::BF16:
    return DType::F32;
  case npu::DType::F16:
    return DType::F16;
  case npu::DType::I8:
    return DType::I8;
  case npu::DType::I32:
    return DType::I32;
  }
  return DType::F32;
}

static llvm::SmallVector<int64_t> dims(const npu::IOEntry &e) {
  return llvm::SmallVector<int64_t>(e.shape.begin(), e.shape.end());
}

llvm::Expected<std::vector<uint8_t>>
runtime::npuInputBytes(const npu::IOEntry &e, const HostTensor &tensor) {
  llvm::SmallVector<int64_t> want = dims(e);
  if (tensor.dtype() != npuHostType(e.dtype) ||
      tensor.shape() != llvm::ArrayRef<int64_t>(want))
    return error("input '" + e.name + "' expects " +
                 dtypeName(npuHostType(e.dtype)) + "[" + shapeToString(want) +
                 "], got " + dtypeName(tensor.dtype()) + "[" +
                 shapeToString(tensor.shape()) + "]");
  std::vector<uint8_t> bytes(e.byteSize());
  if (e.dtype == npu::DType::BF16) {
    const float *src = tensor.dataAs<float>();
    for (uint64_t i = 0; i < e.numElements(); ++i) {
      uint16_t h = npu::f32ToBF16(src[i]);
      std::memcpy(&bytes[i * 2], &h, 2);
    }
  } else if (!bytes.empty()) {
    std::memcpy(bytes.data(), tensor.data(), bytes.size());
  }
  return bytes;
}

HostTensor runtime::npuOutputTensor(const npu::IOEntry &e,
                                    llvm::ArrayRef<uint8_t> bytes) {
  HostTensor t(npuHostType(e.dtype), dims(e));
  if (e.dtype == npu::DType::BF16) {
    float *dst = t.dataAs<float>();
    for (uint64_t i = 0; i < e.numElements(); ++i) {
      uint16_t h;
      std::memcpy(&h, &bytes[i * 2], 2);
      dst[i] = npu::bf16ToF32(h);
    }
  } else if (!bytes.empty()) {
    std::memcpy(t.data(), bytes.data(),
                std::min(bytes.size(), t.sizeInBytes()));
  }
  return t;
}

bool runtime::isNPUBinary(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFileSlice(path, 4, 0);
  if (!buffer || (*buffer)->getBufferSize() < 4)
    return false;
  uint32_t magic;
  std::memcpy(&magic, (*buffer)->getBufferStart(), 4);
  return magic == npu::kBinaryMagic;
}

llvm::Expected<npu::Program> runtime::loadNPUBinary(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return error("cannot read '" + path + "': " + buffer.getError().message());
  llvm::ArrayRef<uint8_t> bytes(
      reinterpret_cast<const uint8_t *>((*buffer)->getBufferStart()),
      (*buffer)->getBufferSize());
  auto program = npu::parseBinary(bytes);
  if (!program)
    return error(path + ": " + llvm::toString(program.takeError()));
  return program;
}

llvm::Expected<NPURunResult>
runtime::runNPUProgram(const npu::TargetDesc &target,
                       const npu::Program &program,
                       llvm::ArrayRef<HostTensor> inputs, bool recordTrace) {
  std::vector<const npu::IOEntry *> ins, outs;
  for (const npu::IOEntry &e : program.io)
    (e.isOutput ? outs : ins).push_back(&e);
  if (inputs.size() != ins.size())
    return error("the program has " + llvm::Twine(ins.size()) + " inputs, " +
                 llvm::Twine(inputs.size()) + " were given");
  std::vector<std::vector<uint8_t>> inputBytes;
  for (size_t i = 0; i < ins.size(); ++i) {
    auto bytes = npuInputBytes(*ins[i], inputs[i]);
    if (!bytes)
      return bytes.takeError();
    inputBytes.push_back(std::move(*bytes));
  }
  auto sim = npu::simulate(target, program, inputBytes, recordTrace);
  if (!sim)
    return sim.takeError();
  NPURunResult result;
  for (size_t k = 0; k < outs.size(); ++k)
    result.outputs.push_back(npuOutputTensor(*outs[k], sim->outputs[k]));
  result.sim = std::move(*sim);
  return result;
}
