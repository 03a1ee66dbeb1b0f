// This file implements the scenario tests of Flagger's control loop (runtime/flagger_executor):
// each rule of peers.md §a.5 replayed by hand on a small policy, citing the upstream function of
// fluxcd/flagger pkg/controller it follows. Plans come from policy text through the real front end.
#include "runtime/flagger_executor.h"

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/driver/frontend.h"
#include "compiler/plan/flagger_analysis.h"
#include "compiler/source/source_manager.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace plan = rwd::plan;
using rwd::runtime::EntryKind;
using rwd::runtime::ExecutionOptions;
using rwd::runtime::ExecutionResult;
using rwd::runtime::MeasurementRequest;
using rwd::runtime::MetricSource;
using rwd::runtime::OperatorEvent;
using rwd::runtime::OutcomeKind;
using rwd::runtime::ProviderResult;
using rwd::runtime::Value;
using Action = rwd::runtime::OperatorEvent::Action;

namespace {

constexpr int64_t kMinute = 60'000;

/// Answers each metric from a function of the tick time; unlisted metrics answer `pass`.
class ScriptedSource : public MetricSource {
public:
  std::map<std::string, std::function<ProviderResult(int64_t)>> series;
  std::map<std::string, std::vector<int64_t>> asked;
  double pass = 99.5;

  ProviderResult measure(const MeasurementRequest &request) override {
    asked[request.metric.name].push_back(request.tMs);
    auto it = series.find(request.metric.name);
    if (it != series.end()) return it->second(request.tMs);
    return ProviderResult::ok(Value::list({Value::number(pass)}));
  }
};

ProviderResult value(double v) { return ProviderResult::ok(Value::list({Value::number(v)})); }

/// A policy compiled by the real front end, and its Flagger view.
struct Compiled {
  rwd::SourceManager sources;
  rwd::DiagnosticEngine diags;
  rwd::driver::FrontendResult front;
  std::optional<plan::FlaggerAnalysis> analysis;

  explicit Compiled(const std::string &text) {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / fs::path("rewind-flagger-test-" + std::to_string(reinterpret_cast<uintptr_t>(this)));
    fs::create_directories(dir);
    fs::path file = dir / "policy.rwd";
    std::ofstream(file) << text;
    front = rwd::driver::runFrontend({file.string()}, sources, diags, {});
    fs::remove_all(dir);
    REQUIRE_FALSE(diags.hasErrors());
    REQUIRE(front.plan);
    analysis = plan::deriveFlaggerAnalysis(*front.plan, diags);
    REQUIRE(analysis);
  }

  ExecutionResult run(MetricSource &source, int64_t endMs, const std::vector<OperatorEvent> &events = {}) {
    ExecutionOptions options;
    options.endMs = endMs;
    return rwd::runtime::executeFlagger(*front.plan, *analysis, source, events, options);
  }
};

/// maxWeight 50 / stepWeight 20 (peers.md §a.5 worked trace), threshold 2, one check every minute.
const char *kCanary = R"rwd(
rollout podinfo {
  canary {
    background analyze success-rate
    weight 20%
    pause 1m
    weight 40%
    pause 1m
    weight 60%
    pause 1m
  }
}
analysis success-rate {
  metric request-success-rate {
    provider flagger {}
    every 1m
    success when result >= 99
    failure limit 1
  }
}
)rwd";

OperatorEvent event(int64_t t, Action action) {
  OperatorEvent e;
  e.tMs = t;
  e.action = action;
  return e;
}

/// `text` with the first `from` replaced by `to`.
std::string edited(std::string text, const std::string &from, const std::string &to) {
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::vector<int32_t> weightsOf(const ExecutionResult &result) {
  std::vector<int32_t> out;
  for (const auto &e : result.timeline)
    if (e.kind == EntryKind::Step) out.push_back(e.weight);
  return out;
}

} // namespace

TEST_CASE("Flagger: the canary ticks as advanceCanary does (detect, pre-rollout, checks, promote, finalise)",
          "[flagger]") {
  Compiled c(kCanary);
  ScriptedSource source;
  ExecutionResult result = c.run(source, 30 * kMinute);
  CHECK(result.controller == "flagger");
  // t0 checkCanaryStatus (no check), t1 pre-rollout hooks → 20, t2 check@20 → 40, t3 check@40 → 60,
  // t4 check@60: 60 >= maxWeight → Promoting, t5 runPromotionTrafficShift → Finalising, t6 Succeeded.
  CHECK(source.asked["request-success-rate"] == std::vector<int64_t>{2 * kMinute, 3 * kMinute, 4 * kMinute});
  CHECK(weightsOf(result) == std::vector<int32_t>{20, 40, 60, 0});
  CHECK(result.outcome.kind == OutcomeKind::Promoted);
  CHECK(result.outcome.decidedAtMs == 6 * kMinute);
}

