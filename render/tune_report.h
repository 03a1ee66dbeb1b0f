// This file implements the reports of `rewind tune` (CONTRACT §8): a ranked table naming the policy
// lines to change, and one JSON object.
#pragma once

#include "simulator/tune/tune_result.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rwd::render {

/// The first `top` combinations as a ranked table, the skipped ones counted, then the best
/// combination and the policy lines to change. Colour when `color`.
std::string renderTuneText(const sim::tune::TuneReport &report, size_t top, bool color);

/// `{"settings", "combos": [{"values", "passed", "failed", "false_rollbacks", "missed_rollbacks",
/// "mean_detect_s"}], "best": 0, "skipped": [{"values", "why"}], "cases"}`, combos in rank order.
std::string renderTuneJson(const sim::tune::TuneReport &report);

/// The formats of `rewind tune --format`.
inline const std::vector<std::string> kTuneFormats = {"text", "json"};

} // namespace rwd::render
