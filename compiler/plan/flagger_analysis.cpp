// This file implements the Flagger view of a plan and the refusal of what Flagger cannot express.
// Every rule below is a row of docs/flagger.md's mapping table; peers.md §a cites the upstream code.
#include "compiler/plan/flagger_analysis.h"

#include "compiler/support/duration.h"

#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <map>

namespace rwd::plan {

namespace {

constexpr const char *kTarget = "Flagger";

/// `spec.analysis` fields Rewind writes from the policy itself; `flagger { analysis: {...} }`
/// must not spell them a second time.
constexpr std::string_view kModeledAnalysisKeys[] = {"interval", "threshold", "maxWeight", "stepWeight",
                                                     "stepWeights", "iterations", "metrics", "alerts"};
/// Canary spec fields Rewind writes from the policy (`workload`, `progress deadline`).
constexpr std::string_view kModeledSpecKeys[] = {"targetRef", "progressDeadlineSeconds"};

bool isGateType(const std::string &type) { return type == "confirm-rollout" || type == "confirm-promotion"; }

class Deriver {
public:
  Deriver(const Plan &plan, DiagnosticEngine &diags) : plan_(plan), diags_(diags) {}

  std::optional<FlaggerAnalysis> run() {
    size_t errorsBefore = diags_.errorCount();
    out_.range = plan_.range;
    readFlaggerBlock();
    refuseRolloutFields();
    if (plan_.strategy == Strategy::Canary) deriveCanary();
    else deriveBlueGreen();
    attachGateWebhooks();
    deriveAlerts();
    if (diags_.errorCount() != errorsBefore) return std::nullopt;
    return std::move(out_);
  }

private:
  void refuse(SourceRange range, const std::string &construct, const std::string &why) {
    diags_.report(DiagKind::NotExpressibleInTarget, range.valid() ? range : plan_.range, construct, kTarget, why);
  }

  //===-- The `flagger { }` block --------------------------------------------------------------===//

  void readFlaggerBlock() {
    const Config &block = plan_.flagger;
    if (!block.is_object()) return;
    for (std::string_view key : kModeledSpecKeys)
      if (block.contains(std::string(key)))
        diags_.report(DiagKind::FlaggerFieldModeled, plan_.flaggerRange, key,
                      key == "targetRef" ? "`workload`" : "`progress deadline`");
    if (auto skip = block.find("skipAnalysis"); skip != block.end() && skip->is_boolean())
      out_.skipAnalysis = skip->get<bool>();
    auto analysis = block.find("analysis");
    if (analysis == block.end() || !analysis->is_object()) return;
    for (std::string_view key : kModeledAnalysisKeys) {
      // With no metric, nothing else decides the threshold: it may be written here.
      if (key == "threshold" && !hasChecks()) continue;
      if (analysis->contains(std::string(key)))
        diags_.report(DiagKind::FlaggerFieldModeled, plan_.flaggerRange, fmt::format("analysis.{}", key),
                      modeledAs(key));
    }
    if (auto mirror = analysis->find("mirror"); mirror != analysis->end() && mirror->is_boolean())
      out_.mirror = mirror->get<bool>();
    if (auto threshold = analysis->find("threshold");
        !hasChecks() && threshold != analysis->end() && threshold->is_number_integer())
      flaggerThreshold_ = threshold->get<int64_t>();
    hasMatch_ = analysis->contains("match") && !(*analysis)["match"].empty();
    if (auto hooks = analysis->find("webhooks"); hooks != analysis->end() && hooks->is_array())
      for (const Config &hook : *hooks) {
        std::string type = hook.is_object() && hook.contains("type") && hook["type"].is_string()
                               ? hook["type"].get<std::string>()
                               : std::string();
        if (isGateType(type)) gateHooks_[type] = hook;
        out_.webhooks.push_back(hook);
      }
  }

