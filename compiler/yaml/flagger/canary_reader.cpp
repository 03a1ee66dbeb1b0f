// This file implements the mapping of a Flagger `Canary` document to Rewind's AST: weights and
// pauses from the analysis' interval and step weights, one analysis per metric with its
// thresholdRange as a condition, gates as manual pauses, alerts as notifications, and every field
// Rewind does not model kept verbatim in `flagger { }` (docs/flagger.md, "Reading Flagger YAML").
#include "compiler/yaml/flagger/canary_reader.h"

#include "compiler/support/duration.h"

#include <cmath>
#include <fmt/format.h>
#include <map>

namespace rwd::yaml::flagger {

namespace {

using argo::Reader;

/// spec.analysis fields that Rewind models; others (mirror, match, webhooks, ...) are carried.
bool isModeledAnalysisKey(const std::string &key) {
  return key == "interval" || key == "threshold" || key == "maxWeight" || key == "stepWeight" ||
         key == "stepWeights" || key == "iterations" || key == "metrics" || key == "alerts";
}

ast::ConfigValue objectValue(SourceRange range) {
  ast::ConfigValue value;
  value.kind = ast::ConfigValue::Kind::Object;
  value.range = range;
  return value;
}

ast::ConfigValue stringValue(const std::string &text, SourceRange range) {
  ast::ConfigValue value;
  value.range = range;
  value.scalar.kind = ast::Literal::Kind::String;
  value.scalar.text = text;
  value.scalar.range = range;
  return value;
}

void put(ast::ConfigValue &object, const std::string &key, ast::ConfigValue value) {
  object.entries.push_back({{key, value.range}, std::move(value)});
}

//===-- Conditions ----------------------------------------------------------------------------===//

expr::ExprPtr makeExpr(expr::ExprKind kind, SourceRange range) {
  auto e = std::make_unique<expr::Expr>();
  e->kind = kind;
  e->range = range;
  return e;
}

/// The one value Flagger compares: `result` for a builtin check (one number), `result[0]` for a
/// query (an instant vector in Rewind's model).
expr::ExprPtr valueExpr(bool scalar, SourceRange range) {
  expr::ExprPtr result = makeExpr(expr::ExprKind::Identifier, range);
  result->text = "result";
  if (scalar) return result;
  expr::ExprPtr index = makeExpr(expr::ExprKind::Index, range);
  expr::ExprPtr zero = makeExpr(expr::ExprKind::Int, range);
  zero->text = "0";
  index->children.push_back(std::move(result));
  index->children.push_back(std::move(zero));
  return index;
}

expr::ExprPtr numberExpr(double value, const std::string &spelling, SourceRange range) {
  bool whole = std::floor(value) == value && std::fabs(value) < 1e15 && spelling.find_first_of(".eE") == std::string::npos;
  expr::ExprPtr e = makeExpr(whole ? expr::ExprKind::Int : expr::ExprKind::Float, range);
  if (whole) e->intValue = static_cast<int64_t>(value);
  else e->floatValue = value;
  e->text = spelling;
  bool negative = value < 0;
  if (!negative) return e;
  // A literal is unsigned in expr-lang: -5 is the negation of 5.
  if (whole) e->intValue = -e->intValue;
  else e->floatValue = -e->floatValue;
  e->text = spelling.substr(1);
  expr::ExprPtr neg = makeExpr(expr::ExprKind::Unary, range);
  neg->unaryOp = expr::UnaryOp::Negate;
  neg->children.push_back(std::move(e));
  return neg;
}

expr::ExprPtr compare(expr::BinaryOp op, bool scalar, double value, const std::string &spelling, SourceRange range) {
  expr::ExprPtr e = makeExpr(expr::ExprKind::Binary, range);
  e->binaryOp = op;
  e->children.push_back(valueExpr(scalar, range));
  e->children.push_back(numberExpr(value, spelling, range));
  return e;
}

struct Bound {
  double value = 0;
  std::string spelling;
};

/// `success when V >= MIN && V <= MAX`: Flagger fails the check when `val < min` or `val > max`
/// (scheduler_metrics.go runMetricChecks), so a value passes exactly when it is in the range.
std::optional<ast::Condition> rangeCondition(const std::optional<Bound> &min, const std::optional<Bound> &max,
                                             bool scalar, SourceRange range) {
  expr::ExprPtr lower, upper;
  if (min) lower = compare(expr::BinaryOp::GreaterEqual, scalar, min->value, min->spelling, range);
  if (max) upper = compare(expr::BinaryOp::LessEqual, scalar, max->value, max->spelling, range);
  if (!lower && !upper) return std::nullopt;
  if (lower && upper) {
    expr::ExprPtr both = makeExpr(expr::ExprKind::Binary, range);
    both->binaryOp = expr::BinaryOp::And;
    both->children.push_back(std::move(lower));
    both->children.push_back(std::move(upper));
    return ast::Condition{std::move(both), range};
  }
  return ast::Condition{lower ? std::move(lower) : std::move(upper), range};
}

std::optional<Bound> number(Reader &r, const YAML::Node &node, std::string_view field) {
  if (!r.visit(node)) return std::nullopt;
  ast::Literal lit = r.literal(node);
  if (lit.kind != ast::Literal::Kind::Int && lit.kind != ast::Literal::Kind::Float) {
    r.diags().report(DiagKind::YamlWrongShape, r.range(node), field, "a number", Reader::describe(node));
    return std::nullopt;
  }
  return Bound{lit.number, lit.text};
}

//===-- The Canary ----------------------------------------------------------------------------===//

class CanaryReader {
public:
  CanaryReader(Reader &r, FlaggerYamlFile &out) : r_(r), out_(out) {}

