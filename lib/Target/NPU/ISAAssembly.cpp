//===- ISAAssembly.cpp - NPU assembly printer and parser ------------------===//
//
// The text form of a Program: directives for the DRAM image, the I/O table
// and constants, then one `.queue NAME` section per engine with one
// instruction per line as `mnemonic field=value ...`. The printer writes
// every field in table order, so the text is canonical and the round trip
// text -> binary -> text is exact.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/NPU/Binary.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdio>
#include <cstring>

using namespace strata::npu;

static llvm::Error err(unsigned line, const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "line " + llvm::Twine(line) + ": " + msg);
}

static uint32_t floatBits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}
static float bitsFloat(uint32_t b) {
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}

static void printField(llvm::raw_ostream &os, const FieldDesc &f, int64_t v) {
  os << ' ' << f.name << '=';
  switch (f.kind) {
  case FieldKind::UInt:
  case FieldKind::SInt:
    os << v;
    return;
  case FieldKind::Space:
    os << spaceName(Space(v));
    return;
  case FieldKind::DType:
    os << dtypeName(DType(v));
    return;
  case FieldKind::F32: {
    // Decimal when it reads back to the same bits, else the raw bits.
    float f = bitsFloat(uint32_t(v));
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.9g", f);
    std::string s = buf;
    float back = std::strtof(s.c_str(), nullptr);
    if (floatBits(back) == uint32_t(v) && !std::isnan(f))
      os << s;
    else
      os << llvm::format("0x%08x", unsigned(v));
    return;
  }
  }
}

std::string strata::npu::printAssembly(const Program &p) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "# Strata NPU assembly, binary version " << kBinaryVersion << "\n";
  os << ".dram " << p.dramBytes << "\n";
  for (const IOEntry &e : p.io) {
    os << (e.isOutput ? ".output " : ".input ") << e.name << ' '
       << dtypeName(e.dtype) << ' ';
    if (e.shape.empty())
      os << "scalar";
    for (size_t i = 0; i < e.shape.size(); ++i)
      os << (i ? "x" : "") << e.shape[i];
    os << " @" << e.dramAddr << "\n";
  }
  if (!p.constData.empty()) {
    os << ".const @" << p.constAddr << "\n";
    for (size_t i = 0; i < p.constData.size(); i += 32) {
      os << ".data ";
      for (size_t j = i; j < std::min(p.constData.size(), i + 32); ++j)
        os << llvm::format("%02x", p.constData[j]);
      os << "\n";
    }
  }
  for (unsigned q = 0; q < kNumQueues; ++q) {
    if (p.queues[q].empty())
      continue;
    os << ".queue " << queueName(Queue(q)) << "\n";
    for (const Instruction &in : p.queues[q]) {
      const OpcodeDesc *d = lookupOpcode(uint8_t(in.opcode));
      os << "  " << d->mnemonic;
      for (const FieldDesc &f : d->fields)
        printField(os, f, in.*f.member);
      os << "\n";
    }
  }
  return s;
}

static bool parseInt(llvm::StringRef s, int64_t &v) {
  return !s.getAsInteger(0, v);
}

static llvm::Expected<int64_t>
parseFieldValue(unsigned line, const FieldDesc &f, llvm::StringRef s) {
  int64_t v;
  switch (f.kind) {
  case FieldKind::UInt:
  case FieldKind::SInt:
    if (parseInt(s, v))
      return v;
    break;
  case FieldKind::Space:
    for (unsigned i = 0; i < kNumSpaces; ++i)
      if (s == spaceName(Space(i)))
        return int64_t(i);
    break;
  case FieldKind::DType:
    for (unsigned i = 0; i < kNumDTypes; ++i)
      if (s == dtypeName(DType(i)))
        return int64_t(i);
    break;
  case FieldKind::F32: {
    if (s.starts_with("0x") && parseInt(s, v))
      return v;
    std::string str = s.str();
    char *end = nullptr;
    float fv = std::strtof(str.c_str(), &end);
    if (!str.empty() && end == str.c_str() + str.size())
      return int64_t(floatBits(fv));
    break;
  }
  }
  return err(line, "bad value '" + s + "' for field '" + f.name + "'");
}

