// This file implements the unit tests of the Argo YAML reader: field mapping, source positions of
// scalars and conditions, argument handling, metric-name rules and the limits on hostile input.
#include "compiler/yaml/argo/argo_yaml.h"
#include "compiler/yaml/scalar_source.h"
#include "compiler/diag/text_renderer.h"
#include "compiler/expr/expr_printer.h"

#include <catch2/catch.hpp>
#include <string>

namespace {

struct Read {
  rwd::SourceManager sources;
  rwd::DiagnosticEngine diags;
  rwd::yaml::argo::ArgoYamlFile file;
  rwd::FileId id = 0;
  std::string rendered() {
    rwd::RenderOptions options;
    return rwd::renderDiagnostics(diags.sorted(), sources, options);
  }
  /// 1-based "line:col" of a byte offset.
  std::string at(uint32_t offset) const {
    rwd::LineColumn lc = sources.file(id).lineColumn(offset);
    return std::to_string(lc.line) + ":" + std::to_string(lc.column);
  }
  std::string textOf(rwd::SourceRange r) const {
    return std::string(sources.file(id).text().substr(r.begin, r.end - r.begin));
  }
};

std::unique_ptr<Read> read(std::string text) {
  auto r = std::make_unique<Read>();
  r->id = r->sources.addBuffer("t.yaml", std::move(text));
  r->file = rwd::yaml::argo::readArgoYaml(r->sources.file(r->id), r->diags);
  // Resolve within this one file, as the driver does across all files.
  if (r->file.policy) {
    std::vector<rwd::yaml::argo::ArgoYamlFile *> yaml{&r->file};
    std::vector<rwd::ast::PolicyFile *> all{r->file.policy.get()};
    rwd::yaml::argo::resolveArgoReferences(yaml, all, r->diags);
  }
  return r;
}

const char *kHeader = "apiVersion: argoproj.io/v1alpha1\n";

/// A Rollout `r` whose canary has `steps` (a YAML list at six spaces).
std::string canarySteps(const std::string &steps) {
  return std::string(kHeader) + "kind: Rollout\nmetadata: {name: r}\nspec:\n  strategy:\n    canary:\n      steps:\n" +
         steps;
}

std::string templ(const std::string &metrics, const std::string &args = "") {
  return std::string(kHeader) + "kind: AnalysisTemplate\nmetadata:\n  name: t\nspec:\n" + args +
         "  metrics:\n" + metrics;
}

} // namespace

TEST_CASE("argo yaml: other kinds and other API groups are skipped") {
  auto r = read("apiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\n"
                "apiVersion: apps/v1\nkind: Rollout\nmetadata: {name: not-argo}\n---\n"
                "apiVersion: argoproj.io/v1alpha1\nkind: Experiment\nmetadata: {name: e}\n");
  INFO(r->rendered());
  REQUIRE(r->file.policy);
  CHECK(r->file.argoObjects == 0);
  CHECK(r->file.policy->rollouts.empty());
  CHECK_FALSE(r->diags.hasErrors());
}

