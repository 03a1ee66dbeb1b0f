// This file implements the Flagger backend: Canary and MetricTemplate documents from a plan's
// Flagger view (plan::deriveFlaggerAnalysis), with the `flagger { }` blocks merged in verbatim.
#include "compiler/emit/flagger/flagger_canary.h"

#include "compiler/emit/config_yaml.h"
#include "compiler/emit/irreversible_annotations.h"
#include "compiler/plan/flagger_analysis.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <regex>

namespace rwd::emit {

namespace {

constexpr const char *kApiVersion = "flagger.app/v1beta1";
constexpr const char *kTarget = "Flagger";

YamlNode str(std::string text) { return YamlNode::string(std::move(text)); }

/// `analysis.interval` as the CRD's pattern `^[0-9]+(m|s)` wants it: minutes when whole, else seconds.
std::string flaggerDuration(int64_t millis) {
  if (millis % 60000 == 0) return fmt::format("{}m", millis / 60000);
  return fmt::format("{}s", millis / 1000);
}

/// A metric's `flagger { }` keys Rewind writes itself.
constexpr std::string_view kModeledMetricKeys[] = {"name", "thresholdRange", "threshold", "templateVariables", "query"};

/// `{{args.x}}` becomes Flagger's `{{ variables.x }}` (metric.go TemplateFunctions); the arguments
/// travel as `templateVariables`. Go's template parser takes only letters, digits and `_` in a
/// field name, so a hyphenated parameter is refused.
std::optional<std::string> flaggerQuery(const plan::Metric &metric, DiagnosticEngine &diags) {
  static const std::regex placeholder(R"(\{\{\s*args\.([A-Za-z0-9_-]+)\s*\}\})");
  std::string out;
  auto begin = std::sregex_iterator(metric.provider.query.begin(), metric.provider.query.end(), placeholder);
  size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    std::string name = (*it)[1].str();
    if (name.find('-') != std::string::npos) {
      diags.report(DiagKind::NotExpressibleInTarget, metric.provider.range,
                   fmt::format("the placeholder `{{{{args.{}}}}}`", name), kTarget,
                   "Flagger's `{{ variables.NAME }}` takes letters, digits and `_` only; rename the parameter");
      return std::nullopt;
    }
    out += metric.provider.query.substr(last, it->position() - last);
    out += "{{ variables." + name + " }}";
    last = it->position() + it->length();
  }
  out += metric.provider.query.substr(last);
  return out;
}

struct TemplateRef {
  std::string name, namespace_;
};

TemplateRef templateRefOf(const plan::Metric &metric) {
  TemplateRef ref{metric.name, ""};
  auto found = metric.flagger.find("templateRef");
  if (found != metric.flagger.end() && found->is_object()) {
    if (found->contains("name") && (*found)["name"].is_string()) ref.name = (*found)["name"].get<std::string>();
    if (found->contains("namespace") && (*found)["namespace"].is_string())
      ref.namespace_ = (*found)["namespace"].get<std::string>();
  }
  return ref;
}

class Emitter {
public:
  Emitter(const plan::Plan &plan, const plan::FlaggerAnalysis &analysis, DiagnosticEngine &diags)
      : plan_(plan), analysis_(analysis), diags_(diags) {}

