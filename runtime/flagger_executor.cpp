// This file implements Flagger's control loop: one `advanceCanary` (pkg/controller/scheduler.go) per
// tick of `analysis.interval`, from the tick that detects the new revision. Each rule cites the
// upstream function it follows; peers.md §a.5 has the worked tick traces the tests replay.
#include "runtime/flagger_executor.h"

#include "runtime/analysis_run.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

namespace rwd::runtime {

namespace {

/// Flagger's CanaryPhase values (pkg/apis/flagger/v1beta1/status.go) that a replay reaches.
enum class FlaggerPhase : uint8_t { Waiting, Progressing, WaitingPromotion, Promoting, Finalising, Succeeded, Failed };

using Action = OperatorEvent::Action;

/// What one check measured: the value Flagger compares, or why there is none.
struct CheckResult {
  bool passed = false;
  Phase phase = Phase::Successful; // Successful, Failed (out of range) or Error (no value)
  Value value;
  std::string message;
};

class FlaggerExecutor {
public:
  FlaggerExecutor(const plan::Plan &plan, const plan::FlaggerAnalysis &analysis, MetricSource &source,
                  const std::vector<OperatorEvent> &events, const ExecutionOptions &options)
      : plan_(plan), analysis_(analysis), source_(source), events_(events), options_(options) {}

  ExecutionResult run() {
    result_.controller = "flagger";
    result_.recordTimeline = options_.recordTimeline;
    // Every tick reads every check's template (a conservative answer for tuning's reuse).
    result_.templatesInstantiated.assign(plan_.templates.size(), false);
    for (const plan::FlaggerCheck &check : analysis_.checks) result_.templatesInstantiated.at(check.templateIndex) = true;
    emit(0, EntryKind::RolloutStart).message =
        analysis_.skipAnalysis
            ? fmt::format("Flagger {} of `{}`: analysis skipped (skipAnalysis), promotion on the next tick ({} later)",
                          plan::flaggerStrategyName(analysis_.strategy), plan_.rollout, formatSeconds(analysis_.intervalMs))
            : fmt::format("Flagger {} of `{}`: a check every {}, rollback at {} failed checks",
                          plan::flaggerStrategyName(analysis_.strategy), plan_.rollout,
                          formatSeconds(analysis_.intervalMs), analysis_.threshold);
    size_t nextEvent = 0;
    // Job.Start runs the first advanceCanary at once, then one per tick (pkg/controller/job.go).
    for (int64_t t = 0; t <= options_.endMs && !terminal(); t += analysis_.intervalMs) {
      for (; nextEvent < events_.size() && events_[nextEvent].tMs <= t; ++nextEvent) applyEvent(events_[nextEvent]);
      advanceCanary(t);
      if (result_.toolFailure) return std::move(result_);
    }
    // Events after the outcome (or the last tick) are still part of the story.
    for (; nextEvent < events_.size(); ++nextEvent) applyEvent(events_[nextEvent]);
    finish();
    return std::move(result_);
  }

private:
  static std::string formatSeconds(int64_t millis) {
    return millis % 60000 == 0 ? fmt::format("{}m", millis / 60000) : fmt::format("{}s", millis / 1000);
  }

  TimelineEntry &emit(int64_t t, EntryKind kind) { return result_.append(t, kind); }

  void note(int64_t t, std::string message) { emit(t, EntryKind::Note).message = std::move(message); }

  bool terminal() const { return phase_ == FlaggerPhase::Succeeded || phase_ == FlaggerPhase::Failed; }

  /// `alert` (pkg/controller/events.go): an alert of severity info receives every message, warn
  /// receives warn and error, error only error.
  void alert(int64_t t, std::string_view severity, const std::string &message) {
    auto rank = [](std::string_view s) { return s == "error" ? 2 : s == "warn" ? 1 : 0; };
    for (const plan::FlaggerAlert &a : analysis_.alerts)
      if (rank(severity) >= rank(a.severity)) {
        TimelineEntry &e = emit(t, EntryKind::Notification);
        e.reason = std::string(severity);
        e.action = a.name;
        e.argument = a.providerNamespace.empty() ? a.providerName : a.providerNamespace + "/" + a.providerName;
        e.message = message;
        e.origin = a.range;
      }
  }

  //===-- Operator events --------------------------------------------------------------------===//