TEST_CASE("argo yaml: rollout spec and canary fields") {
  auto r = read(std::string(kHeader) + R"(kind: Rollout
metadata:
  name: web
  annotations:
    notifications.argoproj.io/subscribe.on-rollout-completed.slack: "a;b"
spec:
  replicas: 4
  minReadySeconds: 5
  progressDeadlineSeconds: 120
  progressDeadlineAbort: true
  rollbackWindow: {revisions: 2}
  revisionHistoryLimit: 2
  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web, scaleDown: progressively}
  strategy:
    canary:
      stableService: s
      canaryService: c
      maxSurge: "50%"
      maxUnavailable: 1
      scaleDownDelaySeconds: 20
      abortScaleDownDelaySeconds: 0
      dynamicStableScale: false
      antiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: {weight: 1}}
      trafficRouting:
        nginx: {stableIngress: web}
        managedRoutes: [{name: r}]
      steps:
      - setWeight: 10
      - pause: {duration: 1h30m}
      - pause: {duration: "45"}
      - setCanaryScale: {replicas: 2}
      - setCanaryScale: {matchTrafficWeight: true}
      - setHeaderRoute: {name: r, match: [{headerName: x, headerValue: {exact: y}}]}
      - setHeaderRoute: {name: r}
      - setMirrorRoute: {name: m, percentage: 35}
      - plugin: {name: p, config: {a: 1}}
      - experiment:
          duration: 10m
          templates:
          - {name: baseline, specRef: stable, replicas: 1, weight: 5, selector: {matchLabels: {a: b}}}
          analyses:
          - {name: cmp, templateName: t, requiredForCompletion: true, args: [{name: h, valueFrom: {podTemplateHashValue: Latest}}]}
          scaleDownDelaySeconds: 30
)");
  INFO(r->rendered());
  REQUIRE(r->file.policy);
  REQUIRE(r->file.policy->rollouts.size() == 1);
  const rwd::ast::Rollout &ro = r->file.policy->rollouts[0];
  CHECK(ro.name.value == "web");
  CHECK(r->textOf(ro.name.range) == "web");
  CHECK(ro.replicas->value == 4);
  CHECK(ro.minReady->value == 5000);
  CHECK(ro.progressDeadline->value == 120000);
  CHECK(ro.progressDeadlineAbort);
  CHECK(ro.rollbackWindow->value == 2);
  REQUIRE(ro.workload);
  CHECK(ro.workload->name.value == "web");
  CHECK(ro.workload->scaleDown->value == "progressively");
  REQUIRE(ro.extra);
  REQUIRE(ro.extra->entries.size() == 1);
  CHECK(ro.extra->entries[0].first.value == "revisionHistoryLimit");
  REQUIRE(ro.notifications.size() == 2);
  CHECK(ro.notifications[0].service.value == "slack");
  CHECK(ro.notifications[1].recipient.value == "b");
  CHECK(ro.notifications[0].triggers[0].value == "on-rollout-completed");
  REQUIRE(ro.canary);
  const rwd::ast::Canary &c = *ro.canary;
  CHECK(c.stableService->value == "s");
  CHECK(c.maxSurge->percent);
  CHECK(c.maxSurge->value == 50);
  CHECK_FALSE(c.maxUnavailable->percent);
  CHECK(c.scaleDownDelay->value == 20000);
  // 0 is kept as written (Argo's never), so sema can warn that it does not mean "at once".
  CHECK_FALSE(c.abortScaleDown->never);
  CHECK(c.abortScaleDown->millis == 0);
  CHECK_FALSE(c.dynamicStableScale);
  CHECK(c.trafficRouting->provider.value == "nginx");
  REQUIRE(c.extra);
  CHECK(c.extra->entries[0].first.value == "antiAffinity");
  // managedRoutes is carried in the router's config, where `traffic routing nginx {...}` holds it.
  REQUIRE(c.trafficRouting->config);
  CHECK(c.trafficRouting->config->entries.back().first.value == "managedRoutes");
  CHECK(r->rendered().find("not carried") == std::string::npos);
  REQUIRE(c.steps.size() == 10);
  using K = rwd::ast::StepKind;
  CHECK(c.steps[0].kind == K::SetWeight);
  CHECK(c.steps[0].weight.value == 10);
  CHECK(c.steps[1].kind == K::TimedPause);
  CHECK(c.steps[1].duration.value == 5400000);
  CHECK(c.steps[2].duration.value == 45000); // a bare-number string is seconds
  CHECK(c.steps[3].kind == K::SetCanaryScale);
  CHECK(c.steps[3].scale.replicas == 2);
  CHECK(c.steps[4].scale.kind == rwd::ast::CanaryScale::Kind::MatchTrafficWeight);
  CHECK(c.steps[5].kind == K::HeaderRoute);
  CHECK(c.steps[5].routeName.value == "r");
  REQUIRE(c.steps[5].config);
  CHECK(c.steps[5].config->entries[0].first.value == "match");
  CHECK_FALSE(c.steps[6].config); // no match: removes the route
  CHECK(c.steps[7].kind == K::MirrorRoute);
  CHECK(c.steps[8].kind == K::Passthrough);
  CHECK(c.steps[8].routeName.value == "plugin");
  REQUIRE(c.steps[9].kind == K::Experiment);
  const rwd::ast::Experiment &e = *c.steps[9].experiment;
  CHECK(e.duration->value == 600000);
  REQUIRE(e.replicaSets.size() == 1);
  CHECK(e.replicaSets[0].specRef.value == "stable");
  CHECK(e.replicaSets[0].weight->value == 5);
  REQUIRE(e.replicaSets[0].config);
  CHECK(e.replicaSets[0].config->entries[0].first.value == "selector");
  REQUIRE(e.analyses.size() == 1);
  CHECK(e.analyses[0].alias->value == "cmp");
  CHECK(e.analyses[0].required);
  CHECK(e.analyses[0].ref.arguments[0].kind == rwd::ast::Argument::Kind::LatestHash);
  REQUIRE(e.extra);
  CHECK(e.extra->entries[0].first.value == "scaleDownDelaySeconds");
}

