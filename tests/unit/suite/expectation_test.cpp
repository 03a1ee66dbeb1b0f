// This file implements the unit tests of judging a case: each expectation in turn, and the sentence
// that says what failed and which measurement decided the outcome.
#include "simulator/suite/expectation.h"

#include <catch2/catch.hpp>

using namespace rwd;
using rwd::runtime::OutcomeKind;
using rwd::sim::suite::Expectation;
using rwd::sim::suite::judge;

namespace {

runtime::Outcome outcome(OutcomeKind kind, std::string reason, int64_t decidedAtMs) {
  runtime::Outcome o;
  o.kind = kind;
  o.reason = std::move(reason);
  o.decidedAtMs = decidedAtMs;
  return o;
}

runtime::Outcome analysisFailure(int64_t decidedAtMs) {
  runtime::Outcome o = outcome(OutcomeKind::RolledBack, "analysis_failed", decidedAtMs);
  runtime::Trigger trigger;
  trigger.analysis = "success-rate";
  trigger.metric = "success-rate";
  trigger.measurement = 4;
  trigger.value = runtime::Value::list({runtime::Value::number(0.912)});
  trigger.phase = runtime::Phase::Failed;
  trigger.message = "failed (3) > failureLimit (2)";
  o.trigger = trigger;
  return o;
}

} // namespace

TEST_CASE("Expectation: a met expectation passes with no why", "[suite]") {
  Expectation e;
  e.outcome = OutcomeKind::RolledBack;
  e.reason = "analysis_failed";
  e.decidedBeforeMs = 600'000;
  e.decidedAfterMs = 120'000;
  CHECK(judge(e, analysisFailure(540'000)).passed);
  CHECK(judge(e, analysisFailure(600'000)).passed); // both bounds are inclusive
  CHECK(judge(e, analysisFailure(120'000)).passed);
  CHECK(judge(e, analysisFailure(540'000)).why.empty());
}

TEST_CASE("Expectation: each failed expectation is named, with the decisive measurement", "[suite]") {
  Expectation e;
  e.outcome = OutcomeKind::Promoted;
  SECTION("outcome") {
    auto v = judge(e, analysisFailure(540'000));
    CHECK_FALSE(v.passed);
    CHECK(v.why == "expected outcome promoted, got rolled_back (analysis_failed) at 9m: success-rate/success-rate "
                   "measurement 4 = [0.912] (Failed: failed (3) > failureLimit (2))");
  }
  SECTION("outcome with reason, got one without a trigger") {
    e.outcome = OutcomeKind::RolledBack;
    e.reason = "timeout";
    CHECK(judge(e, outcome(OutcomeKind::Promoted, "", 1'020'000)).why ==
          "expected outcome rolled_back (timeout), got promoted at 17m");
  }
  SECTION("reason") {
    e.outcome = OutcomeKind::RolledBack;
    e.reason = "timeout";
    CHECK(judge(e, analysisFailure(90'500)).why.rfind("expected reason timeout, got rolled_back (analysis_failed) at "
                                                     "1m30.5s: ",
                                                     0) == 0);
  }
  SECTION("decided_before and decided_after") {
    e.outcome = OutcomeKind::RolledBack;
    e.decidedBeforeMs = 300'000;
    CHECK(judge(e, analysisFailure(540'000)).why.rfind("expected a decision at or before 5m, got rolled_back", 0) == 0);
    e.decidedBeforeMs.reset();
    e.decidedAfterMs = 600'000;
    CHECK(judge(e, analysisFailure(540'000)).why.rfind("expected a decision at or after 10m, got rolled_back", 0) == 0);
  }
  SECTION("the outcome is judged first") {
    e.reason = "manual_gate";
    e.decidedBeforeMs = 1;
    CHECK(judge(e, outcome(OutcomeKind::Paused, "manual_gate", 120'000)).why ==
          "expected outcome promoted (manual_gate), got paused (manual_gate) at 2m");
  }
}

TEST_CASE("Expectation: outcomes and their reasons as the JSON report spells them", "[suite]") {
  using rwd::sim::suite::parseOutcome;
  using rwd::sim::suite::reasonsOf;
  CHECK(parseOutcome("rolled_back") == OutcomeKind::RolledBack);
  CHECK(parseOutcome("incomplete") == OutcomeKind::Incomplete);
  CHECK_FALSE(parseOutcome("RolledBack"));
  CHECK(reasonsOf(OutcomeKind::RolledBack).size() == 6);
  CHECK(reasonsOf(OutcomeKind::Paused) == std::vector<std::string>{"manual_gate", "inconclusive"});
  CHECK(reasonsOf(OutcomeKind::Promoted).empty());
}
