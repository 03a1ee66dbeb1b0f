// This file implements the matching of Argo's metric-name rules (dryRun, measurementRetention).
#include "compiler/yaml/argo/metric_rules.h"

#include <regex>

namespace rwd::yaml::argo {

std::vector<size_t> matchRule(const MetricRule &rule, const std::vector<std::string> &names,
                              DiagnosticEngine &diags) {
  std::vector<size_t> matched;
  if (rule.pattern.size() > Limits::kMaxRegexBytes) {
    diags.report(DiagKind::ArgoInvalidRegex, rule.range, rule.pattern.substr(0, 40) + "...",
                 "longer than " + std::to_string(Limits::kMaxRegexBytes) + " bytes");
    return matched;
  }
  try {
    std::regex re(rule.pattern, std::regex::ECMAScript);
    for (size_t i = 0; i < names.size(); ++i)
      if (std::regex_search(names[i], re)) matched.push_back(i);
  } catch (const std::regex_error &e) {
    diags.report(DiagKind::ArgoInvalidRegex, rule.range, rule.pattern,
                 rule.pattern == "*" ? "write `.*` to match every metric" : e.what());
    return {};
  }
  if (matched.empty()) diags.report(DiagKind::ArgoRuleMatchesNothing, rule.range, rule.pattern);
  return matched;
}

} // namespace rwd::yaml::argo
