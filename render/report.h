// This file implements what the simulation reports share: their input and the number formats.
#pragma once

#include "compiler/plan/plan.h"
#include "compiler/source/source_manager.h"
#include "runtime/value.h"
#include "simulator/replay.h"

#include <string>
#include <string_view>
#include <vector>

namespace rwd::render {

struct ReportInput {
  const plan::Plan &plan;
  const sim::Replay &replay;
  const SourceManager &sources;
  std::string source; // the trace path, or the Prometheus URL
  const sim::Trace *trace = nullptr; // the replayed trace, when there is one (the HTML charts' series)
};

class JsonWriter;

/// Seconds from milliseconds as a JSON number: an integer when whole, else exact decimals.
void writeSeconds(JsonWriter &json, int64_t millis);
/// A runtime value as JSON: numbers, "NaN"/"+Inf"/"-Inf" strings, arrays, objects, null.
void writeValue(JsonWriter &json, const runtime::Value &value);
/// `path:line` of a source range ("" when invalid).
std::string sourceLocation(const SourceManager &sources, SourceRange range);

/// The report as one JSON object (CONTRACT §6).
std::string renderJsonReport(const ReportInput &input);
/// The report as a timeline for a terminal, coloured when `color`.
std::string renderTextReport(const ReportInput &input, bool color);

/// The report as one self-contained HTML page with SVG charts (render/report_html.h).
std::string renderHtmlReport(const ReportInput &input);

/// The report formats of `simulate --format`.
inline const std::vector<std::string> kReportFormats = {"text", "json", "html"};
/// The report in `format` (one of kReportFormats); `color` applies to text only.
std::string renderReport(std::string_view format, const ReportInput &input, bool color);

} // namespace rwd::render