  static std::string modeledAs(std::string_view key) {
    if (key == "interval") return "the pauses between weights (canary) or the metrics' `every` (blue-green)";
    if (key == "threshold") return "the metrics' `failure limit` plus one";
    if (key == "iterations") return "the metrics' `every D, N times` in `before promotion analyze`";
    if (key == "metrics") return "the metrics of the background (canary) or before-promotion (blue-green) analysis";
    if (key == "alerts") return "`notify ALERT \"PROVIDER\" on SEVERITY`";
    return "`weight` steps";
  }

  bool hasChecks() const {
    const std::optional<Run> &run =
        plan_.strategy == Strategy::Canary ? plan_.canary.background : plan_.blueGreen.prePromotion;
    return run && !run->templates.empty();
  }

  //===-- Rollout-level fields ----------------------------------------------------------------===//

  void refuseRolloutFields() {
    auto argoOnly = [&](bool present, SourceRange range, const std::string &construct) {
      if (present) refuse(range, construct, "it is an Argo Rollouts field; a Canary has no such setting");
    };
    argoOnly(plan_.replicas.has_value(), plan_.range, "`replicas`");
    argoOnly(plan_.minReadyMs.has_value(), plan_.range, "`min ready`");
    argoOnly(plan_.rollbackWindowRevisions.has_value(), plan_.range, "`rollback window`");
    argoOnly(!plan_.extra.empty(), plan_.range, "the `argo { }` block");
    if (plan_.workload && !plan_.workload->scaleDown.empty())
      refuse(plan_.workload->range, "`scale down " + plan_.workload->scaleDown + "`",
             "Flagger scales the target to zero itself once the primary took over");
    if (plan_.onRollback.kind != RollbackAction::Kind::Abort)
      refuse(plan_.onRollback.range,
             plan_.onRollback.kind == RollbackAction::Kind::UndoRevision
                 ? fmt::format("`on rollback to revision {}`", plan_.onRollback.revision)
                 : std::string("`on rollback undo`"),
             "Flagger's rollback routes traffic back to the primary and scales the canary to zero; it "
             "never changes the target's spec (scheduler.go `rollback`); write `on rollback abort`");
  }

  //===-- Canary -------------------------------------------------------------------------------===//

