// This file implements the unit tests of one AnalysisRun against Argo's analysis controller
// (reference/argo-semantics.md §2.1–§2.6, §4; upstream analysis/analysis_test.go): counters,
// limits, scheduling, early termination, dry-run, run phase, arguments and provider phases.
#include "runtime/analysis_run.h"

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/parse/parser.h"
#include "compiler/sema/condition_checker.h"
#include "compiler/source/source_manager.h"

#include "tests/unit/runtime/expr_test_helpers.h"

#include <catch2/catch.hpp>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plan = rwd::plan;
using rwd::runtime::AnalysisRun;
using rwd::runtime::assessMetric;
using rwd::runtime::EntryKind;
using rwd::runtime::MeasurementRequest;
using rwd::runtime::MetricSource;
using rwd::runtime::MetricState;
using rwd::runtime::Phase;
using rwd::runtime::ProviderResult;
using rwd::runtime::substituteArgs;
using rwd::runtime::TimelineEntry;
using rwd::runtime::Value;

namespace {

constexpr int64_t kSecond = 1000;
constexpr int64_t kMinute = 60 * kSecond;
const double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr auto condition = &rwd::test::resolvedCondition;

using rwd::test::floats;

/// A Prometheus-style metric with the given conditions (std::nullopt = unset).
plan::Metric metric(std::string name, std::optional<std::string> success = "result[0] >= 0.95",
                    std::optional<std::string> failure = std::nullopt) {
  plan::Metric m;
  m.name = std::move(name);
  m.provider.kind = "prometheus";
  m.provider.query = "sum(rate(http_requests_total[5m]))";
  m.shape = plan::ResultShape::Vector;
  if (success) {
    m.success = condition(*success);
    m.successText = *success;
  }
  if (failure) {
    m.failure = condition(*failure);
    m.failureText = *failure;
  }
  return m;
}

/// One step of a measurement script: a provider value or a provider error.
struct Answer {
  std::optional<Value> value; // nullopt = provider error
  std::string error;
};

/// Letters for `result[0] >= 0.95` (success) and `result[0] < 0.5` (failure):
/// S = 0.99 (Successful), F = 0.1 (Failed), I = 0.7 (Inconclusive with both conditions),
/// N = NaN, 0 = empty vector, E = a provider error.
std::vector<Answer> script(std::string_view letters) {
  std::vector<Answer> answers;
  for (char c : letters) {
    switch (c) {
    case 'S': answers.push_back({floats({0.99}), ""}); break;
    case 'F': answers.push_back({floats({0.1}), ""}); break;
    case 'I': answers.push_back({floats({0.7}), ""}); break;
    case 'N': answers.push_back({floats({kNaN}), ""}); break;
    case '0': answers.push_back({Value::list({}), ""}); break;
    case 'E': answers.push_back({std::nullopt, "Post \"http://prometheus\": connection refused"}); break;
    default: FAIL("unknown script letter " << c);
    }
  }
  return answers;
}

/// A metric source that replays a queued script per metric (fault injection) and records every
/// request. Running out of script is a test bug: it answers ToolFailure so the run stops.
class ScriptedSource : public MetricSource {
public:
  struct Call {
    std::string metric;
    std::string query;
    int64_t tMs;
  };

  void queue(const std::string &metricName, std::vector<Answer> answers) {
    for (Answer &a : answers) scripts_[metricName].push_back(std::move(a));
  }

  ProviderResult measure(const MeasurementRequest &request) override {
    calls.push_back({request.metric.name, request.query, request.tMs});
    auto &queue = scripts_[request.metric.name];
    if (queue.empty()) return ProviderResult::toolFailure("script exhausted for " + request.metric.name);
    Answer answer = std::move(queue.front());
    queue.pop_front();
    if (!answer.value) return ProviderResult::providerError(answer.error);
    return ProviderResult::ok(*answer.value);
  }

  std::vector<int64_t> times(const std::string &metricName) const {
    std::vector<int64_t> out;
    for (const Call &c : calls)
      if (c.metric == metricName) out.push_back(c.tMs);
    return out;
  }

  std::vector<Call> calls;

private:
  std::map<std::string, std::deque<Answer>> scripts_;
};

/// A plan with one template holding `metrics`, and a step run over it. The AnalysisRun keeps
/// pointers into the plan, so the harness is neither copied nor moved once started.
struct Harness {
  plan::Plan plan;
  plan::Run run;
  ScriptedSource source;
  std::vector<TimelineEntry> timeline;
  std::unique_ptr<AnalysisRun> ar;

  explicit Harness(std::vector<plan::Metric> metrics, std::string templateName = "http") {
    plan::Template t;
    t.name = std::move(templateName);
    t.metrics = std::move(metrics);
    plan.templates.push_back(std::move(t));
    run.kind = plan::RunKind::Step;
    run.templates = {0};
  }
  Harness(const Harness &) = delete;

  plan::Metric &metricAt(size_t i) { return plan.templates[0].metrics[i]; }

  AnalysisRun &start(int64_t t0 = 0) {
    ar = std::make_unique<AnalysisRun>(plan, run, "step 0", t0);
    return *ar;
  }

  /// Takes every measurement due up to and including `endMs`, as the executor's loop does.
  void runUntil(int64_t endMs) {
    REQUIRE(ar);
    for (int guard = 0; guard < 10'000; ++guard) {
      std::optional<int64_t> next = ar->nextDueMs();
      if (!next || *next > endMs) return;
      std::string failure;
      INFO("t = " << *next);
      REQUIRE(ar->advance(*next, source, timeline, failure));
      REQUIRE(failure.empty());
    }
    FAIL("the run never stopped scheduling measurements");
  }

  const MetricState &state(const std::string &name) const {
    for (const MetricState &m : ar->metrics())
      if (m.metric->name == name) return m;
    FAIL("no metric " << name);
    return ar->metrics().front();
  }

  std::vector<const TimelineEntry *> entries(EntryKind kind) const {
    std::vector<const TimelineEntry *> out;
    for (const TimelineEntry &e : timeline)
      if (e.kind == kind) out.push_back(&e);
    return out;
  }

  /// The measurement phases of `metricName`, in order, as one string of letters (S F I E).
  std::string phases(const std::string &metricName) const {
    std::string out;
    for (const TimelineEntry &e : timeline) {
      if (e.kind != EntryKind::Measurement || e.metric != metricName) continue;
      switch (*e.phase) {
      case Phase::Successful: out += 'S'; break;
      case Phase::Failed: out += 'F'; break;
      case Phase::Inconclusive: out += 'I'; break;
      case Phase::Error: out += 'E'; break;
      default: out += '?'; break;
      }
    }
    return out;
  }
};

/// A metric measured every minute, `count` times.
plan::Metric everyMinute(std::string name, int64_t count,
                         std::optional<std::string> success = "result[0] >= 0.95",
                         std::optional<std::string> failure = std::nullopt) {
  plan::Metric m = metric(std::move(name), std::move(success), std::move(failure));
  m.intervalMs = kMinute;
  m.count = count;
  return m;
}

} // namespace

