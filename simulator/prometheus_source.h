// This file implements the metric source that answers measurements from a Prometheus server's
// history: each measurement at simulated time t gets what an instant query at t returns.
//
// Fetching: the first measurement of a query is an instant query (it also tells the result type);
// then the measurements that the metric's `interval` makes predictable (t + k*interval, up to its
// `count` or the end of the window) are prefetched in the background by range queries on exactly
// that grid, split under the server's 11,000-point limit and run in parallel. A range query's point
// at start + k*step is the instant query's value at that time, so a hit is exact. Anything the
// grids do not hold (an error retry 10 s later, a new analysis run, a point where several series
// answer and the instant query's series order matters) is an instant query of its own.
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/plan/plan.h"
#include "runtime/metric_source.h"
#include "simulator/prometheus/prometheus_client.h"

#include <atomic>
#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <semaphore>
#include <string>
#include <unordered_map>
#include <vector>

namespace rwd::sim {

struct PrometheusSourceOptions {
  std::string address;        // --prometheus: overrides every metric's own address ("" = theirs)
  prom::HttpOptions http;
  prom::RetryPolicy retry;
  int64_t startMs = 0;        // absolute instant of simulated t = 0
  int64_t endMs = 0;          // absolute end of simulated time (no measurement after it)
  bool prefetch = true;       // false: one instant query per measurement
  int maxParallel = 8;        // requests in flight at once
};

/// The server a metric is answered by: `overrideAddress`, else the metric's own `address`, else
/// ARGO_ROLLOUTS_PROMETHEUS_ADDRESS (as the Argo controller does); "" when there is none.
std::string prometheusAddress(const plan::Metric &metric, const std::string &overrideAddress);

/// Reports (located at each metric) what a Prometheus replay cannot answer: another provider, no
/// address, an address from args, `rangeQuery`. Returns false if anything was reported.
bool checkPrometheusPlan(const plan::Plan &plan, const std::string &overrideAddress, DiagnosticEngine &diags);

/// What one query returned at one instant, shaped as Argo's provider shapes it.
struct InstantAnswer {
  int64_t timeMillis = 0;
  prom::ResultType type = prom::ResultType::Vector;
  std::vector<double> values; // vector: one per series, in the server's order; scalar: one
};

struct PrometheusStats {
  size_t instantQueries = 0;
  size_t rangeQueries = 0;
  size_t rangeHits = 0; // measurements answered from a prefetched range
};

class PrometheusMetricSource : public runtime::MetricSource {
public:
  explicit PrometheusMetricSource(PrometheusSourceOptions options);
  ~PrometheusMetricSource() override;

  runtime::ProviderResult measure(const runtime::MeasurementRequest &request) override;

  /// Every instant query answer of `query` at from, from + step, ... up to `to` (plus `to` itself),
  /// fetched by parallel range queries (instant queries where several series answer). On failure
  /// returns the reason, `rejected` saying whether the server refused the query itself.
  std::optional<std::string> sampleGrid(const std::string &address, const std::string &query, int64_t from,
                                        int64_t to, int64_t step, std::vector<InstantAnswer> &out,
                                        bool &rejected);

  PrometheusStats stats() const;
  /// The server address as shown in reports (credentials masked): the override, or "" if unset.
  std::string displayAddress() const;

private:
  struct Span;
  struct Pending;
  struct QueryState;

  prom::PrometheusClient &client(const std::string &address);
  QueryState &state(const std::string &address, const std::string &query);
  void prefetch(QueryState &state, int64_t from, int64_t to, int64_t step);
  /// The number of series and the value at `t` if a fetched range holds that instant.
  struct Hit {
    uint32_t count = 0;
    double value = 0;
  };
  std::optional<Hit> lookup(QueryState &state, int64_t t);
  bool covered(const QueryState &state, int64_t t) const;
  prom::QueryOutcome instant(QueryState &state, int64_t t);

  PrometheusSourceOptions options_;
  std::map<std::string, std::unique_ptr<prom::PrometheusClient>> clients_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<QueryState>> states_;
  std::counting_semaphore<64> slots_;
  std::atomic<size_t> instantQueries_{0}, rangeQueries_{0};
  size_t rangeHits_ = 0;
};

/// `answer` as the runtime value Argo binds to `result` (vector → list, scalar → number, matrix →
/// every sample flattened); a string result is the provider's error.
runtime::ProviderResult answerToResult(prom::ResultType type, const std::vector<double> &values);

} // namespace rwd::sim
