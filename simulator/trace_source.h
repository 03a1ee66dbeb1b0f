// This file implements the metric source that answers measurements from a recorded trace.
#pragma once

#include "runtime/metric_source.h"
#include "simulator/trace.h"

#include <utility>
#include <vector>

namespace rwd::sim {

/// Answers each measurement with what the trace held at that instant (CONTRACT §3, §5), shaped the
/// way the metric's provider would have returned it (argo-semantics §2.8).
class TraceMetricSource : public runtime::MetricSource {
public:
  TraceMetricSource(const Trace &trace, int64_t startMs, int64_t lookbackMs)
      : trace_(trace), startMs_(startMs), lookbackMs_(lookbackMs) {}

  runtime::ProviderResult measure(const runtime::MeasurementRequest &request) override;

private:
  const Trace &trace_;
  int64_t startMs_;
  int64_t lookbackMs_;
  /// The series each metric reads, resolved at its first measurement: a replay measures a few
  /// metrics many times, and resolving builds the `template/metric` key and searches by string.
  std::vector<std::pair<const plan::Metric *, const Series *>> resolved_;
};

/// What `result` is for `values` (one instant's samples) and a metric of `shape`; `found` is false
/// when the query returned nothing at all.
runtime::Value shapeResult(plan::ResultShape shape, std::span<const double> values, bool found);

} // namespace rwd::sim