  void applyEvent(const OperatorEvent &event) {
    TimelineEntry &e = emit(event.tMs, EntryKind::Event);
    e.action = std::string(actionName(event.action));
    e.argument = event.revision ? std::to_string(*event.revision) : "";
    e.origin = event.origin;
    auto ignore = [&](const std::string &why) {
      TimelineEntry &n = emit(event.tMs, EntryKind::Note);
      n.action = std::string(actionName(event.action));
      n.message = fmt::format("`{}` has no effect: {}", actionName(event.action), why);
      n.origin = event.origin;
    };
    if (terminal()) return ignore("the canary is " + std::string(phase_ == FlaggerPhase::Succeeded ? "Succeeded" : "Failed"));
    switch (event.action) {
    case Action::Promote:
      if (!analysis_.confirmRollout && !analysis_.confirmPromotion)
        return ignore("the Canary has no confirm-rollout or confirm-promotion gate");
      ++approvals_; // the loadtester's gate opens; the next gate asked answers 2xx
      break;
    case Action::Abort:
      if (!hasWebhook("rollback"))
        return ignore("a Canary rolls back by hand only through a `rollback` webhook, and this one has none");
      abortRequested_ = true;
      break;
    default: ignore("Flagger has no such operation"); break;
    }
  }

  bool hasWebhook(const std::string &type) const {
    for (const plan::Config &hook : analysis_.webhooks)
      if (hook.is_object() && hook.value("type", std::string()) == type) return true;
    return false;
  }

  /// A gate asked once: open when an approval is pending (consumed) or was given before.
  bool gateOpen(bool &approved) {
    if (!approved && approvals_ > 0) {
      --approvals_;
      approved = true;
    }
    return approved;
  }

  /// The canary's weight back to 0 (SetRoutes with all traffic on the primary), as a step entry.
  void routeAllToPrimary(int64_t t, std::string message) {
    weight_ = 0;
    TimelineEntry &e = emit(t, EntryKind::Step);
    e.weight = 0;
    e.stepIndex = currentStep();
    e.message = std::move(message);
  }

  //===-- One tick: advanceCanary ------------------------------------------------------------===//

  void advanceCanary(int64_t t) {
    // checkCanaryStatus: a new revision asks confirm-rollout until it answers 2xx, then scales the
    // canary up and starts Progressing with zeroed counters; that tick runs no check.
    if (!started_) {
      if (analysis_.confirmRollout && !gateOpen(rolloutApproved_)) {
        if (phase_ != FlaggerPhase::Waiting || !waitingEmitted_) {
          phase_ = FlaggerPhase::Waiting;
          waitingEmitted_ = true;
          pauseStartMs_ = t;
          TimelineEntry &e = emit(t, EntryKind::Pause);
          e.reason = "confirm-rollout";
          e.message = "waiting for approval: the confirm-rollout webhook does not answer 2xx (runConfirmRolloutHooks)";
          e.origin = analysis_.confirmRollout->range;
          alert(t, "warn", "Canary is waiting for approval.");
        }
        return;
      }
      if (waitingEmitted_) emit(t, EntryKind::Resume).message = "confirm-rollout answered 2xx";
      started_ = true;
      phase_ = FlaggerPhase::Progressing;
      note(t, "new revision detected: canary scaled up, phase Progressing (checkCanaryStatus)");
      alert(t, "info", "New revision detected, progressing canary analysis.");
      return;
    }
    // shouldSkipAnalysis (L363-366, L778-850) comes before every hook and check: all traffic to
    // the primary, the spec copied, the canary scaled to zero and the phase Succeeded in one tick.
    if (analysis_.skipAnalysis) {
      routeAllToPrimary(t, "analysis skipped (spec.skipAnalysis): all traffic routed to the primary, which runs "
                           "the new spec; canary scaled to zero, phase Succeeded");
      phase_ = FlaggerPhase::Succeeded;
      alert(t, "info", "Canary analysis was skipped, promotion finished.");
      decide(t, OutcomeKind::Promoted, "");
      return;
    }
    // advanceCanary L368-378: rollback webhooks in Progressing and WaitingPromotion.
    if (abortRequested_ && (phase_ == FlaggerPhase::Progressing || phase_ == FlaggerPhase::WaitingPromotion)) {
      alert(t, "warn", "Rolling back manual webhook invoked");
      rollback(t, "manual_abort", "a rollback webhook answered 2xx (runRollbackHooks)");
      return;
    }
    // runPromotionTrafficShift: all traffic back to the primary at once, then Finalising.
    if (phase_ == FlaggerPhase::Promoting) {
      phase_ = FlaggerPhase::Finalising;
      routeAllToPrimary(t, "primary runs the new spec: all traffic routed to the primary, phase Finalising");
      return;
    }
    if (phase_ == FlaggerPhase::Finalising) {
      phase_ = FlaggerPhase::Succeeded;
      note(t, "canary scaled to zero, phase Succeeded");
      alert(t, "info", "Canary analysis completed successfully, promotion finished.");
      decide(t, OutcomeKind::Promoted, "");
      return;
    }
    // The threshold gate (L429-440) comes before this tick's check: rollback happens on the tick
    // after the threshold-th failed check.
    if (failedChecks_ >= analysis_.threshold) {
      alert(t, "error", fmt::format("Canary analysis failed, {} failed checks threshold reached", failedChecks_));
      rollback(t, "analysis_failed",
               fmt::format("failed checks ({}) >= threshold ({})", failedChecks_, analysis_.threshold));
      return;
    }
    // L447-467: pre-rollout webhooks while nothing is routed to the canary, else the analysis.
    if (weight_ == 0 && iterations_ == 0 && !(analysis_.mirror && mirrored_)) {
      if (hasWebhook("pre-rollout"))
        note(t, "pre-rollout webhooks are taken to answer 2xx (no record of them is replayed)");
    } else if (!runAnalysis(t)) {
      ++failedChecks_;
      note(t, fmt::format("advancement halted: {} failed check{} of threshold {}", failedChecks_,
                          failedChecks_ == 1 ? "" : "s", analysis_.threshold));
      return;
    }
    switch (analysis_.strategy) {
    case plan::FlaggerStrategy::ABTesting: runAB(t); break;
    case plan::FlaggerStrategy::BlueGreen: runBlueGreen(t); break;
    case plan::FlaggerStrategy::Canary: runCanary(t); break;
    }
  }

