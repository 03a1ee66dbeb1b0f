// This file implements the fault tests of the Prometheus client against a fake server in the test
// process (cpp-httplib): retries of transient faults, give-up, timeouts, garbage, refused
// connections, rejected queries, credentials, and the exactness of prefetched ranges.
#include "simulator/prometheus/prometheus_client.h"
#include "simulator/prometheus_source.h"

#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <fmt/format.h>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

using namespace rwd;
using namespace rwd::sim;
using namespace rwd::sim::prom;

namespace {

/// A fake Prometheus on 127.0.0.1 and a free port, answering with `handler`.
class FakeServer {
public:
  using Handler = std::function<void(const httplib::Request &, httplib::Response &)>;
  explicit FakeServer(Handler handler) : handler_(std::move(handler)) {
    auto route = [this](const httplib::Request &req, httplib::Response &res) {
      ++requests;
      {
        std::lock_guard lock(mutex_);
        lastAuthorization = req.get_header_value("Authorization");
        lastTenant = req.get_header_value("X-Scope-OrgID");
        lastQuery = req.get_param_value("query");
      }
      handler_(req, res);
    };
    server_.Post("/api/v1/query", route);
    server_.Post("/api/v1/query_range", route);
    port = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 200 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~FakeServer() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return fmt::format("http://127.0.0.1:{}", port); }

  int port = 0;
  std::atomic<int> requests{0};
  std::string lastAuthorization, lastTenant, lastQuery;

private:
  Handler handler_;
  httplib::Server server_;
  std::thread thread_;
  std::mutex mutex_;
};

const char *kVector = R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1795676850,"0.5"]}]}})";

/// A port on 127.0.0.1 that nothing listens on: bound once to pick it, then closed.
int closedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

RetryPolicy fastRetry(int attempts) { return RetryPolicy{attempts, 10, 40}; }

HttpOptions shortTimeout(int64_t ms = 2000) {
  HttpOptions options;
  options.timeoutMs = ms;
  options.connectTimeoutMs = ms;
  return options;
}

} // namespace

TEST_CASE("500s are retried until the server answers", "[prometheus]") {
  std::atomic<int> calls{0};
  FakeServer server([&](const httplib::Request &, httplib::Response &res) {
    if (++calls <= 2) {
      res.status = 500;
      res.set_content("internal", "text/plain");
      return;
    }
    res.set_content(kVector, "application/json");
  });
  PrometheusClient client(server.url(), shortTimeout(), fastRetry(4));
  QueryOutcome outcome = client.instant("up", 1795676850000);
  REQUIRE(outcome.status == QueryOutcome::Status::Ok);
  CHECK(outcome.attempts == 3);
  CHECK(outcome.response.series.at(0).points.at(0).value == 0.5);
}

TEST_CASE("a permanent 503 gives up after the retries with a clear message", "[prometheus]") {
  FakeServer server([](const httplib::Request &, httplib::Response &res) {
    res.status = 503;
    res.set_content(R"({"status":"error","errorType":"unavailable","error":"the server is shutting down"})",
                    "application/json");
  });
  PrometheusClient client(server.url(), shortTimeout(), fastRetry(3));
  QueryOutcome outcome = client.instant("up", 1795676850000);
  CHECK(outcome.status == QueryOutcome::Status::Failed);
  CHECK(outcome.attempts == 3);
  CHECK(server.requests == 3);
  CHECK_THAT(outcome.message, Catch::Contains("HTTP 503") && Catch::Contains("shutting down") &&
                                  Catch::Contains("gave up after 3 attempts"));
}

TEST_CASE("a response slower than the timeout is a failure, not a hang", "[prometheus]") {
  FakeServer server([](const httplib::Request &, httplib::Response &res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    res.set_content(kVector, "application/json");
  });
  PrometheusClient client(server.url(), shortTimeout(150), fastRetry(2));
  auto began = std::chrono::steady_clock::now();
  QueryOutcome outcome = client.instant("up", 1795676850000);
  auto took = std::chrono::steady_clock::now() - began;
  CHECK(outcome.status == QueryOutcome::Status::Failed);
  CHECK_THAT(outcome.message, Catch::Contains("did not answer within 150 ms"));
  CHECK(took < std::chrono::milliseconds(1000));
}

