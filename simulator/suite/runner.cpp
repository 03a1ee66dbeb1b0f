// This file implements the suite runner: per case, read → cross-check → replay → judge, in parallel.
#include "simulator/suite/runner.h"

#include "simulator/events_reader.h"
#include "simulator/suite/expectation.h"
#include "simulator/suite/parallel_for.h"
#include "simulator/trace_reader.h"

namespace rwd::sim::suite {

std::optional<PreparedCase> prepareCase(const CaseInput &input, DiagnosticEngine &diags) {
  std::optional<Trace> trace = readTrace(*input.trace, diags);
  std::optional<std::vector<Event>> events;
  if (input.events) events = readEvents(*input.events, diags);
  if (!trace || (input.events && !events) || diags.hasErrors()) return std::nullopt;
  crossCheckTrace(*input.plan, *trace, diags);
  PreparedCase prepared{std::move(*trace), events ? std::move(*events) : std::vector<Event>{}, {}};
  prepared.options.startMs = input.spec->startMs;
  prepared.options.flagger = input.flagger;
  return prepared;
}

PreparedCases prepareCases(const std::vector<CaseInput> &cases, const DiagnosticEngine &settings, unsigned jobs) {
  PreparedCases out;
  out.prepared.resize(cases.size());
  out.diags.assign(cases.size(), settings);
  parallelFor(cases.size(), jobs, [&](size_t i) { out.prepared[i] = prepareCase(cases[i], out.diags[i]); });
  return out;
}

std::vector<CaseRun> runCases(const std::vector<CaseInput> &cases, const DiagnosticEngine &settings,
                              const RunOptions &options) {
  std::vector<CaseRun> runs(cases.size());
  parallelFor(cases.size(), options.jobs, [&](size_t i) {
    const CaseInput &input = cases[i];
    CaseRun &run = runs[i];
    run.diags = settings;
    if (std::optional<PreparedCase> prepared = prepareCase(input, run.diags)) {
      prepared->options.recordTimeline = false; // the reports need the outcome only
      Replay replay = replayTrace(*input.plan, prepared->trace, prepared->events, prepared->options, run.diags);
      Verdict verdict = judge(input.spec->expect, replay.result.outcome);
      CaseResult result;
      result.index = input.index;
      result.suite = input.suite;
      result.name = input.spec->name;
      result.trace = input.spec->tracePath;
      result.outcome = replay.result.outcome;
      result.passed = verdict.passed;
      result.why = std::move(verdict.why);
      run.result = std::move(result);
    }
    if (options.finished) options.finished->fetch_add(1, std::memory_order_relaxed);
  });
  return runs;
}

std::shared_ptr<const DrawnCase> drawCase(const CaseInput &input, const DiagnosticEngine &settings) {
  DiagnosticEngine diags = settings;
  std::optional<PreparedCase> prepared = prepareCase(input, diags);
  if (!prepared) return nullptr;
  auto drawn = std::make_shared<DrawnCase>();
  drawn->plan = input.plan;
  drawn->replay = replayTrace(*input.plan, prepared->trace, prepared->events, prepared->options, diags);
  drawn->trace = std::move(prepared->trace);
  return drawn;
}

} // namespace rwd::sim::suite
