// This file implements lowering: a checked policy (AST) → the plan, with defaults and units resolved.
#include "compiler/lower/lower.h"

#include "compiler/expr/expr_printer.h"
#include "compiler/sema/condition_checker.h"
#include "compiler/sema/providers.h"
#include "compiler/sema/values.h"
#include "compiler/support/duration.h"
#include "compiler/support/metric_name_rule.h"

#include <algorithm>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <regex>
#include <set>

namespace rwd::lower {

namespace {

/// The condition as Argo evaluates it: Argo's expression environment has no `args`, it substitutes
/// `{{args.x}}` into the condition text before compiling it (argo-semantics §3), so `args.x` is
/// written back as a placeholder — quoted when the parameter is a string.
std::string argoConditionText(const expr::Expr &resolved, const std::vector<ast::Parameter> &params) {
  expr::ExprPtr copy = resolved.clone();
  std::function<void(expr::Expr &)> rewrite = [&](expr::Expr &e) {
    if (e.kind == expr::ExprKind::Member && e.children.size() == 1 && e.children[0] &&
        e.children[0]->kind == expr::ExprKind::Identifier && e.children[0]->text == "args" &&
        !e.children[0]->argoUnbound) {
      bool isString = false;
      for (const ast::Parameter &p : params)
        if (p.name.value == e.text) isString = p.type.value == "string";
      std::string placeholder = "{{args." + e.text + "}}";
      e.children.clear();
      e.kind = isString ? expr::ExprKind::String : expr::ExprKind::Identifier;
      e.text = placeholder;
      return;
    }
    for (auto &child : e.children)
      if (child) rewrite(*child);
  };
  rewrite(*copy);
  return expr::printExpr(*copy);
}

plan::Config lowerConfig(const ast::ConfigValue &value) {
  switch (value.kind) {
  case ast::ConfigValue::Kind::Scalar: {
    const ast::Literal &lit = value.scalar;
    switch (lit.kind) {
    case ast::Literal::Kind::String: return lit.text;
    case ast::Literal::Kind::Int: return static_cast<int64_t>(lit.number);
    case ast::Literal::Kind::Float: return lit.number;
    case ast::Literal::Kind::Percent: return lit.text; // Argo spells percentages as "25%"
    case ast::Literal::Kind::Duration: return formatGoDuration(lit.millis);
    case ast::Literal::Kind::Bool: return lit.boolean;
    }
    return nullptr;
  }
  case ast::ConfigValue::Kind::Object: {
    plan::Config object = plan::Config::object();
    for (const auto &[key, child] : value.entries) object[key.value] = lowerConfig(child);
    return object;
  }
  case ast::ConfigValue::Kind::List: {
    plan::Config list = plan::Config::array();
    for (const auto &child : value.items) list.push_back(lowerConfig(child));
    return list;
  }
  }
  return nullptr;
}

/// The first of a run's Argo rules that matches none of its metrics, as the controller reports it
/// when it creates the run (analysis/analysis.go reconcileAnalysisRun): every dryRun rule in
/// order (the rollout's, then each template's), then every measurementRetention rule.
std::optional<plan::Run::UnmatchedRule> firstUnmatchedRule(const std::vector<const ast::MetricRule *> &rules,
                                                          const std::vector<std::string> &metricNames) {
  for (bool retention : {false, true}) {
    size_t index = 0;
    for (const ast::MetricRule *rule : rules) {
      if (rule->retention != retention) continue;
      std::optional<std::vector<size_t>> matched = matchMetricNames(rule->pattern.value, metricNames);
      if (!matched || matched->empty())
        return plan::Run::UnmatchedRule{
            fmt::format("{}[{}]: Rule didn't match any metric name(s)", retention ? "measurementRetention" : "dryRun",
                        index),
            rule->pattern.range};
      ++index;
    }
  }
  return std::nullopt;
}

/// A text setting that is exactly one placeholder is written the one way both `{{ args.x }}` and
/// the language's `args.x` mean (`{{args.x}}`), so that compile(import(X)) equals compile(X);
/// any other text is kept as written.
std::string canonicalPlaceholder(const std::string &text) {
  static const std::regex kOnePlaceholder(R"(^\{\{\s*args\.([A-Za-z0-9_.-]+)\s*\}\}$)");
  std::smatch match;
  if (std::regex_match(text, match, kOnePlaceholder)) return "{{args." + match[1].str() + "}}";
  return text;
}

/// The rules that match none of `metricNames`, as the backend writes them back.
std::vector<plan::MetricRule> unmatchedRules(const std::vector<ast::MetricRule> &rules,
                                             const std::vector<std::string> &metricNames) {
  std::vector<plan::MetricRule> out;
  for (const ast::MetricRule &rule : rules) {
    std::optional<std::vector<size_t>> matched = matchMetricNames(rule.pattern.value, metricNames);
    if (!matched || matched->empty())
      out.push_back({rule.retention, rule.pattern.value, rule.limit, rule.pattern.range});
  }
  return out;
}

std::optional<int64_t> spanned(const std::optional<ast::Spanned<int64_t>> &value) {
  if (!value) return std::nullopt;
  return value->value;
}

class Lowerer {
public:
  explicit Lowerer(const sema::CheckedPolicy &policy) : policy_(policy) {}

