// This file implements the unit tests of the plan printer: the text and JSON forms of a plan.
#include "compiler/diag/diagnostic_engine.h"
#include "compiler/lower/lower.h"
#include "compiler/parse/parser.h"
#include "compiler/plan/plan_printer.h"
#include "compiler/sema/checker.h"

#include <catch2/catch.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using Catch::Matchers::Contains;
using rwd::plan::planToJson;
using rwd::plan::printPlan;
namespace plan = rwd::plan;

namespace {

/// A policy compiled from inline text; `plan` is set when the front end reported no error.
struct Compiled {
  rwd::SourceManager sources;
  rwd::DiagnosticEngine diags;
  std::unique_ptr<rwd::ast::PolicyFile> file;
  std::optional<plan::Plan> plan;
};

std::unique_ptr<Compiled> compile(const std::string &text) {
  auto c = std::make_unique<Compiled>();
  rwd::FileId id = c->sources.addBuffer("t.rwd", text);
  c->file = rwd::parse::parseFile(c->sources.file(id), c->diags);
  if (!c->file) return c;
  auto checked = rwd::sema::checkPolicy({c->file.get()}, c->diags, {});
  if (checked) c->plan = rwd::lower::lowerToPlan(*checked);
  return c;
}

/// Compiles `text`, which must be a valid policy, and returns its text form.
std::string printed(const std::string &text) {
  auto c = compile(text);
  REQUIRE(c->plan);
  return printPlan(*c->plan, c->sources);
}

const char *const kCanaryPolicy = R"rwd(// Checkout canary.
rollout checkout {
  replicas 5
  progress deadline 15m, abort
  canary {
    weight 10%
    pause 5m
    pause until promoted, timeout 30m
    analyze success-rate(service: "checkout") with dry-run success-rate
    irreversible "adds column orders.discount"
    weight 50%
    background analyze errors(service: "checkout", hash: stable hash) from step 1
    stable service checkout-stable
    canary service checkout-canary
    traffic routing istio { virtualService: { name: "checkout-vs", routes: ["primary"] } }
    abort scale-down never
  }
  on rollback undo
  notify slack "#deploys" on rollout-aborted, analysis-run-failed
  notify email "oncall@example.com" on rollout-aborted
}

analysis success-rate(service: string, threshold: number = 95%) {
  metric success-rate {
    prometheus at "http://prometheus:9090" "sum(rate(http_requests_total{service=\"{{args.service}}\",code!~\"5..\"}[5m]))\n/ sum(rate(http_requests_total{service=\"{{args.service}}\"}[5m]))"
    every 1m, 5 times
    success when len(result) > 0 && result[0] >= args.threshold
    failure limit 1
  }
}

analysis errors(service: string, hash: string) {
  metric error-count {
    prometheus "sum(increase(errors{service=\"{{args.service}}\",hash=\"{{args.hash}}\"}[1m]))"
    every 30s
    failure when len(result) > 0 && result[0] > 10
    error limit 2
    keep 20 measurements
  }
}
)rwd";

