// This file implements Rewind's micro-benchmarks: trace reading (fast and general path), the front
// end, condition evaluation, a whole replay and its JSON report, each on inputs generated in memory
// (no files needed).
#include "compiler/diag/diagnostic_engine.h"
#include "compiler/driver/frontend.h"
#include "compiler/parse/parser.h"
#include "compiler/sema/condition_checker.h"
#include "render/report.h"
#include "runtime/expr_eval.h"
#include "simulator/replay.h"
#include "simulator/trace_reader.h"

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <fstream>
#include <optional>
#include <string>

namespace {

/// A one-day trace of four metrics, one row per metric per `stepSeconds`.
std::string makeTrace(int stepSeconds) {
  std::string out = "timestamp,metric,value\n";
  const int64_t start = 1795651200;
  for (int i = 0; i < 86400; i += stepSeconds) {
    int64_t t = start + i;
    out += fmt::format("{},success-rate,{:.5f}\n{},latency-p95,{:.4f}\n{},cpu-usage,{:.2f}\n{},external-up,1\n",
                       t, 0.99 + (i % 7) * 0.001, t, 0.2 + (i % 11) * 0.01, t, 40.0 + (i % 13), t);
  }
  return out;
}

void BM_ReadTrace(benchmark::State &state) {
  std::string text = makeTrace(1);
  rwd::SourceManager sources;
  rwd::FileId id = sources.addBuffer("day.trace.csv", text);
  size_t rows = 0;
  for (auto _ : state) {
    rwd::DiagnosticEngine diags;
    auto trace = rwd::sim::readTrace(sources.file(id), diags);
    rows = trace ? trace->rowCount() : 0;
    benchmark::DoNotOptimize(trace);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));
}
BENCHMARK(BM_ReadTrace)->Unit(benchmark::kMillisecond);

/// The same trace through the general CSV scanner only (what the fast path saves).
void BM_ReadTraceGeneralPath(benchmark::State &state) {
  std::string text = makeTrace(1);
  rwd::SourceManager sources;
  rwd::FileId id = sources.addBuffer("day.trace.csv", text);
  rwd::sim::TraceReadOptions options;
  options.fastPath = false;
  for (auto _ : state) {
    rwd::DiagnosticEngine diags;
    auto trace = rwd::sim::readTrace(sources.file(id), diags, options);
    benchmark::DoNotOptimize(trace);
  }
}
BENCHMARK(BM_ReadTraceGeneralPath)->Unit(benchmark::kMillisecond);

void BM_EvaluateCondition(benchmark::State &state) {
  rwd::SourceManager sources;
  std::string text = "len(result) == 0 || result[0] >= 0.95 && all(result, # < 1)";
  rwd::FileId id = sources.addBuffer("c", text);
  rwd::DiagnosticEngine diags;
  auto expr = rwd::parse::parseExpression(sources.file(id), 0, static_cast<uint32_t>(text.size()), diags);
  auto resolved = rwd::sema::resolveUnits(*expr, "");
  rwd::runtime::Value result = rwd::runtime::Value::list({rwd::runtime::Value::number(0.97)});
  std::map<std::string, rwd::runtime::Value> args;
  rwd::runtime::EvalEnv env{&result, &args};
  for (auto _ : state) benchmark::DoNotOptimize(rwd::runtime::evaluate(*resolved, env));
}
BENCHMARK(BM_EvaluateCondition);

void BM_FrontEnd(benchmark::State &state) {
  for (auto _ : state) {
    rwd::SourceManager sources;
    rwd::DiagnosticEngine diags;
    auto result = rwd::driver::runFrontend({REWIND_SOURCE_DIR "/bench/day.rwd"}, sources, diags, {});
    benchmark::DoNotOptimize(result.plan);
  }
}
BENCHMARK(BM_FrontEnd)->Unit(benchmark::kMicrosecond);

/// bench/day.rwd compiled and the generated day trace read: what a replay needs.
struct DayInputs {
  rwd::SourceManager sources;
  rwd::DiagnosticEngine diags;
  rwd::driver::FrontendResult front;
  std::optional<rwd::sim::Trace> trace;
  DayInputs() {
    front = rwd::driver::runFrontend({REWIND_SOURCE_DIR "/bench/day.rwd"}, sources, diags, {});
    rwd::FileId id = sources.addBuffer("day.trace.csv", makeTrace(1));
    trace = rwd::sim::readTrace(sources.file(id), diags);
  }
};

void BM_Replay(benchmark::State &state) {
  DayInputs day;
  for (auto _ : state) {
    rwd::sim::Replay replay = rwd::sim::replayTrace(*day.front.plan, *day.trace, {}, {}, day.diags);
    benchmark::DoNotOptimize(replay);
  }
}
BENCHMARK(BM_Replay)->Unit(benchmark::kMillisecond);

void BM_JsonReport(benchmark::State &state) {
  DayInputs day;
  rwd::sim::Replay replay = rwd::sim::replayTrace(*day.front.plan, *day.trace, {}, {}, day.diags);
  size_t bytes = 0;
  for (auto _ : state) {
    std::string report = rwd::render::renderJsonReport({*day.front.plan, replay, day.sources, "day.trace.csv"});
    bytes = report.size();
    benchmark::DoNotOptimize(report);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_JsonReport)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
