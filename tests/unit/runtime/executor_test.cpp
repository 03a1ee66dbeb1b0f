// This file implements the unit tests of the executor: Argo Rollouts' canary and blue-green state
// machines and operator events over a virtual clock (reference/argo-semantics.md §5–§7, §11, §12;
// CONTRACT §5–§6). Plans are built by hand; metric values come from a scripted source.
#include "runtime/executor.h"

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/driver/frontend.h"
#include "compiler/parse/parser.h"
#include "compiler/sema/condition_checker.h"
#include "compiler/source/source_manager.h"
#include "runtime/analysis_run.h"

#include <algorithm>
#include "tests/unit/runtime/expr_test_helpers.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plan = rwd::plan;
using rwd::runtime::EntryKind;
using rwd::runtime::ExecutionOptions;
using rwd::runtime::ExecutionResult;
using rwd::runtime::MeasurementRequest;
using rwd::runtime::MetricSource;
using rwd::runtime::OperatorEvent;
using rwd::runtime::OutcomeKind;
using rwd::runtime::Phase;
using rwd::runtime::ProviderResult;
using rwd::runtime::TimelineEntry;
using rwd::runtime::Value;
using Action = rwd::runtime::OperatorEvent::Action;

namespace {

constexpr int64_t kSecond = 1000;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kHour = 60 * kMinute;

constexpr auto condition = &rwd::test::resolvedCondition;

ProviderResult sample(double v) {
  return ProviderResult::ok(Value::list({Value::number(v)}));
}
ProviderResult good() { return sample(0.99); }
ProviderResult bad() { return sample(0.1); }
ProviderResult unsure() { return sample(0.7); } // Inconclusive with both conditions below

using Series = std::function<ProviderResult(int64_t tMs)>;

/// good() before `fromMs`, then `after`.
Series turns(int64_t fromMs, ProviderResult after = bad()) {
  return [fromMs, after](int64_t t) { return t >= fromMs ? after : good(); };
}

/// A metric source answering per metric from a function of time (fault injection); metrics with
/// no series answer good(). Every request is recorded.
class FakeSource : public MetricSource {
public:
  struct Call {
    std::string metric;
    int64_t tMs;
  };
  std::map<std::string, Series> series;
  std::vector<Call> calls;

  ProviderResult measure(const MeasurementRequest &request) override {
    calls.push_back({request.metric.name, request.tMs});
    auto it = series.find(request.metric.name);
    return it == series.end() ? good() : it->second(request.tMs);
  }

  std::vector<int64_t> times(const std::string &metric) const {
    std::vector<int64_t> out;
    for (const Call &c : calls)
      if (c.metric == metric) out.push_back(c.tMs);
    return out;
  }
};

/// A template with one metric measured every `intervalMs`, `count` times (0 = unbounded), with
/// `result[0] >= 0.95` as success and optionally `result[0] < 0.5` as failure.
plan::Template analysisTemplate(std::string name, std::string metricName, int64_t count,
                                int64_t intervalMs = kMinute, bool withFailure = false) {
  plan::Metric m;
  m.name = std::move(metricName);
  m.provider.kind = "prometheus";
  m.provider.query = "up";
  m.shape = plan::ResultShape::Vector;
  m.success = condition("result[0] >= 0.95");
  m.successText = "result[0] >= 0.95";
  if (withFailure) {
    m.failure = condition("result[0] < 0.5");
    m.failureText = "result[0] < 0.5";
  }
  m.intervalMs = intervalMs;
  if (count > 0) m.count = count;
  plan::Template t;
  t.name = std::move(name);
  t.metrics.push_back(std::move(m));
  return t;
}

plan::Run runOf(plan::RunKind kind, size_t templateIndex) {
  plan::Run r;
  r.kind = kind;
  r.templates = {templateIndex};
  return r;
}

plan::Step setWeight(int32_t weight) {
  plan::Step s;
  s.kind = plan::StepKind::SetWeight;
  s.weight = weight;
  return s;
}

plan::Step pauseFor(int64_t ms) {
  plan::Step s;
  s.kind = plan::StepKind::Pause;
  s.pauseMs = ms;
  return s;
}

plan::Step pauseUntilPromoted(std::optional<int64_t> timeoutMs = std::nullopt) {
  plan::Step s;
  s.kind = plan::StepKind::Pause;
  s.promotionTimeoutMs = timeoutMs;
  return s;
}

plan::Step analyze(size_t templateIndex) {
  plan::Step s;
  s.kind = plan::StepKind::Analysis;
  s.analysis = runOf(plan::RunKind::Step, templateIndex);
  return s;
}

OperatorEvent event(int64_t tMs, Action action, std::optional<int64_t> revision = std::nullopt) {
  OperatorEvent e;
  e.tMs = tMs;
  e.action = action;
  e.revision = revision;
  return e;
}

// Template indices used by every fixture plan.
constexpr size_t kHttp = 0;    // "http"/"success-rate": 3 measurements a minute apart
constexpr size_t kJudged = 1;  // "judged"/"judged-rate": as kHttp, with a failure condition
constexpr size_t kErrors = 2;  // "errors"/"error-rate": unbounded, every 70 s (background)
constexpr size_t kSmoke = 3;   // "smoke"/"smoke-rate": 3 measurements a minute apart (pre)
constexpr size_t kPost = 4;    // "post"/"post-rate": 2 measurements a minute apart (post)
constexpr size_t kErrorsJudged = 5; // "errors-judged"/"error-judged": unbounded, every minute

struct Fixture {
  plan::Plan plan;
  FakeSource source;
  std::vector<OperatorEvent> events;
  ExecutionOptions options;
  ExecutionResult result;

  Fixture() {
    plan.rollout = "checkout";
    plan.templates = {analysisTemplate("http", "success-rate", 3),
                      analysisTemplate("judged", "judged-rate", 3, kMinute, true),
                      analysisTemplate("errors", "error-rate", 0, 70 * kSecond),
                      analysisTemplate("smoke", "smoke-rate", 3),
                      analysisTemplate("post", "post-rate", 2),
                      analysisTemplate("errors-judged", "error-judged", 0, kMinute, true)};
    options.endMs = 4 * kHour;
  }

  void canary(std::vector<plan::Step> steps) {
    plan.strategy = plan::Strategy::Canary;
    plan.canary.steps = std::move(steps);
  }

  void blueGreen() {
    plan.strategy = plan::Strategy::BlueGreen;
    plan.blueGreen.activeService = "checkout-active";
    plan.blueGreen.previewService = "checkout-preview";
  }

  const ExecutionResult &run() {
    result = rwd::runtime::execute(plan, source, events, options);
    INFO("tool failure: " << result.toolFailure.value_or(""));
    REQUIRE_FALSE(result.toolFailure);
    // The timeline is in time order.
    CHECK(std::is_sorted(result.timeline.begin(), result.timeline.end(),
                         [](const TimelineEntry &a, const TimelineEntry &b) { return a.tMs < b.tMs; }));
    return result;
  }

  const rwd::runtime::Outcome &outcome() const { return result.outcome; }

  std::vector<const TimelineEntry *> entries(EntryKind kind) const {
    std::vector<const TimelineEntry *> out;
    for (const TimelineEntry &e : result.timeline)
      if (e.kind == kind) out.push_back(&e);
    return out;
  }

  /// (time, step index) of every step start.
  std::vector<std::pair<int64_t, int32_t>> stepStarts() const {
    std::vector<std::pair<int64_t, int32_t>> out;
    for (const TimelineEntry *e : entries(EntryKind::Step)) out.emplace_back(e->tMs, e->stepIndex);
    return out;
  }

  /// Times at which runs labelled `label` were created.
  std::vector<int64_t> runStarts(const std::string &label) const {
    std::vector<int64_t> out;
    for (const TimelineEntry *e : entries(EntryKind::AnalysisStart))
      if (e->run == label) out.push_back(e->tMs);
    return out;
  }

  const TimelineEntry *runEnd(const std::string &label) const {
    for (const TimelineEntry *e : entries(EntryKind::AnalysisEnd))
      if (e->run == label) return e;
    return nullptr;
  }