  plan::Plan run() {
    const ast::Rollout &rollout = *policy_.rollout;
    plan::Plan plan;
    plan.rollout = rollout.name.value;
    plan.range = rollout.range;
    plan.replicas = spanned(rollout.replicas);
    plan.progressDeadlineMs = spanned(rollout.progressDeadline);
    plan.progressDeadlineAbort = rollout.progressDeadlineAbort;
    plan.minReadyMs = spanned(rollout.minReady);
    plan.rollbackWindowRevisions = spanned(rollout.rollbackWindow);
    if (rollout.onRollback) {
      plan.onRollback.range = rollout.onRollback->range;
      plan.onRollback.revision = rollout.onRollback->revision;
      switch (rollout.onRollback->kind) {
      case ast::RollbackAction::Kind::Abort: plan.onRollback.kind = plan::RollbackAction::Kind::Abort; break;
      case ast::RollbackAction::Kind::UndoPrevious:
        plan.onRollback.kind = plan::RollbackAction::Kind::UndoPrevious;
        break;
      case ast::RollbackAction::Kind::UndoRevision:
        plan.onRollback.kind = plan::RollbackAction::Kind::UndoRevision;
        break;
      }
    }
    for (const ast::Notification &n : rollout.notifications)
      for (const auto &trigger : n.triggers) {
        std::string full = trigger.value.rfind("on-", 0) == 0 ? trigger.value : "on-" + trigger.value;
        bool repeated = false; // the same subscription twice is one annotation
        for (const plan::Notification &existing : plan.notifications)
          repeated |= existing.trigger == full && existing.service == n.service.value &&
                      existing.recipient == n.recipient.value;
        if (!repeated) plan.notifications.push_back({full, n.service.value, n.recipient.value, trigger.range});
      }
    std::stable_sort(plan.notifications.begin(), plan.notifications.end(),
                     [](const plan::Notification &a, const plan::Notification &b) {
                       return std::tie(a.trigger, a.service, a.recipient) <
                              std::tie(b.trigger, b.service, b.recipient);
                     });
    if (rollout.workload) {
      const ast::Workload &w = *rollout.workload;
      plan::Workload workload;
      workload.kind = w.kind.value;
      workload.name = w.name.value;
      if (w.apiVersion) workload.apiVersion = w.apiVersion->value;
      if (w.scaleDown) workload.scaleDown = w.scaleDown->value;
      workload.range = w.range;
      plan.workload = std::move(workload);
    }
    if (rollout.extra) plan.extra = lowerConfig(*rollout.extra);
    if (rollout.flagger) {
      plan.flagger = lowerConfig(*rollout.flagger);
      plan.flaggerRange = rollout.flagger->range;
    }
    if (rollout.canary) lowerCanary(*rollout.canary, plan);
    else if (rollout.blueGreen) lowerBlueGreen(*rollout.blueGreen, plan);
    plan.templates = std::move(templates_);
    return plan;
  }

private:
  void lowerCanary(const ast::Canary &canary, plan::Plan &plan) {
    plan.strategy = plan::Strategy::Canary;
    plan::Canary &out = plan.canary;
    out.range = canary.range;
    for (const ast::CanaryStep &step : canary.steps) {
      plan::Step s;
      s.range = step.range;
      switch (step.kind) {
      case ast::StepKind::SetWeight:
        s.kind = plan::StepKind::SetWeight;
        s.weight = static_cast<int32_t>(step.weight.value);
        break;
      case ast::StepKind::TimedPause:
        s.kind = plan::StepKind::Pause;
        s.pauseMs = step.duration.value;
        break;
      case ast::StepKind::ManualPause:
        s.kind = plan::StepKind::Pause;
        if (step.timeout) s.promotionTimeoutMs = step.timeout->value;
        break;
      case ast::StepKind::Analysis:
        s.kind = plan::StepKind::Analysis;
        s.analysis = lowerRun(step.analysis, plan::RunKind::Step);
        break;
      case ast::StepKind::Experiment:
        s.kind = plan::StepKind::Experiment;
        if (step.experiment) s.experiment = lowerExperiment(*step.experiment);
        break;
      case ast::StepKind::SetCanaryScale:
        s.kind = plan::StepKind::SetCanaryScale;
        switch (step.scale.kind) {
        case ast::CanaryScale::Kind::Replicas:
          s.scale.kind = plan::CanaryScale::Kind::Replicas;
          s.scale.replicas = step.scale.replicas;
          break;
        case ast::CanaryScale::Kind::Weight:
          s.scale.kind = plan::CanaryScale::Kind::Weight;
          s.scale.weight = static_cast<int32_t>(step.scale.weight);
          break;
        case ast::CanaryScale::Kind::MatchTrafficWeight:
          s.scale.kind = plan::CanaryScale::Kind::MatchTrafficWeight;
          break;
        }
        break;
      case ast::StepKind::HeaderRoute:
      case ast::StepKind::MirrorRoute:
      case ast::StepKind::Passthrough:
        s.kind = step.kind == ast::StepKind::HeaderRoute   ? plan::StepKind::SetHeaderRoute
                 : step.kind == ast::StepKind::MirrorRoute ? plan::StepKind::SetMirrorRoute
                                                           : plan::StepKind::Passthrough;
        s.name = step.routeName.value;
        if (step.config) s.config = lowerConfig(*step.config);
        break;
      }
      out.steps.push_back(std::move(s));
    }
    if (canary.background) {
      out.background = lowerRun(*canary.background, plan::RunKind::Background);
      out.backgroundStartingStep =
          canary.backgroundStartingStep ? static_cast<int32_t>(canary.backgroundStartingStep->value) : 0;
    }
    if (canary.abortScaleDown) out.abortScaleDownDelayMs = canary.abortScaleDown->never ? 0 : canary.abortScaleDown->millis;
    out.scaleDownDelayMs = spanned(canary.scaleDownDelay);
    if (canary.stableService) out.stableService = canary.stableService->value;
    if (canary.canaryService) out.canaryService = canary.canaryService->value;
    if (canary.trafficRouting) {
      out.trafficRouter = canary.trafficRouting->provider.value;
      if (canary.trafficRouting->config) out.trafficRouting = lowerConfig(*canary.trafficRouting->config);
    }
    auto quantity = [](const std::optional<ast::Quantity> &q) -> std::string {
      if (!q) return "";
      return sema::formatNumber(q->value) + (q->percent ? "%" : "");
    };
    out.maxSurge = quantity(canary.maxSurge);
    out.maxUnavailable = quantity(canary.maxUnavailable);
    out.dynamicStableScale = canary.dynamicStableScale.has_value();
    if (canary.extra) out.extra = lowerConfig(*canary.extra);
    for (const ast::IrreversibleMark &mark : canary.marks)
      plan.irreversible.push_back({mark.note, mark.beforeStep, mark.range});
  }