TEST_CASE("argo yaml: blue-green fields") {
  auto r = read(std::string(kHeader) + R"(kind: Rollout
metadata: {name: bg}
spec:
  strategy:
    blueGreen:
      activeService: a
      previewService: p
      previewReplicaCount: 1
      autoPromotionEnabled: false
      autoPromotionSeconds: 30
      scaleDownDelaySeconds: 60
      abortScaleDownDelaySeconds: 10
      previewMetadata: {labels: {x: y}}
      prePromotionAnalysis: {templates: [{templateName: t}], args: [{name: env, valueFrom: {fieldRef: {fieldPath: "metadata.labels['env']"}}}]}
      postPromotionAnalysis: {templates: [{templateName: t}]}
)");
  INFO(r->rendered());
  REQUIRE(r->file.policy);
  const rwd::ast::BlueGreen &bg = *r->file.policy->rollouts.at(0).blueGreen;
  CHECK(bg.activeService->value == "a");
  CHECK(bg.previewReplicas->value == 1);
  CHECK_FALSE(bg.autoPromotion->value);
  CHECK(bg.autoPromotionDelay->value == 30000);
  CHECK(bg.scaleDownDelay->value == 60000);
  CHECK(bg.abortScaleDown->millis == 10000);
  CHECK_FALSE(bg.abortScaleDown->never);
  REQUIRE(bg.extra);
  CHECK(bg.extra->entries[0].first.value == "previewMetadata");
  REQUIRE(bg.prePromotion);
  CHECK(bg.prePromotion->refs[0].arguments[0].kind == rwd::ast::Argument::Kind::FieldRef);
  CHECK(bg.prePromotion->refs[0].arguments[0].fieldPath == "metadata.labels['env']");
  CHECK(bg.postPromotion);
}

TEST_CASE("argo yaml: template args, types and providers") {
  auto r = read(templ(R"(  - name: m
    interval: 30s
    initialDelay: 1m
    count: 3
    failureLimit: -1
    inconclusiveLimit: 1
    consecutiveErrorLimit: 2
    consecutiveSuccessLimit: 2
    successCondition: result[0] < {{args.limit}} && {{args.name-with-dash}} > 0
    provider:
      prometheus: {address: "http://p", query: "up", timeout: 20}
  - name: w
    successCondition: result == 'It worked!'
    provider:
      web: {url: "{{args.url}}"}
)",
                      R"(  args:
  - name: limit
  - name: name-with-dash
  - name: url
    valueFrom: {secretKeyRef: {name: s, key: k}}
  - name: ratio
    value: "0.5"
  - name: label
    value: "5m"
)"));
  INFO(r->rendered());
  REQUIRE(r->file.policy);
  const rwd::ast::Analysis &a = r->file.policy->analyses.at(0);
  REQUIRE(a.parameters.size() == 5);
  CHECK(a.parameters[0].type.value == "number"); // no default, used in a condition
  CHECK(a.parameters[1].type.value == "number");
  CHECK(a.parameters[2].type.value == "string");
  REQUIRE(a.parameters[2].secret);
  CHECK(a.parameters[2].secret->key.value == "k");
  CHECK(a.parameters[3].type.value == "number"); // default parses as a number
  CHECK(a.parameters[3].defaultValue->kind == rwd::ast::Literal::Kind::Float);
  CHECK(a.parameters[4].type.value == "string"); // durations stay strings
  const rwd::ast::Metric &m = a.metrics.at(0);
  CHECK(m.interval->value == 30000);
  CHECK(m.initialDelay->value == 60000);
  CHECK(m.count->value == 3);
  CHECK(m.failureLimit->value == -1);
  CHECK(m.consecutiveSuccessLimit->value == 2);
  REQUIRE(m.providers.size() == 1);
  CHECK(m.providers[0].query->value == "up");
  CHECK(m.providers[0].address->value == "http://p");
  REQUIRE(m.providers[0].config);
  CHECK(m.providers[0].config->entries[0].first.value == "timeout");
  REQUIRE(m.success);
  CHECK(rwd::expr::printExpr(*m.success->expr) == "result[0] < args.limit && args[\"name-with-dash\"] > 0"); // the printer quotes hyphenated names
  // The member access is on `args`, named with its hyphen.
  const rwd::expr::Expr &rhs = *m.success->expr->children[1]->children[0];
  CHECK(rhs.kind == rwd::expr::ExprKind::Member);
  CHECK(rhs.text == "name-with-dash");
  CHECK(r->textOf(rhs.range) == "args.name-with-dash");
  const rwd::ast::Metric &w = a.metrics.at(1);
  REQUIRE(w.success);
  CHECK(rwd::expr::printExpr(*w.success->expr) == "result == \"It worked!\"");
  CHECK(w.providers[0].kind.value == "web");
}