  bool hasEntry(EntryKind kind, std::string_view messagePart) const {
    for (const TimelineEntry *e : entries(kind))
      if (e->message.find(messagePart) != std::string::npos) return true;
    return false;
  }
};

} // namespace

//===-- Canary: steps and pauses (§5.2, CONTRACT §5) --------------------------------===//

TEST_CASE("Executor: canary promotes when every step passes", "[executor]") {
  Fixture f;
  f.canary({setWeight(20), pauseFor(5 * kMinute), setWeight(50), pauseFor(10 * kMinute)});
  f.run();
  // A timed pause of D that starts at s ends at s + D; weight changes complete at once.
  CHECK(f.outcome().kind == OutcomeKind::Promoted);
  CHECK(f.outcome().decidedAtMs == 15 * kMinute);
  CHECK(f.outcome().reason.empty());
  CHECK(f.outcome().stepIndex == 4);
  CHECK_FALSE(f.outcome().trigger);
  CHECK_FALSE(f.outcome().rollback);
  CHECK(f.outcome().weight == 100);
  using P = std::pair<int64_t, int32_t>;
  CHECK(f.stepStarts() ==
        std::vector<P>{{0, 0}, {0, 1}, {5 * kMinute, 2}, {5 * kMinute, 3}});
  auto starts = f.entries(EntryKind::Step);
  CHECK(starts[0]->weight == 20);
  CHECK(starts[2]->weight == 50);
  REQUIRE(f.result.timeline.back().kind == EntryKind::Decision);
  CHECK(f.result.timeline.back().tMs == 15 * kMinute);
  CHECK(f.result.timeline.back().action == "promoted");
  CHECK(f.result.timeline.front().kind == EntryKind::RolloutStart);
}

TEST_CASE("Executor: an indefinite pause waits for a person", "[executor]") {
  Fixture f;
  SECTION("no promote: paused/manual_gate decided at the pause start") {
    f.canary({setWeight(20), pauseFor(2 * kMinute), pauseUntilPromoted(), setWeight(50)});
    f.options.endMs = kHour;
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Paused);
    CHECK(f.outcome().reason == "manual_gate");
    CHECK(f.outcome().decidedAtMs == 2 * kMinute);
    CHECK(f.outcome().stepIndex == 2);
    CHECK(f.outcome().weight == 20);
  }
  SECTION("setWeight then pause: decided at the setWeight instant") {
    f.canary({setWeight(20), pauseUntilPromoted()});
    f.options.endMs = kHour;
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Paused);
    CHECK(f.outcome().decidedAtMs == 0);
    CHECK(f.outcome().stepIndex == 1);
  }
  SECTION("promote at the gate continues") {
    f.canary({setWeight(20), pauseUntilPromoted(), setWeight(50), pauseFor(5 * kMinute)});
    f.events = {event(10 * kMinute, Action::Promote)};
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 15 * kMinute);
    using P = std::pair<int64_t, int32_t>;
    CHECK(f.stepStarts() ==
          std::vector<P>{{0, 0}, {0, 1}, {10 * kMinute, 2}, {10 * kMinute, 3}});
    auto resumes = f.entries(EntryKind::Resume);
    REQUIRE(resumes.size() == 1);
    CHECK(resumes[0]->tMs == 10 * kMinute);
    auto events = f.entries(EntryKind::Event);
    REQUIRE(events.size() == 1);
    CHECK(events[0]->action == "promote");
  }
}

TEST_CASE("Executor: Rewind's promotion timeout rolls back an unpromoted gate", "[executor]") {
  Fixture f;
  f.canary({setWeight(20), pauseFor(kMinute), pauseUntilPromoted(30 * kMinute), setWeight(60)});
  SECTION("nobody promotes: rolled_back/timeout at start + timeout") {
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::RolledBack);
    CHECK(f.outcome().reason == "timeout");
    CHECK(f.outcome().decidedAtMs == 31 * kMinute);
    CHECK(f.outcome().stepIndex == 2);
    CHECK(f.outcome().weight == 0);
    REQUIRE(f.outcome().rollback);
    CHECK(f.outcome().rollback->action == "abort");
    auto aborts = f.entries(EntryKind::Abort);
    REQUIRE(aborts.size() == 1);
    CHECK(aborts[0]->reason == "timeout");
  }
  SECTION("a promote before the timeout wins") {
    f.events = {event(10 * kMinute, Action::Promote)};
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 10 * kMinute);
  }
  SECTION("a promote exactly at the timeout instant wins: events are applied before timeouts") {
    f.events = {event(31 * kMinute, Action::Promote)};
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 31 * kMinute);
    CHECK(f.entries(EntryKind::Abort).empty());
  }
  SECTION("a promote one millisecond late does not") {
    f.events = {event(31 * kMinute + 1, Action::Promote)};
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::RolledBack);
    CHECK(f.outcome().reason == "timeout");
    CHECK(f.outcome().decidedAtMs == 31 * kMinute);
  }
  SECTION("the trace ends before the timeout: still waiting at the gate") {
    f.options.endMs = 20 * kMinute;
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Paused);
    CHECK(f.outcome().reason == "manual_gate");
    CHECK(f.outcome().decidedAtMs == kMinute);
  }
}

TEST_CASE("Executor: the trace ends before an outcome", "[executor]") {
  Fixture f;
  SECTION("during a timed pause: incomplete at the end of the trace") {
    f.canary({setWeight(20), pauseFor(30 * kMinute), setWeight(50)});
    f.options.endMs = 10 * kMinute;
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Incomplete);
    CHECK(f.outcome().decidedAtMs == 10 * kMinute);
    CHECK(f.outcome().reason.empty());
    CHECK(f.outcome().stepIndex == 1);
  }
  SECTION("during a running step analysis") {
    f.canary({setWeight(20), analyze(kHttp), setWeight(50)});
    f.options.endMs = 90 * kSecond;
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Incomplete);
    CHECK(f.outcome().decidedAtMs == 90 * kSecond);
    CHECK(f.outcome().stepIndex == 1);
    CHECK(f.source.times("success-rate") == std::vector<int64_t>{0, kMinute});
  }
  SECTION("blue-green during pre-promotion analysis") {
    f.blueGreen();
    f.plan.blueGreen.prePromotion = runOf(plan::RunKind::PrePromotion, kSmoke);
    f.options.endMs = 30 * kSecond;
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Incomplete);
    CHECK(f.outcome().decidedAtMs == 30 * kSecond);
    CHECK_FALSE(f.outcome().stepIndex);
  }
}

//===-- Canary: step analysis (§0, §5.2) -------------------------------------------------===//

TEST_CASE("Executor: a Failed step analysis rolls back", "[executor]") {
  Fixture f;
  f.canary({setWeight(20), pauseFor(kMinute), analyze(kHttp), pauseFor(5 * kMinute)});
  f.source.series["success-rate"] = turns(170 * kSecond);
  f.run();
  // The run starts at 1m; measurements at 1m, 2m, 3m; the third fails (failureLimit 0).
  CHECK(f.source.times("success-rate") == std::vector<int64_t>{kMinute, 2 * kMinute, 3 * kMinute});
  CHECK(f.outcome().kind == OutcomeKind::RolledBack);
  CHECK(f.outcome().reason == "analysis_failed");
  CHECK(f.outcome().decidedAtMs == 3 * kMinute);
  CHECK(f.outcome().stepIndex == 2);
  REQUIRE(f.outcome().trigger);
  CHECK(f.outcome().trigger->analysis == "http");
  CHECK(f.outcome().trigger->metric == "success-rate");
  CHECK(f.outcome().trigger->measurement == 2);
  CHECK(rwd::runtime::formatValue(f.outcome().trigger->value) == "[0.1]");
  CHECK(f.outcome().trigger->phase == Phase::Failed);
  REQUIRE(f.runEnd("step 2"));
  CHECK(f.runEnd("step 2")->phase == Phase::Failed);
  auto aborts = f.entries(EntryKind::Abort);
  REQUIRE(aborts.size() == 1);
  CHECK(aborts[0]->stepIndex == 2);
  CHECK(aborts[0]->message.rfind("Step-based analysis phase failed: Metric \"success-rate\"", 0) ==
        0);
}

