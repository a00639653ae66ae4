//===- SimReport.cpp - Cycle summary and Chrome trace of a run ------------===//
//
// The text summary strata-npu-sim prints and the trace-event JSON it writes
// with --trace (load it in chrome://tracing or ui.perfetto.dev). Trace time
// is in microseconds at the target's clock; each event's args carry cycles.
//
//===----------------------------------------------------------------------===//

#include "strata/Target/NPU/Simulator.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace strata::npu;

std::string strata::npu::formatStats(const SimStats &s, const TargetDesc &t) {
  std::string out;
  llvm::raw_string_ostream os(out);
  os << "total cycles: " << s.totalCycles << " ("
     << llvm::format("%.3f", double(s.totalCycles) / t.clockMHz) << " us at "
     << t.clockMHz << " MHz)\n";
  os << llvm::format("%-8s %8s %12s %12s %12s\n", "engine", "instrs", "busy",
                     "stall", "finish");
  for (unsigned q = 0; q < kNumQueues; ++q) {
    const EngineStats &e = s.engines[q];
    os << llvm::format(
        "%-8s %8llu %12llu %12llu %12llu\n", queueName(Queue(q)).str().c_str(),
        (unsigned long long)e.instructions, (unsigned long long)e.busyCycles,
        (unsigned long long)e.stallCycles, (unsigned long long)e.finishCycle);
  }
  os << "matrix utilisation: "
     << llvm::format("%.2f", 100.0 * s.matrixUtilisation()) << "% of peak ("
     << s.macs << " MACs)\n";
  os << "DRAM: " << s.dramBytesRead << " bytes read, " << s.dramBytesWritten
     << " bytes written, " << s.dramBurstBytes << " bytes on the bus\n";
  return out;
}

std::string strata::npu::traceToJson(const SimResult &r, const Program &p,
                                     const TargetDesc &t) {
  llvm::json::Array events;
  for (unsigned q = 0; q < kNumQueues; ++q)
    events.push_back(llvm::json::Object{
        {"name", "thread_name"},
        {"ph", "M"},
        {"pid", 0},
        {"tid", q},
        {"args", llvm::json::Object{{"name", queueName(Queue(q))}}}});
  double usPerCycle = 1.0 / t.clockMHz;
  for (const TraceEvent &e : r.trace) {
    const Instruction &in = p.queues[unsigned(e.queue)][e.index];
    std::string name = lookupOpcode(uint8_t(in.opcode))->mnemonic;
    if (in.opcode == Opcode::SetFlag || in.opcode == Opcode::WaitFlag)
      name += " " + std::to_string(in.flag);
    events.push_back(llvm::json::Object{
        {"name", name},
        {"ph", "X"},
        {"pid", 0},
        {"tid", unsigned(e.queue)},
        {"ts", double(e.start) * usPerCycle},
        {"dur", double(e.end - e.start) * usPerCycle},
        {"args", llvm::json::Object{{"index", e.index},
                                    {"start_cycle", int64_t(e.start)},
                                    {"end_cycle", int64_t(e.end)}}}});
  }
  llvm::json::Object root{{"traceEvents", std::move(events)},
                          {"displayTimeUnit", "ns"}};
  std::string out;
  llvm::raw_string_ostream os(out);
  os << llvm::json::Value(std::move(root)) << "\n";
  return out;
}
