// This file implements what the Argo controller does with a run's metrics as it creates the run:
// settings written as text resolved with the run's arguments, then Argo's validation of the spec.
#pragma once

#include "compiler/plan/plan.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rwd::runtime {

/// A run's metrics as the AnalysisRun controller sees them (analysis/analysis.go
/// reconcileAnalysisRun): flattened in template order, every text setting resolved with the
/// run's arguments, and, when Argo finds the spec invalid, the message it puts the run in Error with.
struct RunSpec {
  std::vector<plan::Metric> metrics;          // resolved copies
  std::vector<const plan::Metric *> sources;  // the plan's metric of each
  std::vector<std::string> templateNames;     // the template of each metric
  std::optional<std::string> error;       // `Analysis spec invalid: metrics[0]: ...`
};

/// Resolves and validates the metrics of `run`. `argText` holds each argument's text as Argo
/// substitutes it (template defaults, then the rollout's values).
RunSpec resolveRunSpec(const plan::Plan &plan, const plan::Run &run,
                       const std::map<std::string, std::string> &argText);

} // namespace rwd::runtime