  void lowerBlueGreen(const ast::BlueGreen &bg, plan::Plan &plan) {
    plan.strategy = plan::Strategy::BlueGreen;
    plan::BlueGreen &out = plan.blueGreen;
    out.range = bg.range;
    if (bg.activeService) out.activeService = bg.activeService->value;
    if (bg.previewService) out.previewService = bg.previewService->value;
    out.previewReplicas = spanned(bg.previewReplicas);
    out.autoPromotionEnabled = bg.autoPromotion ? bg.autoPromotion->value : true;
    out.autoPromotionDelayMs = bg.autoPromotionDelay ? bg.autoPromotionDelay->value : 0;
    out.promotionTimeoutMs = spanned(bg.promotionTimeout);
    if (bg.autoPromotion) out.promoteRange = bg.autoPromotion->range;
    if (bg.prePromotion) out.prePromotion = lowerRun(*bg.prePromotion, plan::RunKind::PrePromotion);
    if (bg.postPromotion) out.postPromotion = lowerRun(*bg.postPromotion, plan::RunKind::PostPromotion);
    out.scaleDownDelayMs = spanned(bg.scaleDownDelay);
    if (bg.abortScaleDown) out.abortScaleDownDelayMs = bg.abortScaleDown->never ? 0 : bg.abortScaleDown->millis;
    for (const ast::IrreversibleMark &mark : bg.marks) plan.irreversible.push_back({mark.note, 0, mark.range});
    if (bg.extra) out.extra = lowerConfig(*bg.extra);
  }