const char *const kCanaryPlan = R"rwd(rollout checkout @t.rwd:2
  strategy canary
  replicas 5
  progress deadline 15m
  progress deadline abort true
  min ready 0s (default)
  rollback window none (default)
  on rollback undo to previous revision @t.rwd:18
  notifications
    on-analysis-run-failed slack "#deploys" @t.rwd:19
    on-rollout-aborted email "oncall@example.com" @t.rwd:20
    on-rollout-aborted slack "#deploys" @t.rwd:19
  canary @t.rwd:5
    steps
      0  setWeight 10 @t.rwd:6
      1  pause 5m @t.rwd:7
      2  pause until promoted (timeout 30m, Rewind) @t.rwd:8
      3  analysis: success-rate(service: "checkout", threshold: 0.95 (default)) [run kind step] @t.rwd:9
        dry-run metrics: success-rate
      4  setWeight 50 @t.rwd:11
    irreversible before step 4: "adds column orders.discount" @t.rwd:10
    background analysis from step 1: errors(service: "checkout", hash: stable hash) [run kind background] @t.rwd:12
    stable service checkout-stable
    canary service checkout-canary
    traffic routing istio {"virtualService":{"name":"checkout-vs","routes":["primary"]}}
    max surge 25% (default)
    max unavailable 25% (default)
    dynamic stable scale false (default)
    abort scale-down never
    scale-down delay 30s (default)
  templates
    template success-rate @t.rwd:23
      parameters
        service: string @t.rwd:23
        threshold: number = 0.95 @t.rwd:23
      metric success-rate @t.rwd:24
        provider prometheus @t.rwd:25
          address "http://prometheus:9090"
          query:
            sum(rate(http_requests_total{service="{{args.service}}",code!~"5.."}[5m]))
            / sum(rate(http_requests_total{service="{{args.service}}"}[5m]))
        result vector
        unit none
        interval 1m
        count 5
        initial delay 0s (default)
        success when len(result) > 0 && result[0] >= {{args.threshold}} @t.rwd:27
        failure when (none)
        failure limit 1
        inconclusive limit 0 (default)
        consecutive error limit 4 (default)
        consecutive success limit 0 (default; disabled)
        dry-run false (default)
        keep measurements 10 (default)
    template errors @t.rwd:32
      parameters
        service: string @t.rwd:32
        hash: string @t.rwd:32
      metric error-count @t.rwd:33
        provider prometheus @t.rwd:34
          query: sum(increase(errors{service="{{args.service}}",hash="{{args.hash}}"}[1m]))
        result vector
        unit none
        interval 30s
        count unbounded (interval, no count)
        initial delay 0s (default)
        success when (none)
        failure when len(result) > 0 && result[0] > 10 @t.rwd:36
        failure limit 0 (default)
        inconclusive limit 0 (default)
        consecutive error limit 2
        consecutive success limit 0 (default; disabled)
        dry-run false (default)
        keep measurements 20
)rwd";

const char *const kBlueGreenPolicy = R"rwd(rollout payments {
  bluegreen {
    active service payments-active
    preview service payments-preview
    promote manually, timeout 1h
    before promotion analyze smoke(url: "http://payments-preview/health", budget: 2s, strict: true, ratio: 0.5)
    irreversible "sends emails"
  }
}

cluster analysis smoke(url: string, budget: duration, strict: bool, ratio: number) {
  metric health {
    provider web { url: "{{args.url}}", timeoutSeconds: 10, headers: [{ key: "X-Strict", value: "yes" }] }
    success when result.ok == args.strict && result.ratio >= args.ratio
    count 1
    initial delay 10s
  }
}
)rwd";

const char *const kBlueGreenPlan = R"rwd(rollout payments @t.rwd:1
  strategy bluegreen
  replicas 1 (default)
  progress deadline 10m (default)
  progress deadline abort false (default)
  min ready 0s (default)
  rollback window none (default)
  on rollback abort (default)
  notifications none
  bluegreen @t.rwd:2
    active service payments-active
    preview service payments-preview
    preview replicas 1 (default; all replicas)
    auto promotion enabled false
    auto-promotion delay 0s (default)
    promotion timeout 1h (Rewind)
    pre-promotion analysis: smoke(url: "http://payments-preview/health", budget: 2s, strict: true, ratio: 0.5) [run kind pre-promotion] @t.rwd:6
    post-promotion analysis none
    scale-down delay 30s (default)
    abort scale-down after 30s (default)
    irreversible at promotion: "sends emails" @t.rwd:7
  templates
    cluster template smoke @t.rwd:11
      parameters
        url: string @t.rwd:11
        budget: duration @t.rwd:11
        strict: bool @t.rwd:11
        ratio: number @t.rwd:11
      metric health @t.rwd:12
        provider web @t.rwd:13
          config {"url":"{{args.url}}","timeoutSeconds":10,"headers":[{"key":"X-Strict","value":"yes"}]}
        result dynamic
        unit none
        interval none
        count 1
        initial delay 10s
        success when result.ok == {{args.strict}} && result.ratio >= {{args.ratio}} @t.rwd:14
        failure when (none)
        failure limit 0 (default)
        inconclusive limit 0 (default)
        consecutive error limit 4 (default)
        consecutive success limit 0 (default; disabled)
        dry-run false (default)
        keep measurements 10 (default)
)rwd";