TEST_CASE("Executor: an Error step analysis rolls back with analysis_error", "[executor]") {
  Fixture f;
  f.canary({setWeight(20), analyze(kHttp), setWeight(50)});
  f.source.series["success-rate"] = [](int64_t) {
    return ProviderResult::providerError("HTTP 503 from Prometheus");
  };
  f.run();
  // Five consecutive errors (default limit 4), retried every 10 s.
  CHECK(f.source.times("success-rate") ==
        std::vector<int64_t>{0, 10 * kSecond, 20 * kSecond, 30 * kSecond, 40 * kSecond});
  CHECK(f.outcome().kind == OutcomeKind::RolledBack);
  CHECK(f.outcome().reason == "analysis_error");
  CHECK(f.outcome().decidedAtMs == 40 * kSecond);
  CHECK(f.outcome().stepIndex == 1);
  REQUIRE(f.outcome().trigger);
  CHECK(f.outcome().trigger->measurement == 4);
  CHECK(f.outcome().trigger->phase == Phase::Error);
  CHECK(f.outcome().trigger->value.isNil());
}

TEST_CASE("Executor: an Inconclusive step analysis pauses", "[executor]") {
  Fixture f;
  f.canary({setWeight(20), analyze(kJudged), setWeight(50), pauseFor(5 * kMinute)});
  f.source.series["judged-rate"] = turns(kMinute, unsure());

  SECTION("nobody promotes: paused/inconclusive at the measurement") {
    f.options.endMs = kHour;
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Paused);
    CHECK(f.outcome().reason == "inconclusive");
    CHECK(f.outcome().decidedAtMs == kMinute);
    CHECK(f.outcome().stepIndex == 1);
    REQUIRE(f.outcome().trigger);
    CHECK(f.outcome().trigger->metric == "judged-rate");
    CHECK(f.outcome().trigger->measurement == 1);
    CHECK(f.outcome().trigger->phase == Phase::Inconclusive);
    auto pauses = f.entries(EntryKind::Pause);
    REQUIRE(pauses.size() == 1);
    CHECK(pauses[0]->reason == "InconclusiveAnalysisRun");
  }
  SECTION("promote skips the inconclusive step (promote.go: currentStepIndex+1)") {
    f.events = {event(10 * kMinute, Action::Promote)};
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 15 * kMinute);
    using P = std::pair<int64_t, int32_t>;
    CHECK(f.stepStarts() ==
          std::vector<P>{{0, 0}, {0, 1}, {10 * kMinute, 2}, {10 * kMinute, 3}});
    CHECK(f.runStarts("step 1") == std::vector<int64_t>{0}); // the step is not re-run
  }
  SECTION("abort while paused") {
    f.events = {event(10 * kMinute, Action::Abort)};
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::RolledBack);
    CHECK(f.outcome().reason == "manual_abort");
    CHECK(f.outcome().decidedAtMs == 10 * kMinute);
  }
}

TEST_CASE("Executor: promote in the middle of a step analysis skips it", "[executor]") {
  Fixture f;
  f.canary({setWeight(20), analyze(kHttp), pauseFor(5 * kMinute)});
  f.events = {event(90 * kSecond, Action::Promote)};
  f.run();
  CHECK(f.outcome().kind == OutcomeKind::Promoted);
  CHECK(f.outcome().decidedAtMs == 90 * kSecond + 5 * kMinute);
  REQUIRE(f.runEnd("step 1"));
  CHECK(f.runEnd("step 1")->tMs == 90 * kSecond);
  CHECK(f.runEnd("step 1")->phase == Phase::Successful);
  CHECK(f.runEnd("step 1")->message == "Run Terminated");
  CHECK(f.source.times("success-rate") == std::vector<int64_t>{0, kMinute});
}

//===-- Canary: background analysis (§5.3) -------------------------------------------------===//

TEST_CASE("Executor: background analysis runs from startingStep until the last step", "[executor]") {
  Fixture f;
  f.canary({setWeight(20), pauseFor(5 * kMinute), setWeight(50), pauseFor(5 * kMinute)});
  f.plan.canary.background = runOf(plan::RunKind::Background, kErrors);
  f.plan.canary.backgroundStartingStep = 2;

  SECTION("all good: promoted, and the run is terminated Successful at full promotion") {
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 10 * kMinute);
    CHECK(f.runStarts("background") == std::vector<int64_t>{5 * kMinute});
    // Every 70 s from 5m: 300, 370, 440, 510, 580 s; none after the last step completed.
    CHECK(f.source.times("error-rate") ==
          std::vector<int64_t>{300 * kSecond, 370 * kSecond, 440 * kSecond, 510 * kSecond,
                               580 * kSecond});
    const TimelineEntry *end = f.runEnd("background");
    REQUIRE(end);
    CHECK(end->tMs == 10 * kMinute);
    CHECK(end->phase == Phase::Successful);
    CHECK(end->message == "Run Terminated");
  }
  SECTION("a Failed background run aborts") {
    f.source.series["error-rate"] = turns(400 * kSecond);
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::RolledBack);
    CHECK(f.outcome().reason == "analysis_failed");
    CHECK(f.outcome().decidedAtMs == 440 * kSecond);
    CHECK(f.outcome().stepIndex == 3);
    REQUIRE(f.outcome().trigger);
    CHECK(f.outcome().trigger->analysis == "errors");
    CHECK(f.outcome().trigger->metric == "error-rate");
    CHECK(f.outcome().trigger->measurement == 2);
    CHECK(f.hasEntry(EntryKind::Abort, "Background analysis phase failed"));
  }
  SECTION("a bad value after the last step cannot roll back") {
    f.source.series["error-rate"] = turns(590 * kSecond);
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 10 * kMinute);
  }
  SECTION("a bad value before startingStep is never measured") {
    f.source.series["error-rate"] = [](int64_t t) { return t < 5 * kMinute ? bad() : good(); };
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
  }
  SECTION("startingStep 0 starts with the update") {
    f.plan.canary.backgroundStartingStep = 0;
    f.run();
    CHECK(f.runStarts("background") == std::vector<int64_t>{0});
  }
  SECTION("a background run that completes Successful is not restarted") {
    f.plan.templates[kErrors].metrics[0].count = 2;
    f.run();
    CHECK(f.runStarts("background") == std::vector<int64_t>{5 * kMinute});
    CHECK(f.source.times("error-rate").size() == 2);
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
  }
}

TEST_CASE("Executor: an Inconclusive background run pauses; promote starts a new run",
          "[executor]") {
  Fixture f;
  f.canary({setWeight(20), pauseFor(10 * kMinute), setWeight(50), pauseFor(10 * kMinute)});
  f.plan.canary.background = runOf(plan::RunKind::Background, kErrorsJudged);
  // Inconclusive at exactly 2m, good otherwise.
  f.source.series["error-judged"] = [](int64_t t) { return t == 2 * kMinute ? unsure() : good(); };

  SECTION("nobody promotes: paused/inconclusive, even after the pause step's time is up") {
    f.options.endMs = 30 * kMinute;
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Paused);
    CHECK(f.outcome().reason == "inconclusive");
    CHECK(f.outcome().decidedAtMs == 2 * kMinute);
    CHECK(f.outcome().stepIndex == 1);
    REQUIRE(f.outcome().trigger);
    CHECK(f.outcome().trigger->analysis == "errors-judged");
    CHECK(f.entries(EntryKind::StepComplete).size() == 1); // step 1 never completes
  }
  SECTION("promote: a fresh background run, and the paused pause step completes") {
    // promote clears every pause condition but not controllerPause, so the controller sees the
    // pause step's condition gone and completes it (pause.go: CompletedCanaryPauseStep).
    f.events = {event(5 * kMinute, Action::Promote)};
    f.run();
    CHECK(f.runStarts("background") == std::vector<int64_t>{0, 5 * kMinute});
    using P = std::pair<int64_t, int32_t>;
    CHECK(f.stepStarts() ==
          std::vector<P>{{0, 0}, {0, 1}, {5 * kMinute, 2}, {5 * kMinute, 3}});
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 15 * kMinute);
  }
}

