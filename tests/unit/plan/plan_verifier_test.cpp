// This file implements the unit tests of the plan verifier: each invariant of a lowered plan.
#include "compiler/diag/diagnostic_engine.h"
#include "compiler/lower/lower.h"
#include "compiler/parse/parser.h"
#include "compiler/plan/plan_verifier.h"
#include "compiler/sema/checker.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

using Catch::Matchers::Contains;
using rwd::plan::verifyPlan;
namespace plan = rwd::plan;

namespace {

/// Front end on inline text; returns the lowered plan, which the test requires to exist.
std::optional<plan::Plan> lower(rwd::SourceManager &sources, const std::string &text) {
  rwd::DiagnosticEngine diags;
  rwd::FileId id = sources.addBuffer("t.rwd", text);
  std::unique_ptr<rwd::ast::PolicyFile> file = rwd::parse::parseFile(sources.file(id), diags);
  if (!file) return std::nullopt;
  auto checked = rwd::sema::checkPolicy({file.get()}, diags, {});
  if (!checked) return std::nullopt;
  return rwd::lower::lowerToPlan(*checked);
}

/// A small valid canary plan: setWeight 20, pause, an analysis step over template `t` (metric
/// `m`, one measurement), and a background run with an unbounded metric. Ranges are distinct so
/// tests can check where a problem is reported.
plan::Plan validPlan() {
  plan::Plan p;
  p.rollout = "hand";
  p.range = {0, 0, 1};
  plan::Template t;
  t.name = "t";
  t.range = {0, 10, 11};
  plan::Metric m;
  m.name = "m";
  m.range = {0, 20, 21};
  m.provider.kind = "prometheus";
  t.metrics.push_back(m);
  p.templates.push_back(t);
  plan::Template bg;
  bg.name = "bg";
  plan::Metric watch;
  watch.name = "watch";
  watch.intervalMs = 60'000; // unbounded: fine in a background run
  bg.metrics.push_back(watch);
  p.templates.push_back(bg);

  plan::Step weight;
  weight.kind = plan::StepKind::SetWeight;
  weight.weight = 20;
  weight.range = {0, 30, 31};
  plan::Step pause;
  pause.kind = plan::StepKind::Pause;
  pause.promotionTimeoutMs = 60'000;
  pause.range = {0, 40, 41};
  plan::Step analysis;
  analysis.kind = plan::StepKind::Analysis;
  analysis.range = {0, 50, 51};
  plan::Run run;
  run.templates = {0};
  run.range = {0, 50, 51};
  analysis.analysis = run;
  p.canary.steps = {weight, pause, analysis};
  plan::Run background;
  background.kind = plan::RunKind::Background;
  background.templates = {1};
  background.range = {0, 60, 61};
  p.canary.background = background;
  p.canary.backgroundStartingStep = 1;
  p.notifications = {{"on-rollout-aborted", "slack", "#a", {}},
                     {"on-rollout-aborted", "slack", "#b", {}}};
  return p;
}

/// Verifies `p`; returns the diagnostics (all PlanInvalid errors, checked here).
std::vector<rwd::Diagnostic> verify(const plan::Plan &p, bool expectValid) {
  rwd::DiagnosticEngine diags;
  CHECK(verifyPlan(p, diags) == expectValid);
  for (const rwd::Diagnostic &d : diags.all()) {
    CHECK(d.kind == rwd::DiagKind::PlanInvalid);
    CHECK(d.severity == rwd::Severity::Error);
  }
  return diags.all();
}

/// Verifies `p`, which must break exactly one invariant, and returns that diagnostic.
rwd::Diagnostic single(const plan::Plan &p) {
  std::vector<rwd::Diagnostic> found = verify(p, false);
  REQUIRE(found.size() == 1);
  return found.front();
}

} // namespace

TEST_CASE("PlanVerifier: lowered plans are valid", "[plan]") {
  rwd::SourceManager sources;
  SECTION("canary") {
    auto p = lower(sources, R"rwd(rollout web {
  canary {
    weight 20%
    analyze probe(service: "web")
    pause until promoted, timeout 1h
    background analyze watch() from step 1
  }
  notify slack "#b" on rollout-aborted, analysis-run-failed
  notify email "a@example.com" on rollout-aborted
}
analysis probe(service: string) {
  metric up {
    prometheus "up{service=\"{{args.service}}\"}"
    every 1m, 3 times
    success when len(result) > 0 && result[0] == 1
  }
}
analysis watch {
  metric errors {
    prometheus "errors"
    every 30s
    failure when len(result) > 0 && result[0] > 5
  }
}
)rwd");
    REQUIRE(p);
    CHECK(verify(*p, true).empty());
  }
  SECTION("blue-green") {
    auto p = lower(sources, R"rwd(rollout pay {
  bluegreen {
    active service pay-active
    preview service pay-preview
    promote after 5m
    before promotion analyze smoke()
    after promotion analyze smoke()
    abort scale-down never
  }
}
analysis smoke {
  metric health {
    provider web { url: "http://pay-preview/health" }
    success when result.ok == true
  }
}
)rwd");
    REQUIRE(p);
    CHECK(verify(*p, true).empty());
  }
}

