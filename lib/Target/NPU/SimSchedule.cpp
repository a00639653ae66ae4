//===- SimSchedule.cpp - The simulator's timing loop ----------------------===//
//
// Runs the engines' in-order queues against each other. Each step executes
// the instruction with the earliest possible start over all queues: a queue
// is ready when its engine is free and, for wait_flag, when a set of the
// flag is available. Flags count (set increments, wait decrements). DMAs
// that touch DRAM share one bus: a transfer's data phase starts after the
// DRAM latency and once the bus is free. The run ends at the latest finish;
// when no queue can proceed and some are unfinished, that is a deadlock.
//
//===----------------------------------------------------------------------===//

#include "SimMachine.h"

#include "strata/Target/NPU/Simulator.h"

#include "llvm/ADT/Twine.h"

#include <deque>

using namespace strata::npu;

static llvm::Error err(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

static llvm::Error where(Queue q, size_t index, const Instruction &in,
                         llvm::Error e) {
  return err(queueName(q) + " instruction " + llvm::Twine(index) + " (" +
             lookupOpcode(uint8_t(in.opcode))->mnemonic +
             "): " + llvm::toString(std::move(e)));
}

llvm::Expected<SimResult>
strata::npu::simulate(const TargetDesc &t, const Program &p,
                      llvm::ArrayRef<std::vector<uint8_t>> inputs,
                      bool recordTrace) {
  if (llvm::Error e = p.verify(t))
    return std::move(e);
  Machine machine(t, p.dramBytes);
  std::vector<uint8_t> &dram = machine.mem[unsigned(Space::DRAM)];
  std::copy(p.constData.begin(), p.constData.end(), dram.begin() + p.constAddr);
  size_t nextInput = 0;
  for (const IOEntry &e : p.io) {
    if (e.isOutput)
      continue;
    if (nextInput >= inputs.size())
      return err("missing input '" + e.name +
                 "' (the program has more "
                 "inputs than were given)");
    const std::vector<uint8_t> &bytes = inputs[nextInput++];
    if (bytes.size() != e.byteSize())
      return err("input '" + e.name + "' needs " + llvm::Twine(e.byteSize()) +
                 " bytes, got " + llvm::Twine(bytes.size()));
    std::copy(bytes.begin(), bytes.end(), dram.begin() + e.dramAddr);
  }
  if (nextInput != inputs.size())
    return err("the program has " + llvm::Twine(nextInput) + " inputs, " +
               llvm::Twine(inputs.size()) + " were given");

  SimResult result;
  SimStats &stats = result.stats;
  size_t pc[kNumQueues] = {};
  uint64_t freeAt[kNumQueues] = {};
  std::vector<std::deque<uint64_t>> tokens(t.numFlags);
  uint64_t busFree = 0;

  while (true) {
    int best = -1;
    uint64_t bestStart = 0;
    for (unsigned q = 0; q < kNumQueues; ++q) {
      if (pc[q] >= p.queues[q].size())
        continue;
      const Instruction &in = p.queues[q][pc[q]];
      uint64_t start = freeAt[q];
      if (in.opcode == Opcode::WaitFlag) {
        if (tokens[in.flag].empty())
          continue;
        start = std::max(start, tokens[in.flag].front());
      }
      if (best < 0 || start < bestStart)
        best = int(q), bestStart = start;
    }
    if (best < 0)
      break;
    Queue q = Queue(best);
    size_t index = pc[best]++;
    const Instruction &in = p.queues[best][index];
    EngineStats &eng = stats.engines[best];
    uint64_t start = freeAt[best], end;
    switch (in.opcode) {
    case Opcode::Nop:
      end = start + uint64_t(in.cycles);
      break;
    case Opcode::SetFlag:
      end = start + t.syncCycles;
      tokens[in.flag].push_back(end);
      break;
    case Opcode::WaitFlag:
      eng.stallCycles += bestStart - start;
      tokens[in.flag].pop_front();
      end = bestStart + t.syncCycles;
      break;
    case Opcode::Dma: {
      auto eff = machine.dma(in);
      if (!eff)
        return where(q, index, in, eff.takeError());
      if (eff->touchesDram) {
        uint64_t data = std::max(start + t.dramLatency, busFree);
        end = data + t.dramTransferCycles(eff->burstBytes);
        busFree = end;
        stats.dramBurstBytes += eff->burstBytes;
        (in.srcSpace == int64_t(Space::DRAM) ? stats.dramBytesRead
                                             : stats.dramBytesWritten) +=
            eff->bytes;
      } else {
        end = start + t.onChipCopyCycles(eff->bytes);
      }
      break;
    }
    case Opcode::Matmul: {
      if (llvm::Error e = machine.matmul(in))
        return where(q, index, in, std::move(e));
      DType dt = DType(in.dtype);
      end = start + t.matmulCycles(dt, in.m, in.n, in.k);
      uint64_t macs = uint64_t(in.m) * in.n * in.k;
      stats.macs += macs;
      stats.idealMatrixCycles += double(macs) / double(t.peakMacsPerCycle(dt));
      break;
    }
    default: {
      if (llvm::Error e = machine.vector(in))
        return where(q, index, in, std::move(e));
      unsigned esz = std::max(dtypeBytes(DType(in.dstType)),
                              dtypeBytes(DType(in.srcType)));
      end = start + t.vectorCycles(vectorOpClass(in.opcode),
                                   uint64_t(in.rows) * in.cols, esz);
      break;
    }
    }
    eng.instructions++;
    eng.busyCycles +=
        in.opcode == Opcode::WaitFlag ? t.syncCycles : end - start;
    freeAt[best] = end;
    eng.finishCycle = end;
    if (recordTrace)
      result.trace.push_back({q, uint32_t(index), start, end});
  }

  std::string blocked;
  for (unsigned q = 0; q < kNumQueues; ++q) {
    if (pc[q] >= p.queues[q].size())
      continue;
    blocked += (blocked.empty() ? "" : ", ") + queueName(Queue(q)).str() +
               " at instruction " + std::to_string(pc[q]) + " (wait_flag " +
               std::to_string(p.queues[q][pc[q]].flag) + ")";
  }
  if (!blocked.empty())
    return err("deadlock: every unfinished queue waits on a flag that is "
               "never set: " +
               blocked);

  for (unsigned q = 0; q < kNumQueues; ++q)
    stats.totalCycles = std::max(stats.totalCycles, freeAt[q]);
  for (const IOEntry &e : p.io)
    if (e.isOutput)
      result.outputs.emplace_back(dram.begin() + e.dramAddr,
                                  dram.begin() + e.dramAddr + e.byteSize());
  return result;
}