static llvm::Error parseInstruction(unsigned line, llvm::StringRef text,
                                    Instruction &in) {
  llvm::SmallVector<llvm::StringRef> toks;
  text.split(toks, ' ', -1, /*KeepEmpty=*/false);
  const OpcodeDesc *d = lookupMnemonic(toks[0]);
  if (!d)
    return err(line, "unknown instruction '" + toks[0] + "'");
  in = Instruction();
  in.opcode = d->opcode;
  for (const FieldDesc &f : d->fields)
    in.*f.member = f.defaultValue;
  llvm::SmallVector<const FieldDesc *> seen;
  for (llvm::StringRef tok : llvm::ArrayRef(toks).drop_front()) {
    auto [key, value] = tok.split('=');
    const FieldDesc *field = nullptr;
    for (const FieldDesc &f : d->fields)
      if (key == f.name)
        field = &f;
    if (!field || !tok.contains('='))
      return err(line,
                 llvm::Twine(d->mnemonic) + " has no field '" + key + "'");
    if (llvm::is_contained(seen, field))
      return err(line, "field '" + key + "' given twice");
    seen.push_back(field);
    auto v = parseFieldValue(line, *field, value);
    if (!v)
      return v.takeError();
    in.*field->member = *v;
  }
  if (auto word = encode(in); !word)
    return err(line, llvm::toString(word.takeError()));
  return llvm::Error::success();
}

static llvm::Error parseIO(unsigned line, llvm::ArrayRef<llvm::StringRef> toks,
                           bool isOutput, Program &p) {
  if (toks.size() != 5 || !toks[4].starts_with("@"))
    return err(line, "expected '" + toks[0] + " NAME DTYPE SHAPE @ADDR'");
  IOEntry e;
  e.name = toks[1].str();
  e.isOutput = isOutput;
  if (e.name.empty() || e.name.size() > kMaxIONameBytes)
    return err(line, "I/O names have 1-31 bytes");
  unsigned t = 0;
  while (t < kNumDTypes && toks[2] != dtypeName(DType(t)))
    ++t;
  if (t == kNumDTypes)
    return err(line, "unknown dtype '" + toks[2] + "'");
  e.dtype = DType(t);
  if (toks[3] != "scalar") {
    llvm::SmallVector<llvm::StringRef> dims;
    toks[3].split(dims, 'x');
    for (llvm::StringRef dim : dims) {
      uint32_t v;
      if (dim.getAsInteger(10, v))
        return err(line, "bad shape '" + toks[3] + "'");
      e.shape.push_back(v);
    }
    if (e.shape.size() > kMaxRank)
      return err(line, "rank is limited to 6");
  }
  if (toks[4].drop_front().getAsInteger(0, e.dramAddr))
    return err(line, "bad address '" + toks[4] + "'");
  p.io.push_back(std::move(e));
  return llvm::Error::success();
}

llvm::Expected<Program> strata::npu::parseAssembly(llvm::StringRef text) {
  Program p;
  int queue = -1;
  llvm::SmallVector<llvm::StringRef> lines;
  text.split(lines, '\n');
  for (unsigned i = 0; i < lines.size(); ++i) {
    unsigned line = i + 1;
    llvm::StringRef l = lines[i].split('#').first.trim();
    if (l.empty())
      continue;
    if (!l.starts_with(".")) {
      if (queue < 0)
        return err(line, "instruction before any '.queue'");
      Instruction in;
      if (llvm::Error e = parseInstruction(line, l, in))
        return std::move(e);
      p.queues[queue].push_back(in);
      continue;
    }
    llvm::SmallVector<llvm::StringRef> toks;
    l.split(toks, ' ', -1, /*KeepEmpty=*/false);
    llvm::StringRef dir = toks[0];
    if (dir == ".dram" || dir == ".const") {
      llvm::StringRef v = toks.size() == 2 ? toks[1] : "";
      if (dir == ".const")
        v.consume_front("@");
      uint32_t n;
      if (v.empty() || v.getAsInteger(0, n))
        return err(line, "expected '" + dir + " VALUE'");
      (dir == ".dram" ? p.dramBytes : p.constAddr) = n;
    } else if (dir == ".input" || dir == ".output") {
      if (llvm::Error e = parseIO(line, toks, dir == ".output", p))
        return std::move(e);
    } else if (dir == ".data") {
      if (toks.size() != 2 || toks[1].size() % 2)
        return err(line, "expected '.data HEXBYTES'");
      for (size_t j = 0; j < toks[1].size(); j += 2) {
        uint8_t b;
        if (toks[1].substr(j, 2).getAsInteger(16, b))
          return err(line, "bad hex in .data");
        p.constData.push_back(b);
      }
    } else if (dir == ".queue") {
      queue = -1;
      for (unsigned q = 0; q < kNumQueues; ++q)
        if (toks.size() == 2 && toks[1] == queueName(Queue(q)))
          queue = int(q);
      if (queue < 0)
        return err(line, "expected '.queue ctrl|dma_in|dma_out|matrix|vector'");
    } else {
      return err(line, "unknown directive '" + dir + "'");
    }
  }
  return p;
}
