// This file implements the metric source that answers measurements from a recorded trace.
#include "simulator/trace_source.h"

namespace rwd::sim {

runtime::Value shapeResult(plan::ResultShape shape, std::span<const double> values, bool found) {
  using runtime::Value;
  switch (shape) {
  case plan::ResultShape::Vector: {
    // A Prometheus instant vector: no data is an empty vector, not nil (argo-semantics §2.9).
    Value::ListItems items;
    items.reserve(values.size());
    for (double v : values) items.push_back(Value::number(v));
    return Value::list(std::move(items));
  }
  case plan::ResultShape::Scalar:
    if (!found || values.empty()) return Value::nil();
    return Value::number(values.front());
  case plan::ResultShape::Dynamic:
  case plan::ResultShape::None: {
    if (!found || values.empty()) return Value::nil();
    if (values.size() == 1) return Value::number(values.front());
    Value::ListItems items;
    for (double v : values) items.push_back(Value::number(v));
    return Value::list(std::move(items));
  }
  }
  return Value::nil();
}

const Series *TraceMetricSource::seriesFor(const runtime::MeasurementRequest &request) {
  for (const Resolved &r : resolved_)
    if (r.metric == &request.metric && r.templateName == request.templateName) return r.series;
  const Series *series = trace_.resolveSeries(request.templateName, request.metric.name);
  resolved_.push_back({&request.metric, request.templateName, series});
  return series;
}

runtime::ProviderResult TraceMetricSource::measure(const runtime::MeasurementRequest &request) {
  const Series *series = seriesFor(request);
  std::optional<Sample> sample;
  if (series) sample = series->sampleAt(startMs_ + request.tMs, lookbackMs_);
  std::span<const double> values;
  if (sample) values = sample->values;
  return runtime::ProviderResult::ok(shapeResult(request.metric.shape, values, sample.has_value()));
}

} // namespace rwd::sim