  /// runAnalysis: rollout webhooks, then every check in order; the first failure ends the check.
  bool runAnalysis(int64_t t) {
    if (hasWebhook("rollout") || hasWebhook(""))
      note(t, "rollout webhooks are taken to answer 2xx (no record of them is replayed)");
    for (const plan::FlaggerCheck &check : analysis_.checks) {
      const plan::Template &tmpl = plan_.templates.at(check.templateIndex);
      const plan::Metric &metric = tmpl.metrics.at(check.metricIndex);
      CheckResult r = measure(check, tmpl, metric, t);
      if (result_.toolFailure) return true;
      int64_t index = measurements_[&metric]++;
      TimelineEntry &e = emit(t, EntryKind::Measurement);
      e.run = "analysis";
      e.analysis = tmpl.name;
      e.metric = metric.name;
      e.measurement = index;
      e.value = r.value;
      e.phase = r.phase;
      e.message = r.message;
      e.origin = metric.range;
      if (!r.passed) {
        Trigger trigger;
        trigger.analysis = tmpl.name;
        trigger.metric = metric.name;
        trigger.measurement = index;
        trigger.value = r.value;
        trigger.phase = r.phase;
        trigger.message = r.message;
        lastFailure_ = trigger;
        return false;
      }
    }
    return true;
  }

  /// One check: the provider's value (the last series of an instant vector, as prometheus.go
  /// RunQuery keeps it), no value or NaN as ErrNoValuesFound, and the thresholdRange test of
  /// runMetricChecks (`val < min` or `val > max` fails). Every failure counts the same.
  CheckResult measure(const plan::FlaggerCheck &check, const plan::Template &tmpl, const plan::Metric &metric,
                      int64_t t) {
    std::map<std::string, std::string> args(check.variables.begin(), check.variables.end());
    std::string query = substituteArgs(metric.provider.query, args);
    ProviderResult answer = source_.measure({metric, tmpl.name, query, t});
    CheckResult r;
    if (answer.status == ProviderResult::Status::ToolFailure) {
      result_.toolFailure = answer.message;
      return r;
    }
    if (answer.status == ProviderResult::Status::ProviderError) {
      r.phase = Phase::Error;
      r.message = "query failed: " + answer.message;
      return r;
    }
    r.value = answer.result;
    std::optional<double> value;
    if (answer.result.isList()) {
      if (!answer.result.asList().empty()) value = answer.result.asList().back().toDouble();
    } else if (answer.result.isNumber()) {
      value = answer.result.toDouble();
    }
    if (!value || std::isnan(*value)) {
      r.phase = Phase::Error;
      r.message = "no values found (ErrNoValuesFound): a failed check";
      return r;
    }
    r.value = Value::number(*value);
    if (check.min && *value < *check.min) {
      r.phase = Phase::Failed;
      r.message = fmt::format("{} < thresholdRange.min {}", formatValue(r.value), formatValue(Value::number(*check.min)));
    } else if (check.max && *value > *check.max) {
      r.phase = Phase::Failed;
      r.message = fmt::format("{} > thresholdRange.max {}", formatValue(r.value), formatValue(Value::number(*check.max)));
    } else {
      r.passed = true;
    }
    return r;
  }

