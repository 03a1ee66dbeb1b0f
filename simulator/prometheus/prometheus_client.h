// This file implements a Prometheus query client: instant and range queries against one server,
// with retries and backoff for transient faults, and a verdict on who is to blame for a failure.
#pragma once

#include "simulator/prometheus/http_client.h"
#include "simulator/prometheus/response_decoder.h"

#include <cstdint>
#include <string>

namespace rwd::sim::prom {

/// The server's range-query limit: (end - start) / step may be at most this many steps.
inline constexpr int64_t kMaxRangeSteps = 11'000;

struct RetryPolicy {
  int attempts = 4;               // tries per request, the first included
  int64_t initialBackoffMs = 250; // wait before the second try; doubles each time
  int64_t maxBackoffMs = 4'000;
};

struct QueryOutcome {
  enum class Status : uint8_t {
    Ok,       // `response` holds the data
    Rejected, // the server refused the query itself (bad PromQL: HTTP 400/422): what Argo would see
    Failed,   // no usable answer (unreachable, timeouts, 5xx after retries, garbage): Rewind's failure
  };
  Status status = Status::Failed;
  Response response;
  std::string message; // Rejected: `errorType: error` as Argo records it; Failed: what went wrong
  int attempts = 0;
};

class PrometheusClient {
public:
  /// `baseUrl` is the server address as Argo's `address` field holds it (`http://host:9090`, maybe
  /// with a path prefix).
  PrometheusClient(std::string baseUrl, HttpOptions http, RetryPolicy retry);

  /// `/api/v1/query` at `timeMillis`.
  QueryOutcome instant(const std::string &query, int64_t timeMillis) const;
  /// `/api/v1/query_range` over [startMillis, endMillis] at `stepMillis` (the caller keeps the
  /// number of steps within kMaxRangeSteps).
  QueryOutcome range(const std::string &query, int64_t startMillis, int64_t endMillis,
                     int64_t stepMillis) const;

  /// The address for messages (credentials in the URL are masked).
  const std::string &displayUrl() const { return display_; }

private:
  QueryOutcome post(const std::string &path, const std::string &form) const;

  std::string base_;
  std::string display_;
  HttpOptions http_;
  RetryPolicy retry_;
};

/// `1795676850.5` style seconds for a millisecond instant (exact: at most three decimals).
std::string secondsText(int64_t millis);

} // namespace rwd::sim::prom
