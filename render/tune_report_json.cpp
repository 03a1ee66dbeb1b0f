// This file implements the JSON report of `rewind tune` (CONTRACT §8).
#include "render/tune_report.h"

#include <charconv>
#include <nlohmann/json.hpp>

namespace rwd::render {

namespace {

using nlohmann::ordered_json;
using sim::tune::TuneValue;

ordered_json valueJson(const TuneValue &value) {
  switch (value.style) {
  case TuneValue::Style::Bool: return value.text == "true";
  case TuneValue::Style::Number: {
    int64_t integer = 0;
    auto [end, ec] = std::from_chars(value.text.data(), value.text.data() + value.text.size(), integer);
    if (ec == std::errc() && end == value.text.data() + value.text.size()) return integer;
    double number = 0;
    std::from_chars(value.text.data(), value.text.data() + value.text.size(), number);
    return number;
  }
  case TuneValue::Style::Text: return value.text;
  }
  return value.text;
}

ordered_json valuesJson(const std::vector<std::string> &settings, const std::vector<TuneValue> &values) {
  ordered_json out = ordered_json::object();
  for (size_t i = 0; i < settings.size(); ++i) out[settings[i]] = valueJson(values[i]);
  return out;
}

} // namespace

std::string renderTuneJson(const sim::tune::TuneReport &report) {
  ordered_json out;
  out["settings"] = report.settings;
  ordered_json combos = ordered_json::array();
  for (const sim::tune::RankedCombo &combo : report.combos) {
    ordered_json j;
    j["values"] = valuesJson(report.settings, combo.values);
    j["passed"] = combo.score.passed;
    j["failed"] = combo.score.failed;
    j["false_rollbacks"] = combo.score.falseRollbacks;
    j["missed_rollbacks"] = combo.score.missedRollbacks;
    const sim::tune::Score &score = combo.score;
    // Whole seconds print as an integer, as decided_at_s does.
    if (score.detectCount == 0) j["mean_detect_s"] = nullptr;
    else if (score.detectSumMs % (static_cast<int64_t>(score.detectCount) * 1000) == 0)
      j["mean_detect_s"] = score.detectSumMs / (static_cast<int64_t>(score.detectCount) * 1000);
    else j["mean_detect_s"] = *score.meanDetectSeconds();
    combos.push_back(std::move(j));
  }
  out["combos"] = std::move(combos);
  out["best"] = report.combos.empty() ? ordered_json(nullptr) : ordered_json(0);
  ordered_json skipped = ordered_json::array();
  for (const sim::tune::SkippedCombo &combo : report.skipped)
    skipped.push_back({{"values", valuesJson(report.settings, combo.values)}, {"why", combo.why}});
  out["skipped"] = std::move(skipped);
  out["cases"] = report.cases;
  return out.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

} // namespace rwd::render
