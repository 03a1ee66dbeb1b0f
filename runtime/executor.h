// This file implements the executor: it runs a plan against a metric source and operator events,
// deterministically, with Argo Rollouts' canary and blue-green semantics (argo-semantics §5–§7).
// It knows nothing of files, the AST or wall-clock time: time is milliseconds since the start.
#pragma once

#include "compiler/plan/plan.h"
#include "runtime/metric_source.h"
#include "runtime/timeline.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rwd::runtime {

/// What a person does, as the `kubectl argo rollouts` command of the same name (CONTRACT §4).
struct OperatorEvent {
  enum class Action : uint8_t { Promote, PromoteFull, Abort, Retry, Undo, Pause };
  int64_t tMs = 0;
  Action action = Action::Promote;
  std::optional<int64_t> revision; // undo --to-revision
  SourceRange origin;              // the events-file row
};

std::string_view actionName(OperatorEvent::Action action);

struct ExecutionOptions {
  /// Simulated time ends here (the last timestamp of the trace and events).
  int64_t endMs = 0;
  /// How long new pods take to become ready (CONTRACT §5: none by default).
  int64_t readinessDelayMs = 0;
  /// Off: the result's timeline stays empty and no entry is built; the outcome is the same. For
  /// callers that need the outcome only (test suites, tuning), for which building the timeline
  /// was most of a replay's cost.
  bool recordTimeline = true;
};

/// Runs `plan` from t = 0. Events must be sorted by time (stable for equal times).
ExecutionResult execute(const plan::Plan &plan, MetricSource &source,
                        const std::vector<OperatorEvent> &events, const ExecutionOptions &options);

} // namespace rwd::runtime
