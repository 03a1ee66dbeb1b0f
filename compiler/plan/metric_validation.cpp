// This file implements Argo's validation of a metric (utils/analysis/factory.go ValidateMetric),
// check for check in Argo's order, so that the first error found is Argo's.
#include "compiler/plan/metric_validation.h"

#include "compiler/support/go_duration.h"

#include <fmt/format.h>

namespace rwd::plan {

void applyArgoText(ArgoMetricSettings &settings, const std::string &field, const std::string &text) {
  if (field == "interval" || field == "initialDelay") {
    bool interval = field == "interval";
    std::optional<int64_t> &target = interval ? settings.intervalMs : settings.initialDelayMs;
    std::optional<std::string> &error = interval ? settings.intervalError : settings.initialDelayError;
    target.reset();
    error.reset();
    if (text.empty()) return;
    std::string why;
    if (std::optional<int64_t> millis = parseGoDuration(text, &why)) target = *millis;
    else error = why;
    return;
  }
  int64_t value = goIntValue(text);
  if (field == "count") settings.count = value;
  else if (field == "failureLimit") settings.failureLimit = value;
  else if (field == "inconclusiveLimit") settings.inconclusiveLimit = value;
  else if (field == "consecutiveErrorLimit") settings.consecutiveErrorLimit = value;
  else if (field == "consecutiveSuccessLimit") settings.consecutiveSuccessLimit = value;
}

std::optional<std::string> validateArgoMetric(const ArgoMetricSettings &s) {
  int64_t count = s.count.value_or(0);
  int64_t failureLimit = s.failureLimit.value_or(0);
  int64_t successLimit = s.consecutiveSuccessLimit.value_or(0);
  int64_t inconclusiveLimit = s.inconclusiveLimit.value_or(0);
  if (successLimit < 0) return "consecutiveSuccessLimit must be >= 0";
  if (failureLimit < -1) return "failureLimit must be >= 0, or -1 to be disabled";
  if (successLimit == 0 && failureLimit == -1) return "failureLimit and consecutiveSuccessLimit cannot both be disabled";
  if (inconclusiveLimit < 0) return "inconclusiveLimit must be >= 0";
  if (s.consecutiveErrorLimit && *s.consecutiveErrorLimit < 0) return "consecutiveErrorLimit must be >= 0";
  if (count > 0) {
    if (successLimit >= 0 && failureLimit >= 0) {
      if (count < failureLimit + successLimit)
        return fmt::format("count ({}) must be >= failureLimit + consecutiveSuccessLimit ({} + {}) if both >= 0",
                           count, failureLimit, successLimit);
    } else if (successLimit >= 0 && failureLimit < 0) {
      if (count < successLimit) return "count must be >= consecutiveSuccessLimit";
    }
    if (count < inconclusiveLimit) return "count must be >= inconclusiveLimit";
  }
  bool intervalSet = s.intervalMs || s.intervalError;
  if (count > 1 && !intervalSet) return "interval must be specified when count > 1";
  if (s.intervalError) return "invalid interval string: " + *s.intervalError;
  if (s.initialDelayError) return "invalid startDelay string: " + *s.initialDelayError;
  if (s.providers == 0) return "no provider specified";
  if (s.providers > 1) return "multiple providers specified";
  return std::nullopt;
}

} // namespace rwd::plan
