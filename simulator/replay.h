// This file implements a replay: a plan, a recorded trace and operator events → the runtime's result.
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/plan/flagger_analysis.h"
#include "compiler/plan/plan.h"
#include "runtime/executor.h"
#include "runtime/metric_source.h"
#include "simulator/events.h"
#include "simulator/trace.h"

#include <optional>
#include <vector>

namespace rwd::sim {

struct ReplayOptions {
  std::optional<int64_t> startMs; // absolute; default: the trace's declared start, else its first timestamp
  int64_t lookbackMs = 300'000;   // Prometheus' default instant-query lookback
  int64_t readinessDelayMs = 0;
  /// Replay with Flagger's control loop (runtime/flagger_executor) instead of Argo's; null: Argo.
  const plan::FlaggerAnalysis *flagger = nullptr;
  /// Off: the replay's timeline stays empty (ExecutionOptions::recordTimeline).
  bool recordTimeline = true;
};

struct Replay {
  int64_t startMs = 0; // absolute Unix milliseconds of t = 0
  int64_t endMs = 0;   // absolute end of simulated time
  runtime::ExecutionResult result;
};

/// The runtime events for the events file, relative to `startMs`. Events before the start are
/// applied at the start.
std::vector<runtime::OperatorEvent> toOperatorEvents(const std::vector<Event> &events, int64_t startMs);

/// Warns about trace metrics the policy does not have and policy metrics the trace lacks.
void crossCheckTrace(const plan::Plan &plan, const Trace &trace, DiagnosticEngine &diags);

/// Replays `trace` (and `events`) through `plan`.
Replay replayTrace(const plan::Plan &plan, const Trace &trace, const std::vector<Event> &events,
                   const ReplayOptions &options, DiagnosticEngine &diags);

/// Replays with any metric source (a Prometheus server, say) over [startMs, endMs].
Replay replaySource(const plan::Plan &plan, runtime::MetricSource &source,
                    const std::vector<Event> &events, int64_t startMs, int64_t endMs,
                    int64_t readinessDelayMs, const plan::FlaggerAnalysis *flagger = nullptr,
                    bool recordTimeline = true);

} // namespace rwd::sim
