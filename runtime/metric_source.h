// This file implements the seam between the runtime and where metric values come from (a recorded
// trace, a Prometheus server): the runtime asks, the source answers what the provider returned.
#pragma once

#include "compiler/plan/plan.h"
#include "runtime/value.h"

#include <cstdint>
#include <string>

namespace rwd::runtime {

struct MeasurementRequest {
  const plan::Metric &metric;
  const std::string &templateName;
  /// The provider query with `{{args.x}}` substituted ("" for providers without a query).
  const std::string &query;
  /// Simulated milliseconds since the rollout started.
  int64_t tMs;
};

struct ProviderResult {
  enum class Status {
    Ok,            // `result` holds what the provider returned
    ProviderError, // what Argo would record as a measurement Error (bad query, HTTP 4xx, ...)
    ToolFailure,   // Rewind itself could not get the answer: the replay must stop, not guess
  };
  Status status = Status::Ok;
  Value result;
  std::string message;

  static ProviderResult ok(Value value) { return {Status::Ok, std::move(value), {}}; }
  static ProviderResult providerError(std::string why) { return {Status::ProviderError, {}, std::move(why)}; }
  static ProviderResult toolFailure(std::string why) { return {Status::ToolFailure, {}, std::move(why)}; }
};

class MetricSource {
public:
  virtual ~MetricSource() = default;
  virtual ProviderResult measure(const MeasurementRequest &request) = 0;
};

} // namespace rwd::runtime
