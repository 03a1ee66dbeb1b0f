// This file implements the AST dumper: an indented tree with `@line:col` on each node
// (`rewind plan --emit ast`, parse goldens).
//
// Format: the first line is `PolicyFile <path>`; below it every node is one line, indented two
// spaces per level: `NodeName [value] field=value ... @line:col`. Names and keywords print bare,
// string values JSON-quoted (`"checkout"`), spellings and operators in backticks (`95%`, `>=`),
// durations as Rewind writes them (`5m`). A value written with its own range (a replica count,
// an interval) is a child node so that its location shows; a name is a field of its parent.
// Children follow the order of the fields in ast.h, which is deterministic.
#include "compiler/ast/ast_dumper.h"

#include "compiler/support/duration.h"

#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <string_view>

namespace rwd::ast {

namespace {

std::string quote(std::string_view text) {
  return nlohmann::json(std::string(text))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// Shortest round-trip decimal text of a double (`0.95`, `10`, `1e-07`).
std::string formatDouble(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == 0) return "0";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc()) return "NaN";
  return std::string(buffer, end);
}

std::string_view literalKindName(Literal::Kind kind) {
  switch (kind) {
  case Literal::Kind::String: return "string";
  case Literal::Kind::Int: return "int";
  case Literal::Kind::Float: return "float";
  case Literal::Kind::Percent: return "percent";
  case Literal::Kind::Duration: return "duration";
  case Literal::Kind::Bool: return "bool";
  }
  return "string";
}

std::string_view exprKindName(expr::ExprKind kind) {
  using expr::ExprKind;
  switch (kind) {
  case ExprKind::Nil: return "Nil";
  case ExprKind::Bool: return "Bool";
  case ExprKind::Int: return "Int";
  case ExprKind::Float: return "Float";
  case ExprKind::String: return "String";
  case ExprKind::Identifier: return "Identifier";
  case ExprKind::Element: return "Element";
  case ExprKind::Unary: return "Unary";
  case ExprKind::Binary: return "Binary";
  case ExprKind::Conditional: return "Conditional";
  case ExprKind::Member: return "Member";
  case ExprKind::Index: return "Index";
  case ExprKind::Slice: return "Slice";
  case ExprKind::Call: return "Call";
  case ExprKind::Predicate: return "Predicate";
  case ExprKind::List: return "List";
  case ExprKind::Map: return "Map";
  }
  return "Nil";
}

class Dumper {
public:
  explicit Dumper(const SourceManager &sources) : sources_(sources) {}

  std::string run(const PolicyFile &file) {
    std::string path =
        file.file < sources_.fileCount() ? sources_.file(file.file).path() : "<unknown>";
    out_ = "PolicyFile " + path + "\n";
    for (const Import &import : file.imports)
      line(1, fmt::format("Import path={}", quote(import.path.value)), import.range);
    for (const Rollout &rollout : file.rollouts) dumpRollout(1, rollout);
    for (const Analysis &analysis : file.analyses) dumpAnalysis(1, analysis);
    return std::move(out_);
  }

private:
  void line(int depth, std::string_view text, SourceRange range = {}) {
    out_.append(static_cast<size_t>(depth) * 2, ' ');
    out_ += text;
    if (range.valid() && range.file < sources_.fileCount()) {
      LineColumn at = sources_.file(range.file).lineColumn(range.begin);
      out_ += fmt::format(" @{}:{}", at.line, at.column);
    }
    out_ += '\n';
  }

  void duration(int depth, std::string_view node, const std::optional<Spanned<int64_t>> &value) {
    if (value) line(depth, fmt::format("{} {}", node, formatDuration(value->value)), value->range);
  }
  void integer(int depth, std::string_view node, const std::optional<Spanned<int64_t>> &value) {
    if (value) line(depth, fmt::format("{} {}", node, value->value), value->range);
  }
  void name(int depth, std::string_view node, const std::optional<Spanned<std::string>> &value) {
    if (value) line(depth, fmt::format("{} {}", node, value->value), value->range);
  }

  //===-- Literals and config -----------------------------------------------------------------===//

  std::string literalText(const Literal &lit) {
    switch (lit.kind) {
    case Literal::Kind::String: return fmt::format("Literal kind=string value={}", quote(lit.text));
    case Literal::Kind::Int:
    case Literal::Kind::Float:
      return fmt::format("Literal kind={} value={}", literalKindName(lit.kind),
                         formatDouble(lit.number));
    case Literal::Kind::Percent:
      return fmt::format("Literal kind=percent value={} text=`{}`", formatDouble(lit.number),
                         lit.text);
    case Literal::Kind::Duration:
      return fmt::format("Literal kind=duration value={} text=`{}`", formatDuration(lit.millis),
                         lit.text);
    case Literal::Kind::Bool: return fmt::format("Literal kind=bool value={}", lit.boolean);
    }
    return "Literal";
  }

