// This file implements what the Argo YAML reader completes once every file is read: metric-name
// rules of Rollout analysis stanzas, run arguments attached to the templates that declare them,
// and argument values typed by their parameter.
#include "compiler/yaml/argo/argo_yaml.h"
#include "compiler/yaml/argo/metric_rules.h"

#include <charconv>
#include <cmath>
#include <map>
#include <set>

namespace rwd::yaml::argo {

namespace {

using Templates = std::map<std::string, ast::Analysis *>;

const ast::Parameter *findParam(const ast::Analysis &analysis, const std::string &name) {
  for (const ast::Parameter &p : analysis.parameters)
    if (p.name.value == name) return &p;
  return nullptr;
}

/// Argo's argument values are strings; a `number` parameter gets a number when the text is one.
void typeArgument(ast::Argument &arg, const ast::Analysis *analysis) {
  if (!analysis || arg.kind != ast::Argument::Kind::Literal || arg.literal.kind != ast::Literal::Kind::String)
    return;
  const ast::Parameter *param = findParam(*analysis, arg.name.value);
  if (!param || param->type.value != "number") return;
  std::string_view text = arg.literal.text;
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) return;
  arg.literal.number = value;
  arg.literal.kind = text.find_first_of(".eE") == std::string_view::npos ? ast::Literal::Kind::Int
                                                                        : ast::Literal::Kind::Float;
}

/// Metric names of the given templates, or nullopt if one is unknown (sema reports that).
std::optional<std::vector<std::pair<std::string, ast::Metric *>>>
metricsOf(const std::vector<const ast::AnalysisRef *> &refs, const Templates &templates) {
  std::vector<std::pair<std::string, ast::Metric *>> out;
  for (const ast::AnalysisRef *ref : refs) {
    auto it = templates.find(ref->name.value);
    if (it == templates.end()) return std::nullopt;
    for (ast::Metric &m : it->second->metrics) out.emplace_back(m.name.value, &m);
  }
  return out;
}

/// The stanza's rules as written, kept so that simulation can replay a rule that matches nothing.
void keepRules(const PendingUse &pending, std::vector<ast::MetricRule> &out) {
  for (const MetricRule &rule : pending.dryRun) out.push_back({false, {rule.pattern, rule.range}, 0});
  for (const MetricRule &rule : pending.retention) out.push_back({true, {rule.pattern, rule.range}, rule.limit});
}

void applyRules(PendingUse &pending, const std::vector<const ast::AnalysisRef *> &refs,
                const Templates &templates, std::vector<ast::Spanned<std::string>> &dryRunOut,
                DiagnosticEngine &diags) {
  if (pending.dryRun.empty() && pending.retention.empty()) return;
  auto metrics = metricsOf(refs, templates);
  if (!metrics) return;
  std::vector<std::string> names;
  for (const auto &[name, _] : *metrics) names.push_back(name);
  std::set<std::string> dry;
  for (const MetricRule &rule : pending.dryRun)
    for (size_t i : matchRule(rule, names, diags))
      if (dry.insert(names[i]).second) dryRunOut.push_back({names[i], rule.range});
  // Retention changes no verdict; Rewind keeps it per metric, so a Rollout's rule lands on the
  // template's metric unless the template sets its own.
  for (const MetricRule &rule : pending.retention)
    for (size_t i : matchRule(rule, names, diags)) {
      ast::Metric *metric = (*metrics)[i].second;
      if (!metric->keep && rule.limit > 0) metric->keep = ast::Spanned<int64_t>{rule.limit, rule.range};
    }
}

} // namespace

void resolveArgoReferences(std::vector<ArgoYamlFile *> &yamlFiles,
                           const std::vector<ast::PolicyFile *> &all, DiagnosticEngine &diags) {
  Templates templates;
  for (ast::PolicyFile *file : all)
    for (ast::Analysis &analysis : file->analyses) templates.emplace(analysis.name.value, &analysis);
  auto lookup = [&](const std::string &name) -> ast::Analysis * {
    auto it = templates.find(name);
    return it == templates.end() ? nullptr : it->second;
  };
  for (ArgoYamlFile *file : yamlFiles)
    for (PendingUse &pending : file->pending) {
      if (pending.use) {
        ast::AnalysisUse &use = *pending.use;
        if (!use.refs.empty()) {
          // A run's arguments go to every template that declares them; one nobody declares stays
          // on the first template, where sema reports it.
          std::vector<ast::Argument> args = std::move(use.refs.front().arguments);
          for (ast::AnalysisRef &ref : use.refs) ref.arguments.clear();
          for (ast::Argument &arg : args) {
            bool placed = false;
            for (ast::AnalysisRef &ref : use.refs)
              if (ast::Analysis *analysis = lookup(ref.name.value); analysis && findParam(*analysis, arg.name.value)) {
                ref.arguments.push_back(arg);
                typeArgument(ref.arguments.back(), analysis);
                placed = true;
              }
            if (!placed) use.refs.front().arguments.push_back(std::move(arg));
          }
          for (ast::AnalysisRef &ref : use.refs) ref.hasParens = !ref.arguments.empty();
        }
        std::vector<const ast::AnalysisRef *> refs;
        for (const ast::AnalysisRef &ref : use.refs) refs.push_back(&ref);
        applyRules(pending, refs, templates, use.dryRunMetrics, diags);
        keepRules(pending, use.argoRules);
      } else if (pending.experiment) {
        std::vector<const ast::AnalysisRef *> refs;
        for (ast::ExperimentAnalysis &ea : *pending.experiment) {
          for (ast::Argument &arg : ea.ref.arguments) typeArgument(arg, lookup(ea.ref.name.value));
          refs.push_back(&ea.ref);
        }
        if (pending.experimentDryRun) applyRules(pending, refs, templates, *pending.experimentDryRun, diags);
        if (pending.experimentRules) keepRules(pending, *pending.experimentRules);
      }
    }
}

} // namespace rwd::yaml::argo