  void read(const YAML::Node &doc) {
    ast::Rollout rollout;
    rollout.range = r_.range(doc);
    flagger_ = objectValue(rollout.range);
    analysisExtra_ = objectValue(rollout.range);
    YAML::Node metadata = doc["metadata"];
    if (metadata && metadata.IsMap() && metadata["name"]) {
      if (auto name = r_.string(metadata["name"], "metadata.name")) rollout.name = *name;
      if (metadata["namespace"]) // where it is applied, not what it does: kubectl -n decides
        if (auto ns = r_.string(metadata["namespace"], "metadata.namespace")) namespace_ = ns->value;
    } else {
      r_.diags().report(DiagKind::YamlMissingField, rollout.range, "a Canary", "metadata.name");
      return;
    }
    YAML::Node spec = doc["spec"];
    if (!spec) {
      r_.diags().report(DiagKind::YamlMissingField, rollout.range, "a Canary", "spec");
      return;
    }
    if (!r_.expectMap(spec, "spec")) return;
    canaryName_ = rollout.name.value;
    readSpec(spec, rollout);
    if (r_.stopped()) return;
    out_.policy->rollouts.push_back(std::move(rollout));
  }

private:
  void readSpec(const YAML::Node &spec, ast::Rollout &rollout) {
    std::optional<YAML::Node> analysis;
    r_.entries(spec, [&](const std::string &key, const YAML::Node &, const YAML::Node &v) {
      if (key == "targetRef") readTarget(v, rollout);
      else if (key == "progressDeadlineSeconds") {
        if (auto secs = r_.seconds(v, "spec.progressDeadlineSeconds")) {
          rollout.progressDeadline = secs;
          rollout.progressDeadlineAbort = true; // Flagger always rolls back at the deadline
        }
      } else if (key == "analysis") analysis.emplace(v);
      else {
        if (key == "service" && v.IsMap() && v["name"] && v["name"].IsScalar()) serviceName_ = v["name"].Scalar();
        if (key == "provider" && v.IsScalar()) provider_ = v.Scalar();
        put(flagger_, key, r_.config(v));
      }
    });
    if (!rollout.workload)
      r_.diags().report(DiagKind::YamlMissingField, rollout.range, "a Canary", "spec.targetRef");
    if (!analysis) {
      // Without an analysis Flagger promotes every revision at once (shouldSkipAnalysis).
      r_.diags().report(DiagKind::FlaggerNoAnalysis, rollout.range);
      return;
    }
    readAnalysis(*analysis, rollout);
    if (!analysisExtra_.entries.empty()) put(flagger_, "analysis", std::move(analysisExtra_));
    if (!flagger_.entries.empty()) rollout.flagger = std::move(flagger_);
  }