  //===-- Strategies -------------------------------------------------------------------------===//

  /// nextStepWeight: the stepWeight, else the next stepWeights entry after the current weight.
  int32_t nextStepWeight() const {
    if (analysis_.stepWeight) return *analysis_.stepWeight;
    if (weight_ >= 100) return 1;
    if (weight_ == 0) return std::min(100 - weight_, analysis_.weights.front());
    for (size_t i = 0; i + 1 < analysis_.weights.size(); ++i)
      if (analysis_.weights[i] == weight_) return std::min(100 - weight_, analysis_.weights[i + 1] - weight_);
    return 100 - weight_;
  }

  /// The plan step of the current weight (reports' step_index).
  int32_t currentStep() const { return weight_ > 0 ? currentStepFor(weight_) : 0; }

  /// runCanary: raise the weight below maxWeight (one mirrored tick at 0 first with `mirror`);
  /// at or above it, ask confirm-promotion and promote.
  void runCanary(int64_t t) {
    if (weight_ < analysis_.maxWeight) {
      int32_t step = nextStepWeight();
      if (analysis_.mirror && weight_ == 0 && !mirrored_) {
        mirrored_ = true;
        TimelineEntry &e = emit(t, EntryKind::Step);
        e.weight = 0;
        e.stepIndex = currentStep();
        e.message = "traffic mirrored to the canary (runCanary mirror step)";
        return;
      }
      mirrored_ = false;
      weight_ = std::min(100, weight_ + step);
      maxWeightSeen_ = std::max(maxWeightSeen_, weight_);
      TimelineEntry &e = emit(t, EntryKind::Step);
      e.weight = weight_;
      e.stepIndex = currentStep();
      e.message = fmt::format("canary weight {}%", weight_);
      if (e.stepIndex >= 0 && static_cast<size_t>(e.stepIndex) < plan_.canary.steps.size())
        e.origin = plan_.canary.steps[e.stepIndex].range;
      return;
    }
    promoteIfConfirmed(t);
  }

  /// runBlueGreen: iterations up to N (mirroring with `mirror`), then all traffic to the canary
  /// (one more tick), then promotion; confirm-promotion is asked from iteration N on.
  void runBlueGreen(int64_t t) {
    if (analysis_.iterations > iterations_) {
      advanceIteration(t);
      return;
    }
    if (!confirmPromotion(t)) return;
    if (analysis_.iterations == iterations_) {
      weight_ = 100;
      weight100Reached_ = true;
      ++iterations_;
      TimelineEntry &e = emit(t, EntryKind::BlueGreen);
      e.weight = 100;
      e.message = "all traffic routed to the canary";
      return;
    }
    promote(t);
  }

  /// runAB: matched traffic to the canary for N iterations, then confirm-promotion and promotion.
  void runAB(int64_t t) {
    if (analysis_.iterations > iterations_) {
      advanceIteration(t);
      return;
    }
    if (!confirmPromotion(t)) return;
    if (analysis_.iterations == iterations_) promote(t);
  }

  void advanceIteration(int64_t t) {
    ++iterations_;
    if (analysis_.mirror) mirrored_ = true;
    TimelineEntry &e = emit(t, EntryKind::BlueGreen);
    e.message = fmt::format("iteration {}/{}{}", iterations_, analysis_.iterations,
                            analysis_.strategy == plan::FlaggerStrategy::ABTesting ? ": matched traffic on the canary"
                            : analysis_.mirror ? ": traffic mirrored to the canary" : "");
  }

  void promoteIfConfirmed(int64_t t) {
    if (confirmPromotion(t)) promote(t);
  }

  /// runConfirmPromotionHooks: without a 2xx the phase is WaitingPromotion (checks go on and still
  /// count); asked again while waiting, a failure sets iterations to N-1.
  bool confirmPromotion(int64_t t) {
    if (!analysis_.confirmPromotion || gateOpen(promotionApproved_)) {
      if (phase_ == FlaggerPhase::WaitingPromotion) {
        emit(t, EntryKind::Resume).message = "confirm-promotion answered 2xx";
        phase_ = FlaggerPhase::Progressing;
      }
      return true;
    }
    if (phase_ != FlaggerPhase::WaitingPromotion) {
      phase_ = FlaggerPhase::WaitingPromotion;
      pauseStartMs_ = t;
      TimelineEntry &e = emit(t, EntryKind::Pause);
      e.reason = "confirm-promotion";
      e.message = "waiting for promotion approval: the confirm-promotion webhook does not answer 2xx; checks go on";
      e.origin = analysis_.confirmPromotion->range;
      alert(t, "warn", "Canary promotion is waiting for approval.");
    } else {
      iterations_ = analysis_.iterations - 1;
    }
    return false;
  }

