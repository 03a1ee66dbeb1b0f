// This file implements the mapping of `AnalysisTemplate` and `ClusterAnalysisTemplate` documents
// (args, metrics, providers, conditions, dryRun, measurementRetention) to Rewind's AST.
#include "compiler/yaml/argo/condition_source.h"
#include "compiler/yaml/argo/metric_rules.h"
#include "compiler/yaml/argo/reader.h"

#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <set>

namespace rwd::yaml::argo {

namespace {

bool isNumber(std::string_view text) {
  if (!text.empty() && (text.front() == '+')) text.remove_prefix(1);
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && ec == std::errc() && ptr == text.data() + text.size() && std::isfinite(value);
}

/// Names of the arguments a condition uses (`args.x`), collected while parsing it.
void collectArgs(const expr::Expr &e, std::set<std::string> &out) {
  if (e.kind == expr::ExprKind::Member && !e.children.empty() &&
      e.children[0]->kind == expr::ExprKind::Identifier && e.children[0]->text == "args" &&
      !e.children[0]->argoUnbound)
    out.insert(e.text);
  for (const auto &child : e.children)
    if (child) collectArgs(*child, out);
}

std::optional<ast::Condition> readCondition(Reader &r, const YAML::Node &node, std::string_view field,
                                            std::set<std::string> &quotedArgs) {
  if (!r.visit(node)) return std::nullopt;
  if (!node.IsScalar()) {
    r.diags().report(DiagKind::YamlWrongShape, r.range(node), field, "an expression string", Reader::describe(node));
    return std::nullopt;
  }
  ScalarSource source = r.scalarSource(node);
  SourceRange scalar = source.range;
  ArgoCondition parsed = parseCondition(r.file(), node.Scalar(), std::move(source), r.diags(), &quotedArgs);
  if (!parsed.expr && parsed.compileError.empty()) return std::nullopt;
  SourceRange range = parsed.expr ? parsed.expr->range : scalar;
  return ast::Condition{std::move(parsed.expr), range, node.Scalar(), std::move(parsed.compileError)};
}

std::optional<ast::Metric> readMetric(Reader &r, const YAML::Node &node, std::set<std::string> &quotedArgs) {
  if (!r.visit(node) || !r.expectMap(node, "metrics[]")) return std::nullopt;
  ast::Metric metric;
  metric.range = r.range(node);
  r.entries(node, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
    if (key == "name") {
      if (auto s = r.string(v, "metrics[].name")) metric.name = *s;
    } else if (key == "interval") r.durationOrText(v, key, metric.interval, metric.textSettings);
    else if (key == "initialDelay") r.durationOrText(v, key, metric.initialDelay, metric.textSettings);
    else if (key == "count") r.intOrText(v, key, metric.count, metric.textSettings);
    else if (key == "successCondition") metric.success = readCondition(r, v, key, quotedArgs);
    else if (key == "failureCondition") metric.failure = readCondition(r, v, key, quotedArgs);
    else if (key == "failureLimit") r.intOrText(v, key, metric.failureLimit, metric.textSettings);
    else if (key == "inconclusiveLimit") r.intOrText(v, key, metric.inconclusiveLimit, metric.textSettings);
    else if (key == "consecutiveErrorLimit") r.intOrText(v, key, metric.consecutiveErrorLimit, metric.textSettings);
    else if (key == "consecutiveSuccessLimit")
      r.intOrText(v, key, metric.consecutiveSuccessLimit, metric.textSettings);
    else if (key == "provider") {
      if (!r.expectMap(v, "provider")) return;
      r.entries(v, [&](const std::string &pk, const YAML::Node &pkn, const YAML::Node &pv) {
        ast::Provider provider;
        provider.kind = {pk, r.range(pkn)};
        provider.range = r.range(pkn);
        if (pk == "prometheus" && pv.IsMap()) {
          ast::ConfigValue rest;
          rest.kind = ast::ConfigValue::Kind::Object;
          rest.range = r.range(pv);
          r.entries(pv, [&](const std::string &qk, const YAML::Node &qkn, const YAML::Node &qv) {
            if (qk == "query") provider.query = r.string(qv, "prometheus.query");
            else if (qk == "address") provider.address = r.string(qv, "prometheus.address");
            else rest.entries.push_back({ast::Spanned<std::string>{qk, r.range(qkn)}, r.config(qv)});
          });
          if (!rest.entries.empty()) provider.config = std::move(rest);
        } else {
          provider.config = r.config(pv);
          if (provider.config->kind != ast::ConfigValue::Kind::Object) {
            r.diags().report(DiagKind::YamlWrongShape, r.range(pv), "provider." + pk, "a map", Reader::describe(pv));
            return;
          }
        }
        metric.providers.push_back(std::move(provider));
      });
    } else {
      r.notCarried(k, "metrics[]." + key);
    }
  });
  if (metric.name.value.empty()) {
    r.diags().report(DiagKind::YamlMissingField, metric.range, "a metric", "name");
    return std::nullopt;
  }
  return metric;
}

} // namespace

