// This file implements the plan verifier: invariants every lowered plan must hold.
//
// Each check restates a guarantee that sema and lowering already give (Argo's validation rules,
// resolved defaults, sorted output), so a report here is a compiler bug. Every broken invariant is
// reported once, as PlanInvalid at the range of the op that breaks it; verification goes on after
// a failure so that one run shows every problem.
#include "compiler/plan/plan_verifier.h"

#include "compiler/support/duration.h"

#include <fmt/format.h>
#include <set>
#include <string>
#include <tuple>

namespace rwd::plan {

namespace {

class Verifier {
public:
  Verifier(const Plan &plan, DiagnosticEngine &diags) : plan_(plan), diags_(diags) {}

  bool run() {
    checkDuration("progress deadline", plan_.progressDeadlineMs, plan_.range);
    checkDuration("min ready", plan_.minReadyMs, plan_.range);
    checkNotifications();
    if (plan_.strategy == Strategy::Canary)
      checkCanary(plan_.canary);
    else
      checkBlueGreen(plan_.blueGreen);
    for (const Template &t : plan_.templates) checkTemplate(t);
    return valid_;
  }

private:
  template <typename... Args>
  void fail(SourceRange range, fmt::format_string<Args...> format, Args &&...args) {
    diags_.report(DiagKind::PlanInvalid, range, fmt::format(format, std::forward<Args>(args)...));
    valid_ = false;
  }

  void checkDuration(std::string_view what, int64_t millis, SourceRange range) {
    if (millis < 0) fail(range, "{} is negative ({})", what, formatDuration(millis));
  }
  void checkDuration(std::string_view what, const std::optional<int64_t> &millis,
                     SourceRange range) {
    if (millis) checkDuration(what, *millis, range);
  }

  void checkNotifications() {
    for (size_t i = 1; i < plan_.notifications.size(); ++i) {
      const Notification &a = plan_.notifications[i - 1], &b = plan_.notifications[i];
      if (std::tie(b.trigger, b.service, b.recipient) < std::tie(a.trigger, a.service, a.recipient))
        fail(b.range,
             "notifications are not sorted by trigger, service and recipient "
             "(`{}` to {} comes after `{}` to {})",
             b.trigger, b.service, a.trigger, a.service);
    }
  }

  void checkCanary(const Canary &canary) {
    checkDuration("abort scale-down delay", canary.abortScaleDownDelayMs, canary.range);
    checkDuration("scale-down delay", canary.scaleDownDelayMs, canary.range);
    for (size_t i = 0; i < canary.steps.size(); ++i) checkStep(i, canary.steps[i]);
    if (canary.background) {
      checkRun(*canary.background, "background analysis");
      // A starting step at or past the last step is valid Argo: the run never starts.
      if (canary.backgroundStartingStep < 0)
        fail(canary.background->range, "background analysis starts at step {}", canary.backgroundStartingStep);
    }
  }

  void checkStep(size_t index, const Step &step) {
    switch (step.kind) {
    case StepKind::SetWeight:
      if (step.weight < 0 || step.weight > 100)
        fail(step.range, "step {} sets weight {}, outside 0..100", index, step.weight);
      break;
    case StepKind::Pause:
      if (step.pauseMs && step.promotionTimeoutMs)
        fail(step.range,
             "step {} is a timed pause with a promotion timeout; only an indefinite "
             "pause has one",
             index);
      checkDuration(fmt::format("step {} pause", index), step.pauseMs, step.range);
      checkDuration(fmt::format("step {} promotion timeout", index), step.promotionTimeoutMs,
                    step.range);
      break;
    case StepKind::Analysis:
      if (!step.analysis) fail(step.range, "step {} is an analysis step without a run", index);
      break;
    case StepKind::Experiment:
      if (!step.experiment) {
        fail(step.range, "step {} is an experiment step without an experiment", index);
        break;
      }
      checkDuration(fmt::format("step {} experiment duration", index), step.experiment->durationMs,
                    step.range);
      for (const ExperimentTemplate &t : step.experiment->templates) {
        if (t.specRef != "stable" && t.specRef != "canary")
          fail(t.range, "step {} replicaset `{}` has specRef `{}`", index, t.name, t.specRef);
        if (t.weight && (*t.weight < 0 || *t.weight > 100))
          fail(t.range, "step {} replicaset `{}` has weight {}, outside 0..100", index, t.name, *t.weight);
      }
      for (const ExperimentAnalysis &a : step.experiment->analyses) {
        if (a.run.templates.size() != 1 || a.run.kind != RunKind::Experiment)
          fail(a.range, "step {} experiment analysis `{}` is not a one-template experiment run", index,
               a.name);
        checkRun(a.run, fmt::format("step {} experiment analysis `{}`", index, a.name));
      }
      break;
    case StepKind::SetCanaryScale:
      if (step.scale.kind == CanaryScale::Kind::Weight && (step.scale.weight < 0 || step.scale.weight > 100))
        fail(step.range, "step {} scales the canary to weight {}, outside 0..100", index, step.scale.weight);
      if (step.scale.kind == CanaryScale::Kind::Replicas && step.scale.replicas < 0)
        fail(step.range, "step {} scales the canary to {} replicas", index, step.scale.replicas);
      break;
    case StepKind::SetHeaderRoute:
    case StepKind::SetMirrorRoute:
      if (step.name.empty()) fail(step.range, "step {} sets a route without a name", index);
      break;
    case StepKind::Passthrough:
      if (step.name.empty()) fail(step.range, "step {} is a pass-through step without a key", index);
      break;
    }
    if (step.kind != StepKind::Analysis && step.analysis)
      fail(step.range, "step {} is not an analysis step but carries an analysis run", index);
    if (step.analysis) checkRun(*step.analysis, fmt::format("step {} analysis", index));
  }

