// This file implements the matching of Argo's metric-name rules (dryRun, measurementRetention).
#include "compiler/support/metric_name_rule.h"

#include <regex>

namespace rwd {

std::optional<std::vector<size_t>> matchMetricNames(const std::string &pattern,
                                                    const std::vector<std::string> &names,
                                                    std::string *error) {
  if (pattern.size() > kMaxMetricRuleBytes) {
    if (error) *error = "longer than " + std::to_string(kMaxMetricRuleBytes) + " bytes";
    return std::nullopt;
  }
  std::vector<size_t> matched;
  try {
    std::regex re(pattern, std::regex::ECMAScript);
    for (size_t i = 0; i < names.size(); ++i)
      if (std::regex_search(names[i], re)) matched.push_back(i);
  } catch (const std::regex_error &e) {
    if (error) *error = pattern == "*" ? "write `.*` to match every metric" : e.what();
    return std::nullopt;
  }
  return matched;
}

} // namespace rwd