  void readTarget(const YAML::Node &node, ast::Rollout &rollout) {
    if (!r_.expectMap(node, "spec.targetRef")) return;
    ast::Workload workload;
    workload.range = r_.range(node);
    r_.entries(node, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
      if (key == "name") {
        if (auto name = r_.string(v, "targetRef.name")) workload.name = *name;
      } else if (key == "kind") {
        if (auto kind = r_.string(v, "targetRef.kind")) workload.kind = *kind;
      } else if (key == "apiVersion") {
        workload.apiVersion = r_.string(v, "targetRef.apiVersion");
      } else {
        r_.notCarried(k, "targetRef." + key);
      }
    });
    if (workload.name.value.empty()) {
      r_.diags().report(DiagKind::YamlMissingField, workload.range, "`spec.targetRef`", "name");
      return;
    }
    if (workload.kind.value.empty()) workload.kind = {"Deployment", workload.range};
    targetName_ = workload.name.value;
    rollout.workload = std::move(workload);
  }

  //===-- spec.analysis ------------------------------------------------------------------------===//

  void readAnalysis(const YAML::Node &node, ast::Rollout &rollout) {
    if (!r_.expectMap(node, "spec.analysis")) return;
    SourceRange where = r_.range(node);
    std::optional<ast::Spanned<int64_t>> interval, threshold, maxWeight, stepWeight, iterations;
    std::vector<ast::Spanned<int64_t>> stepWeights;
    std::optional<YAML::Node> metrics, alerts;
    bool sawStepWeights = false;
    r_.entries(node, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
      if (key == "interval") interval = r_.duration(v, "analysis.interval", false);
      else if (key == "threshold") threshold = r_.integer(v, "analysis.threshold");
      else if (key == "maxWeight") maxWeight = r_.integer(v, "analysis.maxWeight");
      else if (key == "stepWeight") stepWeight = r_.integer(v, "analysis.stepWeight");
      else if (key == "iterations") iterations = r_.integer(v, "analysis.iterations");
      else if (key == "stepWeights") {
        sawStepWeights = true;
        if (!r_.expectSeq(v, "analysis.stepWeights")) return;
        for (const YAML::Node &w : v)
          if (auto weight = r_.integer(w, "analysis.stepWeights[]")) stepWeights.push_back(*weight);
      } else if (key == "metrics") metrics.emplace(v);
      else if (key == "alerts") alerts.emplace(v);
      else {
        if (key == "match" && v.IsSequence() && v.size() > 0) match_ = r_.range(k);
        if (key == "webhooks") readGates(v);
        if (!isModeledAnalysisKey(key)) put(analysisExtra_, key, r_.config(v));
      }
    });
    // GetAnalysisInterval: 60s when unset, at least 10s.
    int64_t tick = interval ? interval->value : 60000;
    SourceRange tickRange = interval ? interval->range : where;
    if (interval && interval->value < 10000)
      r_.diags().report(DiagKind::FlaggerIntervalRaised, interval->range, formatMillis(interval->value));
    if (interval && interval->value < 10000) tick = 10000;
    // GetAnalysisThreshold: 1 when unset or not positive.
    int64_t thresholdValue = threshold && threshold->value > 0 ? threshold->value : 1;
    int countOfShapes = (iterations ? 1 : 0) + (stepWeight ? 1 : 0) + (sawStepWeights ? 1 : 0);
    if (countOfShapes > 1)
      r_.diags().report(DiagKind::FlaggerShapes, where);
    bool iterationStrategy = iterations && iterations->value > 0 && !(stepWeight && stepWeight->value > 0);
    if (provider_ == "kubernetes" && !iterationStrategy) {
      // advanceCanary: the kubernetes provider cannot shift traffic; it runs 10 iterations instead.
      r_.diags().report(DiagKind::FlaggerKubernetesBlueGreen, where);
      iterations = ast::Spanned<int64_t>{10, where};
      iterationStrategy = true;
    }
    if (provider_ == "kubernetes" && match_)
      r_.diags().report(DiagKind::FlaggerKubernetesMatch, *match_);

