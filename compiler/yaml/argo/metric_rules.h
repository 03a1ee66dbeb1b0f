// This file implements the matching of Argo's metric-name rules (dryRun, measurementRetention).
#pragma once

#include "compiler/yaml/argo/argo_yaml.h"

#include <string>
#include <vector>

namespace rwd::yaml::argo {

/// Indices of the `names` that `rule.pattern` matches, as Argo does: an unanchored regular
/// expression search (Go's regexp.MatchString; here ECMAScript std::regex, which agrees on the
/// patterns rules use). `.*` matches every metric; `*` alone is not a valid pattern, so, as in
/// Argo, it matches nothing. A pattern that is invalid, longer than kMaxMetricRuleBytes, or
/// matches nothing is reported as a warning.
std::vector<size_t> matchRule(const MetricRule &rule, const std::vector<std::string> &names,
                              DiagnosticEngine &diags);

} // namespace rwd::yaml::argo