  std::vector<YamlNode> run() {
    std::vector<YamlNode> documents;
    documents.push_back(canary());
    for (auto &[key, doc] : templates_) documents.push_back(std::move(doc));
    return documents;
  }

private:
  YamlNode canary() {
    YamlNode doc = YamlNode::map();
    doc.set("apiVersion", str(kApiVersion));
    doc.set("kind", str("Canary"));
    YamlNode &metadata = doc.set("metadata", YamlNode::map());
    metadata.set("name", str(plan_.rollout));
    YamlNode annotations = YamlNode::map();
    addIrreversibleAnnotations(plan_, annotations);
    if (!annotations.empty()) metadata.set("annotations", std::move(annotations));
    YamlNode &spec = doc.set("spec", YamlNode::map());
    YamlNode &target = spec.set("targetRef", YamlNode::map());
    target.set("apiVersion", str(plan_.workload ? plan_.workload->apiVersion : "apps/v1"));
    target.set("kind", str(plan_.workload ? plan_.workload->kind : "Deployment"));
    target.set("name", str(plan_.workload ? plan_.workload->name : plan_.rollout));
    if (plan_.progressDeadlineMs) spec.set("progressDeadlineSeconds", YamlNode::integer(*plan_.progressDeadlineMs / 1000));
    plan::Config analysisExtra = plan::Config::object();
    for (const auto &[key, value] : plan_.flagger.items()) {
      if (key == "analysis" && value.is_object()) analysisExtra = value;
      else spec.set(key, configToYaml(value));
    }
    YamlNode &analysis = spec.set("analysis", YamlNode::map());
    analysis.set("interval", str(flaggerDuration(analysis_.intervalMs)));
    analysis.set("threshold", YamlNode::integer(analysis_.threshold));
    if (analysis_.strategy == plan::FlaggerStrategy::Canary) {
      if (analysis_.stepWeight) {
        analysis.set("maxWeight", YamlNode::integer(analysis_.maxWeight));
        analysis.set("stepWeight", YamlNode::integer(*analysis_.stepWeight));
      } else {
        YamlNode &weights = analysis.set("stepWeights", YamlNode::seq());
        for (int32_t w : analysis_.weights) weights.push(YamlNode::integer(w));
      }
    } else {
      analysis.set("iterations", YamlNode::integer(analysis_.iterations));
    }
    for (const auto &[key, value] : analysisExtra.items())
      if (key != "webhooks" && key != "threshold") analysis.set(key, configToYaml(value));
    if (!analysis_.checks.empty()) {
      YamlNode &metrics = analysis.set("metrics", YamlNode::seq());
      for (const plan::FlaggerCheck &check : analysis_.checks) metrics.push(metricEntry(check));
    }
    YamlNode hooks = webhooks();
    if (!hooks.empty()) analysis.set("webhooks", std::move(hooks));
    if (!analysis_.alerts.empty()) {
      YamlNode &alerts = analysis.set("alerts", YamlNode::seq());
      for (const plan::FlaggerAlert &a : analysis_.alerts) {
        YamlNode &alert = alerts.push(YamlNode::map());
        alert.set("name", str(a.name));
        alert.set("severity", str(a.severity));
        YamlNode &ref = alert.set("providerRef", YamlNode::map());
        ref.set("name", str(a.providerName));
        if (!a.providerNamespace.empty()) ref.set("namespace", str(a.providerNamespace));
      }
    }
    return doc;
  }

  /// The written webhooks in written order; a gate the policy wrote only as a pause gets Rewind's
  /// default webhook, confirm-rollout first and confirm-promotion last.
  YamlNode webhooks() {
    YamlNode seq = YamlNode::seq();
    auto isWritten = [&](const plan::FlaggerGate &gate) {
      return std::find(analysis_.webhooks.begin(), analysis_.webhooks.end(), gate.webhook) != analysis_.webhooks.end();
    };
    if (analysis_.confirmRollout && !isWritten(*analysis_.confirmRollout))
      seq.push(configToYaml(analysis_.confirmRollout->webhook));
    for (const plan::Config &hook : analysis_.webhooks) seq.push(configToYaml(hook));
    if (analysis_.confirmPromotion && !isWritten(*analysis_.confirmPromotion))
      seq.push(configToYaml(analysis_.confirmPromotion->webhook));
    return seq;
  }

