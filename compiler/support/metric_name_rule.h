// This file implements the matching of Argo's metric-name rules (dryRun, measurementRetention).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace rwd {

/// Longest rule compiled (std::regex recurses on its pattern); a longer one matches nothing.
inline constexpr size_t kMaxMetricRuleBytes = 1000;

/// Indices of the `names` that `pattern` matches, as Argo matches a rule: an unanchored regular
/// expression search (Go's regexp.MatchString; here ECMAScript std::regex, which agrees on the
/// patterns rules use). `.*` matches every metric. Returns nullopt, with the reason in `error`,
/// when the pattern is not a usable expression (`*` alone, or longer than kMaxMetricRuleBytes);
/// Argo discards that error, so such a rule matches nothing.
std::optional<std::vector<size_t>> matchMetricNames(const std::string &pattern,
                                                    const std::vector<std::string> &names,
                                                    std::string *error = nullptr);

} // namespace rwd
