// This file implements Argo's validation of a metric as the AnalysisRun controller applies it when
// it creates a run (utils/analysis/factory.go ValidateMetric), over the settings as Argo reads
// them: shared by sema (a Rollout's arguments known before the run) and the runtime (each run).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace rwd::plan {

/// A metric's counts, limits and durations as Argo holds them once the run's arguments are
/// substituted: IntOrString values read with IntValue(), durations as strings parsed by Go.
struct ArgoMetricSettings {
  std::optional<int64_t> count, failureLimit, inconclusiveLimit, consecutiveErrorLimit, consecutiveSuccessLimit;
  std::optional<int64_t> intervalMs, initialDelayMs; // unset: the empty string
  std::optional<std::string> intervalError, initialDelayError; // set but not a Go duration
  size_t providers = 1; // one per provider kind, one per entry of a `plugin` map
};

/// Reads `text` (placeholders already substituted) into `field` of `settings`, as Argo's JSON round
/// trip does: IntOrString.IntValue() for count and the limits, time.ParseDuration for `interval` and
/// `initialDelay` (an empty string is unset). Fields it does not know are ignored.
void applyArgoText(ArgoMetricSettings &settings, const std::string &field, const std::string &text);

/// Argo's ValidateMetric: its error text (`interval must be specified when count > 1`), or nullopt.
std::optional<std::string> validateArgoMetric(const ArgoMetricSettings &settings);

} // namespace rwd::plan