TEST_CASE("Executor: promote after a background inconclusive does not skip the current step",
          "[executor]") {
  Fixture f;
  f.canary({setWeight(20), analyze(kHttp), pauseFor(5 * kMinute)});
  f.plan.canary.background = runOf(plan::RunKind::Background, kErrorsJudged);
  f.source.series["error-judged"] = [](int64_t t) { return t == kMinute ? unsure() : good(); };
  f.events = {event(90 * kSecond, Action::Promote)};
  f.run();
  // Background Inconclusive at 1m pauses. The promote at 90s only clears the pause conditions
  // (promote.go: isInconclusive looks at the step analysis only), so the running step analysis is
  // not skipped: it ends Successful at 2m and the next step starts then, not at 90s.
  CHECK(f.source.times("success-rate") == std::vector<int64_t>{0, kMinute, 2 * kMinute});
  CHECK(f.runStarts("background") == std::vector<int64_t>{0, 90 * kSecond});
  using P = std::pair<int64_t, int32_t>;
  CHECK(f.stepStarts() == std::vector<P>{{0, 0}, {0, 1}, {2 * kMinute, 2}});
  CHECK(f.outcome().kind == OutcomeKind::Promoted);
  CHECK(f.outcome().decidedAtMs == 7 * kMinute);
}

//===-- Operator events (§7) --------------------------------------------------------------===//

TEST_CASE("Executor: abort and retry", "[executor]") {
  Fixture f;
  f.canary({setWeight(20), analyze(kHttp), pauseFor(5 * kMinute)});
  SECTION("abort is manual_abort at the event") {
    f.events = {event(30 * kSecond, Action::Abort)};
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::RolledBack);
    CHECK(f.outcome().reason == "manual_abort");
    CHECK(f.outcome().decidedAtMs == 30 * kSecond);
    CHECK(f.outcome().stepIndex == 1);
    CHECK_FALSE(f.outcome().trigger);
    REQUIRE(f.runEnd("step 1"));
    CHECK(f.runEnd("step 1")->phase == Phase::Successful);
    CHECK(f.runEnd("step 1")->reason == "rollout aborted");
  }
  SECTION("retry restarts at step 0 with new analysis runs") {
    f.events = {event(30 * kSecond, Action::Abort), event(kMinute, Action::Retry)};
    f.run();
    using P = std::pair<int64_t, int32_t>;
    CHECK(f.stepStarts() ==
          std::vector<P>{{0, 0}, {0, 1}, {kMinute, 0}, {kMinute, 1}, {3 * kMinute, 2}});
    CHECK(f.runStarts("step 1") == std::vector<int64_t>{0, kMinute});
    CHECK(f.source.times("success-rate") ==
          std::vector<int64_t>{0, kMinute, 2 * kMinute, 3 * kMinute});
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 8 * kMinute);
    CHECK_FALSE(f.outcome().rollback);
  }
  SECTION("retry without an abort is ignored") {
    f.events = {event(30 * kSecond, Action::Retry)};
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.hasEntry(EntryKind::Note, "`retry` has no effect"));
  }
  SECTION("promote while aborted is ignored") {
    f.events = {event(30 * kSecond, Action::Abort), event(kMinute, Action::Promote),
                event(2 * kMinute, Action::PromoteFull)};
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::RolledBack);
    CHECK(f.outcome().reason == "manual_abort");
    CHECK(f.outcome().decidedAtMs == 30 * kSecond);
    CHECK(f.hasEntry(EntryKind::Note, "`promote` has no effect"));
    CHECK(f.hasEntry(EntryKind::Note, "`promote-full` has no effect"));
    CHECK(f.entries(EntryKind::Resume).empty());
  }
  SECTION("a second abort is ignored") {
    f.events = {event(30 * kSecond, Action::Abort), event(kMinute, Action::Abort)};
    f.run();
    CHECK(f.outcome().decidedAtMs == 30 * kSecond);
    CHECK(f.entries(EntryKind::Abort).size() == 1);
  }
}

TEST_CASE("Executor: undo rolls back with manual_undo", "[executor]") {
  Fixture f;
  f.canary({setWeight(20), pauseFor(5 * kMinute), setWeight(50), pauseFor(5 * kMinute)});
  SECTION("to a revision") {
    f.events = {event(2 * kMinute, Action::Undo, 3)};
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::RolledBack);
    CHECK(f.outcome().reason == "manual_undo");
    CHECK(f.outcome().decidedAtMs == 2 * kMinute);
    CHECK(f.outcome().stepIndex == 1);
    REQUIRE(f.outcome().rollback);
    CHECK(f.outcome().rollback->action == "undo");
    CHECK(f.outcome().rollback->revision == 3);
    auto events = f.entries(EntryKind::Event);
    REQUIRE(events.size() == 1);
    CHECK(events[0]->argument == "3");
  }
  SECTION("to the previous revision") {
    f.events = {event(2 * kMinute, Action::Undo)};
    f.run();
    CHECK(f.outcome().reason == "manual_undo");
    REQUIRE(f.outcome().rollback);
    CHECK_FALSE(f.outcome().rollback->revision);
  }
  SECTION("after an abort: the abort decided; the undo is recorded on its rollback") {
    f.events = {event(kMinute, Action::Abort), event(2 * kMinute, Action::Undo, 7)};
    f.run();
    CHECK(f.outcome().reason == "manual_abort");
    CHECK(f.outcome().decidedAtMs == kMinute);
    REQUIRE(f.outcome().rollback);
    CHECK(f.outcome().rollback->action == "undo");
    CHECK(f.outcome().rollback->revision == 7);
  }
}

TEST_CASE("Executor: promote-full skips the remaining steps", "[executor]") {
  Fixture f;
  SECTION("from an indefinite pause") {
    f.canary({setWeight(20), pauseUntilPromoted(), setWeight(50), analyze(kHttp),
              pauseFor(10 * kMinute)});
    f.events = {event(5 * kMinute, Action::PromoteFull)};
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 5 * kMinute);
    // Argo sets currentStepIndex = len(steps) for promoteFull (canary.go syncRolloutStatusCanary).
    CHECK(f.outcome().stepIndex == 5);
    CHECK(f.stepStarts().size() == 2);
    CHECK(f.source.calls.empty());
  }
  SECTION("from a running step analysis, which is terminated") {
    f.canary({setWeight(20), analyze(kHttp), pauseUntilPromoted()});
    f.events = {event(90 * kSecond, Action::PromoteFull)};
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 90 * kSecond);
    REQUIRE(f.runEnd("step 1"));
    CHECK(f.runEnd("step 1")->tMs == 90 * kSecond);
    CHECK(f.runEnd("step 1")->phase == Phase::Successful);
  }
}

TEST_CASE("Executor: events at the start apply before the first step", "[executor]") {
  Fixture f;
  f.canary({setWeight(20), pauseFor(5 * kMinute)});
  SECTION("a pause at t = 0 holds step 0") {
    f.events = {event(0, Action::Pause)};
    f.run();
    using P = std::pair<int64_t, int32_t>;
    CHECK(f.stepStarts() == std::vector<P>{{0, 0}});
    CHECK(f.outcome().kind == OutcomeKind::Paused);
    CHECK(f.outcome().reason == "manual_gate");
    CHECK(f.outcome().decidedAtMs == 0);
  }
  SECTION("an abort at t = 0 rolls back before any step") {
    f.events = {event(0, Action::Abort)};
    f.run();
    CHECK(f.stepStarts().empty());
    CHECK(f.outcome().kind == OutcomeKind::RolledBack);
    CHECK(f.outcome().reason == "manual_abort");
    CHECK(f.outcome().stepIndex == 0);
  }
}

