// This file implements the metric source that answers measurements from a recorded trace.
#include "simulator/trace_source.h"

#include <algorithm>

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

runtime::ProviderResult TraceMetricSource::measure(const runtime::MeasurementRequest &request) {
  // A metric belongs to one template, so the metric alone identifies the series it reads.
  auto known = std::find_if(resolved_.begin(), resolved_.end(),
                            [&](const auto &entry) { return entry.first == &request.metric; });
  if (known == resolved_.end())
    known = resolved_.insert(resolved_.end(),
                             {&request.metric, trace_.resolveSeries(request.templateName, request.metric.name)});
  const Sample *sample = known->second ? known->second->sampleAt(startMs_ + request.tMs, lookbackMs_) : nullptr;
  std::span<const double> values;
  if (sample) values = sample->values;
  return runtime::ProviderResult::ok(shapeResult(request.metric.shape, values, sample != nullptr));
}

} // namespace rwd::sim