  void dumpLiteral(int depth, const Literal &lit) { line(depth, literalText(lit), lit.range); }

  void dumpConfig(int depth, const ConfigValue &value) {
    switch (value.kind) {
    case ConfigValue::Kind::Scalar: dumpLiteral(depth, value.scalar); break;
    case ConfigValue::Kind::Object:
      line(depth, "ConfigObject", value.range);
      for (const auto &[key, child] : value.entries) {
        line(depth + 1, fmt::format("Entry key={}", quote(key.value)), key.range);
        dumpConfig(depth + 2, child);
      }
      break;
    case ConfigValue::Kind::List:
      line(depth, "ConfigList", value.range);
      for (const ConfigValue &child : value.items) dumpConfig(depth + 1, child);
      break;
    }
  }

  //===-- Rollouts
  //------------------------------------------------------------------------------===//

  void dumpRollout(int depth, const Rollout &rollout) {
    line(depth, fmt::format("Rollout name={}", rollout.name.value), rollout.range);
    integer(depth + 1, "Replicas", rollout.replicas);
    if (rollout.progressDeadline)
      line(depth + 1,
           fmt::format("ProgressDeadline {}{}", formatDuration(rollout.progressDeadline->value),
                       rollout.progressDeadlineAbort ? " abort=true" : ""),
           rollout.progressDeadline->range);
    duration(depth + 1, "MinReady", rollout.minReady);
    integer(depth + 1, "RollbackWindow", rollout.rollbackWindow);
    if (rollout.canary) dumpCanary(depth + 1, *rollout.canary);
    if (rollout.blueGreen) dumpBlueGreen(depth + 1, *rollout.blueGreen);
    for (SourceRange extra : rollout.extraStrategies) line(depth + 1, "ExtraStrategy", extra);
    if (rollout.onRollback) {
      const RollbackAction &action = *rollout.onRollback;
      std::string text = "OnRollback kind=";
      switch (action.kind) {
      case RollbackAction::Kind::Abort: text += "abort"; break;
      case RollbackAction::Kind::UndoPrevious: text += "undo-previous"; break;
      case RollbackAction::Kind::UndoRevision:
        text += fmt::format("undo-revision revision={}", action.revision);
        break;
      }
      line(depth + 1, text, action.range);
    }
    for (const Notification &n : rollout.notifications) {
      line(depth + 1,
           fmt::format("Notify service={} recipient={}", n.service.value, quote(n.recipient.value)),
           n.range);
      for (const auto &trigger : n.triggers)
        line(depth + 2, "Trigger " + trigger.value, trigger.range);
    }
    if (rollout.workload) {
      const Workload &w = *rollout.workload;
      line(depth + 1, fmt::format("Workload kind={} name={}", quote(w.kind.value), quote(w.name.value)),
           w.range);
      if (w.apiVersion) line(depth + 2, "ApiVersion " + quote(w.apiVersion->value), w.apiVersion->range);
      name(depth + 2, "ScaleDown", w.scaleDown);
    }
    extra(depth + 1, rollout.extra);
    if (rollout.flagger) line(depth + 1, "Flagger", rollout.flagger->range);
  }

  void dumpAnalysisUse(int depth, const AnalysisUse &use) {
    line(depth, "AnalysisUse", use.range);
    for (const AnalysisRef &ref : use.refs) dumpAnalysisRef(depth + 1, ref);
    for (const auto &dry : use.dryRunMetrics)
      line(depth + 1, "DryRun metric=" + dry.value, dry.range);
    dumpRules(depth + 1, use.argoRules);
  }

  void dumpRules(int depth, const std::vector<MetricRule> &rules) {
    for (const MetricRule &rule : rules)
      line(depth, fmt::format("{}Rule pattern={}", rule.retention ? "Retention" : "DryRun", quote(rule.pattern.value)),
           rule.pattern.range);
  }