//===-- Limits (§2.3) ----------------------------------------------------------===//

TEST_CASE("AnalysisRun: failureLimit 2 tolerates two failures out of five", "[analysis]") {
  Harness h({everyMinute("rate", 5)});
  h.metricAt(0).failureLimit = 2;

  SECTION("F,F,S,S,S is Successful: 2 failures is not > 2") {
    h.source.queue("rate", script("FFSSS"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.phases("rate") == "FFSSS");
    const MetricState &m = h.state("rate");
    CHECK(m.phase == Phase::Successful);
    CHECK(m.count == 5);
    CHECK(m.failed == 2);
    CHECK(m.successful == 3);
    CHECK(h.ar->phase() == Phase::Successful);
    CHECK(h.ar->message().empty());
  }
  SECTION("a third failure trips the limit at once") {
    h.source.queue("rate", script("FSFF"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.phases("rate") == "FSFF");
    CHECK(h.state("rate").phase == Phase::Failed);
    CHECK(h.state("rate").completedAtMs == 3 * kMinute);
    CHECK(h.ar->phase() == Phase::Failed);
    CHECK(h.ar->message() == "Metric \"rate\" assessed Failed due to failed (3) > failureLimit (2)");
  }
}

TEST_CASE("AnalysisRun: failureLimit default 0 fails on the first failure", "[analysis]") {
  Harness h({everyMinute("rate", 5)});
  h.source.queue("rate", script("SF"));
  h.start();
  h.runUntil(60 * kMinute);
  CHECK(h.phases("rate") == "SF");
  CHECK(h.state("rate").phase == Phase::Failed);
  CHECK(h.ar->phase() == Phase::Failed);
  CHECK(h.ar->message() == "Metric \"rate\" assessed Failed due to failed (1) > failureLimit (0)");
  CHECK(h.ar->nextDueMs() == std::nullopt);
}

TEST_CASE("AnalysisRun: failureLimit counts total failures, not consecutive ones", "[analysis]") {
  Harness h({everyMinute("rate", 10)});
  h.metricAt(0).failureLimit = 3;
  h.source.queue("rate", script("FSFSFSFSSS"));
  h.start();
  h.runUntil(60 * kMinute);
  // The fourth failure (the 7th measurement) trips `failed (4) > failureLimit (3)`.
  CHECK(h.phases("rate") == "FSFSFSF");
  CHECK(h.state("rate").phase == Phase::Failed);
  CHECK(h.state("rate").completedAtMs == 6 * kMinute);
  CHECK(h.ar->phase() == Phase::Failed);
}

TEST_CASE("AnalysisRun: default inconclusiveLimit stops at the first inconclusive", "[analysis]") {
  Harness h({everyMinute("rate", 10, "result[0] >= 0.95", "result[0] < 0.5")});
  h.source.queue("rate", script("SSSSSIIIII"));
  h.start();
  h.runUntil(60 * kMinute);
  // It does not wait for count: the 6th measurement (the first Inconclusive) decides.
  CHECK(h.phases("rate") == "SSSSSI");
  CHECK(h.source.calls.size() == 6);
  CHECK(h.state("rate").phase == Phase::Inconclusive);
  CHECK(h.state("rate").completedAtMs == 5 * kMinute);
  CHECK(h.ar->phase() == Phase::Inconclusive);
  CHECK(h.ar->message() ==
        "Metric \"rate\" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)");
}

TEST_CASE("AnalysisRun: inconclusiveLimit tolerates that many inconclusive results", "[analysis]") {
  Harness h({everyMinute("rate", 5, "result[0] >= 0.95", "result[0] < 0.5")});
  h.metricAt(0).inconclusiveLimit = 2;
  SECTION("two are tolerated") {
    h.source.queue("rate", script("IISSS"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.ar->phase() == Phase::Successful);
  }
  SECTION("the third trips it") {
    h.source.queue("rate", script("ISII"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.phases("rate") == "ISII");
    CHECK(h.ar->phase() == Phase::Inconclusive);
  }
}

TEST_CASE("AnalysisRun: consecutive errors against consecutiveErrorLimit", "[analysis]") {
  Harness h({everyMinute("rate", 10)});

  SECTION("4 consecutive errors then termination is Successful (#4479)") {
    h.source.queue("rate", script("EEEE"));
    h.start();
    h.runUntil(35 * kSecond);
    CHECK(h.phases("rate") == "EEEE");
    CHECK(h.state("rate").phase == Phase::Running);
    CHECK(h.state("rate").consecutiveError == 4);
    CHECK(h.ar->phase() == Phase::Running);
    h.ar->terminate(35 * kSecond, h.timeline, "rollout fully promoted");
    CHECK(h.state("rate").phase == Phase::Successful);
    CHECK(h.ar->phase() == Phase::Successful);
    CHECK(h.ar->message() == "Run Terminated");
    CHECK(h.ar->nextDueMs() == std::nullopt);
  }
  SECTION("the 5th consecutive error is Error (default limit 4)") {
    h.source.queue("rate", script("EEEEE"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.source.times("rate") ==
          std::vector<int64_t>{0, 10 * kSecond, 20 * kSecond, 30 * kSecond, 40 * kSecond});
    CHECK(h.state("rate").phase == Phase::Error);
    CHECK(h.state("rate").count == 0);
    CHECK(h.state("rate").errors == 5);
    CHECK(h.ar->phase() == Phase::Error);
    // assessRunStatus appends the last measurement's message.
    CHECK(h.ar->message() == "Metric \"rate\" assessed Error due to consecutiveErrors (5) > "
                             "consecutiveErrorLimit (4): \"Error Message: Post "
                             "\"http://prometheus\": connection refused\"");
  }
  SECTION("consecutiveErrorLimit 0 errors on the first error") {
    h.metricAt(0).consecutiveErrorLimit = 0;
    h.source.queue("rate", script("E"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.source.calls.size() == 1);
    CHECK(h.ar->phase() == Phase::Error);
  }
  SECTION("a success resets the streak") {
    h.metricAt(0).count = 2;
    h.source.queue("rate", script("EEEESEEEES"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.phases("rate") == "EEEESEEEES");
    CHECK(h.state("rate").errors == 8);
    CHECK(h.ar->phase() == Phase::Successful);
  }
  SECTION("a failure also resets the streak, and an error never counts as a failure") {
    h.metricAt(0).failureLimit = 1;
    h.metricAt(0).count = 3;
    h.source.queue("rate", script("EEEEFEEEESS"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.phases("rate") == "EEEEFEEEESS");
    CHECK(h.state("rate").failed == 1);
    CHECK(h.ar->phase() == Phase::Successful);
  }
}

//===-- Counting and scheduling (§2.2, §2.4) --------------------------------------===//

TEST_CASE("AnalysisRun: errors do not consume count", "[analysis]") {
  Harness h({everyMinute("rate", 3)});
  h.source.queue("rate", script("SEESS"));
  h.start();
  h.runUntil(60 * kMinute);
  CHECK(h.phases("rate") == "SEESS");
  // S at 0; E one interval later; E and S each 10 s after an error; the last S an interval later.
  CHECK(h.source.times("rate") ==
        std::vector<int64_t>{0, kMinute, kMinute + 10 * kSecond, kMinute + 20 * kSecond,
                             2 * kMinute + 20 * kSecond});
  const MetricState &m = h.state("rate");
  CHECK(m.count == 3);
  CHECK(m.errors == 2);
  CHECK(m.measurements == 5);
  CHECK(h.ar->phase() == Phase::Successful);
}

TEST_CASE("AnalysisRun: an error is retried after 10 s whatever the interval", "[analysis]") {
  SECTION("interval longer than 10 s") {
    Harness h({everyMinute("rate", 3)});
    h.metricAt(0).intervalMs = 5 * kMinute;
    h.source.queue("rate", script("SESS"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.source.times("rate") ==
          std::vector<int64_t>{0, 5 * kMinute, 5 * kMinute + 10 * kSecond,
                               10 * kMinute + 10 * kSecond});
  }
  SECTION("interval shorter than 10 s") {
    Harness h({everyMinute("rate", 3)});
    h.metricAt(0).intervalMs = 5 * kSecond;
    h.source.queue("rate", script("SESS"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.source.times("rate") ==
          std::vector<int64_t>{0, 5 * kSecond, 15 * kSecond, 20 * kSecond});
  }
  SECTION("no interval: a single measurement is still retried") {
    Harness h({metric("rate")});
    h.source.queue("rate", script("ES"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.source.times("rate") == std::vector<int64_t>{0, 10 * kSecond});
    CHECK(h.ar->phase() == Phase::Successful);
  }
  SECTION("timeline measurement timestamps match the requests") {
    Harness h({everyMinute("rate", 1)});
    h.source.queue("rate", script("EES"));
    h.start(7 * kSecond);
    h.runUntil(60 * kMinute);
    std::vector<int64_t> stamps;
    std::vector<int64_t> indices;
    for (const TimelineEntry *e : h.entries(EntryKind::Measurement)) {
      stamps.push_back(e->tMs);
      indices.push_back(e->measurement);
    }
    CHECK(stamps == std::vector<int64_t>{7 * kSecond, 17 * kSecond, 27 * kSecond});
    CHECK(indices == std::vector<int64_t>{0, 1, 2});
  }
}

TEST_CASE("AnalysisRun: measurements follow initialDelay and interval", "[analysis]") {
  SECTION("t_k = t0 + initialDelay + k*T") {
    Harness h({everyMinute("rate", 4)});
    h.metricAt(0).initialDelayMs = 30 * kSecond;
    h.source.queue("rate", script("SSSS"));
    const int64_t t0 = 1000;
    h.start(t0);
    CHECK(h.ar->nextDueMs() == t0 + 30 * kSecond);
    h.runUntil(t0 + 30 * kSecond - 1);
    CHECK(h.source.calls.empty());
    h.runUntil(60 * kMinute);
    CHECK(h.source.times("rate") ==
          std::vector<int64_t>{t0 + 30 * kSecond, t0 + 90 * kSecond, t0 + 150 * kSecond,
                               t0 + 210 * kSecond});
    CHECK(h.ar->phase() == Phase::Successful);
    CHECK(h.ar->nextDueMs() == std::nullopt);
  }
  SECTION("without initialDelay the first measurement is at the start") {
    Harness h({everyMinute("rate", 2)});
    h.source.queue("rate", script("SS"));
    h.start(42);
    CHECK(h.ar->nextDueMs() == 42);
  }
  SECTION("count unset with an interval is unbounded") {
    Harness h({everyMinute("rate", 0)});
    h.metricAt(0).count.reset();
    h.source.queue("rate", script(std::string(30, 'S')));
    h.start();
    h.runUntil(29 * kMinute);
    CHECK(h.source.calls.size() == 30);
    CHECK(h.state("rate").phase == Phase::Running);
    CHECK(h.ar->phase() == Phase::Running);
    CHECK(h.ar->nextDueMs() == 30 * kMinute);
  }
  SECTION("count 0 with an interval is unbounded too") {
    Harness h({everyMinute("rate", 0)});
    h.source.queue("rate", script("SSSSS"));
    h.start();
    h.runUntil(4 * kMinute);
    CHECK(h.ar->phase() == Phase::Running);
  }
  SECTION("count unset without an interval is one measurement") {
    Harness h({metric("rate")});
    h.source.queue("rate", script("S"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.source.calls.size() == 1);
    CHECK(h.ar->phase() == Phase::Successful);
  }
  SECTION("each metric keeps its own schedule") {
    plan::Metric slow = everyMinute("slow", 2);
    slow.intervalMs = 5 * kMinute;
    plan::Metric fast = everyMinute("fast", 3);
    fast.initialDelayMs = 10 * kSecond;
    Harness h({slow, fast});
    h.source.queue("slow", script("SS"));
    h.source.queue("fast", script("SSS"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.source.times("slow") == std::vector<int64_t>{0, 5 * kMinute});
    CHECK(h.source.times("fast") ==
          std::vector<int64_t>{10 * kSecond, 70 * kSecond, 130 * kSecond});
    CHECK(h.ar->phase() == Phase::Successful);
  }
}

//===-- consecutiveSuccessLimit and count (§2.3) ------------------------------------===//

TEST_CASE("AnalysisRun: consecutiveSuccessLimit reached early is Successful", "[analysis]") {
  Harness h({everyMinute("rate", 10)});
  h.metricAt(0).failureLimit = 1;
  h.metricAt(0).consecutiveSuccessLimit = 2;
  h.source.queue("rate", script("SFSSSSSSSS"));
  h.start();
  h.runUntil(60 * kMinute);
  // Stops measuring as soon as consecutiveSuccess (2) >= limit (2), well before count.
  CHECK(h.phases("rate") == "SFSS");
  CHECK(h.source.calls.size() == 4);
  CHECK(h.state("rate").phase == Phase::Successful);
  CHECK(h.state("rate").completedAtMs == 3 * kMinute);
  CHECK(h.ar->phase() == Phase::Successful);
  CHECK(h.ar->nextDueMs() == std::nullopt);
}

TEST_CASE("AnalysisRun: failureLimit -1 relies on consecutiveSuccessLimit", "[analysis]") {
  Harness h({everyMinute("rate", 10)});
  h.metricAt(0).failureLimit = -1;
  h.metricAt(0).consecutiveSuccessLimit = 3;
  SECTION("failures never trip; the streak decides") {
    h.source.queue("rate", script("FFFFSFSSS"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.phases("rate") == "FFFFSFSSS");
    CHECK(h.state("rate").failed == 5);
    CHECK(h.ar->phase() == Phase::Successful);
  }
  SECTION("count reached without the streak is Failed") {
    h.metricAt(0).count = 5;
    h.source.queue("rate", script("SSFSS"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.phases("rate") == "SSFSS");
    CHECK(h.state("rate").phase == Phase::Failed);
    CHECK(h.ar->phase() == Phase::Failed);
  }
}

TEST_CASE("AnalysisRun: count reached without the streak is Inconclusive when failure applies",
          "[analysis]") {
  Harness h({everyMinute("rate", 5)});
  h.metricAt(0).consecutiveSuccessLimit = 3;
  SECTION("explicit failureLimit") {
    h.metricAt(0).failureLimit = 2;
    h.source.queue("rate", script("SSFSS"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.phases("rate") == "SSFSS");
    CHECK(h.state("rate").phase == Phase::Inconclusive);
    CHECK(h.ar->phase() == Phase::Inconclusive);
  }
  SECTION("a count below failure limit + streak never runs: Argo's validation puts the run in Error") {
    h.metricAt(0).count = 2;
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.ar->phase() == Phase::Error);
    CHECK(h.ar->message() == "Analysis spec invalid: metrics[0]: count (2) must be >= failureLimit + "
                             "consecutiveSuccessLimit (0 + 3) if both >= 0");
    CHECK(h.source.calls.empty());
  }
}

TEST_CASE("AnalysisRun: assessMetric follows Argo's order of checks", "[analysis]") {
  plan::Metric m = everyMinute("rate", 10);
  MetricState s;
  s.metric = &m;

  SECTION("no measurements: Pending, or Successful when terminating") {
    CHECK(assessMetric(s, false).first == Phase::Pending);
    CHECK(assessMetric(s, true).first == Phase::Successful);
  }
  SECTION("a completed metric is frozen") {
    s.phase = Phase::Failed;
    s.message = "kept";
    s.measurements = 1;
    s.successful = 1;
    CHECK(assessMetric(s, false) == std::make_pair(Phase::Failed, std::string("kept")));
  }
  SECTION("later limit checks override earlier ones: Error over Inconclusive over Failed") {
    s.measurements = 8;
    s.failed = 1;
    CHECK(assessMetric(s, false).first == Phase::Failed);
    s.inconclusive = 1;
    CHECK(assessMetric(s, false).first == Phase::Inconclusive);
    s.consecutiveError = 5;
    CHECK(assessMetric(s, false).first == Phase::Error);
  }
  SECTION("a tripped limit beats the success streak") {
    m.consecutiveSuccessLimit = 1;
    s.measurements = 2;
    s.failed = 1;
    s.consecutiveSuccess = 1;
    CHECK(assessMetric(s, false).first == Phase::Failed);
  }
  SECTION("below every limit and below count: Running, or Successful when terminating") {
    s.measurements = 4;
    s.count = 0;
    s.consecutiveError = 4;
    s.errors = 4;
    CHECK(assessMetric(s, false).first == Phase::Running);
    CHECK(assessMetric(s, true).first == Phase::Successful);
  }
  SECTION("count reached with no streak configured is Successful") {
    s.measurements = 10;
    s.count = 10;
    s.successful = 10;
    CHECK(assessMetric(s, false).first == Phase::Successful);
  }
}

//===-- Run phase, siblings, termination (§2.5) ---------------------------------------===//

TEST_CASE("AnalysisRun: a failing metric terminates its siblings", "[analysis]") {
  Harness h({everyMinute("errors", 5), everyMinute("latency", 5)});
  h.source.queue("errors", script("SF"));
  h.source.queue("latency", script("SSSSS"));
  h.start();
  h.runUntil(60 * kMinute);
  // TestReconcileAnalysisRunTerminateSiblingAfterFail: the sibling takes no more measurements and
  // is assessed with terminating=true, so it ends Successful.
  CHECK(h.source.times("errors") == std::vector<int64_t>{0, kMinute});
  CHECK(h.source.times("latency") == std::vector<int64_t>{0, kMinute});
  CHECK(h.state("errors").phase == Phase::Failed);
  CHECK(h.state("latency").phase == Phase::Successful);
  CHECK(h.state("latency").measurements == 2);
  CHECK(h.ar->phase() == Phase::Failed);
  REQUIRE(h.ar->decisiveMetric());
  CHECK(h.ar->decisiveMetric()->metric->name == "errors");
  CHECK(h.ar->nextDueMs() == std::nullopt);
  auto ends = h.entries(EntryKind::AnalysisEnd);
  REQUIRE(ends.size() == 1);
  CHECK(ends[0]->tMs == kMinute);
  CHECK(ends[0]->phase == Phase::Failed);
}

TEST_CASE("AnalysisRun: a sibling not yet measured stays unassessed when the run terminates",
          "[analysis]") {
  plan::Metric late = everyMinute("late", 3);
  late.initialDelayMs = 5 * kMinute;
  Harness h({everyMinute("errors", 3), late});
  h.source.queue("errors", script("F"));
  h.start();
  h.runUntil(60 * kMinute);
  CHECK(h.source.times("late").empty());
  CHECK(h.state("late").measurements == 0);
  CHECK(h.ar->phase() == Phase::Failed);
}

TEST_CASE("AnalysisRun: an erroring or inconclusive metric also terminates its siblings",
          "[analysis]") {
  SECTION("Error") {
    Harness h({everyMinute("errors", 5), everyMinute("latency", 5)});
    h.metricAt(0).consecutiveErrorLimit = 0;
    h.source.queue("errors", script("SE"));
    h.source.queue("latency", script("SS"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.source.times("latency") == std::vector<int64_t>{0, kMinute});
    CHECK(h.state("latency").phase == Phase::Successful);
    CHECK(h.ar->phase() == Phase::Error);
  }
  SECTION("Inconclusive") {
    Harness h({everyMinute("errors", 5, "result[0] >= 0.95", "result[0] < 0.5"),
               everyMinute("latency", 5)});
    h.source.queue("errors", script("I"));
    h.source.queue("latency", script("S"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.source.times("latency") == std::vector<int64_t>{0});
    CHECK(h.ar->phase() == Phase::Inconclusive);
  }
}

TEST_CASE("AnalysisRun: run phase is the worst of metrics completing together", "[analysis]") {
  // Failed > Error > Inconclusive (analysisStatusOrder).
  plan::Metric failing = metric("failing");
  plan::Metric erroring = metric("erroring");
  erroring.consecutiveErrorLimit = 0;
  plan::Metric unsure = metric("unsure", "result[0] >= 0.95", "result[0] < 0.5");

  SECTION("Failed beats Error and Inconclusive") {
    Harness h({unsure, erroring, failing});
    h.source.queue("failing", script("F"));
    h.source.queue("erroring", script("E"));
    h.source.queue("unsure", script("I"));
    h.start();
    h.runUntil(kMinute);
    CHECK(h.ar->phase() == Phase::Failed);
    REQUIRE(h.ar->decisiveMetric());
    CHECK(h.ar->decisiveMetric()->metric->name == "failing");
    CHECK(h.ar->message().rfind("Metric \"failing\" assessed Failed", 0) == 0);
  }
  SECTION("Error beats Inconclusive") {
    Harness h({unsure, erroring});
    h.source.queue("erroring", script("E"));
    h.source.queue("unsure", script("I"));
    h.start();
    h.runUntil(kMinute);
    CHECK(h.ar->phase() == Phase::Error);
    CHECK(h.ar->decisiveMetric()->metric->name == "erroring");
  }
  SECTION("Inconclusive beats Successful") {
    Harness h({metric("fine"), unsure});
    h.source.queue("fine", script("S"));
    h.source.queue("unsure", script("I"));
    h.start();
    h.runUntil(kMinute);
    CHECK(h.ar->phase() == Phase::Inconclusive);
  }
  SECTION("all Successful is Successful") {
    Harness h({metric("a"), metric("b")});
    h.source.queue("a", script("S"));
    h.source.queue("b", script("S"));
    h.start();
    h.runUntil(kMinute);
    CHECK(h.ar->phase() == Phase::Successful);
    CHECK(h.ar->decisiveMetric() != nullptr);
  }
  SECTION("the run waits for every metric before it is Successful") {
    Harness h({metric("quick"), everyMinute("slow", 3)});
    h.source.queue("quick", script("S"));
    h.source.queue("slow", script("SSS"));
    h.start();
    h.runUntil(kMinute);
    CHECK(h.state("quick").phase == Phase::Successful);
    CHECK(h.ar->phase() == Phase::Running);
    h.runUntil(60 * kMinute);
    CHECK(h.ar->phase() == Phase::Successful);
    auto ends = h.entries(EntryKind::AnalysisEnd);
    REQUIRE(ends.size() == 1);
    CHECK(ends[0]->tMs == 2 * kMinute);
  }
}

TEST_CASE("AnalysisRun: explicit terminate is Successful with Run Terminated", "[analysis]") {
  SECTION("while measuring") {
    Harness h({everyMinute("rate", 5)});
    h.source.queue("rate", script("SS"));
    h.start();
    h.runUntil(90 * kSecond);
    h.ar->terminate(90 * kSecond, h.timeline, "step skipped");
    CHECK(h.ar->phase() == Phase::Successful);
    CHECK(h.ar->message() == "Run Terminated");
    CHECK(h.ar->nextDueMs() == std::nullopt);
    h.runUntil(60 * kMinute); // no more measurements (the script would run out)
    CHECK(h.source.calls.size() == 2);
    auto ends = h.entries(EntryKind::AnalysisEnd);
    REQUIRE(ends.size() == 1);
    CHECK(ends[0]->tMs == 90 * kSecond);
    CHECK(ends[0]->reason == "step skipped");
  }
  SECTION("before any measurement") {
    Harness h({everyMinute("rate", 5)});
    h.metricAt(0).initialDelayMs = 5 * kMinute;
    h.start();
    h.ar->terminate(kMinute, h.timeline, "");
    CHECK(h.ar->phase() == Phase::Successful);
    CHECK(h.ar->message() == "Run Terminated");
    CHECK(h.source.calls.empty());
  }
  SECTION("a completed run is not changed") {
    Harness h({everyMinute("rate", 5)});
    h.source.queue("rate", script("F"));
    h.start();
    h.runUntil(kMinute);
    REQUIRE(h.ar->phase() == Phase::Failed);
    size_t before = h.timeline.size();
    h.ar->terminate(2 * kMinute, h.timeline, "rollout aborted");
    CHECK(h.ar->phase() == Phase::Failed);
    CHECK(h.timeline.size() == before);
  }
  SECTION("a metric already over a limit keeps its phase") {
    Harness h({everyMinute("a", 5), everyMinute("b", 5)});
    h.metricAt(1).dryRun = true;
    h.source.queue("a", script("S"));
    h.source.queue("b", script("F"));
    h.start();
    h.runUntil(30 * kSecond);
    REQUIRE(h.state("b").phase == Phase::Failed);
    h.ar->terminate(30 * kSecond, h.timeline, "");
    CHECK(h.state("a").phase == Phase::Successful);
    CHECK(h.state("b").phase == Phase::Failed);
    CHECK(h.ar->phase() == Phase::Successful); // b is dry-run
  }
}

//===-- Dry-run (§2.6) ----------------------------------------------------------------===//

TEST_CASE("AnalysisRun: dry-run metrics never decide the run", "[analysis]") {
  SECTION("only dry-run metrics: a Failed one leaves the run Successful") {
    // TestAssessRunStatusWithOnlyDryRunMetrics
    Harness h({metric("canary")});
    h.metricAt(0).dryRun = true;
    h.source.queue("canary", script("F"));
    h.start();
    h.runUntil(kMinute);
    CHECK(h.state("canary").phase == Phase::Failed);
    CHECK(h.ar->phase() == Phase::Successful);
    auto measurements = h.entries(EntryKind::Measurement);
    REQUIRE(measurements.size() == 1);
    CHECK(measurements[0]->dryRun);
  }
  SECTION("mixed: the wet metric decides") {
    // TestAssessRunStatusWithMixedMetrics
    Harness h({everyMinute("run-forever", 3, "result[0] >= 0.95", "result[0] < 0.5"),
               everyMinute("success-metric", 3)});
    h.run.dryRunMetrics = {"success-metric"};
    h.source.queue("run-forever", script("SI"));
    h.source.queue("success-metric", script("F"));
    h.start();
    h.runUntil(30 * kSecond);
    // The dry-run failure does not terminate the run: the wet metric keeps measuring.
    CHECK(h.state("success-metric").phase == Phase::Failed);
    CHECK(h.state("success-metric").dryRun);
    CHECK(h.ar->phase() == Phase::Running);
    h.runUntil(60 * kMinute);
    CHECK(h.source.times("success-metric") == std::vector<int64_t>{0});
    CHECK(h.source.times("run-forever") == std::vector<int64_t>{0, kMinute});
    CHECK(h.ar->phase() == Phase::Inconclusive);
    CHECK(h.ar->message() == "Metric \"run-forever\" assessed Inconclusive due to inconclusive (1) "
                             "> inconclusiveLimit (0)");
  }
  SECTION("mixed: a dry-run failure cannot make a successful run fail") {
    Harness h({everyMinute("wet", 2), everyMinute("dry", 2)});
    h.metricAt(1).dryRun = true;
    h.source.queue("wet", script("SS"));
    h.source.queue("dry", script("FF"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.ar->phase() == Phase::Successful);
    CHECK(h.ar->decisiveMetric()->metric->name == "wet");
  }
  SECTION("an unbounded dry-run metric keeps the run Running") {
    plan::Metric forever = everyMinute("forever", 0);
    forever.count.reset();
    forever.dryRun = true;
    Harness h({metric("once"), forever});
    h.source.queue("once", script("S"));
    h.source.queue("forever", script(std::string(11, 'S')));
    h.start();
    h.runUntil(10 * kMinute);
    CHECK(h.state("once").phase == Phase::Successful);
    CHECK(h.ar->phase() == Phase::Running);
    CHECK(h.ar->nextDueMs() == 11 * kMinute);
  }
  SECTION("the rollout-level list matches exact metric names") {
    Harness h({metric("error-rate"), metric("error")});
    h.run.dryRunMetrics = {"error"};
    h.source.queue("error-rate", script("S"));
    h.source.queue("error", script("F"));
    h.start();
    h.runUntil(kMinute);
    CHECK_FALSE(h.state("error-rate").dryRun);
    CHECK(h.state("error").dryRun);
    CHECK(h.ar->phase() == Phase::Successful);
  }
}

//===-- Measurement phases through the run (§2.1, §2.9) --------------------------------===//

TEST_CASE("AnalysisRun: measurement phases follow EvaluateResult", "[analysis]") {
  SECTION("NaN with only a success condition is Failed") {
    Harness h({metric("rate", "result[0] >= 0.95")});
    h.source.queue("rate", script("N"));
    h.start();
    h.runUntil(kMinute);
    CHECK(h.phases("rate") == "F");
    CHECK(h.ar->phase() == Phase::Failed);
  }
  SECTION("NaN with both conditions is Inconclusive") {
    Harness h({metric("rate", "result[0] >= 0.95", "result[0] < 0.5")});
    h.source.queue("rate", script("N"));
    h.start();
    h.runUntil(kMinute);
    CHECK(h.phases("rate") == "I");
    CHECK(h.ar->phase() == Phase::Inconclusive);
  }
  SECTION("NaN guarded with isNaN is Successful") {
    Harness h({metric("rate", "isNaN(result[0]) || result[0] >= 0.95")});
    h.source.queue("rate", script("N"));
    h.start();
    h.runUntil(kMinute);
    CHECK(h.ar->phase() == Phase::Successful);
  }
  SECTION("an empty vector with result[0] is an Error with the no-data message") {
    Harness h({everyMinute("rate", 1)});
    h.source.queue("rate", script("00000"));
    h.start();
    h.runUntil(60 * kMinute);
    auto measurements = h.entries(EntryKind::Measurement);
    REQUIRE(measurements.size() == 5);
    CHECK(measurements[0]->phase == Phase::Error);
    CHECK(measurements[0]->message ==
          "could not evaluate successCondition \"result[0] >= 0.95\": metric result is nil or "
          "empty: no data returned from the metric provider");
    REQUIRE(measurements[0]->value);
    CHECK(measurements[0]->value->isList());
    CHECK(h.source.times("rate") ==
          std::vector<int64_t>{0, 10 * kSecond, 20 * kSecond, 30 * kSecond, 40 * kSecond});
    CHECK(h.ar->phase() == Phase::Error);
  }
  SECTION("an empty vector guarded with len() is Successful") {
    Harness h({metric("rate", "len(result) == 0 || result[0] >= 0.95")});
    h.source.queue("rate", script("0"));
    h.start();
    h.runUntil(kMinute);
    CHECK(h.ar->phase() == Phase::Successful);
  }
  SECTION("no condition at all is Successful") {
    Harness h({metric("rate", std::nullopt, std::nullopt)});
    h.source.queue("rate", script("F"));
    h.start();
    h.runUntil(kMinute);
    CHECK(h.phases("rate") == "S");
  }
  SECTION("only a failure condition") {
    Harness h({everyMinute("rate", 2, std::nullopt, "result[0] < 0.5")});
    h.metricAt(0).failureLimit = 1;
    h.source.queue("rate", script("IF"));
    h.start();
    h.runUntil(60 * kMinute);
    CHECK(h.phases("rate") == "SF");
  }
  SECTION("failure wins when both conditions hold") {
    Harness h({metric("rate", "result[0] > 0", "result[0] > 0")});
    h.source.queue("rate", script("S"));
    h.start();
    h.runUntil(kMinute);
    CHECK(h.phases("rate") == "F");
  }
  SECTION("a provider error is an Error carrying the provider's message and no value") {
    Harness h({metric("rate")});
    h.source.queue("rate", script("E"));
    h.start();
    h.runUntil(5 * kSecond);
    auto measurements = h.entries(EntryKind::Measurement);
    REQUIRE(measurements.size() == 1);
    CHECK(measurements[0]->phase == Phase::Error);
    CHECK(measurements[0]->message == "Post \"http://prometheus\": connection refused");
    CHECK_FALSE(measurements[0]->value);
    CHECK(h.state("rate").count == 0);
    CHECK(h.ar->nextDueMs() == 10 * kSecond);
  }
  SECTION("a tool failure stops the run without recording a measurement") {
    Harness h({metric("rate")});
    h.start();
    std::string failure;
    CHECK_FALSE(h.ar->advance(0, h.source, h.timeline, failure));
    CHECK(failure == "script exhausted for rate");
    CHECK(h.entries(EntryKind::Measurement).empty());
  }
}

TEST_CASE("AnalysisRun: timeline records measurements, metric ends and the run end", "[analysis]") {
  Harness h({everyMinute("rate", 2)});
  h.source.queue("rate", script("SS"));
  h.start();
  h.runUntil(60 * kMinute);
  auto measurements = h.entries(EntryKind::Measurement);
  REQUIRE(measurements.size() == 2);
  CHECK(measurements[1]->analysis == "http");
  CHECK(measurements[1]->metric == "rate");
  CHECK(measurements[1]->run == "step 0");
  CHECK(measurements[1]->measurement == 1);
  REQUIRE(measurements[1]->value);
  CHECK(rwd::runtime::formatValue(*measurements[1]->value) == "[0.99]");
  auto metricEnds = h.entries(EntryKind::MetricEnd);
  REQUIRE(metricEnds.size() == 1);
  CHECK(metricEnds[0]->metric == "rate");
  CHECK(metricEnds[0]->phase == Phase::Successful);
  CHECK(metricEnds[0]->tMs == kMinute);
  auto runEnds = h.entries(EntryKind::AnalysisEnd);
  REQUIRE(runEnds.size() == 1);
  CHECK(runEnds[0]->phase == Phase::Successful);
  CHECK(h.timeline.back().kind == EntryKind::AnalysisEnd);
}

//===-- Arguments (§4) ------------------------------------------------------------------===//

TEST_CASE("AnalysisRun: arguments bind defaults and explicit values", "[analysis]") {
  plan::Metric m = metric("rate", "result[0] >= args.threshold");
  m.provider.query = "rate{service=\"{{args.service}}\", env=\"{{ args.env }}\"}";
  Harness h({m});
  plan::Parameter service;
  service.name = "service";
  plan::Parameter env;
  env.name = "env";
  env.defaultValue = plan::Value{plan::ParamType::String, "prod"};
  plan::Parameter threshold;
  threshold.name = "threshold";
  threshold.type = plan::ParamType::Number;
  threshold.defaultValue = plan::Value{plan::ParamType::Number, "0.9", 0.9};
  h.plan.templates[0].parameters = {service, env, threshold};
  plan::Argument serviceArg;
  serviceArg.name = "service";
  serviceArg.value = plan::Value{plan::ParamType::String, "checkout"};
  h.run.arguments = {serviceArg};

  SECTION("defaults fill what the rollout does not pass") {
    h.source.queue("rate", {{floats({0.95}), ""}});
    h.start();
    h.runUntil(kMinute);
    REQUIRE(h.source.calls.size() == 1);
    CHECK(h.source.calls[0].query == "rate{service=\"checkout\", env=\"prod\"}");
    CHECK(h.state("rate").query == "rate{service=\"checkout\", env=\"prod\"}");
    CHECK(h.ar->arguments().at("threshold").toDouble() == Approx(0.9));
    CHECK(h.ar->arguments().at("service").asString() == "checkout");
    CHECK(h.ar->phase() == Phase::Successful); // 0.95 >= 0.9
  }
  SECTION("explicit values win over defaults") {
    plan::Argument envArg;
    envArg.name = "env";
    envArg.value = plan::Value{plan::ParamType::String, "staging"};
    plan::Argument thresholdArg;
    thresholdArg.name = "threshold";
    thresholdArg.value = plan::Value{plan::ParamType::Number, "0.99", 0.99};
    h.run.arguments.push_back(envArg);
    h.run.arguments.push_back(thresholdArg);
    h.source.queue("rate", {{floats({0.95}), ""}});
    h.start();
    h.runUntil(kMinute);
    CHECK(h.source.calls[0].query == "rate{service=\"checkout\", env=\"staging\"}");
    CHECK(h.ar->arguments().at("env").asString() == "staging");
    CHECK(h.ar->phase() == Phase::Failed); // 0.95 < 0.99
  }
  SECTION("pod-template-hash arguments are placeholders") {
    plan::Argument hash;
    hash.name = "env";
    hash.kind = plan::Argument::Kind::StableHash;
    h.run.arguments.push_back(hash);
    h.source.queue("rate", {{floats({0.95}), ""}});
    h.start();
    h.runUntil(kMinute);
    CHECK(h.source.calls[0].query ==
          "rate{service=\"checkout\", env=\"<stable-pod-template-hash>\"}");
  }
}

TEST_CASE("AnalysisRun: a number argument is the literal Argo substitutes: an int when it has no fraction", "[analysis]") {
  plan::Metric m = metric("rate", "len(result) % args.n == 0 && result[0] >= args.min");
  Harness h({m});
  plan::Parameter n;
  n.name = "n";
  n.type = plan::ParamType::Number;
  n.defaultValue = plan::Value{plan::ParamType::Number, "2", 2};
  plan::Parameter min;
  min.name = "min";
  min.type = plan::ParamType::Number;
  min.defaultValue = plan::Value{plan::ParamType::Number, "0.5", 0.5};
  h.plan.templates[0].parameters = {n, min};
  h.source.queue("rate", {{floats({0.95, 0.9}), ""}});
  h.start();
  h.runUntil(kMinute);
  CHECK(h.ar->arguments().at("n").isInt()); // `2 % 2`: expr-lang's `%` takes integers only
  CHECK(h.ar->arguments().at("min").isFloat());
  CHECK(h.ar->phase() == Phase::Successful);
}

TEST_CASE("AnalysisRun: substituteArgs replaces {{args.x}} placeholders", "[analysis]") {
  std::map<std::string, std::string> args{{"service", "checkout"}, {"max-restarts", "3"},
                                          {"ns.name", "prod"}};
  CHECK(substituteArgs("up{job=\"{{args.service}}\"}", args) == "up{job=\"checkout\"}");
  CHECK(substituteArgs("{{ args.service }}/{{args.service}}", args) == "checkout/checkout");
  CHECK(substituteArgs("x > {{  args.max-restarts  }}", args) == "x > 3");
  CHECK(substituteArgs("{{args.ns.name}}", args) == "prod");
  SECTION("unknown names and other placeholders are left as written") {
    CHECK(substituteArgs("{{args.missing}}", args) == "{{args.missing}}");
    CHECK(substituteArgs("{{templates.x.podTemplateHash}}", args) ==
          "{{templates.x.podTemplateHash}}");
  }
  SECTION("text without placeholders is unchanged") {
    CHECK(substituteArgs("sum(rate(x[5m]))", args) == "sum(rate(x[5m]))");
    CHECK(substituteArgs("", args).empty());
  }
}

TEST_CASE("AnalysisRun: templates are flattened into one run", "[analysis]") {
  Harness h({metric("a")}, "first");
  plan::Template second;
  second.name = "second";
  second.metrics = {metric("b")};
  h.plan.templates.push_back(second);
  h.run.templates = {0, 1};
  h.source.queue("a", script("S"));
  h.source.queue("b", script("F"));
  h.start();
  h.runUntil(kMinute);
  REQUIRE(h.ar->metrics().size() == 2);
  CHECK(h.state("b").templateName == "second");
  CHECK(h.ar->phase() == Phase::Failed);
  REQUIRE(h.ar->decisiveMetric());
  CHECK(h.ar->decisiveMetric()->templateName == "second");
}

//===-- Providers that decide the phase themselves (§2.1) --------------------------------===//

TEST_CASE("AnalysisRun: job provider phases", "[analysis]") {
  plan::Metric job = metric("smoke", std::nullopt, std::nullopt);
  job.provider.kind = "job";
  job.provider.query.clear();
  job.shape = plan::ResultShape::None;
  Harness h({job});

  SECTION("Job complete (1) is Successful") {
    h.source.queue("smoke", {{Value::number(1), ""}});
    h.start();
    h.runUntil(kMinute);
    CHECK(h.ar->phase() == Phase::Successful);
  }
  SECTION("Job failed (0) is Failed") {
    h.source.queue("smoke", {{Value::number(0), ""}});
    h.start();
    h.runUntil(kMinute);
    CHECK(h.phases("smoke") == "F");
    CHECK(h.ar->phase() == Phase::Failed);
  }
  SECTION("pods that never start are Inconclusive") {
    h.source.queue("smoke", {{Value::number(2), ""}});
    h.start();
    h.runUntil(kMinute);
    CHECK(h.ar->phase() == Phase::Inconclusive);
  }
  SECTION("a vector sample uses its first value") {
    h.source.queue("smoke", {{floats({1}), ""}});
    h.start();
    h.runUntil(kMinute);
    CHECK(h.ar->phase() == Phase::Successful);
  }
  SECTION("no recorded result is an Error") {
    h.source.queue("smoke", {{Value::list({}), ""}});
    h.start();
    h.runUntil(kSecond);
    CHECK(h.phases("smoke") == "E");
    CHECK(h.ar->phase() == Phase::Running);
  }
}

TEST_CASE("AnalysisRun: kayenta provider compares the score with its thresholds", "[analysis]") {
  plan::Metric kayenta = metric("judge", std::nullopt, std::nullopt);
  kayenta.provider.kind = "kayenta";
  kayenta.provider.config["threshold"] = {{"pass", 90}, {"marginal", 75}};
  kayenta.shape = plan::ResultShape::None;
  Harness h({kayenta});
  auto phaseFor = [&](double score) {
    h.source.queue("judge", {{Value::number(score), ""}});
    h.start();
    h.runUntil(kMinute);
    return h.ar->phase();
  };
  SECTION("score >= pass") { CHECK(phaseFor(90) == Phase::Successful); }
  SECTION("marginal <= score < pass") { CHECK(phaseFor(75) == Phase::Inconclusive); }
  SECTION("score < marginal") { CHECK(phaseFor(74.9) == Phase::Failed); }
}

TEST_CASE("AnalysisRun: a spec Argo finds invalid puts the run in Error as it is created", "[analysis]") {
  // analysis/analysis.go reconcileAnalysisRun: ValidateMetrics, then GetDryRunMetrics and
  // GetMeasurementRetentionMetrics, before any measurement.
  Harness h({everyMinute("a", 3), metric("b")});
  std::string message;
  SECTION("count above 1 without an interval, in the second metric") {
    h.metricAt(1).count = 2;
    message = "Analysis spec invalid: metrics[1]: interval must be specified when count > 1";
  }
  SECTION("a second provider") {
    h.metricAt(0).extraProviders.push_back(h.metricAt(0).provider);
    message = "Analysis spec invalid: metrics[0]: multiple providers specified";
  }
  SECTION("a dry-run rule that matches no metric") {
    h.run.unmatchedRule = plan::Run::UnmatchedRule{"dryRun[0]: Rule didn't match any metric name(s)", {}};
    message = "Analysis spec invalid: dryRun[0]: Rule didn't match any metric name(s)";
  }
  SECTION("the metric comes first: an invalid metric hides an unmatched rule") {
    h.run.unmatchedRule = plan::Run::UnmatchedRule{"dryRun[0]: Rule didn't match any metric name(s)", {}};
    h.metricAt(0).failureLimit = -2;
    message = "Analysis spec invalid: metrics[0]: failureLimit must be >= 0, or -1 to be disabled";
  }
  AnalysisRun &ar = h.start(5 * kSecond);
  CHECK(ar.nextDueMs() == 5 * kSecond);
  h.runUntil(10 * kMinute);
  CHECK(ar.phase() == Phase::Error);
  CHECK(ar.message() == message);
  CHECK(h.source.calls.empty());
  REQUIRE(h.entries(EntryKind::AnalysisEnd).size() == 1);
  CHECK(h.entries(EntryKind::AnalysisEnd)[0]->tMs == 5 * kSecond);
  CHECK(h.entries(EntryKind::AnalysisEnd)[0]->message == message);
  CHECK(ar.decisiveMetric() == nullptr);
}

TEST_CASE("AnalysisRun: settings written as text are resolved with the run's arguments", "[analysis]") {
  Harness h({metric("a")});
  plan::Metric &m = h.metricAt(0);
  m.textSettings = {{"interval", "{{ args.every }}", {}}, {"count", "{{args.runs}}", {}},
                    {"failureLimit", "{{args.limit}}", {}}};
  auto text = [](std::string value) { return plan::Value{plan::ParamType::String, std::move(value), 0, 0, false}; };
  plan::Parameter every{"every", plan::ParamType::String, text("10m"), std::nullopt, {}};
  plan::Parameter runs{"runs", plan::ParamType::String, text("10"), std::nullopt, {}};
  plan::Parameter limit{"limit", plan::ParamType::String, std::nullopt, std::nullopt, {}};
  h.plan.templates[0].parameters = {every, runs, limit};
  auto argument = [&](std::string name, std::string value) {
    plan::Argument a;
    a.name = std::move(name);
    a.value = text(std::move(value));
    return a;
  };
  SECTION("the rollout's values win over the template's defaults") {
    h.run.arguments = {argument("every", "1m"), argument("runs", "3"), argument("limit", "1")};
    h.source.queue("a", script("FSF"));
    AnalysisRun &ar = h.start();
    h.runUntil(10 * kMinute);
    CHECK(h.source.times("a") == std::vector<int64_t>{0, kMinute, 2 * kMinute});
    CHECK(ar.phase() == Phase::Failed); // the 2nd failure exceeds failureLimit 1
    CHECK(h.state("a").message == "failed (2) > failureLimit (1)");
  }
  SECTION("text that is not a number is 0, as IntValue reads it") {
    h.run.arguments = {argument("runs", "three"), argument("limit", "0")};
    h.source.queue("a", script("S"));
    AnalysisRun &ar = h.start();
    h.runUntil(9 * kMinute);
    // count 0 with an interval: unbounded, measuring every 10 minutes.
    CHECK(ar.phase() == Phase::Running);
    CHECK(ar.nextDueMs() == 10 * kMinute);
  }
  SECTION("a duration Go cannot parse is the run's Error") {
    h.run.arguments = {argument("every", "5"), argument("limit", "0")};
    AnalysisRun &ar = h.start();
    h.runUntil(kMinute);
    CHECK(ar.phase() == Phase::Error);
    CHECK(ar.message() == "Analysis spec invalid: metrics[0]: invalid interval string: time: missing unit in "
                          "duration \"5\"");
  }
}