/// The smallest valid canary: everything else is a default.
const char *const kMinimalPolicy = R"rwd(rollout web {
  canary {
    weight 20%
    analyze probe()
  }
}
analysis probe {
  metric up {
    prometheus "up"
    success when len(result) > 0 && result[0] == 1
  }
}
)rwd";

/// A hand-built plan with one template, for printing cases the front end cannot produce.
plan::Plan handPlan() {
  plan::Plan p;
  p.rollout = "hand";
  plan::Template t;
  t.name = "t";
  plan::Metric m;
  m.name = "m";
  m.provider.kind = "prometheus";
  m.provider.query = "up";
  m.successText = "result[0] == 1";
  t.metrics.push_back(m);
  p.templates.push_back(t);
  plan::Step weight;
  weight.kind = plan::StepKind::SetWeight;
  weight.weight = 10;
  p.canary.steps.push_back(weight);
  return p;
}

} // namespace

TEST_CASE("PlanPrinter: canary plan golden", "[plan]") {
  CHECK(printed(kCanaryPolicy) == kCanaryPlan);
}

TEST_CASE("PlanPrinter: blue-green plan golden", "[plan]") {
  CHECK(printed(kBlueGreenPolicy) == kBlueGreenPlan);
}

TEST_CASE("PlanPrinter: defaults are marked", "[plan]") {
  std::string text = printed(kMinimalPolicy);
  for (const char *line : {"  replicas 1 (default)\n",
                           "  progress deadline 10m (default)\n",
                           "  progress deadline abort false (default)\n",
                           "  min ready 0s (default)\n",
                           "  rollback window none (default)\n",
                           "  on rollback abort (default)\n",
                           "    background analysis none\n",
                           "    max surge 25% (default)\n",
                           "    max unavailable 25% (default)\n",
                           "    dynamic stable scale false (default)\n",
                           "    abort scale-down after 30s (default)\n",
                           "    scale-down delay none (default; no traffic routing)\n",
                           "        count 1 (effective; no interval)\n",
                           "        initial delay 0s (default)\n",
                           "        failure limit 0 (default)\n",
                           "        inconclusive limit 0 (default)\n",
                           "        consecutive error limit 4 (default)\n",
                           "        consecutive success limit 0 (default; disabled)\n",
                           "        dry-run false (default)\n",
                           "        keep measurements 10 (default)\n"})
    CHECK_THAT(text, Contains(line));
  CHECK_THAT(text, Contains("      1  analysis: probe() [run kind step] @t.rwd:4\n"));
}

TEST_CASE("PlanPrinter: explicit values are not marked as defaults", "[plan]") {
  std::string text = printed(R"rwd(rollout web {
  replicas 3
  min ready 30s
  rollback window 2
  on rollback to revision 7
  canary {
    weight 20%
    analyze probe()
    abort scale-down after 2m
    max surge 1
    max unavailable 0
    stable service web-stable
    canary service web-canary
    traffic routing nginx { stableIngress: "web" }
    scale-down after 45s
  }
}
analysis probe {
  metric up {
    prometheus "up"
    every 10s, 3 times
    initial delay 1m
    success when len(result) > 0 && result[0] == 1
    failure when len(result) > 0 && result[0] == 0
    failure limit none
    success streak 2
    inconclusive limit 1
    error limit 0
    dry-run
    unit ratio
    keep 3 measurements
  }
}
)rwd");
  for (const char *line :
       {"  replicas 3\n", "  min ready 30s\n", "  rollback window 2 revisions\n",
        "  on rollback undo to revision 7 @t.rwd:5\n", "    abort scale-down after 2m\n",
        "    max surge 1\n", "    max unavailable 0\n",
        "    traffic routing nginx {\"stableIngress\":\"web\"}\n", "    scale-down delay 45s\n",
        "        unit ratio\n", "        interval 10s\n", "        count 3\n",
        "        initial delay 1m\n", "        failure limit -1 (disabled)\n",
        "        inconclusive limit 1\n", "        consecutive error limit 0\n",
        "        consecutive success limit 2\n", "        dry-run true\n",
        "        keep measurements 3\n"})
    CHECK_THAT(text, Contains(line));
  CHECK_THAT(text, Contains("        failure when len(result) > 0 && result[0] == 0 @t.rwd:24\n"));
}