TEST_CASE("malformed JSON is a failure that names the problem", "[prometheus]") {
  FakeServer server([](const httplib::Request &, httplib::Response &res) {
    res.set_content("<html>proxy error</html>", "text/html");
  });
  PrometheusClient client(server.url(), shortTimeout(), fastRetry(3));
  QueryOutcome outcome = client.instant("up", 1795676850000);
  CHECK(outcome.status == QueryOutcome::Status::Failed);
  CHECK_THAT(outcome.message, Catch::Contains("not a query response") && Catch::Contains("proxy error"));
}

TEST_CASE("a refused connection is a failure after the retries", "[prometheus]") {
  int port = closedPort();
  PrometheusClient client(fmt::format("http://127.0.0.1:{}", port), shortTimeout(), fastRetry(2));
  QueryOutcome outcome = client.instant("up", 1795676850000);
  CHECK(outcome.status == QueryOutcome::Status::Failed);
  CHECK(outcome.attempts == 2);
  CHECK_THAT(outcome.message, Catch::Contains("cannot reach Prometheus"));
}

TEST_CASE("400 and 422 are the query's fault: rejected with the server's message, not retried", "[prometheus]") {
  for (int status : {400, 422}) {
    FakeServer server([status](const httplib::Request &, httplib::Response &res) {
      res.status = status;
      res.set_content(R"({"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected end of input"})",
                      "application/json");
    });
    PrometheusClient client(server.url(), shortTimeout(), fastRetry(3));
    QueryOutcome outcome = client.instant("sum(", 1795676850000);
    CHECK(outcome.status == QueryOutcome::Status::Rejected);
    CHECK(outcome.message == "bad_data: 1:5: parse error: unexpected end of input");
    CHECK(server.requests == 1);
  }
}

TEST_CASE("the bearer token and extra headers are sent, and never appear in messages", "[prometheus]") {
  FakeServer server([](const httplib::Request &, httplib::Response &res) { res.status = 500; });
  HttpOptions options = shortTimeout();
  options.bearerToken = "s3cr3t-token";
  options.headers = {"X-Scope-OrgID: tenant-42"};
  std::string url = server.url();
  url.insert(7, "user:hunter2@");
  PrometheusClient client(url, options, fastRetry(1));
  QueryOutcome outcome = client.instant("up", 1795676850000);
  CHECK(server.lastAuthorization == "Bearer s3cr3t-token");
  CHECK(server.lastTenant == "tenant-42");
  CHECK(outcome.message.find("s3cr3t") == std::string::npos);
  CHECK(outcome.message.find("hunter2") == std::string::npos);
  CHECK(client.displayUrl().find("hunter2") == std::string::npos);
}

TEST_CASE("range requests carry exact millisecond times and a millisecond step", "[prometheus]") {
  std::string form;
  FakeServer server([&](const httplib::Request &req, httplib::Response &res) {
    form = "start=" + req.get_param_value("start") + " end=" + req.get_param_value("end") +
           " step=" + req.get_param_value("step");
    res.set_content(R"({"status":"success","data":{"resultType":"matrix","result":[]}})", "application/json");
  });
  PrometheusClient client(server.url(), shortTimeout(), fastRetry(1));
  QueryOutcome outcome = client.range("up", 1795676850500, 1795676900000, 1234);
  CHECK(outcome.status == QueryOutcome::Status::Ok);
  CHECK(form == "start=1795676850.500 end=1795676900 step=1234ms");
}