TEST_CASE("argo yaml: condition diagnostics land on the YAML line and column") {
  SECTION("plain scalar") {
    auto r = read(templ("  - name: m\n    successCondition: result > )\n    provider: {prometheus: {query: up}}\n"));
    CHECK(r->rendered().find("t.yaml:8:32: error") != std::string::npos);
  }
  SECTION("double-quoted scalar with an escape before the error") {
    auto r = read(templ("  - name: m\n    successCondition: \"result == \\\"a\\\" &&& 1\"\n    provider: {prometheus: {query: up}}\n"));
    INFO(r->rendered());
    CHECK(r->rendered().find("t.yaml:8:42: error") != std::string::npos);
  }
  SECTION("single-quoted scalar with a doubled quote") {
    auto r = read(templ("  - name: m\n    successCondition: 'result == ''a'' ) 1'\n    provider: {prometheus: {query: up}}\n"));
    INFO(r->rendered());
    CHECK(r->rendered().find("t.yaml:8:40: error") != std::string::npos);
  }
  SECTION("literal block scalar, error on its second line") {
    auto r = read(templ("  - name: m\n    successCondition: |\n      len(result) > 0 &&\n        result[0] ) 1\n    provider: {prometheus: {query: up}}\n"));
    INFO(r->rendered());
    CHECK(r->rendered().find("t.yaml:10:19: error") != std::string::npos);
  }
  SECTION("folded block scalar after a placeholder") {
    auto r = read(templ("  - name: m\n    successCondition: >\n      result[0] < {{ args.x }}\n      ) 1\n    provider: {prometheus: {query: up}}\n",
                        "  args:\n  - name: x\n"));
    INFO(r->rendered());
    CHECK(r->rendered().find("t.yaml:12:7: error") != std::string::npos);
  }
  SECTION("a placeholder that is not an argument") {
    auto r = read(templ("  - name: m\n    successCondition: result > {{templates.x}}\n    provider: {prometheus: {query: up}}\n"));
    CHECK(r->rendered().find("t.yaml:8:32: error: placeholder `{{templates.x}}`") != std::string::npos);
  }
}

TEST_CASE("argo yaml: scalar positions") {
  rwd::SourceManager sources;
  rwd::FileId id = sources.addBuffer("s.yaml", "a: \"x\\ty\"\nb: 'it''s'\n");
  const rwd::SourceFile &f = sources.file(id);
  auto dq = rwd::yaml::locateScalar(f, 3, "x\ty");
  CHECK(dq.exact);
  CHECK(dq.range.begin == 3);
  CHECK(dq.range.end == 9);
  CHECK(dq.positions == std::vector<uint32_t>{4, 5, 7, 8});
  auto sq = rwd::yaml::locateScalar(f, 13, "it's");
  CHECK(sq.exact);
  CHECK(sq.positions == std::vector<uint32_t>{14, 15, 16, 18, 19});
}

