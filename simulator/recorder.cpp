// This file implements `rewind record`: what a live replay against Prometheus measured, plus the
// policy's queries sampled over the window, written as a CONTRACT §3 trace that replays offline to
// the same report.
#include "simulator/recorder.h"

#include "simulator/timestamp.h"

#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>

namespace rwd::sim {

runtime::ProviderResult RecordingMetricSource::measure(const runtime::MeasurementRequest &request) {
  runtime::ProviderResult result = inner_.measure(request);
  answers_.push_back({&request.metric, request.templateName, request.query, startMs_ + request.tMs, result});
  return result;
}

std::string formatTraceValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  (void)ec;
  return std::string(buffer, end);
}

namespace {

using runtime::Value;

/// One instant of one key: the values (empty: no data).
using Instant = std::vector<double>;

std::string csvField(const std::string &text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::optional<Instant> valuesOf(const Value &value) {
  if (value.isNumber()) return Instant{value.toDouble()};
  if (value.isList()) {
    Instant out;
    for (const Value &item : value.asList()) {
      if (!item.isNumber()) return std::nullopt;
      out.push_back(item.toDouble());
    }
    return out;
  }
  return std::nullopt;
}

bool sameInstant(const Instant &a, const Instant &b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
  return true;
}

} // namespace

RecordResult buildRecordedTrace(const plan::Plan &plan, const std::vector<RecordingMetricSource::Answer> &answers,
                                PrometheusMetricSource &source, const RecordOptions &options) {
  RecordResult out;
  auto fail = [&](RecordResult::Status status, std::string message) {
    out.status = status;
    out.message = std::move(message);
    out.csv.clear();
    return out;
  };
  if (answers.empty())
    return fail(RecordResult::Status::Unrecordable,
                "the rollout made no measurement in the window; there is nothing to record");

  // Which (address, query) each metric name and each template/metric used.
  using Use = std::pair<std::string, std::string>; // address, query
  std::map<std::string, std::set<Use>> byName, byQualified;
  std::map<std::string, std::set<std::string>> templatesOf;
  for (const auto &a : answers) {
    Use use{prometheusAddress(*a.metric, options.overrideAddress), a.query};
    byName[a.metric->name].insert(use);
    byQualified[a.templateName + "/" + a.metric->name].insert(use);
    templatesOf[a.metric->name].insert(a.templateName);
  }
  auto keyOf = [&](const std::string &templateName, const std::string &metric) {
    return byName[metric].size() == 1 ? metric : templateName + "/" + metric;
  };

  std::map<std::string, std::map<int64_t, Instant>> rows; // key → time → values
  // 1. Every measured instant, exactly as it was answered.
  for (const auto &a : answers) {
    std::string key = keyOf(a.templateName, a.metric->name);
    std::string at = formatTimestamp(a.timeMillis);
    if (a.result.status == runtime::ProviderResult::Status::ProviderError)
      return fail(RecordResult::Status::Unrecordable,
                  fmt::format("the server rejected the query of metric `{}` at {}: {}; a trace cannot hold a "
                              "rejected query, so its replay would differ",
                              a.metric->name, at, a.result.message));
    if (a.result.status == runtime::ProviderResult::Status::ToolFailure)
      return fail(RecordResult::Status::ToolFailure, a.result.message);
    bool scalar = a.result.result.isNumber();
    if (scalar != (a.metric->shape == plan::ResultShape::Scalar))
      return fail(RecordResult::Status::Unrecordable,
                  fmt::format("metric `{}`: the server returned a {} at {} but the policy reads `result` as a {}; "
                              "a replay of the trace would differ (declare `returns {}`)",
                              a.metric->name, scalar ? "scalar" : "vector", at,
                              scalar ? "vector" : "scalar", scalar ? "scalar" : "vector"));
    std::optional<Instant> values = valuesOf(a.result.result);
    if (!values) return fail(RecordResult::Status::Unrecordable,
                             fmt::format("metric `{}` returned a value a trace cannot hold", a.metric->name));
    auto [it, inserted] = rows[key].emplace(a.timeMillis, *values);
    if (!inserted && !sameInstant(it->second, *values))
      return fail(RecordResult::Status::Unrecordable,
                  fmt::format("`{}` was measured with two different queries at {}; a trace holds one answer per "
                              "metric and instant",
                              key, at));
  }

  // 2. Each key that used one query throughout: that query over the window, every step.
  std::map<std::string, Use> gridKeys;
  for (const auto &[name, uses] : byName) {
    if (uses.size() == 1) {
      gridKeys.emplace(name, *uses.begin());
      continue;
    }
    for (const std::string &t : templatesOf[name]) {
      const std::set<Use> &qualified = byQualified[t + "/" + name];
      if (qualified.size() == 1) gridKeys.emplace(t + "/" + name, *qualified.begin());
    }
  }
  for (const auto &[key, use] : gridKeys) {
    std::vector<InstantAnswer> grid;
    bool rejected = false;
    if (std::optional<std::string> error =
            source.sampleGrid(use.first, use.second, options.startMs, options.untilMs, options.stepMs, grid, rejected))
      return fail(rejected ? RecordResult::Status::Unrecordable : RecordResult::Status::ToolFailure,
                  rejected ? fmt::format("the server rejected the query of `{}`: {}", key, *error) : *error);
    for (InstantAnswer &answer : grid) rows[key].emplace(answer.timeMillis, std::move(answer.values));
  }

  // 3. The trace must span the replay: its first row at the start, its last at the end.
  auto anyAt = [&](int64_t t) {
    for (const auto &[key, series] : rows)
      if (series.count(t)) return true;
    return false;
  };
  if (!anyAt(options.startMs)) rows.begin()->second.emplace(options.startMs, Instant{});
  if (!anyAt(options.untilMs)) rows.begin()->second.emplace(options.untilMs, Instant{});

  // 4. Rows in time order, keys sorted within an instant, vector values in the server's order.
  std::map<int64_t, std::vector<std::pair<const std::string *, const Instant *>>> byTime;
  for (const auto &[key, series] : rows)
    for (const auto &[t, values] : series) byTime[t].emplace_back(&key, &values);
  out.csv = fmt::format("# recorded by `rewind record` from {} between {} and {}: every {} ms, plus each "
                        "measurement instant of the replay\n",
                        options.sourceLabel.empty() ? "each metric's Prometheus address" : options.sourceLabel,
                        formatTimestamp(options.startMs), formatTimestamp(options.untilMs), options.stepMs);
  // The rollout start, so that `simulate --trace` alone replays from it (trace_reader.h).
  out.csv += fmt::format("# start: {}\n", formatTimestamp(options.startMs));
  out.csv += "timestamp,metric,value\n";
  for (const auto &[t, entries] : byTime) {
    std::string time = formatTimestamp(t);
    for (const auto &[key, values] : entries) {
      std::string field = csvField(*key);
      if (values->empty()) {
        out.csv += fmt::format("{},{},\n", time, field);
        ++out.rows;
      }
      for (double v : *values) {
        out.csv += fmt::format("{},{},{}\n", time, field, formatTraceValue(v));
        ++out.rows;
      }
    }
  }
  (void)plan;
  return out;
}

} // namespace rwd::sim