TEST_CASE("PlanVerifier: a hand-built valid plan passes", "[plan]") {
  CHECK(verify(validPlan(), true).empty());
}

TEST_CASE("PlanVerifier: each broken invariant is reported", "[plan]") {
  plan::Plan p = validPlan();
  SECTION("weight above 100") {
    p.canary.steps[0].weight = 101;
    rwd::Diagnostic d = single(p);
    CHECK_THAT(d.message, Contains("step 0 sets weight 101, outside 0..100"));
    CHECK(d.range.begin == 30);
  }
  SECTION("negative weight") {
    p.canary.steps[0].weight = -1;
    CHECK_THAT(single(p).message, Contains("outside 0..100"));
  }
  SECTION("pause with both a duration and a promotion timeout") {
    p.canary.steps[1].pauseMs = 1'000;
    rwd::Diagnostic d = single(p);
    CHECK_THAT(d.message, Contains("step 1 is a timed pause with a promotion timeout"));
    CHECK(d.range.begin == 40);
  }
  SECTION("analysis step without a run") {
    p.canary.steps[2].analysis.reset();
    CHECK_THAT(single(p).message, Contains("step 2 is an analysis step without a run"));
  }
  SECTION("a weight step carrying a run") {
    p.canary.steps[0].analysis = p.canary.steps[2].analysis;
    CHECK_THAT(single(p).message, Contains("step 0 is not an analysis step"));
  }
  SECTION("template index out of range") {
    p.canary.steps[2].analysis->templates = {7};
    CHECK_THAT(single(p).message,
               Contains("step 2 analysis uses template #7, but the plan has 2 templates"));
  }
  SECTION("run without templates") {
    p.canary.background->templates.clear();
    CHECK_THAT(single(p).message, Contains("background analysis has no templates"));
  }
  SECTION("duplicate metric names across a run's templates") {
    plan::Template copy = p.templates[0];
    copy.name = "t2";
    p.templates.push_back(copy);
    p.canary.steps[2].analysis->templates = {0, 2};
    rwd::Diagnostic d = single(p);
    CHECK_THAT(d.message, Contains("two metrics named `m`"));
    CHECK(d.range.begin == 50);
  }
  SECTION("unbounded metric in a step run") {
    p.templates[0].metrics[0].intervalMs = 60'000;
    rwd::Diagnostic d = single(p);
    CHECK_THAT(d.message, Contains("metric `m` of template `t` runs unbounded"));
    CHECK(d.range.begin == 20);
  }
  SECTION("unbounded metric in a pre-promotion run") {
    p.strategy = plan::Strategy::BlueGreen;
    p.blueGreen.activeService = "active";
    plan::Run run;
    run.kind = plan::RunKind::PrePromotion;
    run.templates = {1};
    p.blueGreen.prePromotion = run;
    CHECK_THAT(single(p).message, Contains("metric `watch` of template `bg` runs unbounded in the "
                                           "pre-promotion analysis (a pre-promotion run)"));
  }
  SECTION("negative background starting step") {
    p.canary.backgroundStartingStep = -1;
    CHECK_THAT(single(p).message, Contains("starts at step -1"));
  }
  SECTION("blue-green without an active service") {
    p.strategy = plan::Strategy::BlueGreen;
    p.blueGreen.range = {0, 70, 71};
    rwd::Diagnostic d = single(p);
    CHECK_THAT(d.message, Contains("blue-green strategy has no active service"));
    CHECK(d.range.begin == 70);
  }
  SECTION("negative durations") {
    SECTION("progress deadline") { p.progressDeadlineMs = -1'000; }
    SECTION("min ready") { p.minReadyMs = -1; }
    SECTION("pause") {
      p.canary.steps[1].promotionTimeoutMs.reset();
      p.canary.steps[1].pauseMs = -5;
    }
    SECTION("promotion timeout") { p.canary.steps[1].promotionTimeoutMs = -5; }
    SECTION("abort scale-down") { p.canary.abortScaleDownDelayMs = -30'000; }
    SECTION("scale-down") { p.canary.scaleDownDelayMs = -30'000; }
    SECTION("initial delay") { p.templates[0].metrics[0].initialDelayMs = -1; }
    SECTION("interval") { p.templates[1].metrics[0].intervalMs = -60'000; }
    SECTION("duration argument") {
      plan::Argument argument;
      argument.name = "d";
      argument.value.type = plan::ParamType::Duration;
      argument.value.millis = -2;
      p.canary.steps[2].analysis->arguments.push_back(argument);
    }
    SECTION("parameter default") {
      plan::Parameter parameter;
      parameter.name = "d";
      parameter.type = plan::ParamType::Duration;
      parameter.defaultValue = plan::Value{plan::ParamType::Duration, "", 0, -2, false};
      p.templates[0].parameters.push_back(parameter);
    }
    CHECK_THAT(single(p).message, Contains("is negative (-"));
  }
  SECTION("blue-green negative durations") {
    p.strategy = plan::Strategy::BlueGreen;
    p.blueGreen.activeService = "active";
    SECTION("auto-promotion delay") { p.blueGreen.autoPromotionDelayMs = -1; }
    SECTION("promotion timeout") { p.blueGreen.promotionTimeoutMs = -1; }
    SECTION("scale-down") { p.blueGreen.scaleDownDelayMs = -1; }
    SECTION("abort scale-down") { p.blueGreen.abortScaleDownDelayMs = -1; }
    CHECK_THAT(single(p).message, Contains("is negative (-1ms)"));
  }
  SECTION("zero interval") {
    p.templates[1].metrics[0].intervalMs = 0;
    CHECK_THAT(single(p).message, Contains("metric `watch` of template `bg` has a zero interval"));
  }
  SECTION("a text setting for a field that is not a count, limit or duration") {
    p.templates[0].metrics[0].textSettings.push_back({"name", "{{args.n}}", {}});
    CHECK_THAT(single(p).message, Contains("metric `m` of template `t` has a text setting for `name`"));
  }
  SECTION("notifications out of order") {
    std::swap(p.notifications[0], p.notifications[1]);
    CHECK_THAT(single(p).message, Contains("notifications are not sorted"));
  }
}

TEST_CASE("PlanVerifier: limits that Argo allows pass", "[plan]") {
  plan::Plan p = validPlan();
  plan::Metric &m = p.templates[0].metrics[0];
  m.failureLimit = -1; // disabled (with a success streak)
  m.consecutiveSuccessLimit = 2;
  m.intervalMs = 10'000;
  m.count = 5;
  m.consecutiveErrorLimit = 0;
  p.canary.steps[0].weight = 100;
  p.canary.backgroundStartingStep = 0;
  p.canary.abortScaleDownDelayMs = 0; // never
  CHECK(verify(p, true).empty());
}

TEST_CASE("PlanVerifier: settings Argo validates only when it creates a run are not invariants", "[plan]") {
  // Argo accepts such a template and puts every run of it in Error; the runtime replays that.
  plan::Plan p = validPlan();
  plan::Metric &m = p.templates[0].metrics[0];
  SECTION("count above 1 without an interval") { m.count = 3; }
  SECTION("negative count") { m.count = -2; }
  SECTION("failure limit below -1") { m.failureLimit = -2; }
  SECTION("negative inconclusive limit") { m.inconclusiveLimit = -1; }
  SECTION("negative consecutive error limit") { m.consecutiveErrorLimit = -1; }
  SECTION("negative consecutive success limit") { m.consecutiveSuccessLimit = -1; }
  SECTION("a second provider") { m.extraProviders.push_back(m.provider); }
  SECTION("a background starting step past the last step (the run never starts)") {
    p.canary.backgroundStartingStep = 3;
  }
  SECTION("an interval as text") { m.textSettings.push_back({"interval", "{{args.every}}", {}}); }
  CHECK(verify(p, true).empty());
}

TEST_CASE("PlanVerifier: one template used twice in a run is not a duplicate", "[plan]") {
  plan::Plan p = validPlan();
  p.canary.steps[2].analysis->templates = {0, 0};
  CHECK(verify(p, true).empty());
}

TEST_CASE("PlanVerifier: reports every broken invariant in one pass", "[plan]") {
  plan::Plan p = validPlan();
  p.canary.steps[0].weight = 150;
  p.canary.steps[2].analysis.reset();
  p.templates[0].metrics[0].intervalMs = 0;
  std::swap(p.notifications[0], p.notifications[1]);
  CHECK(verify(p, false).size() == 4);
}