  void dumpAnalysisRef(int depth, const AnalysisRef &ref) {
    line(depth, fmt::format("AnalysisRef name={}{}", ref.name.value, ref.hasParens ? " parens" : ""),
         ref.range);
    for (const Argument &arg : ref.arguments) {
      std::string text = fmt::format("Argument name={} kind=", arg.name.value);
      switch (arg.kind) {
      case Argument::Kind::Literal: text += "literal"; break;
      case Argument::Kind::StableHash: text += "stable-hash"; break;
      case Argument::Kind::LatestHash: text += "latest-hash"; break;
      case Argument::Kind::FieldRef: text += "field path=" + quote(arg.fieldPath); break;
      }
      line(depth + 1, text, arg.range);
      if (arg.kind == Argument::Kind::Literal) dumpLiteral(depth + 2, arg.literal);
    }
  }

  void dumpScaleDown(int depth, std::string_view node, const std::optional<ScaleDownDelay> &delay) {
    if (!delay) return;
    line(depth, fmt::format("{} {}", node, delay->never ? "never" : formatDuration(delay->millis)),
         delay->range);
  }

  void dumpQuantity(int depth, std::string_view node, const std::optional<Quantity> &q) {
    if (q)
      line(depth, fmt::format("{} {}{}", node, formatDouble(q->value), q->percent ? "%" : ""),
           q->range);
  }

  void dumpMarks(int depth, const std::vector<IrreversibleMark> &marks, bool canary) {
    for (const IrreversibleMark &mark : marks)
      line(depth,
           canary ? fmt::format("Irreversible note={} beforeStep={}", quote(mark.note),
                                mark.beforeStep)
                  : fmt::format("Irreversible note={}", quote(mark.note)),
           mark.range);
  }

  void dumpCanary(int depth, const Canary &canary) {
    line(depth, "Canary", canary.range);
    for (size_t i = 0; i < canary.steps.size(); ++i) {
      const CanaryStep &step = canary.steps[i];
      switch (step.kind) {
      case StepKind::SetWeight:
        line(depth + 1,
             fmt::format("SetWeight index={} weight={}", i, formatDouble(step.weight.value)),
             step.range);
        break;
      case StepKind::TimedPause:
        line(depth + 1,
             fmt::format("TimedPause index={} duration={}", i, formatDuration(step.duration.value)),
             step.range);
        break;
      case StepKind::ManualPause:
        line(depth + 1,
             fmt::format("ManualPause index={}{}", i,
                         step.timeout ? " timeout=" + formatDuration(step.timeout->value) : ""),
             step.range);
        break;
      case StepKind::Analysis:
        line(depth + 1, fmt::format("AnalysisStep index={}", i), step.range);
        dumpAnalysisUse(depth + 2, step.analysis);
        break;
      case StepKind::Experiment:
        line(depth + 1, fmt::format("ExperimentStep index={}", i), step.range);
        if (step.experiment) dumpExperiment(depth + 2, *step.experiment);
        break;
      case StepKind::SetCanaryScale: {
        std::string text = fmt::format("SetCanaryScale index={} ", i);
        switch (step.scale.kind) {
        case CanaryScale::Kind::Replicas: text += fmt::format("replicas={}", step.scale.replicas); break;
        case CanaryScale::Kind::Weight: text += "weight=" + formatDouble(step.scale.weight); break;
        case CanaryScale::Kind::MatchTrafficWeight: text += "matchTrafficWeight"; break;
        }
        line(depth + 1, text, step.range);
        break;
      }
      case StepKind::HeaderRoute:
      case StepKind::MirrorRoute:
      case StepKind::Passthrough: {
        std::string_view node = step.kind == StepKind::HeaderRoute   ? "HeaderRoute"
                                : step.kind == StepKind::MirrorRoute ? "MirrorRoute"
                                                                     : "PassthroughStep";
        line(depth + 1,
             fmt::format("{} index={} {}={}", node, i,
                         step.kind == StepKind::Passthrough ? "key" : "name",
                         quote(step.routeName.value)),
             step.range);
        if (step.config) dumpConfig(depth + 2, *step.config);
        break;
      }
      }
    }
    dumpMarks(depth + 1, canary.marks, true);
    if (canary.background) {
      line(depth + 1, "Background", canary.background->range);
      integer(depth + 2, "StartingStep", canary.backgroundStartingStep);
      dumpAnalysisUse(depth + 2, *canary.background);
    }
    dumpScaleDown(depth + 1, "AbortScaleDown", canary.abortScaleDown);
    duration(depth + 1, "ScaleDownDelay", canary.scaleDownDelay);
    name(depth + 1, "StableService", canary.stableService);
    name(depth + 1, "CanaryService", canary.canaryService);
    if (canary.trafficRouting) {
      line(depth + 1, "TrafficRouting provider=" + canary.trafficRouting->provider.value,
           canary.trafficRouting->range);
      if (canary.trafficRouting->config) dumpConfig(depth + 2, *canary.trafficRouting->config);
    }
    dumpQuantity(depth + 1, "MaxSurge", canary.maxSurge);
    dumpQuantity(depth + 1, "MaxUnavailable", canary.maxUnavailable);
    if (canary.dynamicStableScale)
      line(depth + 1, "DynamicStableScale", *canary.dynamicStableScale);
    extra(depth + 1, canary.extra);
  }