TEST_CASE("Flagger: failed checks are cumulative and the threshold gate acts on the next tick", "[flagger]") {
  Compiled c(kCanary);
  REQUIRE(c.analysis->threshold == 2);
  ScriptedSource source;
  SECTION("a passing check between two failures does not reset failedChecks (SetStatusFailedChecks)") {
    // t2 fails (weight held at 20), t3 passes (→ 40), t4 fails: failedChecks = 2 although the
    // failures were not consecutive; the gate at the start of t5 rolls back.
    source.series["request-success-rate"] = [](int64_t t) { return value(t == 3 * kMinute ? 99.9 : 90); };
    ExecutionResult result = c.run(source, 30 * kMinute);
    CHECK(source.asked["request-success-rate"] == std::vector<int64_t>{2 * kMinute, 3 * kMinute, 4 * kMinute});
    CHECK(result.outcome.kind == OutcomeKind::RolledBack);
    CHECK(result.outcome.reason == "analysis_failed");
    CHECK(result.outcome.decidedAtMs == 5 * kMinute);
    REQUIRE(result.outcome.trigger);
    CHECK(result.outcome.trigger->measurement == 2);
  }
  SECTION("a failed check holds the weight (advanceCanary returns before runCanary)") {
    source.series["request-success-rate"] = [](int64_t t) { return value(t == 2 * kMinute ? 90 : 99.9); };
    ExecutionResult result = c.run(source, 30 * kMinute);
    CHECK(weightsOf(result) == std::vector<int32_t>{20, 40, 60, 0});
    CHECK(result.outcome.kind == OutcomeKind::Promoted);
    CHECK(result.outcome.decidedAtMs == 7 * kMinute); // one tick later than without the failure
  }
}

TEST_CASE("Flagger: no data, NaN and query errors are failed checks (runMetricChecks, ErrNoValuesFound)",
          "[flagger]") {
  Compiled c(kCanary);
  ScriptedSource source;
  SECTION("an empty result") {
    source.series["request-success-rate"] = [](int64_t) { return ProviderResult::ok(Value::list({})); };
  }
  SECTION("NaN") {
    source.series["request-success-rate"] = [](int64_t) { return value(std::nan("")); };
  }
  SECTION("a provider error") {
    source.series["request-success-rate"] = [](int64_t) { return ProviderResult::providerError("bad_data"); };
  }
  ExecutionResult result = c.run(source, 30 * kMinute);
  CHECK(result.outcome.kind == OutcomeKind::RolledBack);
  CHECK(result.outcome.decidedAtMs == 4 * kMinute); // failures at t2 and t3, the gate at t4
}

TEST_CASE("Flagger: the first failing check short-circuits the others (runAnalysis)", "[flagger]") {
  Compiled c(R"rwd(
rollout podinfo {
  canary {
    background analyze checks
    weight 50%
    pause 1m
  }
}
analysis checks {
  metric first { prometheus "a" every 1m success when result[0] >= 1 failure limit 2 }
  metric second { prometheus "b" every 1m success when result[0] >= 1 failure limit 2 }
}
)rwd");
  ScriptedSource source;
  source.series["first"] = [](int64_t) { return value(0); };
  source.series["second"] = [](int64_t) { return value(5); };
  ExecutionResult result = c.run(source, 10 * kMinute);
  CHECK(source.asked["first"] == std::vector<int64_t>{2 * kMinute, 3 * kMinute, 4 * kMinute});
  CHECK(source.asked["second"].empty());
  CHECK(result.outcome.decidedAtMs == 5 * kMinute); // threshold 3
}

TEST_CASE("Flagger: the last series of a vector is the value Flagger compares (prometheus.go RunQuery)",
          "[flagger]") {
  Compiled c(kCanary);
  ScriptedSource source;
  source.series["request-success-rate"] = [](int64_t) {
    return ProviderResult::ok(Value::list({Value::number(10), Value::number(99.9)}));
  };
  CHECK(c.run(source, 30 * kMinute).outcome.kind == OutcomeKind::Promoted);
}