  /// The canary's steps must read: [gate] (weight W, pause D)+ [gate] [weight 100%], with one D.
  void deriveCanary() {
    const Canary &canary = plan_.canary;
    auto argoOnly = [&](bool present, const std::string &construct) {
      if (present) refuse(canary.range, construct, "it is an Argo Rollouts canary field; Flagger routes traffic "
                                                   "through the mesh named by `flagger { provider: ... }`");
    };
    argoOnly(!canary.stableService.empty(), "`stable service`");
    argoOnly(!canary.canaryService.empty(), "`canary service`");
    argoOnly(!canary.trafficRouter.empty(), "`traffic routing`");
    argoOnly(!canary.maxSurge.empty(), "`max surge`");
    argoOnly(!canary.maxUnavailable.empty(), "`max unavailable`");
    argoOnly(canary.dynamicStableScale, "`dynamic stable scale`");
    argoOnly(canary.scaleDownDelayMs.has_value(), "`scale-down after`");
    argoOnly(canary.abortScaleDownDelayMs.has_value(), "`abort scale-down`");
    argoOnly(!canary.extra.empty(), "the canary's `argo { }` block");
    if (hasMatch_)
      refuse(plan_.flaggerRange, "`analysis.match` with a canary",
             "A/B testing routes matched requests for `iterations` checks; write it as a `bluegreen` with "
             "`before promotion analyze`");

    std::optional<int64_t> interval;
    const std::vector<Step> &steps = canary.steps;
    size_t i = 0;
    if (i < steps.size() && isGate(steps[i])) {
      out_.confirmRollout = gate("confirm-rollout", steps[i]);
      ++i;
    }
    for (; i < steps.size(); ++i) {
      const Step &step = steps[i];
      if (step.kind == StepKind::SetWeight) {
        bool last = i + 1 == steps.size();
        // A final `weight 100%` with no pause after it is the promotion itself (runCanary copies the
        // spec to the primary and routes all traffic to it).
        if (step.weight == 100 && last && !out_.weights.empty()) break;
        if (last) {
          refuse(step.range, fmt::format("`weight {}%` without a pause after it", step.weight),
                 "Flagger checks every weight for one `analysis.interval`; write `pause D` after it");
          continue;
        }
        const Step &next = steps[i + 1];
        if (next.kind != StepKind::Pause || !next.pauseMs) {
          refuse(next.range, "a step other than a timed pause after a weight",
                 "Flagger holds every weight for one `analysis.interval`; write `pause D` after each weight");
          continue;
        }
        if (interval && *interval != *next.pauseMs)
          refuse(next.range, fmt::format("`pause {}` after `pause {}`", formatDuration(*next.pauseMs),
                                         formatDuration(*interval)),
                 "Flagger has one `analysis.interval`; every pause between weights must be equally long");
        if (!interval) interval = *next.pauseMs;
        if (!out_.weights.empty() && step.weight <= out_.weights.back())
          refuse(step.range, fmt::format("`weight {}%` after `weight {}%`", step.weight, out_.weights.back()),
                 "Flagger's weights only grow (nextStepWeight)");
        out_.weights.push_back(step.weight);
        out_.weightSteps.push_back(static_cast<int32_t>(i));
        ++i; // the pause
        continue;
      }
      bool onlyPromotionAfter = i + 1 == steps.size() || (i + 2 == steps.size() &&
                                                           steps[i + 1].kind == StepKind::SetWeight &&
                                                           steps[i + 1].weight == 100);
      if (isGate(step) && onlyPromotionAfter && !out_.weights.empty()) {
        out_.confirmPromotion = gate("confirm-promotion", step);
        continue;
      }
      refuse(step.range, describeStep(step), stepWhy(step));
    }
    if (out_.weights.empty())
      refuse(canary.range, "a canary without `weight` steps",
             "a Flagger canary advances by weights (`stepWeight` or `stepWeights`); add `weight W` and `pause D`");
    if (interval) setInterval(*interval, canary.range);
    if (!out_.weights.empty()) {
      out_.maxWeight = out_.weights.back();
      int32_t first = out_.weights.front();
      bool linear = true;
      for (size_t k = 0; k < out_.weights.size(); ++k)
        if (out_.weights[k] != first * static_cast<int32_t>(k + 1)) linear = false;
      if (linear) out_.stepWeight = first;
    }
    if (canary.background) {
      if (canary.backgroundStartingStep > 0)
        refuse(canary.background->range, fmt::format("background analysis `from step {}`", canary.backgroundStartingStep),
               "Flagger runs its checks on every tick from the first weight on");
      deriveChecks(*canary.background, /*iterations=*/std::nullopt);
    }
    finishThreshold();
  }

  static bool isGate(const Step &step) { return step.kind == StepKind::Pause && !step.pauseMs; }

  FlaggerGate gate(const char *type, const Step &step) {
    if (step.promotionTimeoutMs)
      refuse(step.range, fmt::format("the promotion timeout `timeout {}`", formatDuration(*step.promotionTimeoutMs)),
             fmt::format("a `{}` webhook is asked on every tick until it answers 2xx; Flagger has no timeout "
                         "for it; drop the timeout",
                         type));
    FlaggerGate gate;
    gate.type = type;
    gate.range = step.range;
    return gate;
  }