  void extra(int depth, const std::optional<ConfigValue> &value) {
    if (!value) return;
    line(depth, "Extra", value->range);
    dumpConfig(depth + 1, *value);
  }

  void dumpExperiment(int depth, const Experiment &e) {
    line(depth, "Experiment", e.range);
    duration(depth + 1, "Duration", e.duration);
    for (const ExperimentReplicaSet &rs : e.replicaSets) {
      line(depth + 1, fmt::format("ReplicaSet name={} specRef={}", rs.name.value, rs.specRef.value),
           rs.range);
      integer(depth + 2, "Replicas", rs.replicas);
      if (rs.weight)
        line(depth + 2, "Weight " + formatDouble(rs.weight->value), rs.weight->range);
      if (rs.config) dumpConfig(depth + 2, *rs.config);
    }
    for (const ExperimentAnalysis &a : e.analyses) {
      line(depth + 1,
           fmt::format("ExperimentAnalysis{}{}", a.alias ? " alias=" + a.alias->value : "",
                       a.required ? " required" : ""),
           a.range);
      dumpAnalysisRef(depth + 2, a.ref);
    }
    for (const auto &dry : e.dryRunMetrics) line(depth + 1, "DryRun metric=" + dry.value, dry.range);
    dumpRules(depth + 1, e.argoRules);
    extra(depth + 1, e.extra);
  }

  void dumpBlueGreen(int depth, const BlueGreen &bg) {
    line(depth, "BlueGreen", bg.range);
    name(depth + 1, "ActiveService", bg.activeService);
    name(depth + 1, "PreviewService", bg.previewService);
    integer(depth + 1, "PreviewReplicas", bg.previewReplicas);
    if (bg.autoPromotion)
      line(depth + 1, fmt::format("AutoPromotion {}", bg.autoPromotion->value),
           bg.autoPromotion->range);
    duration(depth + 1, "AutoPromotionDelay", bg.autoPromotionDelay);
    duration(depth + 1, "PromotionTimeout", bg.promotionTimeout);
    if (bg.prePromotion) {
      line(depth + 1, "PrePromotion", bg.prePromotion->range);
      dumpAnalysisUse(depth + 2, *bg.prePromotion);
    }
    if (bg.postPromotion) {
      line(depth + 1, "PostPromotion", bg.postPromotion->range);
      dumpAnalysisUse(depth + 2, *bg.postPromotion);
    }
    duration(depth + 1, "ScaleDownDelay", bg.scaleDownDelay);
    dumpScaleDown(depth + 1, "AbortScaleDown", bg.abortScaleDown);
    dumpMarks(depth + 1, bg.marks, false);
    extra(depth + 1, bg.extra);
  }

  //===-- Analyses --------------------------------------------------------------------------===//

  void dumpAnalysis(int depth, const Analysis &analysis) {
    line(depth,
         fmt::format("Analysis name={}{}", analysis.name.value, analysis.cluster ? " cluster" : ""),
         analysis.range);
    for (const Parameter &p : analysis.parameters) {
      line(depth + 1, fmt::format("Parameter name={} type={}", p.name.value, p.type.value),
           p.range);
      if (p.defaultValue) dumpLiteral(depth + 2, *p.defaultValue);
      if (p.secret)
        line(depth + 2,
             fmt::format("Secret name={} key={}", quote(p.secret->name.value), quote(p.secret->key.value)),
             p.secret->range);
    }
    for (const Metric &m : analysis.metrics) dumpMetric(depth + 1, m);
    dumpRules(depth + 1, analysis.argoRules);
  }