TEST_CASE("argo yaml: run arguments go to the templates that declare them, typed") {
  auto r = read(std::string(kHeader) + R"(kind: Rollout
metadata: {name: r}
spec:
  strategy:
    canary:
      steps:
      - analysis:
          templates: [{templateName: a}, {templateName: b}]
          args: [{name: n, value: "3"}, {name: s, value: "x"}]
          dryRun: [{metricName: "^m"}]
          measurementRetention: [{metricName: ".*", limit: 5}]
---
)" + kHeader + R"(kind: AnalysisTemplate
metadata: {name: a}
spec:
  args: [{name: n}]
  metrics: [{name: ma, successCondition: "result[0] > {{args.n}}", provider: {prometheus: {query: up}}}]
---
)" + kHeader + R"(kind: AnalysisTemplate
metadata: {name: b}
spec:
  args: [{name: s}, {name: n, value: "1"}]
  metrics: [{name: mb, provider: {prometheus: {query: up}}}]
)");
  INFO(r->rendered());
  REQUIRE(r->file.policy);
  const rwd::ast::AnalysisUse &use = r->file.policy->rollouts[0].canary->steps[0].analysis;
  REQUIRE(use.refs.size() == 2);
  REQUIRE(use.refs[0].arguments.size() == 1);
  CHECK(use.refs[0].arguments[0].name.value == "n");
  CHECK(use.refs[0].arguments[0].literal.kind == rwd::ast::Literal::Kind::Int);
  REQUIRE(use.refs[1].arguments.size() == 2);
  CHECK(use.refs[1].arguments[1].literal.text == "x");
  REQUIRE(use.dryRunMetrics.size() == 2);
  CHECK(use.dryRunMetrics[0].value == "ma");
  CHECK(use.dryRunMetrics[1].value == "mb");
  CHECK(r->file.policy->analyses[0].metrics[0].keep->value == 5);
}

TEST_CASE("argo yaml: template dryRun and measurementRetention") {
  auto r = read(templ("  - {name: a, provider: {prometheus: {query: up}}}\n  - {name: b, provider: {prometheus: {query: up}}}\n",
                      "  dryRun: [{metricName: .*}]\n  measurementRetention: [{metricName: b, limit: 3}]\n"));
  INFO(r->rendered());
  const rwd::ast::Analysis &a = r->file.policy->analyses.at(0);
  CHECK(a.metrics[0].dryRun);
  CHECK(a.metrics[1].dryRun);
  CHECK_FALSE(a.metrics[0].keep);
  CHECK(a.metrics[1].keep->value == 3);
}

TEST_CASE("argo yaml: counts, limits and durations written as text are kept for each run") {
  auto r = read(templ("  - name: m\n    interval: \"{{ args.i }}\"\n    failureLimit: \"{{args.f}}\"\n"
                      "    count: two\n    initialDelay: \"1d\"\n    consecutiveErrorLimit: -3\n"
                      "    inconclusiveLimit: \"2\"\n    provider: {prometheus: {query: up}}\n"));
  INFO(r->rendered());
  const rwd::ast::Metric &m = r->file.policy->analyses.at(0).metrics.at(0);
  REQUIRE(m.textSettings.size() == 4);
  CHECK(m.textSettings[0].field == "interval");
  CHECK(m.textSettings[0].text.value == "{{ args.i }}");
  CHECK(r->textOf(m.textSettings[0].text.range) == "\"{{ args.i }}\"");
  CHECK(m.textSettings[1].field == "failureLimit");
  CHECK(m.textSettings[2].field == "count");
  CHECK(m.textSettings[2].text.value == "two");
  CHECK(m.textSettings[3].field == "initialDelay");
  CHECK_FALSE(m.interval);
  CHECK_FALSE(m.count);
  CHECK(m.consecutiveErrorLimit->value == -3); // Argo's validation judges it when a run starts
  CHECK(m.inconclusiveLimit->value == 2);      // an IntOrString string holding a number
  CHECK_FALSE(r->diags.hasErrors());
}

