// This file implements Flagger's control loop (peers.md §a.5): a plan's Flagger view replayed tick
// by tick at `analysis.interval`, with Flagger's own counting of failed checks, its gates and its
// promotion. It is the Flagger counterpart of runtime/executor.h and produces the same timeline.
#pragma once

#include "compiler/plan/flagger_analysis.h"
#include "compiler/plan/plan.h"
#include "runtime/executor.h"
#include "runtime/metric_source.h"
#include "runtime/timeline.h"

#include <vector>

namespace rwd::runtime {

/// Runs `analysis` (derived from `plan`) from t = 0, the instant the new revision is detected.
/// Events must be sorted by time. A `promote` event opens the next confirm-rollout or
/// confirm-promotion gate asked; an `abort` is what a `rollback` webhook answering 2xx does.
ExecutionResult executeFlagger(const plan::Plan &plan, const plan::FlaggerAnalysis &analysis,
                               MetricSource &source, const std::vector<OperatorEvent> &events,
                               const ExecutionOptions &options);

} // namespace rwd::runtime