  plan::Experiment lowerExperiment(const ast::Experiment &e) {
    plan::Experiment out;
    out.range = e.range;
    out.durationMs = spanned(e.duration);
    for (const ast::ExperimentReplicaSet &rs : e.replicaSets) {
      plan::ExperimentTemplate t;
      t.name = rs.name.value;
      t.specRef = rs.specRef.value;
      t.replicas = spanned(rs.replicas);
      if (rs.weight) t.weight = static_cast<int32_t>(rs.weight->value);
      if (rs.config) t.config = lowerConfig(*rs.config);
      t.range = rs.range;
      out.templates.push_back(std::move(t));
    }
    for (const auto &dry : e.dryRunMetrics) out.dryRunMetrics.push_back(dry.value);
    std::vector<std::string> experimentMetrics;
    for (const ast::ExperimentAnalysis &a : e.analyses)
      if (const ast::Analysis *analysis = policy_.symbols.findAnalysis(a.ref.name.value))
        for (const ast::Metric &m : analysis->metrics) experimentMetrics.push_back(m.name.value);
    out.unmatchedRules = unmatchedRules(e.argoRules, experimentMetrics);
    for (const ast::ExperimentAnalysis &a : e.analyses) {
      plan::ExperimentAnalysis analysis;
      analysis.name = a.alias ? a.alias->value : a.ref.name.value;
      analysis.requiredForCompletion = a.required;
      analysis.range = a.range;
      ast::AnalysisUse use; // one AnalysisRun per experiment analysis, with the experiment's dry-run
      use.refs.push_back(a.ref);
      use.dryRunMetrics = e.dryRunMetrics;
      use.argoRules = e.argoRules;
      use.range = a.range;
      analysis.run = lowerRun(use, plan::RunKind::Experiment);
      out.analyses.push_back(std::move(analysis));
    }
    if (e.extra) out.extra = lowerConfig(*e.extra);
    return out;
  }