  static std::string describeStep(const Step &step) {
    switch (step.kind) {
    case StepKind::Pause: return step.pauseMs ? "a `pause` that does not follow a weight" : "a `pause until promoted` between weights";
    case StepKind::Analysis: return "a step `analyze`";
    case StepKind::Experiment: return "an `experiment` step";
    case StepKind::SetCanaryScale: return "a `scale canary` step";
    case StepKind::SetHeaderRoute: return "a `header route` step";
    case StepKind::SetMirrorRoute: return "a `mirror route` step";
    case StepKind::Passthrough: return fmt::format("the Argo step `{}`", step.name);
    case StepKind::SetWeight: break;
    }
    return "this step";
  }

  static std::string stepWhy(const Step &step) {
    switch (step.kind) {
    case StepKind::Pause:
      return step.pauseMs ? "Flagger's only waits are the ticks between weights"
                          : "Flagger's gates are `confirm-rollout` (before the first weight) and "
                            "`confirm-promotion` (after the last); put the pause there";
    case StepKind::Analysis:
      return "Flagger runs one set of checks on every tick; write the analysis as `background analyze`";
    default: return "it is an Argo Rollouts step; a Flagger canary only shifts weights";
    }
  }

  void setInterval(int64_t millis, SourceRange range) {
    // The CRD's pattern is ^[0-9]+(m|s): whole seconds, and GetAnalysisInterval raises it to 10s.
    if (millis % 1000 != 0)
      refuse(range, fmt::format("the interval {}", formatDuration(millis)),
             "`analysis.interval` is whole seconds or minutes (CRD pattern `^[0-9]+(m|s)`)");
    else if (millis < 10000)
      refuse(range, fmt::format("the interval {}", formatDuration(millis)),
             "Flagger raises an interval below 10s to 10s (GetAnalysisInterval)");
    out_.intervalMs = millis;
  }

  //===-- Blue-green ---------------------------------------------------------------------------===//

  void deriveBlueGreen() {
    const BlueGreen &bg = plan_.blueGreen;
    out_.strategy = hasMatch_ ? FlaggerStrategy::ABTesting : FlaggerStrategy::BlueGreen;
    auto argoOnly = [&](bool present, const std::string &construct) {
      if (present) refuse(bg.range, construct, "it is an Argo Rollouts blue-green field; Flagger creates the "
                                               "`-primary` and `-canary` services itself");
    };
    argoOnly(!bg.previewService.empty(), "`preview service`");
    // Flagger's apex service (the users' address) is `service.name`, else the target's name.
    std::string apex = plan_.workload ? plan_.workload->name : plan_.rollout;
    if (auto service = plan_.flagger.find("service"); service != plan_.flagger.end() && service->is_object() &&
                                                       service->contains("name") && (*service)["name"].is_string())
      apex = (*service)["name"].get<std::string>();
    if (bg.activeService != apex)
      refuse(bg.range, fmt::format("`active service {}`", bg.activeService),
             fmt::format("Flagger serves users through `{}` (`service.name`, else the target's name); name the "
                         "active service so, or set `flagger {{ service: {{ name: ... }} }}`",
                         apex));
    argoOnly(bg.previewReplicas.has_value(), "`preview replicas`");
    argoOnly(bg.scaleDownDelayMs.has_value(), "`scale-down after`");
    argoOnly(bg.abortScaleDownDelayMs.has_value(), "`abort scale-down`");
    argoOnly(!bg.extra.empty(), "the blue-green `argo { }` block");
    if (bg.postPromotion)
      refuse(bg.postPromotion->range, "`after promotion analyze`",
             "Flagger's checks end when promotion starts; only `post-rollout` webhooks run after it");
    if (bg.autoPromotionEnabled && bg.autoPromotionDelayMs > 0)
      refuse(bg.promoteRange, fmt::format("`promote after {}`", formatDuration(bg.autoPromotionDelayMs)),
             "Flagger promotes on the tick after the last iteration");
    if (!bg.autoPromotionEnabled) {
      if (bg.promotionTimeoutMs)
        refuse(bg.promoteRange, fmt::format("the promotion timeout `timeout {}`", formatDuration(*bg.promotionTimeoutMs)),
               "a `confirm-promotion` webhook is asked on every tick until it answers 2xx; drop the timeout");
      FlaggerGate gate;
      gate.type = "confirm-promotion";
      gate.range = bg.promoteRange.valid() ? bg.promoteRange : bg.range;
      out_.confirmPromotion = gate;
    }
    if (!bg.prePromotion) {
      refuse(bg.range, "a blue-green without `before promotion analyze`",
             "Flagger's blue/green runs `iterations` checks; its metrics' `every D, N times` give the interval and N");
      return;
    }
    deriveChecks(*bg.prePromotion, /*iterations=*/true);
    finishThreshold();
  }

