// This file implements `rewind record`: what a live replay against Prometheus measured, plus the
// policy's queries sampled over the window, written as a CONTRACT §3 trace that replays offline to
// the same report.
#pragma once

#include "compiler/plan/plan.h"
#include "runtime/metric_source.h"
#include "simulator/prometheus_source.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rwd::sim {

/// Passes every measurement on to `inner` and keeps what it answered.
class RecordingMetricSource : public runtime::MetricSource {
public:
  struct Answer {
    const plan::Metric *metric = nullptr;
    std::string templateName;
    std::string query;
    int64_t timeMillis = 0; // absolute
    runtime::ProviderResult result;
  };

  RecordingMetricSource(runtime::MetricSource &inner, int64_t startMs) : inner_(inner), startMs_(startMs) {}
  runtime::ProviderResult measure(const runtime::MeasurementRequest &request) override;
  const std::vector<Answer> &answers() const { return answers_; }

private:
  runtime::MetricSource &inner_;
  int64_t startMs_;
  std::vector<Answer> answers_;
};

struct RecordOptions {
  int64_t startMs = 0;   // first row (the rollout start)
  int64_t untilMs = 0;   // last grid row
  int64_t endMs = 0;     // end of simulated time (until, or a later operator event)
  int64_t stepMs = 15'000;
  std::string overrideAddress; // --prometheus
  std::string sourceLabel;     // for the header comment (credentials masked)
};

struct RecordResult {
  enum class Status : uint8_t {
    Ok,          // `csv` holds the trace
    Unrecordable, // the trace could not replay the same (`message` says why): an input problem
    ToolFailure,  // the server could not be asked
  };
  Status status = Status::Ok;
  std::string csv;
  std::string message;
  size_t rows = 0;
};

/// Builds the trace: for every metric the replay measured, its query sampled every `stepMs` over
/// [start, until] (when the metric used one query throughout), plus every measured instant exactly.
/// Keys are bare metric names unless two templates measure the same name with different queries.
RecordResult buildRecordedTrace(const plan::Plan &plan, const std::vector<RecordingMetricSource::Answer> &answers,
                                PrometheusMetricSource &source, const RecordOptions &options);

/// A trace `value` field for `v` that reads back to exactly `v` ("NaN", "+Inf", "-Inf" included).
std::string formatTraceValue(double v);

} // namespace rwd::sim