TEST_CASE("Executor: a pause event freezes step progress until promote", "[executor]") {
  Fixture f;
  SECTION("during a timed pause: promote unpauses and completes the pause step") {
    f.canary({setWeight(20), pauseFor(5 * kMinute), setWeight(50), pauseFor(5 * kMinute)});
    f.events = {event(kMinute, Action::Pause), event(400 * kSecond, Action::Promote)};
    f.run();
    using P = std::pair<int64_t, int32_t>;
    CHECK(f.stepStarts() ==
          std::vector<P>{{0, 0}, {0, 1}, {400 * kSecond, 2}, {400 * kSecond, 3}});
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 700 * kSecond);
  }
  SECTION("during a step analysis: promote unpauses and skips the current step") {
    // promote.go getPatches: no pause conditions ⇒ currentStepIndex+1.
    f.canary({setWeight(20), analyze(kHttp), pauseFor(5 * kMinute)});
    f.events = {event(30 * kSecond, Action::Pause), event(200 * kSecond, Action::Promote)};
    f.run();
    // The run completed Successful at 2m, but the step could not complete while paused.
    REQUIRE(f.runEnd("step 1"));
    CHECK(f.runEnd("step 1")->tMs == 2 * kMinute);
    using P = std::pair<int64_t, int32_t>;
    CHECK(f.stepStarts() == std::vector<P>{{0, 0}, {0, 1}, {200 * kSecond, 2}});
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 500 * kSecond);
  }
  SECTION("during a setWeight step with slow pods: promote skips that step") {
    f.options.readinessDelayMs = 2 * kMinute;
    f.canary({setWeight(20), setWeight(50), pauseFor(kMinute)});
    f.events = {event(3 * kMinute, Action::Pause), event(4 * kMinute, Action::Promote)};
    f.run();
    using P = std::pair<int64_t, int32_t>;
    // step 1 (setWeight 50) starts at 2m; its pods would be ready at 4m but promote skips it.
    CHECK(f.stepStarts() == std::vector<P>{{0, 0}, {2 * kMinute, 1}, {4 * kMinute, 2}});
    CHECK(f.outcome().decidedAtMs == 5 * kMinute);
  }
  SECTION("the trace ends while paused: paused/manual_gate at the pause event") {
    f.canary({setWeight(20), pauseFor(5 * kMinute), setWeight(50)});
    f.events = {event(kMinute, Action::Pause)};
    f.options.endMs = kHour;
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Paused);
    CHECK(f.outcome().reason == "manual_gate");
    CHECK(f.outcome().decidedAtMs == kMinute);
    CHECK(f.outcome().stepIndex == 1);
  }
  SECTION("a step analysis that fails while paused still aborts") {
    // rollout/analysis.go reconcileStepBasedAnalysisRun aborts on Failed/Error whatever
    // spec.paused says (only pause conditions or an abort skip it).
    f.canary({setWeight(20), analyze(kHttp), pauseFor(5 * kMinute)});
    f.events = {event(30 * kSecond, Action::Pause)};
    f.source.series["success-rate"] = turns(100 * kSecond);
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::RolledBack);
    CHECK(f.outcome().reason == "analysis_failed");
    CHECK(f.outcome().decidedAtMs == 2 * kMinute);
    CHECK(f.outcome().stepIndex == 1);
  }
  SECTION("a second pause is ignored") {
    f.canary({setWeight(20), pauseFor(5 * kMinute)});
    f.events = {event(kMinute, Action::Pause), event(2 * kMinute, Action::Pause),
                event(3 * kMinute, Action::Promote)};
    f.run();
    CHECK(f.hasEntry(EntryKind::Note, "already paused"));
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 3 * kMinute);
  }
}

//===-- Rollback actions, irreversible marks, notifications --------------------------------===//

TEST_CASE("Executor: irreversible marks are crossed once their step started", "[executor]") {
  Fixture f;
  f.canary({setWeight(20), pauseFor(5 * kMinute), setWeight(50), pauseFor(5 * kMinute)});
  plan::IrreversibleMark mark;
  mark.note = "db migration";
  mark.stepIndex = 2;
  f.plan.irreversible = {mark};

  SECTION("an abort before the step does not cross it") {
    f.events = {event(2 * kMinute, Action::Abort)};
    f.run();
    REQUIRE(f.outcome().rollback);
    CHECK(f.outcome().rollback->crossedIrreversible.empty());
    CHECK_FALSE(f.hasEntry(EntryKind::Note, "irreversible"));
  }
  SECTION("an abort after the step started crosses it") {
    f.events = {event(6 * kMinute, Action::Abort)};
    f.run();
    REQUIRE(f.outcome().rollback);
    CHECK(f.outcome().rollback->crossedIrreversible == std::vector<std::string>{"db migration"});
    CHECK(f.hasEntry(EntryKind::Note, "irreversible: db migration"));
    CHECK(f.hasEntry(EntryKind::Note, "rollback crosses an irreversible step: db migration"));
  }
  SECTION("an abort at the instant the step would start comes first: not crossed") {
    f.events = {event(5 * kMinute, Action::Abort)};
    f.run();
    CHECK(f.outcome().stepIndex == 1);
    REQUIRE(f.outcome().rollback);
    CHECK(f.outcome().rollback->crossedIrreversible.empty());
  }
  SECTION("a timeout or analysis rollback crosses it too") {
    f.canary({setWeight(20), pauseFor(kMinute), analyze(kHttp)});
    f.source.series["success-rate"] = turns(0);
    f.run();
    CHECK(f.outcome().reason == "analysis_failed");
    REQUIRE(f.outcome().rollback);
    CHECK(f.outcome().rollback->crossedIrreversible == std::vector<std::string>{"db migration"});
  }
  SECTION("an undo after the step started crosses it") {
    f.events = {event(6 * kMinute, Action::Undo)};
    f.run();
    CHECK(f.outcome().reason == "manual_undo");
    REQUIRE(f.outcome().rollback);
    CHECK(f.outcome().rollback->crossedIrreversible == std::vector<std::string>{"db migration"});
  }
}

TEST_CASE("Executor: the on-rollback action is recorded", "[executor]") {
  Fixture f;
  f.canary({setWeight(20), analyze(kHttp)});
  f.source.series["success-rate"] = turns(0);
  SECTION("abort (the default)") {
    f.run();
    REQUIRE(f.outcome().rollback);
    CHECK(f.outcome().rollback->action == "abort");
    CHECK_FALSE(f.outcome().rollback->revision);
  }
  SECTION("undo to a revision") {
    f.plan.onRollback.kind = plan::RollbackAction::Kind::UndoRevision;
    f.plan.onRollback.revision = 5;
    f.run();
    REQUIRE(f.outcome().rollback);
    CHECK(f.outcome().rollback->action == "undo");
    CHECK(f.outcome().rollback->revision == 5);
    auto rollbacks = f.entries(EntryKind::Rollback);
    REQUIRE(rollbacks.size() == 1);
    CHECK(rollbacks[0]->action == "undo");
    CHECK(rollbacks[0]->argument == "5");
  }
  SECTION("undo to the previous revision") {
    f.plan.onRollback.kind = plan::RollbackAction::Kind::UndoPrevious;
    f.run();
    REQUIRE(f.outcome().rollback);
    CHECK(f.outcome().rollback->action == "undo");
    CHECK_FALSE(f.outcome().rollback->revision);
  }
}

TEST_CASE("Executor: notifications fire only for subscribed triggers", "[executor]") {
  Fixture f;
  f.canary({setWeight(20), pauseUntilPromoted(), setWeight(50)});
  plan::Notification aborted;
  aborted.trigger = "on-rollout-aborted";
  aborted.service = "slack";
  aborted.recipient = "#deploys";
  plan::Notification completed = aborted;
  completed.trigger = "on-rollout-completed";
  f.plan.notifications = {aborted, completed};

  SECTION("abort") {
    f.events = {event(kMinute, Action::Abort)};
    f.run();
    auto sent = f.entries(EntryKind::Notification);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0]->reason == "on-rollout-aborted");
    CHECK(sent[0]->action == "slack");
    CHECK(sent[0]->argument == "#deploys");
    CHECK(sent[0]->tMs == kMinute);
  }
  SECTION("completion") {
    f.events = {event(kMinute, Action::Promote)};
    f.run();
    auto sent = f.entries(EntryKind::Notification);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0]->reason == "on-rollout-completed");
  }
  SECTION("nothing subscribed: nothing sent") {
    f.plan.notifications.clear();
    f.events = {event(kMinute, Action::Abort)};
    f.run();
    CHECK(f.entries(EntryKind::Notification).empty());
  }
}

//===-- Progress deadline (§5.5) ---------------------------------------------------------===//