  //===-- Checks -------------------------------------------------------------------------------===//

  /// Every metric of `run` as a Flagger check. Canary metrics run on every tick (`every` = the
  /// interval, no count); blue-green ones `every D, N times` give interval and iterations.
  void deriveChecks(const Run &run, std::optional<bool> iterations) {
    std::vector<FlaggerCheck> builtin, templated;
    bool first = true;
    for (size_t t : run.templates) {
      const Template &tmpl = plan_.templates.at(t);
      if (tmpl.cluster) refuse(tmpl.range, fmt::format("cluster analysis `{}`", tmpl.name),
                               "MetricTemplates are namespaced; write `analysis`");
      for (size_t m = 0; m < tmpl.metrics.size(); ++m) {
        const Metric &metric = tmpl.metrics[m];
        FlaggerCheck check = deriveCheck(run, t, m, metric);
        if (iterations) {
          if (!metric.intervalMs || !metric.count)
            refuse(metric.range, fmt::format("metric `{}` without `every D, N times`", metric.name),
                   "a Flagger blue/green runs N checks, one every D (`iterations`, `interval`)");
          else if (first) {
            setInterval(*metric.intervalMs, metric.range);
            out_.iterations = *metric.count;
          } else if (*metric.intervalMs != out_.intervalMs || *metric.count != out_.iterations)
            refuse(metric.range, fmt::format("metric `{}` with its own interval or count", metric.name),
                   "Flagger checks every metric on one tick, `iterations` times");
        } else if (!metric.intervalMs || *metric.intervalMs != out_.intervalMs || metric.count) {
          refuse(metric.range, fmt::format("metric `{}` measured other than `every {}`", metric.name,
                                           formatDuration(out_.intervalMs)),
                 "Flagger measures every metric once per tick (`analysis.interval`) until promotion; write "
                 "`every " + formatDuration(out_.intervalMs) + "` with no count");
        }
        first = false;
        (check.builtin ? builtin : templated).push_back(std::move(check));
        limitForThreshold(metric);
      }
    }
    // runAnalysis: builtin metrics (in list order), then MetricTemplate ones (in list order).
    for (FlaggerCheck &c : builtin) out_.checks.push_back(std::move(c));
    for (FlaggerCheck &c : templated) out_.checks.push_back(std::move(c));
    if (out_.checks.size() > 1)
      diags_.report(DiagKind::FlaggerChecksCountedTogether, run.range, out_.checks.size(), threshold());
    if (!run.dryRunMetrics.empty())
      refuse(run.range, "`with dry-run`", "every Flagger check counts toward the threshold");
  }