TEST_CASE("Flagger: confirm-promotion waits while checks go on and still count (runConfirmPromotionHooks)",
          "[flagger]") {
  Compiled c(edited(kCanary, "    pause 1m\n  }", "    pause 1m\n    pause until promoted\n  }"));
  REQUIRE(c.analysis->confirmPromotion);
  ScriptedSource source;
  SECTION("nobody approves: paused at the tick that reached maxWeight") {
    ExecutionResult result = c.run(source, 30 * kMinute);
    CHECK(result.outcome.kind == OutcomeKind::Paused);
    CHECK(result.outcome.reason == "manual_gate");
    CHECK(result.outcome.decidedAtMs == 4 * kMinute);
    CHECK(source.asked["request-success-rate"].size() == 29); // a check on every tick t2..t30
  }
  SECTION("a promote event opens the gate on the next tick") {
    ExecutionResult result = c.run(source, 30 * kMinute, {event(10 * kMinute + 5000, Action::Promote)});
    CHECK(result.outcome.kind == OutcomeKind::Promoted);
    CHECK(result.outcome.decidedAtMs == 13 * kMinute); // t11 Promoting, t12 Finalising, t13 Succeeded
  }
  SECTION("failures while waiting roll back (threshold gate in WaitingPromotion)") {
    source.series["request-success-rate"] = [](int64_t t) { return value(t >= 8 * kMinute ? 50 : 99.9); };
    ExecutionResult result = c.run(source, 30 * kMinute);
    CHECK(result.outcome.kind == OutcomeKind::RolledBack);
    CHECK(result.outcome.decidedAtMs == 10 * kMinute);
  }
}

TEST_CASE("Flagger: confirm-rollout holds the new revision in Waiting (checkCanaryStatus)", "[flagger]") {
  Compiled c(edited(kCanary, "    weight 20%", "    pause until promoted\n    weight 20%"));
  REQUIRE(c.analysis->confirmRollout);
  ScriptedSource source;
  ExecutionResult waiting = c.run(source, 30 * kMinute);
  CHECK(waiting.outcome.kind == OutcomeKind::Paused);
  CHECK(waiting.outcome.decidedAtMs == 0);
  CHECK(source.asked["request-success-rate"].empty());
  ScriptedSource approved;
  ExecutionResult result = c.run(approved, 30 * kMinute, {event(2 * kMinute + 1, Action::Promote)});
  // t3 approved → Progressing, t4 pre-rollout → 20, t5..t7 checks, t8 Finalising, t9 Succeeded.
  CHECK(approved.asked["request-success-rate"].front() == 5 * kMinute);
  CHECK(result.outcome.decidedAtMs == 9 * kMinute);
}

TEST_CASE("Flagger: an abort needs a rollback webhook (runRollbackHooks)", "[flagger]") {
  SECTION("without one the event changes nothing") {
    Compiled c(kCanary);
    ScriptedSource source;
    ExecutionResult result = c.run(source, 30 * kMinute, {event(2 * kMinute + 1, Action::Abort)});
    CHECK(result.outcome.kind == OutcomeKind::Promoted);
  }
  SECTION("with one the next tick rolls back") {
    Compiled c(edited(kCanary, "}\nanalysis",
                      "  flagger { analysis: { webhooks: [{ name: \"rb\", type: \"rollback\", url: \"http://x/\" }] } }\n}\nanalysis"));
    ScriptedSource source;
    ExecutionResult result = c.run(source, 30 * kMinute, {event(2 * kMinute + 1, Action::Abort)});
    CHECK(result.outcome.kind == OutcomeKind::RolledBack);
    CHECK(result.outcome.reason == "manual_abort");
    CHECK(result.outcome.decidedAtMs == 3 * kMinute);
  }
}

TEST_CASE("Flagger: blue/green runs iterations, routes to the canary, then promotes (runBlueGreen)", "[flagger]") {
  Compiled c(R"rwd(
rollout podinfo {
  bluegreen {
    active service podinfo
    before promotion analyze success-rate
  }
}
analysis success-rate {
  metric request-success-rate {
    provider flagger {}
    every 1m, 3 times
    success when result >= 99
  }
}
)rwd");
  REQUIRE(c.analysis->iterations == 3);
  ScriptedSource source;
  ExecutionResult result = c.run(source, 30 * kMinute);
  // t1 pre-rollout, iterations → 1; t2, t3 checks → 2, 3; t4 check, all traffic to the canary;
  // t5 check, Promoting; t6 Finalising; t7 Succeeded: N+1 checks.
  CHECK(source.asked["request-success-rate"] ==
        std::vector<int64_t>{2 * kMinute, 3 * kMinute, 4 * kMinute, 5 * kMinute});
  CHECK(result.outcome.kind == OutcomeKind::Promoted);
  CHECK(result.outcome.decidedAtMs == 7 * kMinute);
}

TEST_CASE("Flagger: a mirrored canary takes one check at weight 0 first (runCanary mirror step)", "[flagger]") {
  Compiled c(edited(kCanary, "}\nanalysis", "  flagger { analysis: { mirror: true } }\n}\nanalysis"));
  ScriptedSource source;
  ExecutionResult result = c.run(source, 30 * kMinute);
  CHECK(weightsOf(result) == std::vector<int32_t>{0, 20, 40, 60, 0});
  CHECK(source.asked["request-success-rate"].size() == 4);
  CHECK(result.outcome.decidedAtMs == 7 * kMinute);
}