TEST_CASE("PlanPrinter: effective count of a metric", "[plan]") {
  plan::Plan p = handPlan();
  plan::Metric &m = p.templates[0].metrics[0];
  rwd::SourceManager sources;
  SECTION("no count, no interval: one measurement") {
    CHECK_THAT(printPlan(p, sources), Contains("        count 1 (effective; no interval)\n"));
  }
  SECTION("interval without count: unbounded") {
    m.intervalMs = 60'000;
    CHECK_THAT(printPlan(p, sources), Contains("        count unbounded (interval, no count)\n"));
  }
  SECTION("count 0 with an interval is unbounded too") {
    m.intervalMs = 60'000;
    m.count = 0;
    CHECK_THAT(printPlan(p, sources), Contains("        count unbounded (interval, no count)\n"));
  }
  SECTION("explicit count") {
    m.intervalMs = 60'000;
    m.count = 4;
    std::string text = printPlan(p, sources);
    CHECK_THAT(text, Contains("        interval 1m\n        count 4\n"));
  }
}

TEST_CASE("PlanPrinter: run arguments print by kind", "[plan]") {
  plan::Plan p = handPlan();
  plan::Template &t = p.templates[0];
  auto param = [&](const char *name, plan::ParamType type) {
    plan::Parameter parameter;
    parameter.name = name;
    parameter.type = type;
    t.parameters.push_back(parameter);
  };
  param("s", plan::ParamType::String);
  param("n", plan::ParamType::Number);
  param("d", plan::ParamType::Duration);
  param("b", plan::ParamType::Bool);
  param("stable", plan::ParamType::String);
  param("latest", plan::ParamType::String);
  param("env", plan::ParamType::String);
  param("fallback", plan::ParamType::Number);
  t.parameters.back().defaultValue = plan::Value{plan::ParamType::Number, "0.5", 0.5, 0, false};

  plan::Run run;
  run.templates = {0};
  auto arg = [&](const char *name, plan::Argument::Kind kind, plan::Value value = {}) {
    plan::Argument argument;
    argument.name = name;
    argument.kind = kind;
    argument.value = value;
    run.arguments.push_back(argument);
    return &run.arguments.back();
  };
  using Kind = plan::Argument::Kind;
  arg("s", Kind::Value, {plan::ParamType::String, "say \"hi\"", 0, 0, false});
  arg("n", Kind::Value, {plan::ParamType::Number, "", 2.5, 0, false});
  arg("d", Kind::Value, {plan::ParamType::Duration, "", 0, 90'000, false});
  arg("b", Kind::Value, {plan::ParamType::Bool, "", 0, 0, false});
  arg("stable", Kind::StableHash);
  arg("latest", Kind::LatestHash);
  arg("env", Kind::FieldRef)->fieldPath = "metadata.labels['env']";
  run.dryRunMetrics = {"m", "other"};
  plan::Step step;
  step.kind = plan::StepKind::Analysis;
  step.analysis = run;
  p.canary.steps.push_back(step);

  rwd::SourceManager sources;
  std::string text = printPlan(p, sources);
  CHECK_THAT(text,
             Contains("      1  analysis: t(s: \"say \\\"hi\\\"\", n: 2.5, d: 1m30s, b: false, "
                      "stable: stable hash, latest: latest hash, "
                      "env: field \"metadata.labels['env']\", fallback: 0.5 (default)) "
                      "[run kind step]\n"
                      "        dry-run metrics: m, other\n"));
  CHECK_THAT(text, Contains("        fallback: number = 0.5\n"));
}

TEST_CASE("PlanPrinter: multi-line queries indent under query", "[plan]") {
  plan::Plan p = handPlan();
  rwd::SourceManager sources;
  SECTION("one line stays on the query line") {
    CHECK_THAT(printPlan(p, sources),
               Contains("        provider prometheus\n          query: up\n"));
  }
  SECTION("several lines, a blank one kept without trailing spaces") {
    p.templates[0].metrics[0].provider.query = "sum(a)\n  / sum(b)\r\n\nor vector(0)";
    CHECK_THAT(printPlan(p, sources), Contains("          query:\n"
                                               "            sum(a)\n"
                                               "              / sum(b)\n"
                                               "\n"
                                               "            or vector(0)\n"
                                               "        result vector\n"));
  }
}

TEST_CASE("PlanPrinter: ops without a source range print no location", "[plan]") {
  rwd::SourceManager sources;
  std::string text = printPlan(handPlan(), sources);
  CHECK(text.find('@') == std::string::npos);
  CHECK(text.rfind("rollout hand\n  strategy canary\n", 0) == 0);
  CHECK_THAT(text, Contains("    steps\n      0  setWeight 10\n"));
}

TEST_CASE("PlanPrinter: notifications print sorted", "[plan]") {
  plan::Plan p = handPlan();
  p.notifications = {{"on-rollout-completed", "slack", "#b", {}},
                     {"on-rollout-aborted", "slack", "#b", {}},
                     {"on-rollout-aborted", "email", "a@example.com", {}}};
  rwd::SourceManager sources;
  CHECK_THAT(printPlan(p, sources), Contains("  notifications\n"
                                             "    on-rollout-aborted email \"a@example.com\"\n"
                                             "    on-rollout-aborted slack \"#b\"\n"
                                             "    on-rollout-completed slack \"#b\"\n"));
}

TEST_CASE("PlanPrinter: step numbers are Argo's 0-based index, aligned", "[plan]") {
  plan::Plan p = handPlan();
  p.canary.steps.clear();
  for (int i = 0; i < 11; ++i) {
    plan::Step step;
    step.kind = i % 2 ? plan::StepKind::Pause : plan::StepKind::SetWeight;
    step.weight = 5 * (i + 1);
    if (i == 1) step.pauseMs = 500;
    step.promotionTimeoutMs = i == 3 ? std::optional<int64_t>(3'600'000) : std::nullopt;
    p.canary.steps.push_back(step);
  }
  rwd::SourceManager sources;
  std::string text = printPlan(p, sources);
  CHECK_THAT(text, Contains("       0  setWeight 5\n"
                            "       1  pause 500ms\n"
                            "       2  setWeight 15\n"
                            "       3  pause until promoted (timeout 1h, Rewind)\n"
                            "       4  setWeight 25\n"
                            "       5  pause until promoted (no timeout)\n"));
  CHECK_THAT(text, Contains("      10  setWeight 55\n"));
}

TEST_CASE("PlanPrinter: broken references print instead of crashing", "[plan]") {
  plan::Plan p = handPlan();
  plan::Step missing;
  missing.kind = plan::StepKind::Analysis;
  p.canary.steps.push_back(missing);
  plan::Run run;
  run.templates = {9};
  plan::Step outOfRange;
  outOfRange.kind = plan::StepKind::Analysis;
  outOfRange.analysis = run;
  p.canary.steps.push_back(outOfRange);
  rwd::SourceManager sources;
  std::string text = printPlan(p, sources);
  CHECK_THAT(text, Contains("      1  analysis: <missing run>\n"));
  CHECK_THAT(text, Contains("      2  analysis: <template #9 out of range> [run kind step]\n"));
}

TEST_CASE("PlanPrinter: abort scale-down never and blue-green delays", "[plan]") {
  plan::Plan p = handPlan();
  p.strategy = plan::Strategy::BlueGreen;
  p.replicas = 4;
  p.blueGreen.activeService = "active";
  p.blueGreen.abortScaleDownDelayMs = 0;
  p.blueGreen.scaleDownDelayMs = 5'000;
  p.blueGreen.autoPromotionDelayMs = 120'000;
  rwd::SourceManager sources;
  std::string text = printPlan(p, sources);
  CHECK_THAT(text, Contains("  bluegreen\n    active service active\n    preview service none\n"
                            "    preview replicas 4 (default; all replicas)\n"
                            "    auto promotion enabled true (default)\n"
                            "    auto-promotion delay 2m\n"
                            "    promotion timeout none (Rewind)\n"
                            "    pre-promotion analysis none\n"
                            "    post-promotion analysis none\n"
                            "    scale-down delay 5s\n"
                            "    abort scale-down never\n"));
  CHECK(text.find("  canary") == std::string::npos);
}

TEST_CASE("PlanPrinter: output is deterministic", "[plan]") {
  auto a = compile(kCanaryPolicy);
  auto b = compile(kCanaryPolicy);
  REQUIRE(a->plan);
  REQUIRE(b->plan);
  CHECK(printPlan(*a->plan, a->sources) == printPlan(*b->plan, b->sources));
  CHECK(planToJson(*a->plan, a->sources).dump() == planToJson(*b->plan, b->sources).dump());
}

TEST_CASE("PlanJson: top-level keys in a fixed order", "[plan]") {
  auto c = compile(kCanaryPolicy);
  REQUIRE(c->plan);
  nlohmann::ordered_json j = planToJson(*c->plan, c->sources);
  std::vector<std::string> keys;
  for (const auto &item : j.items()) keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{
                    "schema", "rollout", "source", "strategy", "replicas", "replicas_default",
                    "progress_deadline_ms", "progress_deadline_default", "progress_deadline_abort",
                    "min_ready_ms", "min_ready_default", "rollback_window_revisions", "on_rollback",
                    "notifications", "irreversible", "workload", "extra", "canary",
                    "templates"});
  CHECK(j["schema"] == "rewind.plan/v1");
  CHECK(j["source"] == "t.rwd:2");
  CHECK(j["progress_deadline_ms"] == 900'000);
  CHECK(j["progress_deadline_default"] == false);
  CHECK(j["min_ready_ms"] == 0);
  CHECK(j["min_ready_default"] == true);
  CHECK(j["on_rollback"] ==
        nlohmann::ordered_json::parse(
            R"({"action":"undo_previous","revision":null,"default":false,"source":"t.rwd:18"})"));
  CHECK(j["irreversible"].dump() ==
        R"([{"note":"adds column orders.discount","step_index":4,"source":"t.rwd:10"}])");
  CHECK(j["notifications"][0]["trigger"] == "on-analysis-run-failed");
}

TEST_CASE("PlanJson: steps, runs and effective values", "[plan]") {
  auto c = compile(kCanaryPolicy);
  REQUIRE(c->plan);
  nlohmann::ordered_json j = planToJson(*c->plan, c->sources);
  const auto &canary = j["canary"];
  CHECK(
      canary["steps"][1].dump() ==
      R"({"index":1,"kind":"pause","duration_ms":300000,"until_promoted":false,"promotion_timeout_ms":null,"source":"t.rwd:7"})");
  CHECK(canary["steps"][2]["until_promoted"] == true);
  CHECK(canary["steps"][2]["promotion_timeout_ms"] == 1'800'000);
  const auto &run = canary["steps"][3]["run"];
  CHECK(run["kind"] == "step");
  CHECK(run["templates"].dump() == R"(["success-rate"])");
  CHECK(
      run["arguments"].dump() ==
      R"([{"name":"service","kind":"value","type":"string","value":"checkout","default":false,"source":"t.rwd:9"},)"
      R"({"name":"threshold","kind":"value","type":"number","value":0.95,"default":true,"source":"t.rwd:23"}])");
  CHECK(run["dry_run_metrics"].dump() == R"(["success-rate"])");
  CHECK(canary["background"]["starting_step"] == 1);
  CHECK(canary["background"]["starting_step_default"] == false);
  CHECK(canary["background"]["arguments"][1].dump() ==
        R"({"name":"hash","kind":"stable_hash","default":false,"source":"t.rwd:12"})");
  CHECK(
      canary["traffic_routing"].dump() ==
      R"({"router":"istio","config":{"virtualService":{"name":"checkout-vs","routes":["primary"]}}})");
  CHECK(canary["max_surge"] == "25%");
  CHECK(canary["max_surge_default"] == true);
  CHECK(canary["abort_scale_down_delay_ms"].is_null());
  CHECK(canary["abort_scale_down_never"] == true);
  CHECK(canary["scale_down_delay_ms"] == 30'000);
  CHECK(canary["scale_down_delay_default"] == true);

  const auto &metric = j["templates"][0]["metrics"][0];
  CHECK(metric["interval_ms"] == 60'000);
  CHECK(metric["effective_count"] == 5);
  CHECK(metric["consecutive_error_limit"] == 4);
  CHECK(metric["consecutive_error_limit_default"] == true);
  CHECK(metric["failure_limit"] == 1);
  CHECK(metric["failure_limit_default"] == false);
  CHECK(metric["success_condition"] == "len(result) > 0 && result[0] >= {{args.threshold}}");
  CHECK(metric["success_source"] == "t.rwd:27");
  CHECK(metric["failure_condition"].is_null());
  CHECK(metric["provider"]["address"] == "http://prometheus:9090");
  const auto &unbounded = j["templates"][1]["metrics"][0];
  CHECK(unbounded["effective_count"].is_null());
  CHECK(unbounded["count_unbounded"] == true);
  CHECK(unbounded["keep_measurements"] == 20);
  CHECK(unbounded["keep_measurements_default"] == false);
}

TEST_CASE("PlanJson: blue-green plan", "[plan]") {
  auto c = compile(kBlueGreenPolicy);
  REQUIRE(c->plan);
  nlohmann::ordered_json j = planToJson(*c->plan, c->sources);
  CHECK_FALSE(j.contains("canary"));
  CHECK(j["irreversible"].dump() ==
        R"([{"note":"sends emails","at_promotion":true,"source":"t.rwd:7"}])");
  const auto &bg = j["bluegreen"];
  CHECK(bg["active_service"] == "payments-active");
  CHECK(bg["preview_replicas"] == 1);
  CHECK(bg["preview_replicas_default"] == true);
  CHECK(bg["auto_promotion_enabled"] == false);
  CHECK(bg["auto_promotion_enabled_default"] == false);
  CHECK(bg["promotion_timeout_ms"] == 3'600'000);
  CHECK(bg["scale_down_delay_ms"] == 30'000);
  CHECK(bg["abort_scale_down_delay_ms"] == 30'000);
  CHECK(bg["abort_scale_down_delay_default"] == true);
  CHECK(bg["abort_scale_down_never"] == false);
  CHECK(bg["post_promotion"].is_null());
  CHECK(
      bg["pre_promotion"]["arguments"].dump() ==
      R"([{"name":"url","kind":"value","type":"string","value":"http://payments-preview/health","default":false,"source":"t.rwd:6"},)"
      R"({"name":"budget","kind":"value","type":"duration","value_ms":2000,"default":false,"source":"t.rwd:6"},)"
      R"({"name":"strict","kind":"value","type":"bool","value":true,"default":false,"source":"t.rwd:6"},)"
      R"({"name":"ratio","kind":"value","type":"number","value":0.5,"default":false,"source":"t.rwd:6"}])");
  CHECK(j["templates"][0]["cluster"] == true);
  CHECK(j["templates"][0]["metrics"][0]["provider"]["config"]["timeoutSeconds"] == 10);
  CHECK(j["templates"][0]["metrics"][0]["initial_delay_ms"] == 10'000);
  CHECK(j["templates"][0]["metrics"][0]["initial_delay_default"] == false);
}

TEST_CASE("PlanJson: ops without a source range have a null source", "[plan]") {
  rwd::SourceManager sources;
  nlohmann::ordered_json j = planToJson(handPlan(), sources);
  CHECK(j["source"].is_null());
  CHECK(j["canary"]["steps"][0]["source"].is_null());
  CHECK(j["on_rollback"]["default"] == true);
  CHECK(j["templates"][0]["metrics"][0]["effective_count"] == 1);
  CHECK(j["templates"][0]["metrics"][0]["count"].is_null());
}