  FlaggerCheck deriveCheck(const Run &run, size_t t, size_t m, const Metric &metric) {
    FlaggerCheck check;
    check.templateIndex = t;
    check.metricIndex = m;
    check.range = metric.range;
    check.builtin = metric.provider.kind == "flagger";
    if (check.builtin && metric.name != "request-success-rate" && metric.name != "request-duration")
      refuse(metric.range, fmt::format("the builtin check `{}`", metric.name),
             "Flagger's builtin checks are `request-success-rate` and `request-duration`");
    if (!check.builtin && metric.provider.kind != "prometheus" && metric.provider.kind != "datadog")
      refuse(metric.provider.range, fmt::format("provider `{}`", metric.provider.kind),
             "Rewind maps `prometheus` and `datadog` to a MetricTemplate provider");
    auto argoOnly = [&](bool present, const std::string &what, const std::string &why) {
      if (present) refuse(metric.range, fmt::format("{} of metric `{}`", what, metric.name), why);
    };
    argoOnly(metric.initialDelayMs.has_value(), "`initial delay`", "Flagger checks from the first tick");
    argoOnly(metric.inconclusiveLimit.has_value(), "`inconclusive limit`", "a Flagger check passes or fails");
    argoOnly(metric.consecutiveErrorLimit.has_value(), "`error limit`",
             "a query error is a failed check in Flagger (runMetricChecks), counted toward the threshold");
    argoOnly(metric.consecutiveSuccessLimit.has_value(), "`success streak`", "Flagger has no success streak");
    argoOnly(metric.dryRun, "`dry-run`", "every Flagger check counts toward the threshold");
    argoOnly(metric.keepMeasurements.has_value(), "`keep N measurements`", "Flagger keeps no measurements");
    argoOnly(metric.failureLimit && *metric.failureLimit < 0, "`failure limit none`",
             "Flagger always rolls back at `threshold` failed checks");
    const Template &tmpl = plan_.templates.at(t);
    check.variables = variablesFor(run, tmpl);
    deriveRange(check, metric, tmpl, run);
    return check;
  }

  /// `templateVariables`: each parameter of the analysis with the run's argument, else its default.
  static std::vector<std::pair<std::string, std::string>> variablesFor(const Run &run, const Template &tmpl) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Parameter &param : tmpl.parameters) {
      const Argument *arg = nullptr;
      for (const Argument &a : run.arguments)
        if (a.name == param.name) arg = &a;
      if (arg && arg->kind == Argument::Kind::Value) out.emplace_back(param.name, arg->value.text);
      else if (!arg && param.defaultValue) out.emplace_back(param.name, param.defaultValue->text);
    }
    return out;
  }

  //===-- Conditions → thresholdRange ----------------------------------------------------------===//

  /// Whether `e` is the one value Flagger's provider returns: `result[0]` (a vector) or `result`.
  static bool isValue(const expr::Expr &e, const Metric &metric) {
    if (e.kind == expr::ExprKind::Identifier && e.text == "result") return metric.shape != ResultShape::Vector;
    if (e.kind != expr::ExprKind::Index || metric.shape != ResultShape::Vector) return false;
    const expr::Expr *base = e.child(0), *index = e.child(1);
    return base && index && base->kind == expr::ExprKind::Identifier && base->text == "result" &&
           index->kind == expr::ExprKind::Int && index->intValue == 0;
  }

  /// A number: a literal, a negated one, or `args.NAME` with a numeric argument or default.
  static std::optional<double> number(const expr::Expr &e, const Template &tmpl, const Run &run) {
    switch (e.kind) {
    case expr::ExprKind::Int: return static_cast<double>(e.intValue);
    case expr::ExprKind::Float: return e.floatValue;
    case expr::ExprKind::Unary:
      if (e.unaryOp == expr::UnaryOp::Negate && e.child(0))
        if (std::optional<double> v = number(*e.child(0), tmpl, run)) return -*v;
      return std::nullopt;
    case expr::ExprKind::Member: {
      const expr::Expr *base = e.child(0);
      if (!base || base->kind != expr::ExprKind::Identifier || base->text != "args") return std::nullopt;
      for (const auto &[name, text] : variablesFor(run, tmpl))
        if (name == e.text) {
          char *end = nullptr;
          double v = std::strtod(text.c_str(), &end);
          if (end && *end == '\0' && !text.empty() && std::isfinite(v)) return v;
        }
      return std::nullopt;
    }
    default: return std::nullopt;
    }
  }