  plan::Run lowerRun(const ast::AnalysisUse &use, plan::RunKind kind) {
    plan::Run run;
    run.kind = kind;
    run.range = use.range;
    std::map<std::string, size_t> seenArg; // name → index in run.arguments
    for (size_t r = 0; r < use.refs.size(); ++r) {
      const ast::AnalysisRef &ref = use.refs[r];
      const ast::Analysis *analysis = policy_.symbols.findAnalysis(ref.name.value);
      run.templates.push_back(templateIndex(*analysis));
      std::set<std::string> inThisRef;
      for (const ast::Argument &arg : ref.arguments) {
        // The same name in another ref agrees (sema checks it); given twice in one Argo stanza,
        // the last value wins, as in Argo's MergeArgs.
        auto seen = seenArg.find(arg.name.value);
        bool repeatedHere = !inThisRef.insert(arg.name.value).second;
        if (seen != seenArg.end() && !repeatedHere) continue;
        plan::Argument a;
        a.name = arg.name.value;
        a.range = arg.range;
        switch (arg.kind) {
        case ast::Argument::Kind::Literal:
          a.kind = plan::Argument::Kind::Value;
          a.value = sema::literalValue(arg.literal);
          break;
        case ast::Argument::Kind::StableHash: a.kind = plan::Argument::Kind::StableHash; break;
        case ast::Argument::Kind::LatestHash: a.kind = plan::Argument::Kind::LatestHash; break;
        case ast::Argument::Kind::FieldRef:
          a.kind = plan::Argument::Kind::FieldRef;
          a.fieldPath = arg.fieldPath;
          break;
        }
        if (seen != seenArg.end()) run.arguments[seen->second] = std::move(a);
        else {
          seenArg[arg.name.value] = run.arguments.size();
          run.arguments.push_back(std::move(a));
        }
      }
    }
    for (const auto &dry : use.dryRunMetrics) run.dryRunMetrics.push_back(dry.value);
    std::vector<const ast::MetricRule *> rules;
    for (const ast::MetricRule &rule : use.argoRules) rules.push_back(&rule);
    std::vector<std::string> metricNames;
    for (const ast::AnalysisRef &ref : use.refs) {
      const ast::Analysis *analysis = policy_.symbols.findAnalysis(ref.name.value);
      for (const ast::MetricRule &rule : analysis->argoRules) rules.push_back(&rule);
      for (const ast::Metric &m : analysis->metrics) metricNames.push_back(m.name.value);
    }
    run.unmatchedRule = firstUnmatchedRule(rules, metricNames);
    run.unmatchedRules = unmatchedRules(use.argoRules, metricNames);
    return run;
  }

  size_t templateIndex(const ast::Analysis &analysis) {
    auto it = templateIndices_.find(&analysis);
    if (it != templateIndices_.end()) return it->second;
    templates_.push_back(lowerTemplate(analysis));
    templateIndices_[&analysis] = templates_.size() - 1;
    return templates_.size() - 1;
  }

  plan::Template lowerTemplate(const ast::Analysis &analysis) {
    plan::Template t;
    t.name = analysis.name.value;
    t.cluster = analysis.cluster;
    t.range = analysis.range;
    for (const ast::Parameter &p : analysis.parameters) {
      plan::Parameter param;
      param.name = p.name.value;
      param.type = sema::parseParamType(p.type.value).value_or(plan::ParamType::String);
      param.range = p.range;
      if (p.defaultValue) param.defaultValue = sema::literalValue(*p.defaultValue);
      if (p.secret) param.secret = plan::SecretRef{p.secret->name.value, p.secret->key.value};
      t.parameters.push_back(std::move(param));
    }
    for (const ast::Metric &m : analysis.metrics) t.metrics.push_back(lowerMetric(m, analysis.parameters));
    std::vector<std::string> names;
    for (const ast::Metric &m : analysis.metrics) names.push_back(m.name.value);
    t.unmatchedRules = unmatchedRules(analysis.argoRules, names);
    return t;
  }