TEST_CASE("Executor: progress deadline with slow pods", "[executor]") {
  Fixture f;
  f.canary({setWeight(20), pauseFor(kMinute)});
  f.options.readinessDelayMs = 15 * kMinute;
  f.plan.progressDeadlineMs = 10 * kMinute;
  SECTION("with progressDeadlineAbort: rolled_back/progress_deadline") {
    f.plan.progressDeadlineAbort = true;
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::RolledBack);
    CHECK(f.outcome().reason == "progress_deadline");
    CHECK(f.outcome().decidedAtMs == 10 * kMinute);
    CHECK(f.outcome().stepIndex == 0);
  }
  SECTION("without it: Degraded note, and the rollout goes on") {
    f.run();
    CHECK(f.hasEntry(EntryKind::Note, "ProgressDeadlineExceeded"));
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 16 * kMinute);
  }
  SECTION("pods ready within the deadline: no note") {
    f.options.readinessDelayMs = 2 * kMinute;
    f.plan.progressDeadlineAbort = true;
    f.run();
    CHECK_FALSE(f.hasEntry(EntryKind::Note, "ProgressDeadlineExceeded"));
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 3 * kMinute);
  }
  SECTION("never at a pause step: a weight step skipped by promote leaves no deadline behind") {
    // rollout/sync.go → evaluateProgressDeadlineAbort does not abort at a pause, analysis or
    // experiment step (isIndefiniteStep).
    f.canary({setWeight(20), pauseUntilPromoted(), setWeight(50)});
    f.plan.progressDeadlineAbort = true;
    f.events = {event(kMinute, Action::Promote)};
    f.options.endMs = kHour;
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Paused);
    CHECK(f.outcome().reason == "manual_gate");
    CHECK(f.outcome().decidedAtMs == kMinute);
  }
  SECTION("never at an analysis step either") {
    f.canary({setWeight(20), analyze(kHttp), pauseUntilPromoted()});
    f.plan.progressDeadlineAbort = true;
    f.events = {event(9 * kMinute, Action::Promote)};
    f.options.endMs = kHour;
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Paused);
    CHECK(f.outcome().decidedAtMs == 11 * kMinute);
  }
  SECTION("the default deadline is 600 s") {
    f.plan.progressDeadlineMs.reset();
    f.plan.progressDeadlineAbort = true;
    f.run();
    CHECK(f.outcome().reason == "progress_deadline");
    CHECK(f.outcome().decidedAtMs == 600 * kSecond);
  }
}

//===-- Blue-green (§6) --------------------------------------------------------------------===//

TEST_CASE("Executor: blue-green auto-promotes after pre-promotion analysis", "[executor]") {
  Fixture f;
  f.blueGreen();
  f.plan.blueGreen.prePromotion = runOf(plan::RunKind::PrePromotion, kSmoke);
  f.plan.blueGreen.postPromotion = runOf(plan::RunKind::PostPromotion, kPost);
  f.run();
  // Pre-promotion 0, 1m, 2m ⇒ switch at 2m (no pause) ⇒ post-promotion 2m, 3m ⇒ promoted.
  CHECK(f.runStarts("pre-promotion") == std::vector<int64_t>{0});
  CHECK(f.runStarts("post-promotion") == std::vector<int64_t>{2 * kMinute});
  CHECK(f.source.times("post-rate") == std::vector<int64_t>{2 * kMinute, 3 * kMinute});
  CHECK(f.outcome().kind == OutcomeKind::Promoted);
  CHECK(f.outcome().decidedAtMs == 3 * kMinute);
  CHECK_FALSE(f.outcome().stepIndex);
  CHECK(f.entries(EntryKind::Pause).empty());
  bool switched = false;
  for (const TimelineEntry *e : f.entries(EntryKind::BlueGreen))
    if (e->message.find("active service `checkout-active` switched") != std::string::npos) {
      switched = true;
      CHECK(e->tMs == 2 * kMinute);
    }
  CHECK(switched);
}

TEST_CASE("Executor: blue-green without analyses promotes at once", "[executor]") {
  Fixture f;
  f.blueGreen();
  f.run();
  CHECK(f.outcome().kind == OutcomeKind::Promoted);
  CHECK(f.outcome().decidedAtMs == 0);
}

TEST_CASE("Executor: blue-green with auto-promotion disabled waits for promote", "[executor]") {
  Fixture f;
  f.blueGreen();
  f.plan.blueGreen.prePromotion = runOf(plan::RunKind::PrePromotion, kSmoke);
  f.plan.blueGreen.postPromotion = runOf(plan::RunKind::PostPromotion, kPost);
  f.plan.blueGreen.autoPromotionEnabled = false;
  SECTION("no promote: paused/manual_gate from the end of pre-promotion") {
    f.options.endMs = kHour;
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Paused);
    CHECK(f.outcome().reason == "manual_gate");
    CHECK(f.outcome().decidedAtMs == 2 * kMinute);
    CHECK_FALSE(f.outcome().stepIndex);
    auto pauses = f.entries(EntryKind::Pause);
    REQUIRE(pauses.size() == 1);
    CHECK(pauses[0]->reason == "BlueGreenPause");
  }
  SECTION("promote switches; post-promotion then decides") {
    f.events = {event(10 * kMinute, Action::Promote)};
    f.run();
    CHECK(f.runStarts("post-promotion") == std::vector<int64_t>{10 * kMinute});
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 11 * kMinute);
  }
  SECTION("a promote during pre-promotion does not skip the analysis") {
    f.events = {event(30 * kSecond, Action::Promote)};
    f.options.endMs = kHour;
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Paused);
    CHECK(f.outcome().decidedAtMs == 2 * kMinute);
  }
  SECTION("Rewind's promotion timeout rolls back at pause start + timeout") {
    f.plan.blueGreen.promotionTimeoutMs = 30 * kMinute;
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::RolledBack);
    CHECK(f.outcome().reason == "timeout");
    CHECK(f.outcome().decidedAtMs == 32 * kMinute);
    CHECK_FALSE(f.outcome().stepIndex);
    REQUIRE(f.outcome().rollback);
    CHECK(f.outcome().rollback->crossedIrreversible.empty());
  }
  SECTION("a promote at the timeout instant wins") {
    f.plan.blueGreen.promotionTimeoutMs = 30 * kMinute;
    f.events = {event(32 * kMinute, Action::Promote)};
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 33 * kMinute);
  }
}

TEST_CASE("Executor: blue-green autoPromotionSeconds counts from the end of pre-promotion",
          "[executor]") {
  Fixture f;
  f.blueGreen();
  f.plan.blueGreen.prePromotion = runOf(plan::RunKind::PrePromotion, kSmoke);
  f.plan.blueGreen.postPromotion = runOf(plan::RunKind::PostPromotion, kPost);
  f.plan.blueGreen.autoPromotionDelayMs = 5 * kMinute;
  SECTION("switch at pause start + delay") {
    f.run();
    auto pauses = f.entries(EntryKind::Pause);
    REQUIRE(pauses.size() == 1);
    CHECK(pauses[0]->tMs == 2 * kMinute);
    CHECK(f.runStarts("post-promotion") == std::vector<int64_t>{7 * kMinute});
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 8 * kMinute);
  }
  SECTION("the trace ends in the delay: incomplete, not a manual gate") {
    f.options.endMs = 4 * kMinute;
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Incomplete);
    CHECK(f.outcome().decidedAtMs == 4 * kMinute);
  }
  SECTION("a promote during the delay switches at once") {
    f.events = {event(3 * kMinute, Action::Promote)};
    f.run();
    CHECK(f.runStarts("post-promotion") == std::vector<int64_t>{3 * kMinute});
  }
  SECTION("a pause event holds the delay until promote") {
    f.events = {event(3 * kMinute, Action::Pause), event(20 * kMinute, Action::Promote)};
    f.run();
    CHECK(f.runStarts("post-promotion") == std::vector<int64_t>{20 * kMinute});
    CHECK(f.outcome().decidedAtMs == 21 * kMinute);
  }
}