  void checkBlueGreen(const BlueGreen &bg) {
    if (bg.activeService.empty()) fail(bg.range, "blue-green strategy has no active service");
    checkDuration("auto-promotion delay", bg.autoPromotionDelayMs, bg.range);
    checkDuration("promotion timeout", bg.promotionTimeoutMs, bg.range);
    checkDuration("scale-down delay", bg.scaleDownDelayMs, bg.range);
    checkDuration("abort scale-down delay", bg.abortScaleDownDelayMs, bg.range);
    if (bg.prePromotion) checkRun(*bg.prePromotion, "pre-promotion analysis");
    if (bg.postPromotion) checkRun(*bg.postPromotion, "post-promotion analysis");
  }

  /// A run: valid template indices; unique metric names across its (distinct) templates, as Argo's
  /// FlattenTemplates requires; finite counts unless it is a background run.
  void checkRun(const Run &run, const std::string &what) {
    if (run.templates.empty()) fail(run.range, "{} has no templates", what);
    std::set<size_t> seenTemplates;
    std::set<std::string> metricNames;
    for (size_t index : run.templates) {
      if (index >= plan_.templates.size()) {
        fail(run.range, "{} uses template #{}, but the plan has {} templates", what, index,
             plan_.templates.size());
        continue;
      }
      if (!seenTemplates.insert(index).second) continue; // the same template twice: one copy
      const Template &t = plan_.templates[index];
      for (const Metric &m : t.metrics) {
        if (!metricNames.insert(m.name).second)
          fail(run.range, "{} has two metrics named `{}` (template `{}` repeats it)", what, m.name,
               t.name);
        // Background and experiment runs may run unbounded: they are terminated from outside.
        if (run.kind != RunKind::Background && run.kind != RunKind::Experiment && !m.effectiveCount())
          fail(m.range, "metric `{}` of template `{}` runs unbounded in the {} (a {} run)", m.name,
               t.name, what, runKindName(run.kind));
      }
    }
    for (const Argument &argument : run.arguments)
      if (argument.kind == Argument::Kind::Value && argument.value.type == ParamType::Duration)
        checkDuration(fmt::format("argument `{}`", argument.name), argument.value.millis,
                      argument.range);
  }

  void checkTemplate(const Template &t) {
    for (const Parameter &p : t.parameters)
      if (p.secret && (p.defaultValue || p.type != ParamType::String))
        fail(p.range, "parameter `{}` of template `{}` comes from a Secret but has a default or a non-string type",
             p.name, t.name);
    for (const Parameter &p : t.parameters)
      if (p.defaultValue && p.defaultValue->type == ParamType::Duration)
        checkDuration(fmt::format("default of parameter `{}`", p.name), p.defaultValue->millis,
                      p.range);
    for (const Metric &m : t.metrics) checkMetric(t, m);
  }

  /// Counts and limits Argo's own validation rejects (count > 1 without interval, negative limits)
  /// are not invariants: Argo accepts such a template and puts each run in Error, which the
  /// runtime replays (runtime/run_spec). Durations are.
  void checkMetric(const Template &t, const Metric &m) {
    std::string what = fmt::format("metric `{}` of template `{}`", m.name, t.name);
    checkDuration(what + " interval", m.intervalMs, m.range);
    if (m.intervalMs && *m.intervalMs == 0) fail(m.range, "{} has a zero interval", what);
    checkDuration(what + " initial delay", m.initialDelayMs, m.range);
    static const std::set<std::string> kTextFields = {"count", "interval", "initialDelay", "failureLimit",
                                                      "inconclusiveLimit", "consecutiveErrorLimit",
                                                      "consecutiveSuccessLimit"};
    for (const TextSetting &setting : m.textSettings)
      if (!kTextFields.count(setting.field))
        fail(setting.range, "{} has a text setting for `{}`, which is not a count, limit or duration", what,
             setting.field);
  }

  const Plan &plan_;
  DiagnosticEngine &diags_;
  bool valid_ = true;
};

} // namespace

bool verifyPlan(const Plan &plan, DiagnosticEngine &diags) { return Verifier(plan, diags).run(); }

} // namespace rwd::plan