    std::vector<std::string> analyses;
    if (metrics) analyses = readMetrics(*metrics, tick, iterationStrategy ? iterations->value : 0,
                                        thresholdValue - 1);
    if (threshold && analyses.empty()) {
      // No metric carries the threshold: keep it verbatim (webhooks still count toward it).
      ast::ConfigValue t = r_.config(node["threshold"]);
      put(analysisExtra_, "threshold", std::move(t));
    }
    if (alerts) readAlerts(*alerts, rollout);
    ast::AnalysisUse use;
    use.range = metrics ? r_.range(*metrics) : where;
    for (const std::string &name : analyses) {
      ast::AnalysisRef ref;
      ref.name = {name, use.range};
      ref.range = use.range;
      ref.arguments = std::move(arguments_[name]);
      ref.hasParens = !ref.arguments.empty();
      use.refs.push_back(std::move(ref));
    }
    if (iterationStrategy) {
      auto bg = std::make_unique<ast::BlueGreen>();
      bg->range = where;
      // Flagger's apex service: spec.service.name, else the target's name (the users' address).
      std::string active = !serviceName_.empty() ? serviceName_ : targetName_;
      bg->activeService = ast::Spanned<std::string>{active, where};
      if (!use.refs.empty()) bg->prePromotion = std::move(use);
      else r_.diags().report(DiagKind::FlaggerNoChecks, where);
      if (confirmPromotion_) {
        bg->autoPromotion = ast::Spanned<bool>{false, *confirmPromotion_};
      }
      rollout.blueGreen = std::move(bg);
      return;
    }
    auto canary = std::make_unique<ast::Canary>();
    canary->range = where;
    if (!use.refs.empty()) canary->background = std::move(use);
    if (confirmRollout_) canary->steps.push_back(gateStep(*confirmRollout_));
    std::vector<ast::Spanned<int64_t>> weights = stepWeights;
    if (stepWeight && stepWeight->value > 0) {
      // nextStepWeight adds stepWeight on every passing tick until the weight reaches maxWeight.
      int64_t max = maxWeight && maxWeight->value > 0 ? maxWeight->value : 100;
      weights.clear();
      for (int64_t w = stepWeight->value;; w += stepWeight->value) {
        weights.push_back({std::min<int64_t>(w, 100), stepWeight->range});
        if (w >= max || w >= 100) break;
      }
    } else if (stepWeight && stepWeights.empty() && !iterationStrategy) {
      r_.diags().report(DiagKind::FlaggerNeverAdvances, stepWeight->range);
    } else if (!stepWeight && !sawStepWeights && !iterations) {
      r_.diags().report(DiagKind::FlaggerNeverAdvances, where);
    }
    for (const ast::Spanned<int64_t> &w : weights) {
      if (w.value > 100) {
        r_.diags().report(DiagKind::YamlWrongShape, w.range, "analysis.stepWeights[]", "a weight of at most 100",
                          std::to_string(w.value));
        continue;
      }
      ast::CanaryStep step;
      step.kind = ast::StepKind::SetWeight;
      step.range = w.range;
      step.weight = {static_cast<double>(w.value), w.range};
      canary->steps.push_back(std::move(step));
      ast::CanaryStep pause;
      pause.kind = ast::StepKind::TimedPause;
      pause.range = tickRange;
      pause.duration = {tick, tickRange};
      canary->steps.push_back(std::move(pause));
    }
    if (confirmPromotion_) canary->steps.push_back(gateStep(*confirmPromotion_));
    rollout.canary = std::move(canary);
  }

