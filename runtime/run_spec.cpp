// This file implements what the Argo controller does with a run's metrics as it creates the run
// (analysis/analysis.go reconcileAnalysisRun: ResolveMetricArgs, ValidateMetrics, GetDryRunMetrics,
// GetMeasurementRetentionMetrics), so that simulation replays an invalid spec as Argo does.
#include "runtime/run_spec.h"

#include "compiler/plan/metric_validation.h"
#include "compiler/support/placeholders.h"

#include <fmt/format.h>
#include <set>

namespace rwd::runtime {

namespace {

size_t providerCount(const plan::Metric &metric) {
  auto count = [](const plan::Provider &provider) { return provider.kind == "plugin" ? provider.config.size() : 1; };
  size_t total = count(metric.provider);
  for (const plan::Provider &provider : metric.extraProviders) total += count(provider);
  return total;
}

} // namespace

RunSpec resolveRunSpec(const plan::Plan &plan, const plan::Run &run,
                       const std::map<std::string, std::string> &argText) {
  RunSpec spec;
  std::optional<std::string> invalid;
  std::set<std::string> names;
  for (size_t index : run.templates) {
    const plan::Template &t = plan.templates[index];
    for (const plan::Metric &source : t.metrics) {
      plan::Metric metric = source;
      plan::ArgoMetricSettings settings{metric.count,          metric.failureLimit,
                                        metric.inconclusiveLimit, metric.consecutiveErrorLimit,
                                        metric.consecutiveSuccessLimit, metric.intervalMs,
                                        metric.initialDelayMs,  std::nullopt,
                                        std::nullopt,           providerCount(metric)};
      for (const plan::TextSetting &setting : metric.textSettings)
        plan::applyArgoText(settings, setting.field, substituteArgs(setting.text, argText));
      metric.count = settings.count;
      metric.failureLimit = settings.failureLimit;
      metric.inconclusiveLimit = settings.inconclusiveLimit;
      metric.consecutiveErrorLimit = settings.consecutiveErrorLimit;
      metric.consecutiveSuccessLimit = settings.consecutiveSuccessLimit;
      metric.intervalMs = settings.intervalMs;
      metric.initialDelayMs = settings.initialDelayMs;
      size_t position = spec.metrics.size();
      if (!invalid && !names.insert(metric.name).second)
        invalid = fmt::format("metrics[{}]: duplicate name '{}'", position, metric.name);
      if (!invalid)
        if (std::optional<std::string> error = plan::validateArgoMetric(settings))
          invalid = fmt::format("metrics[{}]: {}", position, *error);
      spec.metrics.push_back(std::move(metric));
      spec.sources.push_back(&source);
      spec.templateNames.push_back(t.name);
    }
  }
  if (spec.metrics.empty()) invalid = "no metrics specified";
  if (!invalid && run.unmatchedRule) invalid = run.unmatchedRule->message;
  if (invalid) spec.error = "Analysis spec invalid: " + *invalid;
  return spec;
}

} // namespace rwd::runtime
