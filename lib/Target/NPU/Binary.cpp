//===- Binary.cpp - Write and parse the NPU program container -------------===//
//
// Header, I/O table, one code section per queue, constant data; all
// little-endian. See docs/npu-isa.md, "Binary container".
//
//===----------------------------------------------------------------------===//

#include "strata/Target/NPU/Binary.h"

#include "llvm/ADT/Twine.h"

#include <algorithm>

using namespace strata::npu;

static llvm::Error err(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

uint64_t IOEntry::numElements() const {
  // Saturates, so a corrupt shape cannot wrap around to a small size.
  uint64_t n = 1;
  for (uint32_t d : shape)
    n = std::min<uint64_t>(n * d, uint64_t(1) << 40);
  return n;
}

bool Program::operator==(const Program &o) const {
  for (unsigned q = 0; q < kNumQueues; ++q)
    if (queues[q] != o.queues[q])
      return false;
  return dramBytes == o.dramBytes && io == o.io && constAddr == o.constAddr &&
         constData == o.constData;
}

llvm::Error Program::verify(const TargetDesc &target) const {
  if (dramBytes > target.dramMaxBytes)
    return err("the program declares " + llvm::Twine(dramBytes) +
               " bytes of DRAM; the target allows " +
               llvm::Twine(target.dramMaxBytes));
  for (unsigned q = 0; q < kNumQueues; ++q)
    for (size_t i = 0; i < queues[q].size(); ++i)
      if (llvm::Error e = npu::verify(queues[q][i], Queue(q), target))
        return err(queueName(Queue(q)) + " instruction " + llvm::Twine(i) +
                   ": " + llvm::toString(std::move(e)));
  for (const IOEntry &e : io) {
    if (unsigned(e.dtype) >= kNumDTypes)
      return err("I/O '" + e.name + "' has a bad dtype");
    if (uint64_t(e.dramAddr) + e.byteSize() > dramBytes)
      return err("I/O '" + e.name + "' lies outside the DRAM image");
  }
  if (uint64_t(constAddr) + constData.size() > dramBytes)
    return err("the constant data lies outside the DRAM image");
  return llvm::Error::success();
}

namespace {
struct Writer {
  std::vector<uint8_t> out;
  void u8(uint8_t v) { out.push_back(v); }
  void u16(uint16_t v) { u8(v & 0xff), u8(v >> 8); }
  void u32(uint32_t v) { u16(v & 0xffff), u16(v >> 16); }
  void pad(size_t to) { out.resize(to, 0); }
};
struct Reader {
  llvm::ArrayRef<uint8_t> in;
  size_t pos = 0;
  uint8_t u8() { return in[pos++]; }
  uint16_t u16() { return uint16_t(u8() | (u8() << 8)); }
  uint32_t u32() { return uint32_t(u16()) | (uint32_t(u16()) << 16); }
};
} // namespace

llvm::Expected<std::vector<uint8_t>>
strata::npu::writeBinary(const Program &p) {
  Writer w;
  w.u32(kBinaryMagic);
  w.u16(kBinaryVersion);
  w.u16(kHeaderBytes);
  for (unsigned q = 0; q < kNumQueues; ++q)
    w.u32(uint32_t(p.queues[q].size()));
  w.u32(uint32_t(p.io.size()));
  w.u32(p.dramBytes);
  w.u32(p.constAddr);
  w.u32(uint32_t(p.constData.size()));
  w.pad(kHeaderBytes);
  for (const IOEntry &e : p.io) {
    size_t start = w.out.size();
    if (e.name.empty() || e.name.size() > kMaxIONameBytes)
      return err("I/O name '" + e.name + "' must have 1-31 bytes");
    if (e.shape.size() > kMaxRank)
      return err("I/O '" + e.name + "' has rank > 6");
    for (char c : e.name)
      w.u8(uint8_t(c));
    w.pad(start + 32);
    w.u8(e.isOutput ? 1 : 0);
    w.u8(uint8_t(e.dtype));
    w.u8(uint8_t(e.shape.size()));
    w.u8(0);
    w.u32(e.dramAddr);
    for (unsigned i = 0; i < kMaxRank; ++i)
      w.u32(i < e.shape.size() ? e.shape[i] : 0);
  }
  for (unsigned q = 0; q < kNumQueues; ++q)
    for (const Instruction &instr : p.queues[q]) {
      auto word = encode(instr);
      if (!word)
        return word.takeError();
      w.out.insert(w.out.end(), word->begin(), word->end());
    }
  w.out.insert(w.out.end(), p.constData.begin(), p.constData.end());
  return std::move(w.out);
}

llvm::Expected<Program> strata::npu::parseBinary(llvm::ArrayRef<uint8_t> in) {
  if (in.size() < kHeaderBytes)
    return err("truncated header (" + llvm::Twine(in.size()) +
               " bytes; a header has 64)");
  Reader r{in};
  if (r.u32() != kBinaryMagic)
    return err("not an NPU binary (bad magic)");
  uint16_t version = r.u16();
  if (version != kBinaryVersion)
    return err("unsupported version " + llvm::Twine(version) +
               " (this build reads version 1)");
  if (r.u16() != kHeaderBytes)
    return err("bad header size");
  Program p;
  uint64_t counts[kNumQueues], total = 0;
  for (unsigned q = 0; q < kNumQueues; ++q)
    total += counts[q] = r.u32();
  uint64_t numIO = r.u32();
  p.dramBytes = r.u32();
  p.constAddr = r.u32();
  uint64_t constBytes = r.u32();
  for (size_t i = r.pos; i < kHeaderBytes; ++i)
    if (in[i])
      return err("reserved header bytes are not zero");
  uint64_t expected =
      kHeaderBytes + numIO * kIOEntryBytes + total * kInstrBytes + constBytes;
  if (expected != in.size())
    return err("size mismatch: the header describes " + llvm::Twine(expected) +
               " bytes, the file has " + llvm::Twine(in.size()) +
               (expected > in.size() ? " (truncated)" : ""));
  r.pos = kHeaderBytes;
  for (uint64_t i = 0; i < numIO; ++i) {
    IOEntry e;
    size_t start = r.pos;
    for (unsigned c = 0; c < 32 && in[start + c]; ++c)
      e.name.push_back(char(in[start + c]));
    if (e.name.empty() || e.name.size() > kMaxIONameBytes)
      return err("I/O entry " + llvm::Twine(i) + " has a bad name");
    for (size_t c = start + e.name.size(); c < start + 32; ++c)
      if (in[c])
        return err("I/O entry " + llvm::Twine(i) + ": bytes after the name");
    r.pos = start + 32;
    uint8_t kind = r.u8(), dtype = r.u8(), rank = r.u8(), rsv = r.u8();
    if (kind > 1 || dtype >= kNumDTypes || rank > kMaxRank || rsv)
      return err("I/O entry '" + e.name + "' is malformed");
    e.isOutput = kind == 1;
    e.dtype = DType(dtype);
    e.dramAddr = r.u32();
    for (unsigned d = 0; d < kMaxRank; ++d) {
      uint32_t v = r.u32();
      if (d < rank)
        e.shape.push_back(v);
      else if (v)
        return err("I/O entry '" + e.name + "' is malformed");
    }
    p.io.push_back(std::move(e));
  }
  for (unsigned q = 0; q < kNumQueues; ++q)
    for (uint64_t i = 0; i < counts[q]; ++i) {
      InstrWord word;
      std::copy(in.begin() + r.pos, in.begin() + r.pos + kInstrBytes,
                word.begin());
      auto instr = decode(word);
      if (!instr)
        return err(queueName(Queue(q)) + " instruction " + llvm::Twine(i) +
                   " at offset " + llvm::Twine(r.pos) + ": " +
                   llvm::toString(instr.takeError()));
      p.queues[q].push_back(*instr);
      r.pos += kInstrBytes;
    }
  p.constData.assign(in.begin() + r.pos, in.end());
  return p;
}