  static std::string formatMillis(int64_t millis) { return fmt::format("{}s", millis / 1000.0); }

  /// confirm-rollout and confirm-promotion webhooks are gates: they become manual pauses (their
  /// webhooks stay in `flagger { analysis: { webhooks } }` so that the URL comes back out).
  void readGates(const YAML::Node &hooks) {
    if (!hooks.IsSequence()) return;
    std::optional<int64_t> total;
    for (const YAML::Node &hook : hooks) {
      if (!hook.IsMap()) continue;
      std::string type = hook["type"] && hook["type"].IsScalar() ? hook["type"].Scalar() : "";
      if (type == "confirm-rollout" && !confirmRollout_) confirmRollout_ = r_.range(hook);
      if (type == "confirm-promotion" && !confirmPromotion_) confirmPromotion_ = r_.range(hook);
      if ((type.empty() || type == "rollout") && hook["timeout"] && hook["timeout"].IsScalar())
        if (std::optional<int64_t> t = parseDuration(hook["timeout"].Scalar())) total = total.value_or(0) + *t;
    }
    webhookTimeouts_ = total;
    webhooksRange_ = r_.range(hooks);
  }

  static ast::CanaryStep gateStep(SourceRange range) {
    ast::CanaryStep step;
    step.kind = ast::StepKind::ManualPause;
    step.range = range;
    return step;
  }

  /// Each metric becomes its own analysis (named as the metric) so that its templateVariables can
  /// be its arguments; `every TICK` (canary) or `every TICK, N times` (iterations) with
  /// `failure limit THRESHOLD-1`.
  std::vector<std::string> readMetrics(const YAML::Node &list, int64_t tick, int64_t iterations, int64_t limit) {
    std::vector<std::string> names;
    if (!r_.expectSeq(list, "analysis.metrics")) return names;
    if (webhookTimeouts_ && *webhookTimeouts_ >= tick)
      r_.diags().report(DiagKind::FlaggerWebhooksTooSlow, webhooksRange_, formatMillis(*webhookTimeouts_),
                        formatMillis(tick));
    for (const YAML::Node &item : list) {
      if (!r_.visit(item) || !r_.expectMap(item, "analysis.metrics[]")) continue;
      if (std::optional<std::string> name = readMetric(item, tick, iterations, limit)) names.push_back(*name);
      if (r_.stopped()) break;
    }
    return names;
  }