TEST_CASE("Executor: blue-green analysis failures roll back", "[executor]") {
  Fixture f;
  f.blueGreen();
  f.plan.blueGreen.prePromotion = runOf(plan::RunKind::PrePromotion, kSmoke);
  f.plan.blueGreen.postPromotion = runOf(plan::RunKind::PostPromotion, kPost);
  plan::IrreversibleMark mark;
  mark.note = "schema v2";
  f.plan.irreversible = {mark};

  SECTION("pre-promotion Failed: rolled back before the switch") {
    f.source.series["smoke-rate"] = turns(kMinute);
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::RolledBack);
    CHECK(f.outcome().reason == "analysis_failed");
    CHECK(f.outcome().decidedAtMs == kMinute);
    CHECK_FALSE(f.outcome().stepIndex);
    REQUIRE(f.outcome().trigger);
    CHECK(f.outcome().trigger->analysis == "smoke");
    CHECK(f.outcome().trigger->measurement == 1);
    REQUIRE(f.outcome().rollback);
    CHECK(f.outcome().rollback->crossedIrreversible.empty());
    CHECK(f.runStarts("post-promotion").empty());
    CHECK(f.hasEntry(EntryKind::Abort, "Blue/green pre-promotion analysis phase failed"));
  }
  SECTION("pre-promotion Error: analysis_error") {
    f.source.series["smoke-rate"] = [](int64_t) { return ProviderResult::providerError("timeout"); };
    f.run();
    CHECK(f.outcome().reason == "analysis_error");
    CHECK(f.outcome().decidedAtMs == 40 * kSecond);
  }
  SECTION("post-promotion Failed after the switch: rolled back, irreversible crossed") {
    f.source.series["post-rate"] = turns(3 * kMinute);
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::RolledBack);
    CHECK(f.outcome().reason == "analysis_failed");
    CHECK(f.outcome().decidedAtMs == 3 * kMinute);
    REQUIRE(f.outcome().trigger);
    CHECK(f.outcome().trigger->analysis == "post");
    REQUIRE(f.outcome().rollback);
    CHECK(f.outcome().rollback->crossedIrreversible == std::vector<std::string>{"schema v2"});
  }
  SECTION("a manual abort after the switch crosses the mark; before it does not") {
    SECTION("after") {
      f.events = {event(150 * kSecond, Action::Abort)};
      f.run();
      CHECK(f.outcome().reason == "manual_abort");
      REQUIRE(f.outcome().rollback);
      CHECK(f.outcome().rollback->crossedIrreversible == std::vector<std::string>{"schema v2"});
      REQUIRE(f.runEnd("post-promotion"));
      CHECK(f.runEnd("post-promotion")->tMs == 150 * kSecond);
    }
    SECTION("before") {
      f.events = {event(90 * kSecond, Action::Abort)};
      f.run();
      REQUIRE(f.outcome().rollback);
      CHECK(f.outcome().rollback->crossedIrreversible.empty());
    }
  }
  SECTION("retry after an abort starts a new pre-promotion run") {
    f.events = {event(30 * kSecond, Action::Abort), event(kMinute, Action::Retry)};
    f.run();
    CHECK(f.runStarts("pre-promotion") == std::vector<int64_t>{0, kMinute});
    CHECK(f.runStarts("post-promotion") == std::vector<int64_t>{3 * kMinute});
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 4 * kMinute);
  }
  SECTION("post-promotion Inconclusive pauses; promote completes") {
    f.plan.templates[kPost] = analysisTemplate("post", "post-rate", 2, kMinute, true);
    f.source.series["post-rate"] = turns(3 * kMinute, unsure());
    SECTION("no promote") {
      f.options.endMs = kHour;
      f.run();
      CHECK(f.outcome().kind == OutcomeKind::Paused);
      CHECK(f.outcome().reason == "inconclusive");
      CHECK(f.outcome().decidedAtMs == 3 * kMinute);
      REQUIRE(f.outcome().trigger);
      CHECK(f.outcome().trigger->analysis == "post");
    }
    SECTION("promote") {
      f.events = {event(5 * kMinute, Action::Promote)};
      f.run();
      CHECK(f.outcome().kind == OutcomeKind::Promoted);
      CHECK(f.outcome().decidedAtMs == 5 * kMinute);
    }
  }
  SECTION("pre-promotion Inconclusive pauses; promote switches") {
    f.plan.templates[kSmoke] = analysisTemplate("smoke", "smoke-rate", 3, kMinute, true);
    f.source.series["smoke-rate"] = turns(kMinute, unsure());
    SECTION("no promote") {
      f.options.endMs = kHour;
      f.run();
      CHECK(f.outcome().kind == OutcomeKind::Paused);
      CHECK(f.outcome().reason == "inconclusive");
      CHECK(f.outcome().decidedAtMs == kMinute);
    }
    SECTION("promote") {
      f.events = {event(5 * kMinute, Action::Promote)};
      f.run();
      CHECK(f.runStarts("post-promotion") == std::vector<int64_t>{5 * kMinute});
      CHECK(f.outcome().kind == OutcomeKind::Promoted);
    }
  }
}

TEST_CASE("Executor: blue-green progress deadline while the preview is not ready", "[executor]") {
  Fixture f;
  f.blueGreen();
  f.plan.blueGreen.prePromotion = runOf(plan::RunKind::PrePromotion, kSmoke);
  f.options.readinessDelayMs = 15 * kMinute;
  f.plan.progressDeadlineMs = 10 * kMinute;
  SECTION("with abort") {
    f.plan.progressDeadlineAbort = true;
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::RolledBack);
    CHECK(f.outcome().reason == "progress_deadline");
    CHECK(f.outcome().decidedAtMs == 10 * kMinute);
    CHECK_FALSE(f.outcome().stepIndex);
    CHECK(f.runStarts("pre-promotion").empty());
  }
  SECTION("without abort: Degraded note; pre-promotion starts once the preview is ready") {
    f.run();
    CHECK(f.hasEntry(EntryKind::Note, "ProgressDeadlineExceeded"));
    CHECK(f.runStarts("pre-promotion") == std::vector<int64_t>{15 * kMinute});
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 17 * kMinute);
  }
}

//===-- A compiled policy end to end -------------------------------------------------------===//

TEST_CASE("Executor: runs a plan compiled from a policy file", "[executor]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() /
                 ("rewind-executor-test-" + std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  fs::path file = dir / "checkout.rwd";
  {
    std::ofstream out(file);
    out << R"rwd(analysis http(service: string) {
  metric success-rate {
    prometheus "sum(rate(http_requests_total{service='{{args.service}}'}[5m]))"
    every 1m, 3 times
    success when result[0] >= 95%
  }
}

rollout checkout {
  canary {
    weight 20%
    pause 5m
    analyze http(service: "checkout")
    weight 50%
    pause until promoted, timeout 30m
  }
}
)rwd";
  }
  rwd::SourceManager sources;
  rwd::DiagnosticEngine diags;
  rwd::driver::FrontendResult front =
      rwd::driver::runFrontend({file.string()}, sources, diags, {});
  fs::remove_all(dir);
  REQUIRE_FALSE(diags.hasErrors());
  REQUIRE(front.plan);

  FakeSource source;
  ExecutionOptions options;
  options.endMs = 4 * kHour;
  SECTION("no promote: rolled back by the promotion timeout") {
    ExecutionResult result = rwd::runtime::execute(*front.plan, source, {}, options);
    CHECK(source.times("success-rate") ==
          std::vector<int64_t>{5 * kMinute, 6 * kMinute, 7 * kMinute});
    CHECK(result.outcome.kind == OutcomeKind::RolledBack);
    CHECK(result.outcome.reason == "timeout");
    CHECK(result.outcome.decidedAtMs == 37 * kMinute);
    CHECK(result.outcome.stepIndex == 4);
  }
  SECTION("a failing measurement") {
    source.series["success-rate"] = turns(6 * kMinute, sample(0.94));
    ExecutionResult result = rwd::runtime::execute(*front.plan, source, {}, options);
    CHECK(result.outcome.kind == OutcomeKind::RolledBack);
    CHECK(result.outcome.reason == "analysis_failed");
    CHECK(result.outcome.decidedAtMs == 6 * kMinute);
    CHECK(result.outcome.stepIndex == 2);
    REQUIRE(result.outcome.trigger);
    CHECK(result.outcome.trigger->measurement == 1);
  }
}

//===-- Experiment steps and the steps that only shape traffic --------------------------===//