  void promote(int64_t t) {
    phase_ = FlaggerPhase::Promoting;
    note(t, "canary spec copied to the primary, phase Promoting");
  }

  //===-- Outcome ----------------------------------------------------------------------------===//

  /// `rollback` (scheduler.go): all traffic to the primary, canary scaled to zero, phase Failed.
  void rollback(int64_t t, const std::string &reason, const std::string &message) {
    int32_t step = currentStep();
    phase_ = FlaggerPhase::Failed;
    weight_ = 0;
    TimelineEntry &e = emit(t, EntryKind::Abort);
    e.reason = reason;
    e.message = message;
    e.stepIndex = plan_.strategy == plan::Strategy::Canary ? step : -1;
    e.weight = 0;
    RollbackInfo info;
    info.action = "abort";
    TimelineEntry &r = emit(t, EntryKind::Rollback);
    r.action = "abort";
    r.message = "all traffic routed to the primary, canary scaled to zero; the target keeps the new spec";
    for (const plan::IrreversibleMark &mark : plan_.irreversible)
      if (plan_.strategy == plan::Strategy::Canary ? static_cast<int32_t>(mark.stepIndex) <= maxStepReached()
                                                   : weight100Reached_) {
        info.crossedIrreversible.push_back(mark.note);
        note(t, fmt::format("rollback crosses an irreversible step: {}", mark.note));
      }
    decide(t, OutcomeKind::RolledBack, reason);
    outcome_.stepIndex = plan_.strategy == plan::Strategy::Canary ? std::optional<int32_t>(step) : std::nullopt;
    outcome_.rollback = info;
    if (reason == "analysis_failed" && lastFailure_) outcome_.trigger = *lastFailure_;
  }

  int32_t maxStepReached() const { return maxWeightSeen_ > 0 ? currentStepFor(maxWeightSeen_) : -1; }

  int32_t currentStepFor(int32_t weight) const {
    for (size_t i = 0; i < analysis_.weights.size() && i < analysis_.weightSteps.size(); ++i)
      if (analysis_.weights[i] >= weight) return analysis_.weightSteps[i];
    return analysis_.weightSteps.empty() ? 0 : analysis_.weightSteps.back();
  }

  void decide(int64_t t, OutcomeKind kind, const std::string &reason) {
    outcome_ = Outcome{};
    outcome_.kind = kind;
    outcome_.decidedAtMs = t;
    outcome_.reason = reason;
    if (plan_.strategy == plan::Strategy::Canary) outcome_.stepIndex = currentStep();
    outcome_.weight = weight_;
  }

  void finish() {
    if (!terminal()) {
      if (phase_ == FlaggerPhase::Waiting || phase_ == FlaggerPhase::WaitingPromotion)
        decide(pauseStartMs_, OutcomeKind::Paused, "manual_gate");
      else
        decide(options_.endMs, OutcomeKind::Incomplete, "");
    }
    result_.close(outcome_);
  }

  const plan::Plan &plan_;
  const plan::FlaggerAnalysis &analysis_;
  MetricSource &source_;
  const std::vector<OperatorEvent> &events_;
  const ExecutionOptions &options_;
  ExecutionResult result_;
  Outcome outcome_;

  FlaggerPhase phase_ = FlaggerPhase::Progressing;
  bool started_ = false, waitingEmitted_ = false;
  int64_t failedChecks_ = 0; // status.failedChecks: only ever incremented within a run
  int32_t weight_ = 0;       // status.canaryWeight
  int32_t maxWeightSeen_ = 0;
  int64_t iterations_ = 0;   // status.iterations
  bool mirrored_ = false, weight100Reached_ = false;
  int approvals_ = 0;
  bool rolloutApproved_ = false, promotionApproved_ = false, abortRequested_ = false;
  int64_t pauseStartMs_ = 0;
  std::map<const plan::Metric *, int64_t> measurements_;
  std::optional<Trigger> lastFailure_;
};

} // namespace

ExecutionResult executeFlagger(const plan::Plan &plan, const plan::FlaggerAnalysis &analysis,
                               MetricSource &source, const std::vector<OperatorEvent> &events,
                               const ExecutionOptions &options) {
  return FlaggerExecutor(plan, analysis, source, events, options).run();
}

} // namespace rwd::runtime
