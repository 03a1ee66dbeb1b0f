// This file implements the HTML report of replays: a header with the outcome, a step band (weights,
// steps, analysis runs, operator events over time) and one SVG chart per metric with the trace's
// series, the thresholds, every measurement marked by its phase and the decision instant.
//
// One page can hold several replays: `simulate --format html` renders one case; a suite runner
// (`rewind test --format html`) renders its summary table, then one section per case, and wraps
// them with renderHtmlDocument (render/html_document.h).
#pragma once

#include "render/report.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rwd::render {

/// One replay as a <section id="ID">, headed `heading` (the rollout's name when empty). Charts need
/// `input.trace` for the series; without it they show the measurements only.
std::string renderHtmlCase(const ReportInput &input, std::string_view id, std::string_view heading = {});

/// One row of a suite's summary table; `anchor` links to the case's section id ("" for none).
struct HtmlSuiteRow {
  std::string name;
  bool passed = false;
  std::string outcome;               // promoted | rolled_back | paused | incomplete ("" if not run)
  std::string reason;                // as in the JSON report, "" for none
  std::optional<int64_t> decidedAtMs;
  std::string why;                   // the failed expectation, "" when passed
  std::string anchor;
};

/// A suite's summary: passed/failed counts and a table of its cases, as a <section>.
std::string renderHtmlSuiteSummary(std::string_view title, const std::vector<HtmlSuiteRow> &rows);

} // namespace rwd::render