  std::optional<std::string> readMetric(const YAML::Node &item, int64_t tick, int64_t iterations, int64_t limit) {
    ast::Metric metric;
    metric.range = r_.range(item);
    ast::ConfigValue extra = objectValue(metric.range);
    std::optional<Bound> min, max, scalarThreshold;
    std::optional<YAML::Node> templateRef, variables;
    SourceRange rangeAt = metric.range;
    bool sawQuery = false;
    r_.entries(item, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
      if (key == "name") {
        if (auto name = r_.string(v, "metrics[].name")) metric.name = *name;
      } else if (key == "thresholdRange") {
        rangeAt = r_.range(v);
        if (!r_.expectMap(v, "metrics[].thresholdRange")) return;
        r_.entries(v, [&](const std::string &rk, const YAML::Node &rkn, const YAML::Node &rv) {
          if (rk == "min") min = number(r_, rv, "thresholdRange.min");
          else if (rk == "max") max = number(r_, rv, "thresholdRange.max");
          else r_.notCarried(rkn, "thresholdRange." + rk);
        });
      } else if (key == "threshold") {
        rangeAt = r_.range(v);
        scalarThreshold = number(r_, v, "metrics[].threshold");
      } else if (key == "templateRef") templateRef.emplace(v);
      else if (key == "templateVariables") variables.emplace(v);
      else if (key == "query") {
        sawQuery = true;
        r_.diags().report(DiagKind::FlaggerInlineQuery, r_.range(k));
      } else {
        put(extra, key, r_.config(v)); // interval (the query window), and what Flagger adds later
      }
    });
    if (metric.name.value.empty()) {
      r_.diags().report(DiagKind::YamlMissingField, metric.range, "a metric", "name");
      return std::nullopt;
    }
    if (sawQuery) return std::nullopt;
    bool builtin = !templateRef;
    if (builtin && metric.name.value != "request-success-rate" && metric.name.value != "request-duration") {
      r_.diags().report(DiagKind::FlaggerUnknownBuiltin, metric.name.range, metric.name.value);
      return std::nullopt;
    }
    // The deprecated scalar `threshold` (used without thresholdRange): a minimum for the success
    // rate, a maximum for everything else (runBuiltinMetricChecks, runMetricChecks).
    if (!min && !max && scalarThreshold) {
      r_.diags().report(DiagKind::FlaggerDeprecatedThreshold, rangeAt,
                        metric.name.value == "request-success-rate" ? "min" : "max");
      if (metric.name.value == "request-success-rate") min = scalarThreshold;
      else max = scalarThreshold;
    }
    if (!min && !max) {
      r_.diags().report(DiagKind::FlaggerNoThresholdRange, metric.range, metric.name.value);
      max = Bound{0, "0"};
    }
    metric.success = rangeCondition(min, max, builtin, rangeAt);
    metric.interval = ast::Spanned<int64_t>{tick, metric.range};
    if (iterations > 0) metric.count = ast::Spanned<int64_t>{iterations, metric.range};
    if (limit > 0) metric.failureLimit = ast::Spanned<int64_t>{limit, metric.range};
    ast::Analysis analysis;
    analysis.name = metric.name;
    analysis.range = metric.range;
    if (builtin) {
      ast::Provider provider;
      provider.kind = {"flagger", metric.range};
      provider.range = metric.range;
      provider.config = objectValue(metric.range);
      metric.providers.push_back(std::move(provider));
    } else {
      readTemplateRef(*templateRef, extra);
      if (variables) readVariables(*variables, analysis);
    }
    if (!extra.entries.empty()) metric.flagger = std::move(extra);
    analysis.metrics.push_back(std::move(metric));
    out_.policy->analyses.push_back(std::move(analysis));
    return out_.policy->analyses.back().name.value;
  }

  void readTemplateRef(const YAML::Node &node, ast::ConfigValue &extra) {
    if (!r_.expectMap(node, "metrics[].templateRef")) return;
    PendingTemplateRef ref;
    ref.range = r_.range(node);
    ref.analysis = out_.policy->analyses.size();
    r_.entries(node, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
      if (key == "name") {
        if (auto name = r_.string(v, "templateRef.name")) ref.name = name->value;
      } else if (key == "namespace") {
        if (auto ns = r_.string(v, "templateRef.namespace")) ref.namespace_ = ns->value;
      } else {
        r_.notCarried(k, "templateRef." + key);
      }
    });
    if (ref.name.empty()) {
      r_.diags().report(DiagKind::YamlMissingField, ref.range, "`templateRef`", "name");
      return;
    }
    // The reference is kept when the backend's default (a template named as the metric, in the
    // Canary's namespace) would not find the same template.
    // Kept always: it also marks the metric as a Flagger one, whose query may use Flagger's variables.
    {
      ast::ConfigValue kept = objectValue(ref.range);
      put(kept, "name", stringValue(ref.name, ref.range));
      if (!ref.namespace_.empty()) put(kept, "namespace", stringValue(ref.namespace_, ref.range));
      put(extra, "templateRef", std::move(kept));
    }
    if (ref.namespace_.empty()) ref.namespace_ = namespace_;
    out_.pending.push_back(std::move(ref));
  }

  /// templateVariables → string parameters of the metric's analysis, passed as arguments.
  void readVariables(const YAML::Node &node, ast::Analysis &analysis) {
    if (!r_.expectMap(node, "metrics[].templateVariables")) return;
    std::vector<ast::Argument> &args = arguments_[analysis.name.value];
    r_.entries(node, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
      auto value = r_.string(v, "templateVariables." + key);
      if (!value) return;
      ast::Parameter param;
      param.name = {key, r_.range(k)};
      param.type = {"string", r_.range(k)};
      param.range = r_.range(k);
      analysis.parameters.push_back(std::move(param));
      ast::Argument arg;
      arg.name = {key, r_.range(k)};
      arg.kind = ast::Argument::Kind::Literal;
      arg.literal.kind = ast::Literal::Kind::String;
      arg.literal.text = value->value;
      arg.literal.range = value->range;
      arg.range = r_.range(k);
      args.push_back(std::move(arg));
    });
  }

  /// alerts[] → `notify NAME "[NAMESPACE/]PROVIDER" on SEVERITY` (severity info when unset).
  void readAlerts(const YAML::Node &list, ast::Rollout &rollout) {
    if (!r_.expectSeq(list, "analysis.alerts")) return;
    for (const YAML::Node &item : list) {
      if (!r_.visit(item) || !r_.expectMap(item, "analysis.alerts[]")) continue;
      ast::Notification n;
      n.range = r_.range(item);
      std::string severity = "info", provider, providerNs;
      SourceRange severityRange = n.range;
      r_.entries(item, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
        if (key == "name") {
          if (auto name = r_.string(v, "alerts[].name")) n.service = *name;
        } else if (key == "severity") {
          if (auto s = r_.string(v, "alerts[].severity")) {
            if (!s->value.empty()) severity = s->value;
            severityRange = s->range;
          }
        } else if (key == "providerRef" && r_.expectMap(v, "alerts[].providerRef")) {
          r_.entries(v, [&](const std::string &pk, const YAML::Node &pkn, const YAML::Node &pv) {
            if (pk == "name") {
              if (auto name = r_.string(pv, "providerRef.name")) provider = name->value;
            } else if (pk == "namespace") {
              if (auto ns = r_.string(pv, "providerRef.namespace")) providerNs = ns->value;
            } else {
              r_.notCarried(pkn, "providerRef." + pk);
            }
          });
        } else if (key != "providerRef") {
          r_.notCarried(k, "alerts[]." + key);
        }
      });
      if (n.service.value.empty() || provider.empty()) {
        r_.diags().report(DiagKind::YamlMissingField, n.range, "an alert", n.service.value.empty() ? "name" : "providerRef.name");
        continue;
      }
      n.recipient = {providerNs.empty() ? provider : providerNs + "/" + provider, n.range};
      n.triggers.push_back({severity, severityRange});
      rollout.notifications.push_back(std::move(n));
    }
  }

  Reader &r_;
  FlaggerYamlFile &out_;
  ast::ConfigValue flagger_, analysisExtra_;
  std::map<std::string, std::vector<ast::Argument>> arguments_;
  std::string canaryName_, namespace_, serviceName_, targetName_, provider_;
  std::optional<SourceRange> confirmRollout_, confirmPromotion_, match_;
  std::optional<int64_t> webhookTimeouts_;
  SourceRange webhooksRange_;
};

} // namespace

void readCanary(Reader &reader, const YAML::Node &doc, FlaggerYamlFile &out) { CanaryReader(reader, out).read(doc); }

} // namespace rwd::yaml::flagger
