// This file implements the Argo Rollouts backend: Rollout, AnalysisTemplate and
// ClusterAnalysisTemplate documents from a plan, and the refusal of what Argo cannot express.
#include "compiler/emit/argo/argo_rollouts.h"

#include "compiler/emit/config_yaml.h"
#include "compiler/emit/irreversible_annotations.h"
#include "compiler/emit/yaml_writer.h"
#include "compiler/support/duration.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>

namespace rwd::emit {

namespace {

constexpr const char *kApiVersion = "argoproj.io/v1alpha1";
constexpr const char *kTarget = "Argo Rollouts";

YamlNode str(std::string text) { return YamlNode::string(std::move(text)); }
YamlNode goDuration(int64_t millis) { return str(formatGoDuration(millis)); }
YamlNode seconds(int64_t millis) { return YamlNode::integer(millis / 1000); }

/// `^name$`, with regular-expression metacharacters escaped: Argo matches dryRun by regex.
std::string exactPattern(const std::string &name) {
  std::string out = "^";
  for (char c : name) {
    if (std::string_view(".^$*+?()[]{}|\\").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out + "$";
}

/// `"25%"` stays a string; a whole number becomes an int (Argo's int-or-string).
YamlNode intOrString(const std::string &text) {
  bool digits = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits && text.size() < 18) return YamlNode::integer(std::stoll(text));
  return str(text);
}

YamlNode argument(const plan::Argument &arg) {
  YamlNode node = YamlNode::map();
  node.set("name", str(arg.name));
  switch (arg.kind) {
  case plan::Argument::Kind::Value: node.set("value", str(arg.value.text)); break;
  case plan::Argument::Kind::StableHash:
    node.set("valueFrom", YamlNode::map()).set("podTemplateHashValue", str("Stable"));
    break;
  case plan::Argument::Kind::LatestHash:
    node.set("valueFrom", YamlNode::map()).set("podTemplateHashValue", str("Latest"));
    break;
  case plan::Argument::Kind::FieldRef:
    node.set("valueFrom", YamlNode::map()).set("fieldRef", YamlNode::map()).set("fieldPath", str(arg.fieldPath));
    break;
  }
  return node;
}

YamlNode dryRunList(const std::vector<std::string> &metrics) {
  YamlNode seq = YamlNode::seq();
  for (const std::string &metric : metrics) seq.push(YamlNode::map()).set("metricName", str(exactPattern(metric)));
  return seq;
}

/// Appends rules that match no metric, as written, to the `dryRun` and `measurementRetention`
/// lists of `node` (a rollout stanza, an experiment or a template spec): Argo puts such a run in
/// Error, and the compiled manifest must do the same.
void appendUnmatchedRules(YamlNode &node, const std::vector<plan::MetricRule> &rules) {
  for (const plan::MetricRule &rule : rules) {
    const char *key = rule.retention ? "measurementRetention" : "dryRun";
    YamlNode *list = node.find(key);
    if (!list) list = &node.set(key, YamlNode::seq());
    YamlNode &item = list->push(YamlNode::map());
    item.set("metricName", str(rule.pattern));
    if (rule.retention && rule.limit != 0) item.set("limit", YamlNode::integer(rule.limit));
  }
}

/// Adds every key of a verbatim object (an `argo { ... }` block) after the modeled ones; sema has
/// rejected keys that collide with a modeled field.
void mergeExtra(YamlNode &node, const plan::Config &extra) {
  if (!extra.is_object()) return;
  for (const auto &[key, value] : extra.items()) node.set(key, configToYaml(value));
}

/// Fields of `trafficRouting` itself rather than of one router; Rewind's router config holds them.
bool isTrafficRoutingField(const std::string &key) {
  return key == "managedRoutes" || key == "maxTrafficWeight";
}

/// A RolloutAnalysis: templates, args, dryRun (and startingStep for the background run).
YamlNode analysisRun(const plan::Plan &plan, const plan::Run &run) {
  YamlNode node = YamlNode::map();
  YamlNode &templates = node.set("templates", YamlNode::seq());
  for (size_t index : run.templates) {
    const plan::Template &tmpl = plan.templates.at(index);
    YamlNode &ref = templates.push(YamlNode::map());
    ref.set("templateName", str(tmpl.name));
    if (tmpl.cluster) ref.set("clusterScope", YamlNode::boolean(true));
  }
  if (!run.arguments.empty()) {
    YamlNode &args = node.set("args", YamlNode::seq());
    for (const plan::Argument &arg : run.arguments) args.push(argument(arg));
  }
  if (!run.dryRunMetrics.empty()) node.set("dryRun", dryRunList(run.dryRunMetrics));
  appendUnmatchedRules(node, run.unmatchedRules);
  return node;
}

/// An experiment step: its ReplicaSets (`templates`), one AnalysisRun per analysis, dry-run.
YamlNode experiment(const plan::Plan &plan, const plan::Experiment &e) {
  YamlNode node = YamlNode::map();
  if (e.durationMs) node.set("duration", goDuration(*e.durationMs));
  YamlNode &templates = node.set("templates", YamlNode::seq());
  for (const plan::ExperimentTemplate &t : e.templates) {
    YamlNode &item = templates.push(YamlNode::map());
    item.set("name", str(t.name));
    item.set("specRef", str(t.specRef));
    if (t.replicas) item.set("replicas", YamlNode::integer(*t.replicas));
    if (t.weight) item.set("weight", YamlNode::integer(*t.weight));
    mergeExtra(item, t.config);
  }
  if (!e.analyses.empty()) {
    YamlNode &analyses = node.set("analyses", YamlNode::seq());
    for (const plan::ExperimentAnalysis &a : e.analyses) {
      YamlNode &item = analyses.push(YamlNode::map());
      item.set("name", str(a.name));
      if (!a.run.templates.empty()) {
        const plan::Template &tmpl = plan.templates.at(a.run.templates.front());
        item.set("templateName", str(tmpl.name));
        if (tmpl.cluster) item.set("clusterScope", YamlNode::boolean(true));
      }
      if (!a.run.arguments.empty()) {
        YamlNode &args = item.set("args", YamlNode::seq());
        for (const plan::Argument &arg : a.run.arguments) args.push(argument(arg));
      }
      if (a.requiredForCompletion) item.set("requiredForCompletion", YamlNode::boolean(true));
    }
  }
  if (!e.dryRunMetrics.empty()) node.set("dryRun", dryRunList(e.dryRunMetrics));
  appendUnmatchedRules(node, e.unmatchedRules);
  mergeExtra(node, e.extra);
  return node;
}

YamlNode canaryStrategy(const plan::Plan &plan, DiagnosticEngine &diags) {
  const plan::Canary &canary = plan.canary;
  YamlNode node = YamlNode::map();
  if (!canary.canaryService.empty()) node.set("canaryService", str(canary.canaryService));
  if (!canary.stableService.empty()) node.set("stableService", str(canary.stableService));
  if (!canary.trafficRouter.empty()) {
    YamlNode &routing = node.set("trafficRouting", YamlNode::map());
    plan::Config router = plan::Config::object();
    for (const auto &[key, value] : canary.trafficRouting.items())
      if (!isTrafficRoutingField(key)) router[key] = value;
    routing.set(canary.trafficRouter, configToYaml(router));
    for (const auto &[key, value] : canary.trafficRouting.items())
      if (isTrafficRoutingField(key)) routing.set(key, configToYaml(value));
  }
  if (!canary.maxSurge.empty()) node.set("maxSurge", intOrString(canary.maxSurge));
  if (!canary.maxUnavailable.empty()) node.set("maxUnavailable", intOrString(canary.maxUnavailable));
  if (canary.scaleDownDelayMs) node.set("scaleDownDelaySeconds", seconds(*canary.scaleDownDelayMs));
  if (canary.abortScaleDownDelayMs)
    node.set("abortScaleDownDelaySeconds", seconds(*canary.abortScaleDownDelayMs));
  if (canary.dynamicStableScale) node.set("dynamicStableScale", YamlNode::boolean(true));
  if (canary.background) {
    YamlNode &background = node.set("analysis", analysisRun(plan, *canary.background));
    if (canary.backgroundStartingStep > 0)
      background.set("startingStep", YamlNode::integer(canary.backgroundStartingStep));
  }
  YamlNode &steps = node.set("steps", YamlNode::seq());
  for (const plan::Step &step : canary.steps) {
    YamlNode &item = steps.push(YamlNode::map());
    switch (step.kind) {
    case plan::StepKind::SetWeight: item.set("setWeight", YamlNode::integer(step.weight)); break;
    case plan::StepKind::Pause: {
      YamlNode &pause = item.set("pause", YamlNode::map());
      if (step.pauseMs) pause.set("duration", goDuration(*step.pauseMs));
      if (step.promotionTimeoutMs)
        diags.report(DiagKind::NotExpressibleInTarget, step.range,
                     fmt::format("the promotion timeout `timeout {}`", formatDuration(*step.promotionTimeoutMs)),
                     kTarget,
                     "an indefinite `pause: {}` waits for `kubectl argo rollouts promote` for ever; drop the "
                     "timeout (the simulator still models it), or write `pause D` to resume by itself");
      break;
    }
    case plan::StepKind::Analysis:
      if (step.analysis) item.set("analysis", analysisRun(plan, *step.analysis));
      break;
    case plan::StepKind::Experiment:
      if (step.experiment) item.set("experiment", experiment(plan, *step.experiment));
      break;
    case plan::StepKind::SetCanaryScale: {
      YamlNode &scale = item.set("setCanaryScale", YamlNode::map());
      switch (step.scale.kind) {
      case plan::CanaryScale::Kind::Replicas: scale.set("replicas", YamlNode::integer(step.scale.replicas)); break;
      case plan::CanaryScale::Kind::Weight: scale.set("weight", YamlNode::integer(step.scale.weight)); break;
      case plan::CanaryScale::Kind::MatchTrafficWeight:
        scale.set("matchTrafficWeight", YamlNode::boolean(true));
        break;
      }
      break;
    }
    case plan::StepKind::SetHeaderRoute:
    case plan::StepKind::SetMirrorRoute: {
      YamlNode &route = item.set(step.kind == plan::StepKind::SetHeaderRoute ? "setHeaderRoute" : "setMirrorRoute",
                                 YamlNode::map());
      route.set("name", str(step.name));
      mergeExtra(route, step.config);
      break;
    }
    case plan::StepKind::Passthrough: item.set(step.name, configToYaml(step.config)); break;
    }
  }
  mergeExtra(node, canary.extra);
  return node;
}

YamlNode blueGreenStrategy(const plan::Plan &plan, DiagnosticEngine &diags) {
  const plan::BlueGreen &bg = plan.blueGreen;
  YamlNode node = YamlNode::map();
  node.set("activeService", str(bg.activeService));
  if (!bg.previewService.empty()) node.set("previewService", str(bg.previewService));
  if (bg.previewReplicas) node.set("previewReplicaCount", YamlNode::integer(*bg.previewReplicas));
  if (!bg.autoPromotionEnabled) node.set("autoPromotionEnabled", YamlNode::boolean(false));
  if (bg.autoPromotionDelayMs > 0) node.set("autoPromotionSeconds", seconds(bg.autoPromotionDelayMs));
  if (bg.prePromotion) node.set("prePromotionAnalysis", analysisRun(plan, *bg.prePromotion));
  if (bg.postPromotion) node.set("postPromotionAnalysis", analysisRun(plan, *bg.postPromotion));
  if (bg.scaleDownDelayMs) node.set("scaleDownDelaySeconds", seconds(*bg.scaleDownDelayMs));
  if (bg.abortScaleDownDelayMs) node.set("abortScaleDownDelaySeconds", seconds(*bg.abortScaleDownDelayMs));
  if (bg.promotionTimeoutMs)
    diags.report(DiagKind::NotExpressibleInTarget, bg.promoteRange.valid() ? bg.promoteRange : bg.range,
                 fmt::format("the promotion timeout `promote manually, timeout {}`", formatDuration(*bg.promotionTimeoutMs)),
                 kTarget,
                 "`autoPromotionEnabled: false` waits for `kubectl argo rollouts promote` for ever; drop the "
                 "timeout (the simulator still models it), or write `promote after D`");
  mergeExtra(node, bg.extra);
  return node;
}

YamlNode rollout(const plan::Plan &plan, DiagnosticEngine &diags, const EmitOptions &options) {
  YamlNode doc = YamlNode::map();
  doc.set("apiVersion", str(kApiVersion));
  doc.set("kind", str("Rollout"));
  YamlNode &metadata = doc.set("metadata", YamlNode::map());
  metadata.set("name", str(plan.rollout));

  // Annotations: notification subscriptions (recipients of one trigger and service joined by `;`),
  // then irreversible marks (documentation only: Argo does nothing with them).
  YamlNode annotations = YamlNode::map();
  std::map<std::string, std::string> subscriptions;
  std::vector<std::string> subscriptionOrder;
  for (const plan::Notification &n : plan.notifications) {
    std::string key = fmt::format("notifications.argoproj.io/subscribe.{}.{}", n.trigger, n.service);
    auto [it, inserted] = subscriptions.emplace(key, n.recipient);
    if (inserted) subscriptionOrder.push_back(key);
    else it->second += ";" + n.recipient;
  }
  for (const std::string &key : subscriptionOrder) annotations.set(key, str(subscriptions[key]));
  addIrreversibleAnnotations(plan, annotations);
  if (!annotations.empty()) metadata.set("annotations", std::move(annotations));

  YamlNode &spec = doc.set("spec", YamlNode::map());
  if (plan.replicas) spec.set("replicas", YamlNode::integer(*plan.replicas));
  if (plan.minReadyMs) spec.set("minReadySeconds", seconds(*plan.minReadyMs));
  if (plan.progressDeadlineMs) spec.set("progressDeadlineSeconds", seconds(*plan.progressDeadlineMs));
  if (plan.progressDeadlineAbort) spec.set("progressDeadlineAbort", YamlNode::boolean(true));
  if (plan.rollbackWindowRevisions)
    spec.set("rollbackWindow", YamlNode::map()).set("revisions", YamlNode::integer(*plan.rollbackWindowRevisions));
  // The policy's `workload`, else the backend's default; none when the policy carries an inline pod
  // template (`argo { template: ... }`), which Argo rejects together with a workloadRef.
  if (plan.workload) {
    YamlNode &workload = spec.set("workloadRef", YamlNode::map());
    workload.set("apiVersion", str(plan.workload->apiVersion));
    workload.set("kind", str(plan.workload->kind));
    workload.set("name", str(plan.workload->name));
    if (!plan.workload->scaleDown.empty()) workload.set("scaleDown", str(plan.workload->scaleDown));
  } else if (!plan.extra.contains("template")) {
    YamlNode &workload = spec.set("workloadRef", YamlNode::map());
    workload.set("apiVersion", str(options.workloadApiVersion));
    workload.set("kind", str(options.workloadKind));
    workload.set("name", str(options.workloadName.empty() ? plan.rollout : options.workloadName));
  }
  YamlNode &strategy = spec.set("strategy", YamlNode::map());
  if (plan.strategy == plan::Strategy::Canary) strategy.set("canary", canaryStrategy(plan, diags));
  else strategy.set("blueGreen", blueGreenStrategy(plan, diags));
  mergeExtra(spec, plan.extra);

  if (plan.onRollback.kind != plan::RollbackAction::Kind::Abort) {
    std::string construct = plan.onRollback.kind == plan::RollbackAction::Kind::UndoRevision
                                ? fmt::format("`on rollback to revision {}`", plan.onRollback.revision)
                                : std::string("an `on rollback` that undoes to the previous revision");
    diags.report(DiagKind::NotExpressibleInTarget, plan.onRollback.range, construct, kTarget,
                 "a Rollout can only abort (traffic back to the stable version, `spec.template` unchanged); "
                 "the undo is an operator's `kubectl argo rollouts undo`; write `on rollback abort`");
  }
  return doc;
}

void setProvider(YamlNode &provider, const plan::Provider &p) {
  if (p.kind == "prometheus") {
    YamlNode &prometheus = provider.set("prometheus", YamlNode::map());
    if (!p.address.empty()) prometheus.set("address", str(p.address));
    prometheus.set("query", str(p.query));
    for (const auto &[key, value] : p.config.items()) prometheus.set(key, configToYaml(value));
  } else {
    provider.set(p.kind, configToYaml(p.config));
  }
}

YamlNode metric(const plan::Metric &m) {
  YamlNode node = YamlNode::map();
  // A setting written as text (an `{{args.x}}` placeholder) goes back as that text: Argo resolves it.
  auto setting = [&](const char *field, std::optional<YamlNode> value) {
    for (const plan::TextSetting &text : m.textSettings)
      if (text.field == field) {
        node.set(field, str(text.text));
        return;
      }
    if (value) node.set(field, *value);
  };
  auto integer = [](const std::optional<int64_t> &v) -> std::optional<YamlNode> {
    if (!v) return std::nullopt;
    return YamlNode::integer(*v);
  };
  auto duration = [](const std::optional<int64_t> &v) -> std::optional<YamlNode> {
    if (!v) return std::nullopt;
    return goDuration(*v);
  };
  node.set("name", str(m.name));
  setting("interval", duration(m.intervalMs));
  setting("initialDelay", duration(m.initialDelayMs));
  setting("count", integer(m.count));
  if (!m.successText.empty()) node.set("successCondition", str(m.successText));
  if (!m.failureText.empty()) node.set("failureCondition", str(m.failureText));
  setting("failureLimit", integer(m.failureLimit));
  setting("inconclusiveLimit", integer(m.inconclusiveLimit));
  setting("consecutiveErrorLimit", integer(m.consecutiveErrorLimit));
  setting("consecutiveSuccessLimit", integer(m.consecutiveSuccessLimit));
  YamlNode &provider = node.set("provider", YamlNode::map());
  setProvider(provider, m.provider);
  for (const plan::Provider &extra : m.extraProviders) setProvider(provider, extra);
  return node;
}

YamlNode analysisTemplate(const plan::Template &tmpl) {
  YamlNode doc = YamlNode::map();
  doc.set("apiVersion", str(kApiVersion));
  doc.set("kind", str(tmpl.cluster ? "ClusterAnalysisTemplate" : "AnalysisTemplate"));
  doc.set("metadata", YamlNode::map()).set("name", str(tmpl.name));
  YamlNode &spec = doc.set("spec", YamlNode::map());
  if (!tmpl.parameters.empty()) {
    YamlNode &args = spec.set("args", YamlNode::seq());
    for (const plan::Parameter &param : tmpl.parameters) {
      YamlNode &arg = args.push(YamlNode::map());
      arg.set("name", str(param.name));
      if (param.defaultValue) arg.set("value", str(param.defaultValue->text));
      if (param.secret) {
        YamlNode &ref = arg.set("valueFrom", YamlNode::map()).set("secretKeyRef", YamlNode::map());
        ref.set("name", str(param.secret->name));
        ref.set("key", str(param.secret->key));
      }
    }
  }
  YamlNode &metrics = spec.set("metrics", YamlNode::seq());
  std::vector<std::string> dryRun;
  YamlNode retention = YamlNode::seq();
  for (const plan::Metric &m : tmpl.metrics) {
    metrics.push(metric(m));
    if (m.dryRun) dryRun.push_back(m.name);
    if (m.keepMeasurements) {
      YamlNode &item = retention.push(YamlNode::map());
      item.set("metricName", str(exactPattern(m.name)));
      item.set("limit", YamlNode::integer(*m.keepMeasurements));
    }
  }
  if (!dryRun.empty()) spec.set("dryRun", dryRunList(dryRun));
  if (!retention.empty()) spec.set("measurementRetention", std::move(retention));
  appendUnmatchedRules(spec, tmpl.unmatchedRules);
  return doc;
}

} // namespace

std::string emitArgo(const plan::Plan &plan, DiagnosticEngine &diags, const EmitOptions &options) {
  std::vector<YamlNode> documents = emitArgoDocuments(plan, diags, options);
  return documents.empty() ? std::string() : writeYamlDocuments(documents);
}

std::vector<YamlNode> emitArgoDocuments(const plan::Plan &plan, DiagnosticEngine &diags, const EmitOptions &options) {
  size_t errorsBefore = diags.errorCount();
  // Flagger's builtin checks are answered by the mesh's own query; Argo needs the query written.
  for (const plan::Template &tmpl : plan.templates)
    for (const plan::Metric &m : tmpl.metrics)
      if (m.provider.kind == "flagger")
        diags.report(DiagKind::NotExpressibleInTarget, m.provider.range,
                     fmt::format("Flagger's builtin check `{}`", m.name), kTarget,
                     "Argo queries a provider itself; write the query with `prometheus \"...\"`");
  if (plan.flaggerRange.valid())
    diags.report(DiagKind::FlaggerBlockIgnored, plan.flaggerRange, kTarget);
  std::vector<YamlNode> documents;
  documents.push_back(rollout(plan, diags, options));
  std::vector<const plan::Template *> templates;
  for (const plan::Template &tmpl : plan.templates) templates.push_back(&tmpl);
  std::stable_sort(templates.begin(), templates.end(),
                   [](const plan::Template *a, const plan::Template *b) { return a->name < b->name; });
  for (const plan::Template *tmpl : templates) documents.push_back(analysisTemplate(*tmpl));
  if (diags.errorCount() != errorsBefore) return {};
  return documents;
}

} // namespace rwd::emit