namespace {

/// A fake server whose single series has the value (t mod 1000 s) at every instant t; with `pods`,
/// two series whose instant-query order (b, a) differs from the range query's label order (a, b).
FakeServer::Handler clockSeries(bool pods, std::atomic<int> &instants, std::atomic<int> &ranges) {
  return [pods, &instants, &ranges](const httplib::Request &req, httplib::Response &res) {
    auto value = [](double seconds) { return fmt::format("{}", std::fmod(seconds, 1000.0)); };
    if (req.path == "/api/v1/query") {
      ++instants;
      double t = std::stod(req.get_param_value("time"));
      std::string one = fmt::format(R"({{"metric":{{"pod":"b"}},"value":[{},"{}"]}})", t, value(t));
      std::string two = fmt::format(R"({{"metric":{{"pod":"a"}},"value":[{},"{}"]}})", t, value(t + 1));
      res.set_content(fmt::format(R"({{"status":"success","data":{{"resultType":"vector","result":[{}]}}}})",
                                  pods ? one + "," + two : one),
                      "application/json");
      return;
    }
    ++ranges;
    double start = std::stod(req.get_param_value("start"));
    double end = std::stod(req.get_param_value("end"));
    std::string step = req.get_param_value("step");
    double stepSeconds = std::stod(step.substr(0, step.size() - 2)) / 1000.0;
    std::string a, b;
    for (double t = start; t <= end + 1e-9; t += stepSeconds) {
      b += fmt::format("{}[{},\"{}\"]", b.empty() ? "" : ",", t, value(t));
      a += fmt::format("{}[{},\"{}\"]", a.empty() ? "" : ",", t, value(t + 1));
    }
    std::string series = fmt::format(R"({{"metric":{{"pod":"b"}},"values":[{}]}})", b);
    if (pods) series = fmt::format(R"({{"metric":{{"pod":"a"}},"values":[{}]}},)", a) + series;
    res.set_content(fmt::format(R"({{"status":"success","data":{{"resultType":"matrix","result":[{}]}}}})", series),
                    "application/json");
  };
}

plan::Metric intervalMetric(int64_t intervalMs, int64_t count) {
  plan::Metric metric;
  metric.name = "m";
  metric.provider.kind = "prometheus";
  metric.intervalMs = intervalMs;
  metric.count = count;
  return metric;
}

} // namespace

