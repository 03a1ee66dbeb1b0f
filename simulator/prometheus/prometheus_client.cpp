// This file implements a Prometheus query client: instant and range queries against one server,
// with retries and backoff for transient faults, and a verdict on who is to blame for a failure.
#include "simulator/prometheus/prometheus_client.h"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <thread>

namespace rwd::sim::prom {

namespace {

/// Faults worth another try: the server or a proxy is overloaded, restarting or timed out.
bool transientStatus(long status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

std::string shortBody(const std::string &body) {
  std::string out = body.substr(0, 200);
  for (char &c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (body.size() > 200) out += "...";
  return out;
}

} // namespace

std::string secondsText(int64_t millis) {
  int64_t seconds = millis / 1000;
  int64_t rest = millis % 1000;
  if (rest < 0) rest += 1000, --seconds;
  if (rest == 0) return fmt::format("{}", seconds);
  return fmt::format("{}.{:03}", seconds, rest);
}

PrometheusClient::PrometheusClient(std::string baseUrl, HttpOptions http, RetryPolicy retry)
    : base_(std::move(baseUrl)), http_(std::move(http)), retry_(retry) {
  while (!base_.empty() && base_.back() == '/') base_.pop_back();
  display_ = redactUrl(base_);
}

QueryOutcome PrometheusClient::instant(const std::string &query, int64_t timeMillis) const {
  return post("/api/v1/query", "query=" + formEncode(query) + "&time=" + secondsText(timeMillis));
}

QueryOutcome PrometheusClient::range(const std::string &query, int64_t startMillis, int64_t endMillis,
                                     int64_t stepMillis) const {
  // The step as a duration in milliseconds: a float step such as 1.234 would be truncated to 1233 ms.
  return post("/api/v1/query_range", "query=" + formEncode(query) + "&start=" + secondsText(startMillis) +
                                         "&end=" + secondsText(endMillis) +
                                         fmt::format("&step={}ms", stepMillis));
}

QueryOutcome PrometheusClient::post(const std::string &path, const std::string &form) const {
  QueryOutcome outcome;
  int64_t backoff = retry_.initialBackoffMs;
  int attempts = std::max(1, retry_.attempts);
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    outcome.attempts = attempt;
    HttpResponse http = httpPostForm(base_ + path, form, http_);
    bool retry = false;
    if (!http.transportOk) {
      outcome.status = QueryOutcome::Status::Failed;
      outcome.message = http.timedOut
                            ? fmt::format("Prometheus at {} did not answer within {} ms", display_, http_.timeoutMs)
                            : fmt::format("cannot reach Prometheus at {}: {}", display_, http.error);
      retry = true;
    } else {
      Response decoded = decodeResponse(http.body);
      bool is2xx = http.status >= 200 && http.status < 300;
      if ((http.status == 400 || http.status == 422 || is2xx) && decoded.kind == Response::Kind::Error) {
        // The query itself was refused: Argo's measurement would be an Error with this message
        // (client_golang's `errorType: error`).
        outcome.status = QueryOutcome::Status::Rejected;
        outcome.message = decoded.errorType.empty() ? decoded.error : decoded.errorType + ": " + decoded.error;
        outcome.response = std::move(decoded);
        return outcome;
      }
      if (is2xx && decoded.kind == Response::Kind::Success) {
        outcome.status = QueryOutcome::Status::Ok;
        outcome.message.clear();
        outcome.response = std::move(decoded);
        return outcome;
      }
      outcome.status = QueryOutcome::Status::Failed;
      if (is2xx) {
        outcome.message = fmt::format("Prometheus at {} answered something that is not a query response ({}): {}",
                                      display_, decoded.error, shortBody(http.body));
      } else {
        std::string detail = decoded.kind == Response::Kind::Error ? decoded.error : shortBody(http.body);
        outcome.message = fmt::format("Prometheus at {} answered HTTP {}{}{}", display_, http.status,
                                      detail.empty() ? "" : ": ", detail);
        retry = transientStatus(http.status);
      }
    }
    if (!retry || attempt == attempts) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(backoff));
    backoff = std::min(backoff * 2, retry_.maxBackoffMs);
  }
  if (outcome.attempts > 1) outcome.message += fmt::format(" (gave up after {} attempts)", outcome.attempts);
  return outcome;
}

} // namespace rwd::sim::prom