namespace {

struct ExperimentAnalysisSpec {
  std::string name;
  size_t templateIndex;
  bool required = false;
};

plan::Step experimentStep(std::optional<int64_t> durationMs, std::vector<ExperimentAnalysisSpec> analyses) {
  plan::Step s;
  s.kind = plan::StepKind::Experiment;
  plan::Experiment e;
  e.durationMs = durationMs;
  plan::ExperimentTemplate baseline;
  baseline.name = "baseline";
  baseline.specRef = "stable";
  e.templates.push_back(baseline);
  for (const ExperimentAnalysisSpec &spec : analyses) {
    plan::ExperimentAnalysis a;
    a.name = spec.name;
    a.requiredForCompletion = spec.required;
    a.run = runOf(plan::RunKind::Experiment, spec.templateIndex);
    e.analyses.push_back(std::move(a));
  }
  s.experiment = std::move(e);
  return s;
}

} // namespace

TEST_CASE("Executor: an experiment with a duration completes when the duration has passed",
          "[executor][experiment]") {
  Fixture f;
  // http: 3 measurements (0, 1m, 2m) → Successful at 2m; errors: unbounded, terminated at the end.
  f.canary({setWeight(20), experimentStep(10 * kMinute, {{"http", kHttp}, {"errors", kErrors}}), setWeight(50)});
  f.run();
  CHECK(f.outcome().kind == OutcomeKind::Promoted);
  CHECK(f.outcome().decidedAtMs == 10 * kMinute);
  using P = std::pair<int64_t, int32_t>;
  CHECK(f.stepStarts() == std::vector<P>{{0, 0}, {0, 1}, {10 * kMinute, 2}});
  CHECK(f.runStarts("step 1 http") == std::vector<int64_t>{0});
  CHECK(f.runStarts("step 1 errors") == std::vector<int64_t>{0});
  REQUIRE(f.runEnd("step 1 errors"));
  CHECK(f.runEnd("step 1 errors")->tMs == 10 * kMinute);
  CHECK(f.runEnd("step 1 errors")->phase == Phase::Successful); // terminated runs end Successful
  CHECK(f.hasEntry(EntryKind::Note, "experiment Successful: its duration (10m) has passed"));
}

TEST_CASE("Executor: the duration counts from when the experiment's pods are available",
          "[executor][experiment]") {
  Fixture f;
  f.options.readinessDelayMs = 30 * kSecond;
  f.canary({experimentStep(10 * kMinute, {{"http", kHttp}})});
  f.run();
  CHECK(f.outcome().kind == OutcomeKind::Promoted);
  CHECK(f.outcome().decidedAtMs == 10 * kMinute + 30 * kSecond);
}

TEST_CASE("Executor: a Failed experiment analysis aborts the rollout", "[executor][experiment]") {
  Fixture f;
  f.canary({setWeight(20), experimentStep(10 * kMinute, {{"compare", kJudged}, {"errors", kErrors}}),
            setWeight(50)});
  f.source.series["judged-rate"] = turns(kMinute);
  f.run();
  CHECK(f.outcome().kind == OutcomeKind::RolledBack);
  CHECK(f.outcome().reason == "analysis_failed");
  CHECK(f.outcome().decidedAtMs == kMinute);
  CHECK(f.outcome().stepIndex == 1);
  REQUIRE(f.outcome().trigger);
  CHECK(f.outcome().trigger->analysis == "judged");
  CHECK(f.outcome().trigger->metric == "judged-rate");
  CHECK(f.outcome().trigger->phase == Phase::Failed);
  auto aborts = f.entries(EntryKind::Abort);
  REQUIRE(aborts.size() == 1);
  CHECK(aborts[0]->message.rfind("Experiment analysis phase is error/failed: ", 0) == 0);
  // The other analysis is terminated with the rollout.
  REQUIRE(f.runEnd("step 1 errors"));
  CHECK(f.runEnd("step 1 errors")->tMs == kMinute);
}

TEST_CASE("Executor: required analyses decide when an experiment completes", "[executor][experiment]") {
  Fixture f;
  f.plan.templates.push_back(analysisTemplate("slow", "slow-rate", 3, 10 * kMinute)); // index 6
  constexpr size_t kSlow = 6;

  SECTION("without a duration: when every required analysis is Successful") {
    f.canary({experimentStep(std::nullopt, {{"http", kHttp, true}, {"errors", kErrors}}), setWeight(50)});
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 2 * kMinute);
    REQUIRE(f.runEnd("step 0 errors"));
    CHECK(f.runEnd("step 0 errors")->tMs == 2 * kMinute);
    CHECK(f.hasEntry(EntryKind::Note, "experiment Successful: every required analysis is Successful"));
  }
  SECTION("with a duration: a required analysis still running holds the step past it") {
    f.canary({experimentStep(5 * kMinute, {{"slow", kSlow, true}}), setWeight(50)});
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 20 * kMinute); // measurements at 0, 10m, 20m
  }
  SECTION("with a duration: required analyses done early complete it early") {
    f.canary({experimentStep(kHour, {{"http", kHttp, true}}), setWeight(50)});
    f.run();
    CHECK(f.outcome().decidedAtMs == 2 * kMinute);
  }
}

TEST_CASE("Executor: an experiment with neither duration nor required analysis waits for promote",
          "[executor][experiment]") {
  Fixture f;
  f.canary({experimentStep(std::nullopt, {{"http", kHttp}}), setWeight(50)});
  SECTION("nobody promotes") {
    f.options.endMs = kHour;
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Incomplete);
    CHECK(f.outcome().stepIndex == 0);
  }
  SECTION("promote skips the step") {
    f.events = {event(30 * kMinute, Action::Promote)};
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 30 * kMinute);
  }
}

TEST_CASE("Executor: an Inconclusive experiment analysis pauses; promote goes on",
          "[executor][experiment]") {
  Fixture f;
  f.canary({experimentStep(kHour, {{"compare", kJudged}}), setWeight(50)});
  f.source.series["judged-rate"] = turns(kMinute, unsure());
  SECTION("paused") {
    f.options.endMs = 2 * kHour;
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Paused);
    CHECK(f.outcome().reason == "inconclusive");
    CHECK(f.outcome().decidedAtMs == kMinute);
    auto pauses = f.entries(EntryKind::Pause);
    REQUIRE(pauses.size() == 1);
    CHECK(pauses[0]->reason == "InconclusiveExperiment");
  }
  SECTION("promote") {
    f.events = {event(5 * kMinute, Action::Promote)};
    f.run();
    CHECK(f.outcome().kind == OutcomeKind::Promoted);
    CHECK(f.outcome().decidedAtMs == 5 * kMinute);
  }
}

TEST_CASE("Executor: canary scale, routes and pass-through steps complete at once and show",
          "[executor]") {
  Fixture f;
  plan::Step scale;
  scale.kind = plan::StepKind::SetCanaryScale;
  scale.scale.kind = plan::CanaryScale::Kind::Replicas;
  scale.scale.replicas = 3;
  plan::Step header;
  header.kind = plan::StepKind::SetHeaderRoute;
  header.name = "header-route-1";
  header.config = plan::Config::object({{"match", plan::Config::array()}});
  plan::Step mirror;
  mirror.kind = plan::StepKind::SetMirrorRoute;
  mirror.name = "mirror-route";
  plan::Step plugin;
  plugin.kind = plan::StepKind::Passthrough;
  plugin.name = "plugin";
  plugin.config = plan::Config::object();
  f.canary({setWeight(20), scale, header, mirror, plugin, pauseFor(kMinute)});
  f.run();
  CHECK(f.outcome().kind == OutcomeKind::Promoted);
  CHECK(f.outcome().decidedAtMs == kMinute);
  CHECK(f.hasEntry(EntryKind::Step, "setCanaryScale replicas 3"));
  CHECK(f.hasEntry(EntryKind::Step, "setHeaderRoute `header-route-1`"));
  CHECK(f.hasEntry(EntryKind::Step, "setMirrorRoute `mirror-route` removed"));
  CHECK(f.hasEntry(EntryKind::Step, "argo step `plugin`"));
  CHECK(f.entries(EntryKind::StepComplete).size() == 6);
  CHECK(f.entries(EntryKind::Step)[1]->weight == 20); // traffic weight is unchanged
}