  /// One comparison of the value with a number, as the bound it puts on a passing value:
  /// `V >= c` / `c <= V` pass at min c; `V <= c` pass at max c. With `failing`, the comparison
  /// describes a failing value: `V < c` fails below min c, `V > c` above max c.
  static bool bound(const expr::Expr &e, const Metric &metric, const Template &tmpl, const Run &run,
                    bool failing, FlaggerCheck &check) {
    if (e.kind != expr::ExprKind::Binary || !e.child(0) || !e.child(1)) return false;
    using expr::BinaryOp;
    BinaryOp op = e.binaryOp;
    const expr::Expr *value = e.child(0), *limit = e.child(1);
    if (!isValue(*value, metric)) {
      std::swap(value, limit);
      // c OP V is V (mirror OP) c.
      switch (op) {
      case BinaryOp::Less: op = BinaryOp::Greater; break;
      case BinaryOp::LessEqual: op = BinaryOp::GreaterEqual; break;
      case BinaryOp::Greater: op = BinaryOp::Less; break;
      case BinaryOp::GreaterEqual: op = BinaryOp::LessEqual; break;
      default: return false;
      }
      if (!isValue(*value, metric)) return false;
    }
    std::optional<double> c = number(*limit, tmpl, run);
    if (!c) return false;
    // Flagger fails a check when `val < min` or `val > max` (runMetricChecks): a passing value is
    // `>= min` and `<= max`, so only these four comparisons say exactly the same.
    BinaryOp lower = failing ? BinaryOp::Less : BinaryOp::GreaterEqual;
    BinaryOp upper = failing ? BinaryOp::Greater : BinaryOp::LessEqual;
    if (op == lower && !check.min) check.min = c;
    else if (op == upper && !check.max) check.max = c;
    else return false;
    return true;
  }

  /// A success condition is a bound or two joined by `&&`; a failure condition by `||`.
  static bool bounds(const expr::Expr &e, const Metric &metric, const Template &tmpl, const Run &run,
                     bool failing, FlaggerCheck &check) {
    expr::BinaryOp join = failing ? expr::BinaryOp::Or : expr::BinaryOp::And;
    if (e.kind == expr::ExprKind::Binary && e.binaryOp == join && e.child(0) && e.child(1))
      return bound(*e.child(0), metric, tmpl, run, failing, check) &&
             bound(*e.child(1), metric, tmpl, run, failing, check);
    return bound(e, metric, tmpl, run, failing, check);
  }

  void deriveRange(FlaggerCheck &check, const Metric &metric, const Template &tmpl, const Run &run) {
    std::string value = metric.shape == ResultShape::Vector ? "result[0]" : "result";
    std::string hint = fmt::format("Flagger's `thresholdRange` bounds the one value of the query: write "
                                   "`success when {0} >= MIN`, `{0} <= MAX` or both joined by `&&` (or a failure "
                                   "condition with `<` / `>` joined by `||`)",
                                   value);
    if (metric.success && metric.failure) {
      refuse(metric.failureRange, fmt::format("both a success and a failure condition on metric `{}`", metric.name),
             "a Flagger check has no inconclusive outcome; keep one of them");
      return;
    }
    if (!metric.success && !metric.failure) {
      refuse(metric.range, fmt::format("metric `{}` without a condition", metric.name),
             "Flagger compares a metric without `thresholdRange` with 0 (scheduler_metrics.go); " + hint);
      return;
    }
    bool failing = metric.failure != nullptr;
    const expr::Expr &cond = failing ? *metric.failure : *metric.success;
    FlaggerCheck probe = check;
    if (!bounds(cond, metric, tmpl, run, failing, probe)) {
      refuse(failing ? metric.failureRange : metric.successRange,
             fmt::format("the condition `{}`", failing ? metric.failureText : metric.successText),
             "it is not a bound on one value; " + hint);
      return;
    }
    check.min = probe.min;
    check.max = probe.max;
  }

