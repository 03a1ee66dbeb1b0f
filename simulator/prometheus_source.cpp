// This file implements the metric source that answers measurements from a Prometheus server's
// history: each measurement at simulated time t gets what an instant query at t returns.
#include "simulator/prometheus_source.h"

#include <algorithm>
#include <cstdlib>
#include <fmt/format.h>
#include <thread>

namespace rwd::sim {

/// Range-query chunks fetched ahead at once (each up to 11,001 points).
constexpr int64_t kPrefetchChunks = 16;

using prom::QueryOutcome;
using prom::ResultType;

/// A fetched range: the answers at from, from + step, ..., to.
struct PrometheusMetricSource::Span {
  int64_t from = 0, to = 0, step = 1;
  std::unordered_map<int64_t, Hit> points; // instants where at least one series answered

  bool holds(int64_t t) const { return t >= from && t <= to && (t - from) % step == 0; }
};

struct PrometheusMetricSource::Pending {
  int64_t from = 0, to = 0, step = 1;
  std::future<QueryOutcome> future;

  bool holds(int64_t t) const { return t >= from && t <= to && (t - from) % step == 0; }
};

struct PrometheusMetricSource::QueryState {
  prom::PrometheusClient *client = nullptr;
  std::string query;
  std::optional<ResultType> type; // known after the first instant query
  bool rangeUsable = true;        // false once the server refused a range query of it
  std::vector<Span> spans;
  std::vector<Pending> pending;
};

std::string prometheusAddress(const plan::Metric &metric, const std::string &overrideAddress) {
  if (!overrideAddress.empty()) return overrideAddress;
  if (!metric.provider.address.empty()) return metric.provider.address;
  if (const char *env = std::getenv("ARGO_ROLLOUTS_PROMETHEUS_ADDRESS"); env && *env) return env;
  return "";
}

bool checkPrometheusPlan(const plan::Plan &plan, const std::string &overrideAddress, DiagnosticEngine &diags) {
  bool ok = true;
  for (const plan::Template &t : plan.templates)
    for (const plan::Metric &m : t.metrics) {
      SourceRange at = m.provider.range.valid() ? m.provider.range : m.range;
      if (m.provider.kind != "prometheus") {
        diags.report(DiagKind::PrometheusProviderRequired, at, m.name, m.provider.kind);
        ok = false;
        continue;
      }
      if (m.provider.config.contains("rangeQuery")) {
        diags.report(DiagKind::PrometheusRangeQuery, at, m.name);
        ok = false;
        continue;
      }
      std::string address = prometheusAddress(m, overrideAddress);
      if (address.empty()) {
        diags.report(DiagKind::PrometheusNoAddress, at, m.name);
        ok = false;
      } else if (overrideAddress.empty() && address.find("{{") != std::string::npos) {
        diags.report(DiagKind::PrometheusArgsInAddress, at, m.name);
        ok = false;
      }
    }
  return ok;
}

runtime::ProviderResult answerToResult(ResultType type, const std::vector<double> &values) {
  using runtime::Value;
  switch (type) {
  case ResultType::Scalar:
    if (values.size() != 1) return runtime::ProviderResult::toolFailure("a scalar result without exactly one value");
    return runtime::ProviderResult::ok(Value::number(values.front()));
  case ResultType::Vector:
  case ResultType::Matrix: {
    Value::ListItems items;
    items.reserve(values.size());
    for (double v : values) items.push_back(Value::number(v));
    return runtime::ProviderResult::ok(Value::list(std::move(items)));
  }
  case ResultType::String: break;
  }
  // What Argo's provider says for any other result type.
  return runtime::ProviderResult::providerError("Prometheus metric type not supported");
}

namespace {

std::vector<double> instantValues(const prom::Response &response) {
  std::vector<double> values;
  for (const prom::Series &series : response.series)
    for (const prom::Point &point : series.points) values.push_back(point.value);
  return values;
}

} // namespace

PrometheusMetricSource::PrometheusMetricSource(PrometheusSourceOptions options)
    : options_(std::move(options)), slots_(std::clamp(options_.maxParallel, 1, 64)) {}

PrometheusMetricSource::~PrometheusMetricSource() {
  // Futures from std::async join in their destructors; wait for them here, before the clients go.
  for (auto &[key, state] : states_)
    for (Pending &p : state->pending)
      if (p.future.valid()) p.future.wait();
}

prom::PrometheusClient &PrometheusMetricSource::client(const std::string &address) {
  auto &slot = clients_[address];
  if (!slot) slot = std::make_unique<prom::PrometheusClient>(address, options_.http, options_.retry);
  return *slot;
}

PrometheusMetricSource::QueryState &PrometheusMetricSource::state(const std::string &address,
                                                                  const std::string &query) {
  auto &slot = states_[{address, query}];
  if (!slot) {
    slot = std::make_unique<QueryState>();
    slot->client = &client(address);
    slot->query = query;
  }
  return *slot;
}

std::string PrometheusMetricSource::displayAddress() const {
  return options_.address.empty() ? "" : prom::redactUrl(options_.address);
}

PrometheusStats PrometheusMetricSource::stats() const {
  return {instantQueries_.load(), rangeQueries_.load(), rangeHits_};
}

void PrometheusMetricSource::prefetch(QueryState &state, int64_t from, int64_t to, int64_t step) {
  if (step <= 0 || from > to) return;
  const int64_t chunk = prom::kMaxRangeSteps * step;
  for (int64_t start = from; start <= to; start += chunk + step) {
    int64_t end = std::min(to, start + chunk);
    Pending p{start, end, step, {}};
    prom::PrometheusClient *client = state.client;
    std::string query = state.query;
    p.future = std::async(std::launch::async, [this, client, query, start, end, step] {
      slots_.acquire();
      ++rangeQueries_;
      QueryOutcome outcome = client->range(query, start, end, step);
      slots_.release();
      return outcome;
    });
    state.pending.push_back(std::move(p));
  }
}

bool PrometheusMetricSource::covered(const QueryState &state, int64_t t) const {
  for (const Span &span : state.spans)
    if (span.holds(t)) return true;
  for (const Pending &p : state.pending)
    if (p.holds(t)) return true;
  return false;
}

std::optional<PrometheusMetricSource::Hit> PrometheusMetricSource::lookup(QueryState &state, int64_t t) {
  for (const Span &span : state.spans)
    if (span.holds(t)) {
      auto it = span.points.find(t);
      return it == span.points.end() ? Hit{} : it->second;
    }
  for (size_t i = 0; i < state.pending.size(); ++i) {
    if (!state.pending[i].holds(t)) continue;
    Pending p = std::move(state.pending[i]);
    state.pending.erase(state.pending.begin() + static_cast<ptrdiff_t>(i));
    QueryOutcome outcome = p.future.get();
    if (outcome.status != QueryOutcome::Status::Ok || outcome.response.resultType != ResultType::Matrix) {
      // Instant queries answer from now on (and report the failure if it persists).
      state.rangeUsable = false;
      return std::nullopt;
    }
    Span span{p.from, p.to, p.step, {}};
    for (const prom::Series &series : outcome.response.series)
      for (const prom::Point &point : series.points) {
        Hit &hit = span.points[point.timeMillis];
        ++hit.count;
        hit.value = point.value;
      }
    state.spans.push_back(std::move(span));
    return lookup(state, t);
  }
  return std::nullopt;
}

QueryOutcome PrometheusMetricSource::instant(QueryState &state, int64_t t) {
  slots_.acquire();
  ++instantQueries_;
  QueryOutcome outcome = state.client->instant(state.query, t);
  slots_.release();
  if (outcome.status == QueryOutcome::Status::Ok) {
    state.type = outcome.response.resultType;
    if (*state.type == ResultType::Matrix || *state.type == ResultType::String) state.rangeUsable = false;
  }
  return outcome;
}

runtime::ProviderResult PrometheusMetricSource::measure(const runtime::MeasurementRequest &request) {
  const plan::Metric &metric = request.metric;
  if (metric.provider.kind != "prometheus")
    return runtime::ProviderResult::toolFailure(
        fmt::format("metric `{}` uses the `{}` provider, which a Prometheus server cannot answer", metric.name,
                    metric.provider.kind));
  std::string address = prometheusAddress(metric, options_.address);
  if (address.empty())
    return runtime::ProviderResult::toolFailure(fmt::format("metric `{}` has no Prometheus address", metric.name));
  QueryState &qs = state(address, request.query);
  const int64_t t = options_.startMs + request.tMs;

  if (qs.type) {
    if (std::optional<Hit> hit = lookup(qs, t); hit && hit->count <= 1) {
      std::vector<double> values;
      if (hit->count == 1) values.push_back(hit->value);
      if (*qs.type == ResultType::Scalar && values.empty()) {
        // A scalar always has a value; an empty point means the range was odd: ask directly.
      } else {
        ++rangeHits_;
        return answerToResult(*qs.type, values);
      }
    }
  }
  QueryOutcome outcome = instant(qs, t);
  if (outcome.status == QueryOutcome::Status::Failed) return runtime::ProviderResult::toolFailure(outcome.message);
  if (outcome.status == QueryOutcome::Status::Rejected)
    return runtime::ProviderResult::providerError(outcome.message);

  // Prefetch the measurements the interval makes predictable, unless already fetched or in flight.
  if (options_.prefetch && qs.rangeUsable && metric.intervalMs && *metric.intervalMs > 0) {
    int64_t step = *metric.intervalMs;
    int64_t horizon = options_.endMs;
    if (std::optional<int64_t> count = metric.effectiveCount())
      horizon = std::min(horizon, t + *count * step);
    int64_t from = t + step;
    // At most kPrefetchChunks chunks ahead (threads and memory stay bounded on long windows); a
    // measurement past them is a miss that prefetches the next stretch.
    horizon = std::min(horizon, from + kPrefetchChunks * prom::kMaxRangeSteps * step);
    if (from <= horizon && !covered(qs, from)) prefetch(qs, from, horizon, step);
  }
  return answerToResult(outcome.response.resultType, instantValues(outcome.response));
}

std::optional<std::string> PrometheusMetricSource::sampleGrid(const std::string &address, const std::string &query,
                                                              int64_t from, int64_t to, int64_t step,
                                                              std::vector<InstantAnswer> &out, bool &rejected) {
  rejected = false;
  QueryState &qs = state(address, query);
  if (!qs.type) {
    QueryOutcome first = instant(qs, from);
    if (first.status != QueryOutcome::Status::Ok) {
      rejected = first.status == QueryOutcome::Status::Rejected;
      return first.message;
    }
  }
  if (*qs.type == ResultType::String) {
    rejected = true;
    return std::string("Prometheus metric type not supported");
  }
  std::vector<int64_t> instants;
  for (int64_t t = from; t <= to; t += step) instants.push_back(t);
  if (instants.empty() || instants.back() != to) instants.push_back(to);
  const int64_t stretch = kPrefetchChunks * (prom::kMaxRangeSteps + 1) * step;
  int64_t fetchedTo = from - 1;

  // Points a range cannot answer in the instant query's series order: instant queries, in parallel.
  out.clear();
  out.resize(instants.size());
  std::vector<size_t> direct;
  for (size_t i = 0; i < instants.size(); ++i) {
    int64_t t = instants[i];
    out[i].timeMillis = t;
    out[i].type = *qs.type;
    if (qs.rangeUsable && t > fetchedTo) {
      // The next stretch of chunks, fetched in parallel while the previous ones are read.
      fetchedTo = std::min(to, t + stretch - 1);
      prefetch(qs, t, fetchedTo, step);
    }
    std::optional<Hit> hit = qs.rangeUsable ? lookup(qs, t) : std::nullopt;
    if (hit && hit->count <= 1 && !(*qs.type == ResultType::Scalar && hit->count == 0)) {
      if (hit->count == 1) out[i].values.push_back(hit->value);
      continue;
    }
    direct.push_back(i);
  }
  std::vector<QueryOutcome> outcomes(direct.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t k = next++; k < direct.size(); k = next++) {
      ++instantQueries_;
      outcomes[k] = qs.client->instant(query, out[direct[k]].timeMillis);
    }
  };
  std::vector<std::thread> workers;
  size_t threads = std::min<size_t>(direct.size(), static_cast<size_t>(std::clamp(options_.maxParallel, 1, 64)));
  for (size_t w = 0; w < threads; ++w) workers.emplace_back(worker);
  for (std::thread &w : workers) w.join();
  for (size_t k = 0; k < direct.size(); ++k) {
    const QueryOutcome &outcome = outcomes[k];
    if (outcome.status != QueryOutcome::Status::Ok) {
      rejected = outcome.status == QueryOutcome::Status::Rejected;
      return outcome.message;
    }
    out[direct[k]].type = outcome.response.resultType;
    out[direct[k]].values = instantValues(outcome.response);
  }
  return std::nullopt;
}

} // namespace rwd::sim