TEST_CASE("argo yaml: metric durations are Go durations") {
  SECTION("Go units in any order") {
    auto r = read(templ("  - {name: m, interval: 1m30s, initialDelay: 500ms, provider: {prometheus: {query: up}}}\n"));
    const rwd::ast::Metric &m = r->file.policy->analyses.at(0).metrics.at(0);
    CHECK(m.interval->value == 90'000);
    CHECK(m.initialDelay->value == 500);
  }
  SECTION("a plain number is not a string: the CRD refuses it") {
    auto r = read(templ("  - {name: m, interval: 30, provider: {prometheus: {query: up}}}\n"));
    CHECK(r->rendered().find("error: invalid duration `30`: a bare number is not a Go duration") != std::string::npos);
  }
  SECTION("a quoted string Go cannot parse is kept as text") {
    auto r = read(templ("  - {name: m, interval: \"30\", provider: {prometheus: {query: up}}}\n"));
    CHECK_FALSE(r->diags.hasErrors());
    const rwd::ast::Metric &m = r->file.policy->analyses.at(0).metrics.at(0);
    REQUIRE(m.textSettings.size() == 1);
    CHECK(m.textSettings[0].text.value == "30");
  }
}

TEST_CASE("argo yaml: dryRun and measurementRetention rules are kept as written for replay") {
  auto r = read(canarySteps(R"(      - analysis:
          templates: [{templateName: a}]
          dryRun: [{metricName: nothing}, {metricName: "^m"}]
          measurementRetention: [{metricName: ".*", limit: 5}]
      - experiment:
          analyses: [{name: x, templateName: a}]
          dryRun: [{metricName: ma}]
---
)") + kHeader + R"(kind: AnalysisTemplate
metadata: {name: a}
spec:
  dryRun: [{metricName: other}]
  metrics: [{name: ma, provider: {prometheus: {query: up}}}]
)");
  INFO(r->rendered());
  const rwd::ast::Canary &canary = *r->file.policy->rollouts.at(0).canary;
  const std::vector<rwd::ast::MetricRule> &rules = canary.steps.at(0).analysis.argoRules;
  REQUIRE(rules.size() == 3);
  CHECK(rules[0].pattern.value == "nothing");
  CHECK_FALSE(rules[0].retention);
  CHECK(rules[2].retention);
  REQUIRE(canary.steps.at(1).experiment->argoRules.size() == 1);
  REQUIRE(r->file.policy->analyses.at(0).argoRules.size() == 1);
  CHECK(r->file.policy->analyses.at(0).argoRules[0].pattern.value == "other");
  // The rules that match nothing are warnings outside `check` (Argo puts the run in Error).
  CHECK(r->rendered().find("rule `nothing` matches no metric") != std::string::npos);
}

TEST_CASE("argo yaml: a Rollout's argument cannot read a Secret, and says where it can") {
  auto r = read(canarySteps(R"(      - analysis:
          templates: [{templateName: a}]
          args: [{name: token, valueFrom: {secretKeyRef: {name: s, key: k}}}]
)"));
  std::string out = r->rendered();
  CHECK(out.find("t.yaml:10:44: error: a Rollout's analysis argument takes `valueFrom.podTemplateHashValue` or "
                 "`valueFrom.fieldRef`, not a Secret; read the Secret in the AnalysisTemplate") != std::string::npos);
}

TEST_CASE("argo yaml: odd but valid YAML seen in public repositories") {
  auto r = read("---\n---\n" + std::string(kHeader) + R"(kind: Rollout
metadata:
 name: r
spec:
 strategy:
  canary:
   steps:
   - pause: &wait {duration: 30}
   - analysis: &check
      templates: [{templateName: a}]
   - setWeight: 50
   - pause: *wait
   - analysis: *check
---
{"apiVersion": "argoproj.io/v1alpha1", "kind": "AnalysisTemplate", "metadata": {"name": "a"},
 "spec": {"metrics": [{"name": "m", "provider": {"prometheus": {"query": "up"}}}]}}
---
)");
  INFO(r->rendered());
  REQUIRE(r->file.policy);
  CHECK_FALSE(r->diags.hasErrors());
  CHECK(r->file.argoObjects == 2);
  const rwd::ast::Canary &canary = *r->file.policy->rollouts.at(0).canary;
  REQUIRE(canary.steps.size() == 5);
  CHECK(canary.steps[0].kind == rwd::ast::StepKind::TimedPause);
  CHECK(canary.steps[0].duration.value == 30'000);
  CHECK(canary.steps[3].duration.value == 30'000);
  CHECK(canary.steps[4].analysis.refs.at(0).name.value == "a");
  CHECK(r->file.policy->analyses.at(0).name.value == "a");
}

TEST_CASE("argo yaml: wrong shapes name the expected shape") {
  auto r = read(std::string(kHeader) + "kind: Rollout\nmetadata: {name: r}\nspec:\n  replicas: -1\n  strategy:\n    canary:\n      steps: 7\n");
  std::string out = r->rendered();
  CHECK(out.find("t.yaml:5:13: error: `spec.replicas` must be a non-negative integer, found `-1`") != std::string::npos);
  CHECK(out.find("t.yaml:8:14: error: `steps` must be a list, found `7`") != std::string::npos);
}

TEST_CASE("argo yaml: hostile input") {
  using rwd::yaml::Limits;
  SECTION("invalid YAML is a located error") {
    auto r = read("a: [1, 2\nb: c\n");
    CHECK_FALSE(r->file.policy);
    CHECK(r->rendered().find("error: invalid YAML") != std::string::npos);
  }
  SECTION("flow nesting at the limit is read, one past it is refused") {
    int n = Limits::kMaxNesting;
    auto ok = read("x: " + std::string(n, '[') + std::string(n, ']') + "\n");
    CHECK(ok->file.policy);
    CHECK_FALSE(ok->diags.hasErrors());
    auto deep = read("x: " + std::string(n + 1, '[') + std::string(n + 1, ']') + "\n");
    CHECK_FALSE(deep->file.policy);
    CHECK(deep->rendered().find("t.yaml:1:260: error: nesting is deeper than the limit of 256") != std::string::npos);
    auto huge = read("x: " + std::string(50000, '[') + "\n");
    CHECK_FALSE(huge->file.policy);
  }
  SECTION("brackets in quoted scalars and comments do not count") {
    std::string many(300, '[');
    auto r = read("a: \"" + many + "\"\nb: '" + many + "' # " + many + "\n");
    CHECK(r->file.policy);
  }
  SECTION("deep block nesting is refused, not a stack overflow") {
    std::string text = "a:\n";
    for (int i = 1; i < 3000; ++i) text += std::string(static_cast<size_t>(i), ' ') + "k:\n";
    auto r = read(text);
    CHECK_FALSE(r->file.policy);
    CHECK(r->rendered().find("nesting is deeper") != std::string::npos);
  }
  SECTION("an alias bomb stops at the node budget") {
    std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 12; ++i) {
      // Appended piece by piece: GCC 12 reports a false -Wrestrict on `"a" + std::to_string(i)` at -O3.
      text.append("a").append(std::to_string(i)).append(": &a").append(std::to_string(i)).append(" [");
      for (int k = 0; k < 9; ++k) text.append(k ? ", *a" : "*a").append(std::to_string(i - 1));
      text += "]\n";
    }
    text += std::string(kHeader) + "kind: Rollout\nmetadata: {name: r}\nspec: {strategy: {canary: {steps: [{custom: *a11}]}}}\n";
    auto r = read(text);
    CHECK_FALSE(r->file.policy);
    CHECK(r->rendered().find("more than 1000000 nodes") != std::string::npos);
  }
  SECTION("a self-referencing alias terminates") {
    auto r = read(std::string(kHeader) + "kind: Rollout\nmetadata: {name: r}\nspec: {strategy: {canary: {steps: [&s {x: [*s]}]}}}\n");
    CHECK_FALSE(r->file.policy);
  }
  SECTION("NUL bytes and invalid UTF-8") {
    CHECK(read(std::string("a: b\0c\n", 7))->rendered().find("NUL byte") != std::string::npos);
    CHECK(read("a: \xff\n")->rendered().find("not valid UTF-8") != std::string::npos);
  }
  SECTION("a long regex is refused") {
    auto r = read(templ("  - {name: a, provider: {prometheus: {query: up}}}\n", "  dryRun: [{metricName: \"" + std::string(2000, 'a') + "\"}]\n"));
    CHECK(r->rendered().find("longer than 1000 bytes") != std::string::npos);
  }
}