  /// A condition with its units resolved and the text Argo evaluates. Argo YAML that expr-lang
  /// cannot compile keeps its text and compile error, with no tree.
  static void lowerCondition(const ast::Condition &c, const std::string &unit,
                             const std::vector<ast::Parameter> &params,
                             std::shared_ptr<const expr::Expr> &tree, std::string &text,
                             std::string &written, std::string &compileError, SourceRange &range) {
    range = c.range;
    written = c.argoText;
    if (!c.expr) {
      text = c.argoText;
      compileError = c.argoCompileError;
      return;
    }
    std::shared_ptr<const expr::Expr> resolved = sema::resolveUnits(*c.expr, unit);
    text = argoConditionText(*resolved, params);
    tree = std::move(resolved);
  }

  plan::Metric lowerMetric(const ast::Metric &m, const std::vector<ast::Parameter> &params) {
    plan::Metric metric;
    metric.name = m.name.value;
    metric.range = m.range;
    metric.provider = lowerProvider(m.providers.front());
    for (size_t i = 1; i < m.providers.size(); ++i) metric.extraProviders.push_back(lowerProvider(m.providers[i]));
    metric.shape = sema::resultShapeOf(m);
    if (m.unit) metric.unit = sema::canonicalUnit(m.unit->value).value_or("");
    metric.intervalMs = spanned(m.interval);
    metric.count = spanned(m.count);
    metric.initialDelayMs = spanned(m.initialDelay);
    if (m.success)
      lowerCondition(*m.success, metric.unit, params, metric.success, metric.successText,
                     metric.successWritten, metric.successCompileError, metric.successRange);
    if (m.failure)
      lowerCondition(*m.failure, metric.unit, params, metric.failure, metric.failureText,
                     metric.failureWritten, metric.failureCompileError, metric.failureRange);
    metric.failureLimit = spanned(m.failureLimit);
    metric.inconclusiveLimit = spanned(m.inconclusiveLimit);
    metric.consecutiveErrorLimit = spanned(m.consecutiveErrorLimit);
    metric.consecutiveSuccessLimit = spanned(m.consecutiveSuccessLimit);
    metric.dryRun = m.dryRun.has_value();
    metric.keepMeasurements = spanned(m.keep);
    if (m.flagger) {
      metric.flagger = lowerConfig(*m.flagger);
      metric.flaggerRange = m.flagger->range;
    }
    for (const ast::TextSetting &setting : m.textSettings)
      metric.textSettings.push_back({setting.field, canonicalPlaceholder(setting.text.value), setting.text.range});
    return metric;
  }

  static plan::Provider lowerProvider(const ast::Provider &provider) {
    plan::Provider out;
    out.kind = provider.kind.value;
    out.range = provider.range;
    if (provider.config) out.config = lowerConfig(*provider.config);
    if (provider.query) out.query = provider.query->value;
    if (provider.address) out.address = provider.address->value;
    if (out.kind == "prometheus") {
      // Keep query and address in their own fields whichever way they were written.
      auto &config = out.config;
      if (config.contains("query") && config["query"].is_string()) {
        out.query = config["query"].get<std::string>();
        config.erase("query");
      }
      if (config.contains("address") && config["address"].is_string()) {
        out.address = config["address"].get<std::string>();
        config.erase("address");
      }
    }
    return out;
  }

  const sema::CheckedPolicy &policy_;
  std::vector<plan::Template> templates_;
  std::map<const ast::Analysis *, size_t> templateIndices_;
};

} // namespace

plan::Plan lowerToPlan(const sema::CheckedPolicy &policy) { return Lowerer(policy).run(); }

} // namespace rwd::lower