void readAnalysisTemplate(Reader &r, const YAML::Node &doc, bool cluster, ast::PolicyFile &policy) {
  ast::Analysis analysis;
  analysis.range = r.range(doc);
  analysis.cluster = cluster;
  const char *kind = cluster ? "a ClusterAnalysisTemplate" : "an AnalysisTemplate";
  YAML::Node metadata = doc["metadata"];
  if (metadata && metadata.IsMap() && metadata["name"])
    if (auto name = r.string(metadata["name"], "metadata.name")) analysis.name = *name;
  if (analysis.name.value.empty()) {
    r.diags().report(DiagKind::YamlMissingField, analysis.range, kind, "metadata.name");
    return;
  }
  YAML::Node spec = doc["spec"];
  if (!spec) {
    r.diags().report(DiagKind::YamlMissingField, analysis.range, kind, "spec");
    return;
  }
  if (!r.expectMap(spec, "spec")) return;
  std::vector<MetricRule> dryRun, retention;
  std::optional<YAML::Node> dryRunNode, retentionNode;
  std::set<std::string> quotedArgs; // arguments substituted inside a string literal of a condition
  r.entries(spec, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
    if (key == "args") {
      if (!r.expectSeq(v, "spec.args")) return;
      for (const YAML::Node &a : v) {
        if (!r.visit(a) || !r.expectMap(a, "spec.args[]")) continue;
        ast::Parameter param;
        param.range = r.range(a);
        r.entries(a, [&](const std::string &ak, const YAML::Node &akn, const YAML::Node &av) {
          if (ak == "name") {
            if (auto s = r.string(av, "args[].name")) param.name = *s;
          } else if (ak == "value") {
            if (!av.IsScalar()) {
              r.diags().report(DiagKind::YamlWrongShape, r.range(av), "args[].value", "a string", Reader::describe(av));
              return;
            }
            ast::Literal lit;
            lit.kind = ast::Literal::Kind::String;
            lit.text = av.Scalar();
            lit.range = r.range(av);
            param.defaultValue = std::move(lit);
          } else if (ak == "valueFrom") {
            if (!r.expectMap(av, "args[].valueFrom")) return;
            r.entries(av, [&](const std::string &vk, const YAML::Node &vkn, const YAML::Node &vv) {
              if (vk != "secretKeyRef") {
                r.notCarried(vkn, "valueFrom." + vk);
                return;
              }
              if (!r.expectMap(vv, "valueFrom.secretKeyRef")) return;
              ast::SecretRef secret;
              secret.range = r.range(vv);
              r.entries(vv, [&](const std::string &sk, const YAML::Node &skn, const YAML::Node &sv) {
                if (sk == "name") {
                  if (auto s = r.string(sv, "secretKeyRef.name")) secret.name = *s;
                } else if (sk == "key") {
                  if (auto s = r.string(sv, "secretKeyRef.key")) secret.key = *s;
                } else r.notCarried(skn, "secretKeyRef." + sk);
              });
              if (secret.name.value.empty() || secret.key.value.empty()) {
                r.diags().report(DiagKind::YamlMissingField, secret.range, "`secretKeyRef`",
                                 secret.name.value.empty() ? "name" : "key");
                return;
              }
              param.secret = std::move(secret);
            });
          } else {
            r.notCarried(akn, "args[]." + ak);
          }
        });
        if (param.name.value.empty()) {
          r.diags().report(DiagKind::YamlMissingField, param.range, "a template argument", "name");
          continue;
        }
        analysis.parameters.push_back(std::move(param));
      }
    } else if (key == "metrics") {
      if (!r.expectSeq(v, "spec.metrics")) return;
      for (const YAML::Node &m : v) {
        if (auto metric = readMetric(r, m, quotedArgs)) analysis.metrics.push_back(std::move(*metric));
        if (r.stopped()) return;
      }
    } else if (key == "dryRun" || key == "measurementRetention") {
      readMetricRules(r, v, key, "spec." + key, key == "dryRun" ? dryRun : retention);
    } else {
      r.notCarried(k, "spec." + key);
    }
  });

  for (const MetricRule &rule : dryRun) analysis.argoRules.push_back({false, {rule.pattern, rule.range}, 0});
  for (const MetricRule &rule : retention)
    analysis.argoRules.push_back({true, {rule.pattern, rule.range}, rule.limit});
  // Template-level rules apply to this template's own metrics.
  std::vector<std::string> names;
  for (const ast::Metric &m : analysis.metrics) names.push_back(m.name.value);
  for (const MetricRule &rule : dryRun)
    for (size_t i : matchRule(rule, names, r.diags()))
      if (!analysis.metrics[i].dryRun) analysis.metrics[i].dryRun = rule.range;
  for (const MetricRule &rule : retention)
    for (size_t i : matchRule(rule, names, r.diags()))
      if (!analysis.metrics[i].keep && rule.limit > 0) analysis.metrics[i].keep = ast::Spanned<int64_t>{rule.limit, rule.range};

  // Parameter types (Argo's args are untyped strings): `number` if the default parses as a number,
  // or if there is no default and a condition uses the argument outside quotes; otherwise
  // `string` (`result == "{{args.expected}}"` compares text). Never
  // `duration`: Argo substitutes text, and Rewind's durations do not read Go's `1m30s` everywhere.
  std::set<std::string> inConditions;
  for (const ast::Metric &m : analysis.metrics) {
    if (m.success && m.success->expr) collectArgs(*m.success->expr, inConditions);
    if (m.failure && m.failure->expr) collectArgs(*m.failure->expr, inConditions);
  }
  for (ast::Parameter &p : analysis.parameters) {
    SourceRange where = p.name.range;
    bool number = p.defaultValue ? isNumber(p.defaultValue->text)
                                 : !p.secret && inConditions.count(p.name.value) > 0 &&
                                       !quotedArgs.count(p.name.value);
    p.type = {number ? "number" : "string", where};
    if (number && p.defaultValue) {
      std::string_view text = p.defaultValue->text;
      if (!text.empty() && text.front() == '+') text.remove_prefix(1);
      std::from_chars(text.data(), text.data() + text.size(), p.defaultValue->number);
      p.defaultValue->kind = text.find_first_of(".eE") == std::string_view::npos ? ast::Literal::Kind::Int
                                                                                 : ast::Literal::Kind::Float;
    }
  }
  policy.analyses.push_back(std::move(analysis));
}

} // namespace rwd::yaml::argo