  //===-- Threshold ----------------------------------------------------------------------------===//

  /// Argo fails a metric when its failures exceed `failure limit` (failed > limit); Flagger rolls
  /// back when failed checks reach `threshold` (failedChecks >= threshold): threshold = limit + 1.
  void limitForThreshold(const Metric &metric) {
    int64_t limit = metric.failureLimit.value_or(0);
    if (limit < 0) return;
    if (!failureLimit_) {
      failureLimit_ = limit;
      failureLimitRange_ = metric.range;
    } else if (*failureLimit_ != limit) {
      refuse(metric.range,
             fmt::format("metric `{}` with `failure limit {}` beside `failure limit {}`", metric.name, limit, *failureLimit_),
             "Flagger has one `threshold` for every check; give every metric the same failure limit");
    }
  }

  int64_t threshold() const { return failureLimit_ ? *failureLimit_ + 1 : flaggerThreshold_.value_or(1); }

  void finishThreshold() { out_.threshold = threshold(); }

  //===-- Gates and alerts ---------------------------------------------------------------------===//

  void attachGateWebhooks() {
    for (std::optional<FlaggerGate> *gate : {&out_.confirmRollout, &out_.confirmPromotion}) {
      if (!*gate) continue;
      auto written = gateHooks_.find((*gate)->type);
      if (written != gateHooks_.end()) {
        (*gate)->webhook = written->second;
        gateHooks_.erase(written);
      } else {
        (*gate)->webhook = Config::object();
        (*gate)->webhook["name"] = (*gate)->type;
        (*gate)->webhook["type"] = (*gate)->type;
        (*gate)->webhook["url"] = kDefaultGateUrl;
      }
    }
    for (const auto &[type, hook] : gateHooks_)
      diags_.report(DiagKind::FlaggerGateWithoutPause, plan_.flaggerRange, type,
                    type == "confirm-rollout" ? "before the first weight" : "after the last weight's pause");
  }

  /// `notify ALERT "PROVIDER" on SEVERITY`, PROVIDER being `name` or `namespace/name`.
  void deriveAlerts() {
    for (const Notification &n : plan_.notifications) {
      std::string severity = n.trigger.rfind("on-", 0) == 0 ? n.trigger.substr(3) : n.trigger;
      if (severity != "info" && severity != "warn" && severity != "error") {
        refuse(n.range, fmt::format("the notification trigger `{}`", severity),
               "a Flagger alert has a severity, `info`, `warn` or `error` (alerting.md)");
        continue;
      }
      FlaggerAlert alert;
      alert.name = n.service;
      alert.severity = severity;
      size_t slash = n.recipient.find('/');
      if (slash == std::string::npos) alert.providerName = n.recipient;
      else {
        alert.providerNamespace = n.recipient.substr(0, slash);
        alert.providerName = n.recipient.substr(slash + 1);
      }
      alert.range = n.range;
      out_.alerts.push_back(std::move(alert));
    }
  }

  const Plan &plan_;
  DiagnosticEngine &diags_;
  FlaggerAnalysis out_;
  bool hasMatch_ = false;
  std::optional<int64_t> failureLimit_;
  SourceRange failureLimitRange_;
  std::optional<int64_t> flaggerThreshold_;
  std::map<std::string, Config> gateHooks_;
};

} // namespace

std::string_view flaggerStrategyName(FlaggerStrategy strategy) {
  switch (strategy) {
  case FlaggerStrategy::Canary: return "canary";
  case FlaggerStrategy::BlueGreen: return "blue/green";
  case FlaggerStrategy::ABTesting: return "A/B testing";
  }
  return "canary";
}

std::optional<FlaggerAnalysis> deriveFlaggerAnalysis(const Plan &plan, DiagnosticEngine &diags) {
  return Deriver(plan, diags).run();
}

} // namespace rwd::plan