  void dumpMetric(int depth, const Metric &m) {
    line(depth, "Metric name=" + m.name.value, m.range);
    for (const Provider &p : m.providers) {
      line(depth + 1, "Provider kind=" + p.kind.value, p.range);
      if (p.address) line(depth + 2, "Address " + quote(p.address->value), p.address->range);
      if (p.query) line(depth + 2, "Query " + quote(p.query->value), p.query->range);
      if (p.config) dumpConfig(depth + 2, *p.config);
    }
    duration(depth + 1, "Interval", m.interval);
    integer(depth + 1, "Count", m.count);
    duration(depth + 1, "InitialDelay", m.initialDelay);
    if (m.success) {
      line(depth + 1, "Success", m.success->range);
      if (m.success->expr) dumpExpr(depth + 2, *m.success->expr);
    }
    if (m.failure) {
      line(depth + 1, "Failure", m.failure->range);
      if (m.failure->expr) dumpExpr(depth + 2, *m.failure->expr);
    }
    if (m.failureLimit)
      line(depth + 1,
           m.failureLimit->value == -1 ? std::string("FailureLimit none")
                                       : fmt::format("FailureLimit {}", m.failureLimit->value),
           m.failureLimit->range);
    integer(depth + 1, "InconclusiveLimit", m.inconclusiveLimit);
    integer(depth + 1, "ConsecutiveErrorLimit", m.consecutiveErrorLimit);
    integer(depth + 1, "ConsecutiveSuccessLimit", m.consecutiveSuccessLimit);
    if (m.dryRun) line(depth + 1, "DryRun", *m.dryRun);
    name(depth + 1, "Unit", m.unit);
    name(depth + 1, "Returns", m.returns);
    integer(depth + 1, "KeepMeasurements", m.keep);
    if (m.flagger) line(depth + 1, "Flagger", m.flagger->range);
    for (const TextSetting &setting : m.textSettings)
      line(depth + 1, fmt::format("TextSetting field={} text={}", setting.field, quote(setting.text.value)),
           setting.text.range);
  }

  //===-- Expressions -------------------------------------------------------------------------===//

  void dumpExpr(int depth, const expr::Expr &e) {
    using expr::ExprKind;
    std::string text(exprKindName(e.kind));
    switch (e.kind) {
    case ExprKind::Nil:
    case ExprKind::Element:
    case ExprKind::Conditional:
    case ExprKind::Index:
    case ExprKind::Slice:
    case ExprKind::Predicate:
    case ExprKind::List:
    case ExprKind::Map: break;
    case ExprKind::Bool: text += e.boolValue ? " true" : " false"; break;
    case ExprKind::Int: text += fmt::format(" {}", e.intValue); break;
    case ExprKind::Float:
      text += " " + formatDouble(e.floatValue);
      if (e.unit == expr::LiteralUnit::Percent)
        text += fmt::format(" unit=percent text=`{}`", e.text);
      else if (e.unit == expr::LiteralUnit::Duration)
        text += fmt::format(" unit=duration text=`{}`", e.text);
      break;
    case ExprKind::String: text += " " + quote(e.text); break;
    case ExprKind::Identifier: text += " name=" + e.text; break;
    case ExprKind::Unary: {
      std::string_view op = expr::unaryOpSpelling(e.unaryOp, e.wordOperator);
      if (!op.empty() && op.back() == ' ') op.remove_suffix(1); // `not ` → `not`
      text += fmt::format(" op=`{}`", op);
      break;
    }
    case ExprKind::Binary: {
      std::string_view op = expr::binaryOpSpelling(e.binaryOp);
      if (e.wordOperator && e.binaryOp == expr::BinaryOp::And) op = "and";
      if (e.wordOperator && e.binaryOp == expr::BinaryOp::Or) op = "or";
      text += fmt::format(" op=`{}`", op);
      break;
    }
    case ExprKind::Member:
      text += " name=" + e.text;
      if (e.optional) text += " optional";
      break;
    case ExprKind::Call: text += " name=" + e.text; break;
    }
    line(depth, text, e.range);
    if (e.kind == ExprKind::Map) {
      for (size_t i = 0; i < e.children.size(); ++i) {
        const expr::Expr *value = e.child(i);
        line(depth + 1,
             fmt::format("MapEntry key={}", quote(i < e.mapKeys.size() ? e.mapKeys[i] : "")),
             value ? value->range : SourceRange{});
        if (value) dumpExpr(depth + 2, *value);
      }
      return;
    }
    for (const auto &child : e.children) {
      if (child)
        dumpExpr(depth + 1, *child);
      else
        line(depth + 1, "Omitted"); // an absent slice bound
    }
  }

  const SourceManager &sources_;
  std::string out_;
};

} // namespace

std::string dumpAst(const PolicyFile &file, const SourceManager &sources) {
  return Dumper(sources).run(file);
}

} // namespace rwd::ast