TEST_CASE("measurements on the interval grid come from one range query and equal the instant values",
          "[prometheus]") {
  std::atomic<int> instants{0}, ranges{0};
  FakeServer server(clockSeries(false, instants, ranges));
  PrometheusSourceOptions options;
  options.address = server.url();
  options.http = shortTimeout();
  options.retry = fastRetry(1);
  options.startMs = 1795676850000;
  options.endMs = options.startMs + 3'600'000;
  PrometheusMetricSource source(options);
  plan::Metric metric = intervalMetric(60'000, 5);
  std::string query = "x", templateName = "t";
  for (int64_t k = 0; k < 5; ++k) {
    int64_t tMs = 30'000 + k * 60'000;
    runtime::ProviderResult r = source.measure({metric, templateName, query, tMs});
    REQUIRE(r.status == runtime::ProviderResult::Status::Ok);
    REQUIRE(r.result.isList());
    REQUIRE(r.result.asList().size() == 1);
    CHECK(r.result.asList()[0].toDouble() == std::fmod((options.startMs + tMs) / 1000.0, 1000.0));
  }
  // An error retry 10 s later is off the grid: asked directly.
  runtime::ProviderResult off = source.measure({metric, templateName, query, 30'000 + 4 * 60'000 + 10'000});
  CHECK(off.result.asList().at(0).toDouble() == std::fmod((options.startMs + 280'000) / 1000.0, 1000.0));
  CHECK(instants == 2);
  CHECK(ranges >= 1);
  CHECK(source.stats().rangeHits == 4);
}

TEST_CASE("where several series answer, the instant query's series order is kept", "[prometheus]") {
  std::atomic<int> instants{0}, ranges{0};
  FakeServer server(clockSeries(true, instants, ranges));
  PrometheusSourceOptions options;
  options.address = server.url();
  options.http = shortTimeout();
  options.retry = fastRetry(1);
  options.startMs = 1795676850000;
  options.endMs = options.startMs + 3'600'000;
  PrometheusMetricSource source(options);
  plan::Metric metric = intervalMetric(60'000, 3);
  std::string query = "x", templateName = "t";
  for (int64_t k = 0; k < 3; ++k) {
    runtime::ProviderResult r = source.measure({metric, templateName, query, k * 60'000});
    REQUIRE(r.result.asList().size() == 2);
    double t = (options.startMs + k * 60'000) / 1000.0;
    CHECK(r.result.asList()[0].toDouble() == std::fmod(t, 1000.0));     // pod b first, as the instant query says
    CHECK(r.result.asList()[1].toDouble() == std::fmod(t + 1, 1000.0)); // then pod a
  }
  CHECK(instants == 3);
}

TEST_CASE("an unreachable server is a tool failure, never an answer", "[prometheus]") {
  int port = closedPort();
  PrometheusSourceOptions options;
  options.address = fmt::format("http://127.0.0.1:{}", port);
  options.http = shortTimeout();
  options.retry = fastRetry(1);
  PrometheusMetricSource source(options);
  plan::Metric metric = intervalMetric(60'000, 3);
  std::string query = "x", templateName = "t";
  runtime::ProviderResult r = source.measure({metric, templateName, query, 0});
  CHECK(r.status == runtime::ProviderResult::Status::ToolFailure);
  CHECK_THAT(r.message, Catch::Contains("cannot reach Prometheus"));
}

TEST_CASE("a long window is fetched in parallel chunks under the server's 11,000-point limit", "[prometheus]") {
  std::atomic<int> instants{0}, ranges{0};
  std::atomic<bool> overLimit{false};
  FakeServer::Handler inner = clockSeries(false, instants, ranges);
  FakeServer server([&](const httplib::Request &req, httplib::Response &res) {
    if (req.path == "/api/v1/query_range") {
      double start = std::stod(req.get_param_value("start"));
      double end = std::stod(req.get_param_value("end"));
      std::string step = req.get_param_value("step");
      double stepSeconds = std::stod(step.substr(0, step.size() - 2)) / 1000.0;
      if ((end - start) / stepSeconds > 11000) overLimit = true;
    }
    inner(req, res);
  });
  PrometheusSourceOptions options;
  options.address = server.url();
  options.http = shortTimeout(10'000);
  options.retry = fastRetry(1);
  options.startMs = 1795676850000;
  options.endMs = options.startMs + 30'000'000; // 30,000 steps of 1 s
  PrometheusMetricSource source(options);
  plan::Metric metric = intervalMetric(1'000, 0); // count 0 with an interval: unbounded
  std::string query = "x", templateName = "t";
  for (int64_t tMs : {int64_t{0}, int64_t{1'000}, int64_t{11'002'000}, int64_t{25'000'000}, int64_t{30'000'000}}) {
    runtime::ProviderResult r = source.measure({metric, templateName, query, tMs});
    REQUIRE(r.status == runtime::ProviderResult::Status::Ok);
    CHECK(r.result.asList().at(0).toDouble() == std::fmod((options.startMs + tMs) / 1000.0, 1000.0));
  }
  CHECK_FALSE(overLimit);
  CHECK(ranges == 3);
  CHECK(instants == 1);
  CHECK(source.stats().rangeHits == 4);
}

TEST_CASE("record's grid holds the instant value at every step of a long window and at its end", "[prometheus]") {
  std::atomic<int> instants{0}, ranges{0};
  std::atomic<bool> overLimit{false};
  FakeServer::Handler inner = clockSeries(false, instants, ranges);
  FakeServer server([&](const httplib::Request &req, httplib::Response &res) {
    if (req.path == "/api/v1/query_range") {
      std::string step = req.get_param_value("step");
      double stepSeconds = std::stod(step.substr(0, step.size() - 2)) / 1000.0;
      if ((std::stod(req.get_param_value("end")) - std::stod(req.get_param_value("start"))) / stepSeconds > 11000)
        overLimit = true;
    }
    inner(req, res);
  });
  PrometheusSourceOptions options;
  options.http = shortTimeout(10'000);
  options.retry = fastRetry(1);
  PrometheusMetricSource source(options);
  const int64_t from = 1795676850000, to = from + 25'000'500; // the end is off the 1 s grid
  std::vector<InstantAnswer> grid;
  bool rejected = false;
  REQUIRE_FALSE(source.sampleGrid(server.url(), "x", from, to, 1'000, grid, rejected));
  REQUIRE(grid.size() == 25'002);
  for (const InstantAnswer &answer : grid) {
    REQUIRE(answer.values.size() == 1);
    REQUIRE(answer.values[0] == std::fmod(answer.timeMillis / 1000.0, 1000.0));
  }
  CHECK(grid.back().timeMillis == to);
  CHECK_FALSE(overLimit);
  CHECK(ranges == 3);
  CHECK(instants == 2); // the type at the start, the off-grid end
}
