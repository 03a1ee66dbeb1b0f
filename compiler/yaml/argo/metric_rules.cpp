// This file implements the matching of Argo's metric-name rules (dryRun, measurementRetention).
#include "compiler/yaml/argo/metric_rules.h"

#include "compiler/support/metric_name_rule.h"

namespace rwd::yaml::argo {

std::vector<size_t> matchRule(const MetricRule &rule, const std::vector<std::string> &names,
                              DiagnosticEngine &diags) {
  std::string error;
  std::optional<std::vector<size_t>> matched = matchMetricNames(rule.pattern, names, &error);
  if (!matched) {
    std::string shown = rule.pattern.size() > kMaxMetricRuleBytes ? rule.pattern.substr(0, 40) + "..." : rule.pattern;
    diags.report(DiagKind::ArgoInvalidRegex, rule.range, shown, error);
    return {};
  }
  if (matched->empty()) diags.report(DiagKind::ArgoRuleMatchesNothing, rule.range, rule.pattern);
  return *matched;
}

} // namespace rwd::yaml::argo
