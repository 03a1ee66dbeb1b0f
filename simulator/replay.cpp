// This file implements a replay: a plan, a recorded trace and operator events → the runtime's result.
#include "simulator/replay.h"

#include "runtime/flagger_executor.h"

#include "simulator/trace_source.h"

#include <algorithm>
#include <set>

namespace rwd::sim {

std::vector<runtime::OperatorEvent> toOperatorEvents(const std::vector<Event> &events, int64_t startMs) {
  std::vector<runtime::OperatorEvent> out;
  for (const Event &event : events) {
    runtime::OperatorEvent e;
    e.tMs = std::max<int64_t>(0, event.timeMillis - startMs);
    e.origin = event.range;
    switch (event.action) {
    case EventAction::Promote: e.action = runtime::OperatorEvent::Action::Promote; break;
    case EventAction::PromoteFull: e.action = runtime::OperatorEvent::Action::PromoteFull; break;
    case EventAction::Abort: e.action = runtime::OperatorEvent::Action::Abort; break;
    case EventAction::Retry: e.action = runtime::OperatorEvent::Action::Retry; break;
    case EventAction::Undo: e.action = runtime::OperatorEvent::Action::Undo; break;
    case EventAction::Pause: e.action = runtime::OperatorEvent::Action::Pause; break;
    }
    if (event.action == EventAction::Undo && event.revision > 0) e.revision = event.revision;
    out.push_back(e);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto &a, const auto &b) { return a.tMs < b.tMs; });
  return out;
}

void crossCheckTrace(const plan::Plan &plan, const Trace &trace, DiagnosticEngine &diags) {
  std::set<std::string> known;
  for (const plan::Template &t : plan.templates)
    for (const plan::Metric &m : t.metrics) {
      known.insert(m.name);
      known.insert(t.name + "/" + m.name);
    }
  for (const Series &series : trace.series())
    if (!known.count(series.key)) diags.report(DiagKind::TraceUnknownMetric, series.firstRange, series.key);
  std::set<std::string> keys;
  for (const Series &series : trace.series()) keys.insert(series.key);
  std::set<const plan::Metric *> reported;
  for (const plan::Template &t : plan.templates)
    for (const plan::Metric &m : t.metrics)
      if (!keys.count(m.name) && !keys.count(t.name + "/" + m.name) && reported.insert(&m).second)
        diags.report(DiagKind::TraceMetricMissing, m.range, m.name);
}

Replay replaySource(const plan::Plan &plan, runtime::MetricSource &source,
                    const std::vector<Event> &events, int64_t startMs, int64_t endMs,
                    int64_t readinessDelayMs, const plan::FlaggerAnalysis *flagger, bool recordTimeline) {
  Replay replay;
  replay.startMs = startMs;
  replay.endMs = endMs;
  std::vector<runtime::OperatorEvent> operatorEvents = toOperatorEvents(events, startMs);
  runtime::ExecutionOptions options;
  options.endMs = std::max<int64_t>(0, endMs - startMs);
  options.readinessDelayMs = readinessDelayMs;
  options.recordTimeline = recordTimeline;
  replay.result = flagger ? runtime::executeFlagger(plan, *flagger, source, operatorEvents, options)
                          : runtime::execute(plan, source, operatorEvents, options);
  return replay;
}

Replay replayTrace(const plan::Plan &plan, const Trace &trace, const std::vector<Event> &events,
                   const ReplayOptions &options, DiagnosticEngine &diags) {
  // The command line wins over the start the file declares, which wins over its first sample.
  int64_t start = options.startMs.value_or(trace.declaredStart().value_or(trace.firstTimestamp()));
  int64_t end = trace.lastTimestamp();
  for (const Event &event : events) end = std::max(end, event.timeMillis);
  if (start > trace.lastTimestamp())
    diags.report(DiagKind::StartAfterTrace, SourceRange{});
  TraceMetricSource source(trace, start, options.lookbackMs);
  return replaySource(plan, source, events, start, end, options.readinessDelayMs, options.flagger,
                      options.recordTimeline);
}

} // namespace rwd::sim