  YamlNode metricEntry(const plan::FlaggerCheck &check) {
    const plan::Template &tmpl = plan_.templates.at(check.templateIndex);
    const plan::Metric &metric = tmpl.metrics.at(check.metricIndex);
    YamlNode node = YamlNode::map();
    node.set("name", str(metric.name));
    for (std::string_view key : kModeledMetricKeys)
      if (metric.flagger.contains(std::string(key)))
        diags_.report(DiagKind::FlaggerFieldModeled, metric.flaggerRange, key,
                      key == "templateVariables" ? "the analysis' arguments" : "the metric's query and condition");
    if (!check.builtin) {
      TemplateRef ref = templateRefOf(metric);
      YamlNode &templateRef = node.set("templateRef", YamlNode::map());
      templateRef.set("name", str(ref.name));
      if (!ref.namespace_.empty()) templateRef.set("namespace", str(ref.namespace_));
      addTemplate(metric, ref);
    }
    YamlNode &range = node.set("thresholdRange", YamlNode::map());
    if (check.min) range.set("min", YamlNode::number(*check.min));
    if (check.max) range.set("max", YamlNode::number(*check.max));
    for (const auto &[key, value] : metric.flagger.items())
      if (key != "templateRef" && key != "provider") node.set(key, configToYaml(value));
    if (!check.variables.empty() && !check.builtin) {
      YamlNode &variables = node.set("templateVariables", YamlNode::map());
      for (const auto &[name, value] : check.variables) variables.set(name, str(value));
    }
    return node;
  }

  /// One MetricTemplate per (namespace, name); two metrics naming one template must agree on it.
  void addTemplate(const plan::Metric &metric, const TemplateRef &ref) {
    YamlNode doc = YamlNode::map();
    doc.set("apiVersion", str(kApiVersion));
    doc.set("kind", str("MetricTemplate"));
    YamlNode &metadata = doc.set("metadata", YamlNode::map());
    metadata.set("name", str(ref.name));
    if (!ref.namespace_.empty()) metadata.set("namespace", str(ref.namespace_));
    YamlNode &spec = doc.set("spec", YamlNode::map());
    YamlNode &provider = spec.set("provider", YamlNode::map());
    provider.set("type", str(metric.provider.kind));
    std::string query;
    if (metric.provider.kind == "prometheus") {
      if (!metric.provider.address.empty()) provider.set("address", str(metric.provider.address));
      for (const auto &[key, value] : metric.provider.config.items())
        diags_.report(DiagKind::NotExpressibleInTarget, metric.provider.range,
                      fmt::format("the Argo Prometheus field `{}`", key), kTarget,
                      "write Flagger's provider fields in the metric's `flagger { provider: {...} }`");
      if (std::optional<std::string> q = flaggerQuery(metric, diags_)) query = *q;
    } else {
      for (const auto &[key, value] : metric.provider.config.items()) {
        if (key == "query" && value.is_string()) query = value.get<std::string>();
        else
          diags_.report(DiagKind::NotExpressibleInTarget, metric.provider.range,
                        fmt::format("the Argo {} field `{}`", metric.provider.kind, key), kTarget,
                        "a MetricTemplate has a `query` only; write provider fields in `flagger { provider: {...} }`");
      }
    }
    if (auto extra = metric.flagger.find("provider"); extra != metric.flagger.end() && extra->is_object())
      for (const auto &[key, value] : extra->items()) provider.set(key, configToYaml(value));
    spec.set("query", str(query));
    std::string key = ref.namespace_ + "/" + ref.name;
    auto [it, inserted] = templates_.emplace(key, doc);
    if (!inserted && writeYaml(it->second) != writeYaml(doc))
      diags_.report(DiagKind::NotExpressibleInTarget, metric.range,
                    fmt::format("a second, different MetricTemplate `{}`", ref.name), kTarget,
                    "two metrics name one template; give one of them its own `flagger { templateRef: {name: ...} }`");
  }

  const plan::Plan &plan_;
  const plan::FlaggerAnalysis &analysis_;
  DiagnosticEngine &diags_;
  std::map<std::string, YamlNode> templates_; // by namespace/name: sorted output
};

} // namespace

std::vector<YamlNode> emitFlaggerDocuments(const plan::Plan &plan, DiagnosticEngine &diags) {
  size_t errorsBefore = diags.errorCount();
  std::optional<plan::FlaggerAnalysis> analysis = plan::deriveFlaggerAnalysis(plan, diags);
  if (!analysis) return {};
  std::vector<YamlNode> documents = Emitter(plan, *analysis, diags).run();
  if (diags.errorCount() != errorsBefore) return {};
  return documents;
}

} // namespace rwd::emit
