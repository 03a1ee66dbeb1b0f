// This file implements the trace file reader: header, then one sample row per record, validated
// field by field; the rows go into a TraceBuilder, which sorts and packs them.
#include "simulator/trace_reader.h"

#include "compiler/source/line_length.h"
#include "simulator/csv_scanner.h"
#include "simulator/timestamp.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <system_error>

namespace rwd::sim {

namespace {

enum class ValueStatus { Ok, Empty, Invalid, OutOfRange };

/// Parses a `value` field (see trace_reader.h for the accepted forms).
ValueStatus parseValue(std::string_view text, double &out) {
  if (text.empty()) return ValueStatus::Empty;
  std::string_view body = text;
  bool negative = false;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (equalsIgnoreCase(body, "nan")) {
    out = std::numeric_limits<double>::quiet_NaN();
    return ValueStatus::Ok;
  }
  if (equalsIgnoreCase(body, "inf") || equalsIgnoreCase(body, "infinity")) {
    out = negative ? -std::numeric_limits<double>::infinity()
                   : std::numeric_limits<double>::infinity();
    return ValueStatus::Ok;
  }
  // from_chars would also take "inf", "nan(...)" and a second sign: require a digit or '.' here.
  if (body.empty() || !((body[0] >= '0' && body[0] <= '9') || body[0] == '.'))
    return ValueStatus::Invalid;
  double value = 0;
  auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value,
                                   std::chars_format::general);
  if (end != body.data() + body.size()) return ValueStatus::Invalid;
  if (ec == std::errc::result_out_of_range) return ValueStatus::OutOfRange;
  if (ec != std::errc()) return ValueStatus::Invalid;
  out = negative ? -value : value;
  return ValueStatus::Ok;
}

/// True for `metric` and `template/metric` (both parts non-empty, one `/` at most).
bool validMetricKey(std::string_view key) {
  size_t slash = key.find('/');
  if (slash == std::string_view::npos) return true;
  return slash > 0 && slash + 1 < key.size() && key.find('/', slash + 1) == std::string_view::npos;
}

constexpr CsvColumnSpec kColumns[] = {{"timestamp", true}, {"metric", true}, {"value", true}};
enum Column : size_t { kTimestamp, kMetric, kValue };

} // namespace

std::optional<Trace> readTrace(const SourceFile &file, DiagnosticEngine &diags,
                               const TraceReadOptions &options) {
  if (file.text().size() >= UINT32_MAX) {
    diags.report(DiagKind::FileTooLarge, SourceRange{}, UINT32_MAX - 1);
    return std::nullopt;
  }
  if (!checkLineLengths(file, 0, static_cast<uint32_t>(file.text().size()), diags))
    return std::nullopt;
  CsvScanner scanner(file, diags);
  auto header = readCsvHeader(
      scanner, kColumns,
      {DiagKind::TraceMissingHeader, DiagKind::TraceMissingColumn, DiagKind::TraceDuplicateColumn});
  if (!header) return std::nullopt;

  const size_t columnOf[3] = {*header->columns[kTimestamp], *header->columns[kMetric],
                              *header->columns[kValue]};
  const size_t needed = std::max({columnOf[0], columnOf[1], columnOf[2]}) + 1;
  const size_t headerFields = header->fieldCount;

  TraceBuilder builder;
  size_t records = 0;
  // Consecutive rows usually share a timestamp; remember the last one parsed.
  std::string lastTimestampText;
  int64_t lastTimestamp = 0;
  std::string scratch[4]; // one per held field, plus one for ignored columns

  while (scanner.nextRecord()) {
    if (++records > options.maxRows) {
      scanner.report(DiagKind::TraceTooManyRows, scanner.recordRange(), options.maxRows);
      break;
    }
    CsvField fields[3];
    if (!readRecordColumns(scanner, columnOf, headerFields, needed, fields, scratch)) continue;

    bool ok = true;
    const CsvField &ts = fields[kTimestamp];
    int64_t millis = lastTimestamp;
    if (lastTimestampText.empty() || ts.text != lastTimestampText) {
      if (auto parsed = parseTimestampMillis(ts.text)) {
        millis = *parsed;
        lastTimestampText.assign(ts.text);
        lastTimestamp = millis;
      } else {
        scanner.report(DiagKind::TraceBadTimestamp, ts.range, displayField(ts.text));
        ok = false;
      }
    }

    const CsvField &metric = fields[kMetric];
    if (metric.text.empty()) {
      scanner.report(DiagKind::TraceEmptyMetric, metric.range);
      ok = false;
    } else if (!validMetricKey(metric.text)) {
      scanner.report(DiagKind::TraceBadMetricName, metric.range, displayField(metric.text));
      ok = false;
    }

    const CsvField &valueField = fields[kValue];
    double value = 0;
    std::optional<double> sampleValue;
    switch (parseValue(valueField.text, value)) {
    case ValueStatus::Ok: sampleValue = value; break;
    case ValueStatus::Empty: break;
    case ValueStatus::Invalid:
      scanner.report(DiagKind::TraceBadValue, valueField.range, displayField(valueField.text));
      ok = false;
      break;
    case ValueStatus::OutOfRange:
      scanner.report(DiagKind::TraceValueOutOfRange, valueField.range,
                     displayField(valueField.text));
      ok = false;
      break;
    }

    if (ok && scanner.errorCount() == 0)
      builder.addRow(metric.text, millis, sampleValue, metric.range);
  }

  if (scanner.errorCount() > 0) return std::nullopt;
  if (records == 0) {
    scanner.report(DiagKind::TraceNoRows, header->range);
    return std::nullopt;
  }
  return builder.build();
}

} // namespace rwd::sim
