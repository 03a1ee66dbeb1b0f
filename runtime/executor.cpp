// This file implements the executor: Argo Rollouts' canary and blue-green controller semantics over
// a virtual clock (rollout/canary.go, bluegreen.go, analysis.go, pause.go; argo-semantics §5–§7).
//
// The loop jumps from one instant to the next at which anything can happen (an operator event, a
// measurement, a pause ending, a timeout, pods becoming ready). At each instant it applies the
// operator events first (file order), then takes the measurements due, then reconciles until the
// state stops changing, so steps that complete at once chain within the same instant.
#include "runtime/executor.h"

#include "compiler/support/duration.h"
#include "runtime/analysis_run.h"

#include <algorithm>
#include <fmt/format.h>
#include <memory>

namespace rwd::runtime {

std::string_view actionName(OperatorEvent::Action action) {
  switch (action) {
  case OperatorEvent::Action::Promote: return "promote";
  case OperatorEvent::Action::PromoteFull: return "promote-full";
  case OperatorEvent::Action::Abort: return "abort";
  case OperatorEvent::Action::Retry: return "retry";
  case OperatorEvent::Action::Undo: return "undo";
  case OperatorEvent::Action::Pause: return "pause";
  }
  return "promote";
}

namespace {

using Action = OperatorEvent::Action;

/// Why the rollout is paused: Argo's pause condition reasons, plus a person's `pause`.
enum class PauseReason : uint8_t { None, CanaryPauseStep, BlueGreenPause, Inconclusive };

/// Where a blue-green update is (argo-semantics §6.2).
enum class BlueGreenStage : uint8_t { WaitingReady, PrePromotion, Paused, PostPromotion, Done };

enum class Status : uint8_t { Progressing, Completed, Aborted, Undone };

class Executor {
public:
  Executor(const plan::Plan &plan, MetricSource &source, const std::vector<OperatorEvent> &events,
           const ExecutionOptions &options)
      : plan_(plan), source_(source), events_(events), options_(options) {
    result_.templatesInstantiated.assign(plan.templates.size(), false);
    result_.recordTimeline = options.recordTimeline;
  }

  ExecutionResult run() {
    emit(0, EntryKind::RolloutStart).message =
        plan_.strategy == plan::Strategy::Canary
            ? fmt::format("canary update of `{}` with {} steps", plan_.rollout, plan_.canary.steps.size())
            : fmt::format("blue-green update of `{}`", plan_.rollout);
    notify(0, "on-rollout-updated");
    startUpdate(0);
    // Operator events come first at every instant, the start included.
    size_t nextEvent = 0;
    for (; nextEvent < events_.size() && events_[nextEvent].tMs <= 0; ++nextEvent)
      applyEvent(events_[nextEvent]);
    settle(0);
    while (!failed()) {
      std::optional<int64_t> next = nextInstant(nextEvent);
      if (!next || *next > options_.endMs) break;
      // Time never runs backwards, and an instant cannot come round twice without an event: a
      // wake-up that is already due was handled when that instant was settled.
      int64_t t = std::max(*next, lastInstant_);
      if (t == lastInstant_ && (nextEvent >= events_.size() || events_[nextEvent].tMs > t) &&
          ++repeatsOfInstant_ > 3)
        break;
      if (t != lastInstant_) repeatsOfInstant_ = 0;
      for (; nextEvent < events_.size() && events_[nextEvent].tMs <= t; ++nextEvent)
        applyEvent(events_[nextEvent]);
      advanceRuns(t);
      settle(t);
      if (isTerminal() && nextEvent >= events_.size()) break;
    }
    finish();
    return std::move(result_);
  }

private:
  //===-- Timeline helpers ---------------------------------------------------===//

  TimelineEntry &emit(int64_t t, EntryKind kind) { return result_.append(t, kind); }

  void notify(int64_t t, const std::string &trigger) {
    for (const plan::Notification &n : plan_.notifications)
      if (n.trigger == trigger) {
        TimelineEntry &e = emit(t, EntryKind::Notification);
        e.reason = n.trigger;
        e.action = n.service;
        e.argument = n.recipient;
        e.origin = n.range;
      }
  }

  bool failed() const { return result_.toolFailure.has_value(); }
  bool isTerminal() const { return status_ != Status::Progressing; }
  bool canary() const { return plan_.strategy == plan::Strategy::Canary; }

  //===-- Scheduling -----------------------------------------------------------===//

  std::optional<int64_t> nextInstant(size_t nextEvent) const {
    std::optional<int64_t> next;
    auto consider = [&](std::optional<int64_t> t) {
      if (t && (!next || *t < *next)) next = t;
    };
    if (nextEvent < events_.size()) consider(events_[nextEvent].tMs);
    if (status_ != Status::Progressing) return next;
    for (const AnalysisRun *run : activeRuns()) consider(run->nextDueMs());
    consider(pendingWakeUp());
    return next;
  }

  /// The next instant after the current one at which a step, pause or deadline can change on its
  /// own. Instants already reached are skipped: a timed pause that ended while the rollout was
  /// paused by a person must not pull the clock back.
  std::optional<int64_t> pendingWakeUp() const {
    std::optional<int64_t> next;
    auto consider = [&](std::optional<int64_t> t) {
      if (t && *t > lastInstant_ && (!next || *t < *next)) next = t;
    };
    consider(readyAtMs_);
    consider(deadlineAtMs_);
    consider(experimentEndsAtMs_);
    if (pauseReason_ != PauseReason::None) {
      consider(pauseEndsAtMs_);
      consider(pauseTimeoutAtMs_);
    }
    return next;
  }

  std::vector<AnalysisRun *> activeRuns() const {
    std::vector<AnalysisRun *> runs;
    for (AnalysisRun *run : {stepRun_.get(), backgroundRun_.get(), preRun_.get(), postRun_.get()})
      if (run && !run->completed()) runs.push_back(run);
    for (const auto &run : experimentRuns_)
      if (!run->completed()) runs.push_back(run.get());
    return runs;
  }

  void advanceRuns(int64_t t) {
    lastInstant_ = t;
    if (status_ != Status::Progressing) return;
    for (AnalysisRun *run : activeRuns()) advanceRun(*run, t);
  }

  void advanceRun(AnalysisRun &run, int64_t t) {
    std::string failure;
    bool wasCompleted = run.completed();
    if (!run.advance(t, source_, result_.timeline, failure)) {
      result_.toolFailure = failure;
      return;
    }
    if (!wasCompleted && run.completed()) announceRunEnd(run, t);
  }

  void announceRunEnd(const AnalysisRun &run, int64_t t) {
    switch (run.phase()) {
    case Phase::Failed: notify(t, "on-analysis-run-failed"); break;
    case Phase::Error: notify(t, "on-analysis-run-error"); break;
    case Phase::Inconclusive: notify(t, "on-analysis-run-inconclusive"); break;
    case Phase::Successful: notify(t, "on-analysis-run-successful"); break;
    default: break;
    }
  }

  std::unique_ptr<AnalysisRun> startRun(const plan::Run &run, std::string label, int64_t t) {
    auto created = std::make_unique<AnalysisRun>(plan_, run, label, t, options_.recordTimeline);
    for (size_t index : run.templates) result_.templatesInstantiated[index] = true;
    TimelineEntry &e = emit(t, EntryKind::AnalysisStart);
    e.run = label;
    std::string templates;
    for (size_t index : run.templates) {
      if (!templates.empty()) templates += ", ";
      templates += plan_.templates[index].name;
    }
    e.analysis = templates;
    e.origin = run.range;
    notify(t, "on-analysis-run-running");
    advanceRun(*created, t); // measurements without initial delay happen at once
    return created;
  }

  //===-- The update -------------------------------------------------------------===//

  void startUpdate(int64_t t) {
    status_ = Status::Progressing;
    pauseReason_ = PauseReason::None;
    stepIndex_ = 0;
    stepEntered_ = false;
    backgroundDone_ = false;
    backgroundHandled_ = false;
    stepInconclusiveHandled_ = preInconclusiveHandled_ = postInconclusiveHandled_ = false;
    switched_ = false;
    weight_ = 0;
    stepRun_.reset();
    backgroundRun_.reset();
    preRun_.reset();
    postRun_.reset();
    experimentRuns_.clear();
    experimentEndsAtMs_.reset();
    if (!canary()) {
      bgStage_ = BlueGreenStage::WaitingReady;
      readyAtMs_ = t + options_.readinessDelayMs;
      armProgressDeadline(t);
      TimelineEntry &e = emit(t, EntryKind::BlueGreen);
      e.message = fmt::format("new ReplicaSet scaled up{}; preview service{} points to it",
                              plan_.blueGreen.previewReplicas
                                  ? fmt::format(" to {} preview replicas", *plan_.blueGreen.previewReplicas)
                                  : "",
                              plan_.blueGreen.previewService.empty() ? "" : " `" + plan_.blueGreen.previewService + "`");
    }
  }

  /// Reconciles until nothing changes at instant t (bounded: every iteration moves state forward).
  void settle(int64_t t) {
    lastInstant_ = t;
    for (int guard = 0; guard < 10'000 && !failed(); ++guard) {
      if (status_ != Status::Progressing) return;
      bool changed = canary() ? reconcileCanary(t) : reconcileBlueGreen(t);
      if (!changed) return;
    }
  }

  void armProgressDeadline(int64_t t) {
    // Progress is "stuck" only while pods are not ready; in a replay that is the readiness delay.
    deadlineAtMs_.reset();
    int64_t deadline = plan_.progressDeadlineMs.value_or(600'000);
    if (options_.readinessDelayMs > deadline) deadlineAtMs_ = t + deadline;
  }

  bool checkProgressDeadline(int64_t t) {
    if (!deadlineAtMs_ || t < *deadlineAtMs_) return false;
    deadlineAtMs_.reset();
    if (plan_.progressDeadlineAbort) {
      abort(t, "progress_deadline", fmt::format("ProgressDeadlineExceeded: pods not ready within {}",
                                                formatDuration(plan_.progressDeadlineMs.value_or(600'000))),
            nullptr);
      return true;
    }
    emit(t, EntryKind::Note).message =
        "ProgressDeadlineExceeded: the rollout is Degraded but keeps going (progress deadline abort is off)";
    notify(t, "on-progress-deadline-exceeded");
    return false;
  }

  //===-- Canary ---------------------------------------------------------------------===//

  bool reconcileCanary(int64_t t) {
    const plan::Canary &c = plan_.canary;
    // Background analysis: one run per update once the starting step is reached (§5.3).
    if (c.background && !backgroundRun_ && !backgroundDone_ &&
        stepIndex_ >= c.backgroundStartingStep && stepIndex_ < static_cast<int32_t>(c.steps.size())) {
      backgroundRun_ = startRun(*c.background, "background", t);
      return true;
    }
    if (backgroundRun_ && backgroundRun_->completed() && !backgroundHandled_) {
      backgroundHandled_ = true;
      Phase phase = backgroundRun_->phase();
      if (phase == Phase::Failed || phase == Phase::Error) {
        abortForRun(*backgroundRun_, t, "Background analysis");
        return true;
      }
      if (phase == Phase::Inconclusive) {
        pauseForInconclusive(t, *backgroundRun_);
        return true;
      }
      backgroundDone_ = true; // Successful: steps go on, no second run (§5.3)
    }
    if (stepIndex_ >= static_cast<int32_t>(c.steps.size())) {
      completeUpdate(t, fmt::format("completed all {} canary steps", c.steps.size()));
      return true;
    }
    const plan::Step &step = c.steps[stepIndex_];
    if (!stepEntered_) {
      enterStep(step, t);
      return true;
    }
    // The deadline is armed by a setWeight step whose pods are slow; Argo never applies it at a
    // pause, analysis or experiment step (rollout/sync.go → evaluateProgressDeadlineAbort,
    // isIndefiniteStep), e.g. after a promote skipped that setWeight step.
    if (step.kind == plan::StepKind::SetWeight && checkProgressDeadline(t)) return true;
    // A Failed/Error step analysis aborts even while a person has paused the rollout: Argo's
    // reconcileStepBasedAnalysisRun (rollout/analysis.go) skips only when pause *conditions*
    // exist or the rollout is aborted, and `spec.paused` is not a pause condition.
    if (step.kind == plan::StepKind::Analysis && pauseReason_ != PauseReason::Inconclusive &&
        stepRun_ && (stepRun_->phase() == Phase::Failed || stepRun_->phase() == Phase::Error)) {
      abortForRun(*stepRun_, t, "Step-based analysis");
      return true;
    }
    // The same holds for an experiment (rollout/experiment.go → reconcileExperiments checks only
    // the InconclusiveAnalysis pause condition and the abort).
    if (step.kind == plan::StepKind::Experiment && pauseReason_ != PauseReason::Inconclusive) {
      if (const AnalysisRun *worst = worstExperimentRun();
          worst && (worst->phase() == Phase::Failed || worst->phase() == Phase::Error)) {
        abortForRun(*worst, t, "Experiment analysis",
                    fmt::format("Experiment analysis phase is error/failed: {}", worst->message()));
        return true;
      }
    }
    if (specPaused_ || pauseReason_ == PauseReason::Inconclusive) return false;
    switch (step.kind) {
    case plan::StepKind::SetWeight:
      if (readyAtMs_ && t < *readyAtMs_) return false;
      completeStep(t);
      return true;
    case plan::StepKind::Pause:
      if (pauseEndsAtMs_ && t >= *pauseEndsAtMs_) {
        completeStep(t);
        return true;
      }
      if (promotionTimedOut(t, *step.promotionTimeoutMs)) return true;
      return false;
    case plan::StepKind::Analysis:
      if (!stepRun_ || !stepRun_->completed()) return false;
      switch (stepRun_->phase()) {
      case Phase::Successful: completeStep(t); return true;
      case Phase::Failed:
      case Phase::Error: abortForRun(*stepRun_, t, "Step-based analysis"); return true;
      case Phase::Inconclusive:
        if (!stepInconclusiveHandled_) {
          stepInconclusiveHandled_ = true;
          pauseForInconclusive(t, *stepRun_);
          return true;
        }
        return false;
      default: return false;
      }
    case plan::StepKind::Experiment: return reconcileExperiment(*step.experiment, t);
    case plan::StepKind::SetCanaryScale:
    case plan::StepKind::SetHeaderRoute:
    case plan::StepKind::SetMirrorRoute:
    case plan::StepKind::Passthrough:
      completeStep(t); // no traffic to shift in a replay: complete as soon as entered
      return true;
    }
    return false;
  }

  /// The worst completed experiment analysis that ends the experiment early: Failed, then Error,
  /// then Inconclusive (utils/analysis/helpers.go → IsWorse; experiments/experiment.go →
  /// assessAnalysisRuns).
  const AnalysisRun *worstExperimentRun() const {
    const AnalysisRun *worst = nullptr;
    auto rank = [](Phase p) { return p == Phase::Failed ? 3 : p == Phase::Error ? 2 : p == Phase::Inconclusive ? 1 : 0; };
    for (const auto &run : experimentRuns_)
      if (run->completed() && rank(run->phase()) > 0 && (!worst || rank(run->phase()) > rank(worst->phase())))
        worst = run.get();
    return worst;
  }

  /// An experiment step (experiments/experiment.go → calculateStatus; utils/experiment →
  /// RequiredAnalysisRunsSuccessful, PassedDurations): Inconclusive pauses the rollout
  /// (InconclusiveExperiment); with required analyses the experiment is Successful once all of
  /// them are, whatever the duration; otherwise once its duration has passed since the
  /// ReplicaSets became available; with neither it never completes by itself.
  bool reconcileExperiment(const plan::Experiment &e, int64_t t) {
    if (const AnalysisRun *worst = worstExperimentRun(); worst && worst->phase() == Phase::Inconclusive) {
      if (experimentInconclusiveHandled_) return false;
      experimentInconclusiveHandled_ = true;
      pauseForInconclusive(t, *worst, "InconclusiveExperiment");
      return true;
    }
    bool hasRequired = false, requiredDone = true;
    for (size_t i = 0; i < e.analyses.size() && i < experimentRuns_.size(); ++i)
      if (e.analyses[i].requiredForCompletion) {
        hasRequired = true;
        requiredDone &= experimentRuns_[i]->completed() && experimentRuns_[i]->phase() == Phase::Successful;
      }
    std::string why;
    if (hasRequired && requiredDone) why = "every required analysis is Successful";
    else if (!hasRequired && experimentEndsAtMs_ && t >= *experimentEndsAtMs_)
      why = fmt::format("its duration ({}) has passed", formatDuration(*e.durationMs));
    if (why.empty()) return false;
    TimelineEntry &n = emit(t, EntryKind::Note);
    n.stepIndex = stepIndex_;
    n.message = "experiment Successful: " + why;
    n.origin = e.range;
    completeStep(t);
    return true;
  }

  void enterStep(const plan::Step &step, int64_t t) {
    stepEntered_ = true;
    stepStartMs_ = t;
    maxStepStarted_ = std::max(maxStepStarted_, stepIndex_);
    readyAtMs_.reset();
    pauseEndsAtMs_.reset();
    pauseTimeoutAtMs_.reset();
    stepInconclusiveHandled_ = false;
    TimelineEntry &e = emit(t, EntryKind::Step);
    e.stepIndex = stepIndex_;
    e.origin = step.range;
    switch (step.kind) {
    case plan::StepKind::SetWeight:
      weight_ = step.weight;
      e.weight = step.weight;
      e.message = fmt::format("setWeight {}", step.weight);
      notify(t, "on-traffic-weight-updated");
      readyAtMs_ = t + options_.readinessDelayMs;
      if (options_.readinessDelayMs > 0) armProgressDeadline(t);
      break;
    case plan::StepKind::Pause:
      e.weight = weight_;
      pauseReason_ = PauseReason::CanaryPauseStep;
      pauseStartMs_ = t;
      if (step.pauseMs) {
        pauseEndsAtMs_ = t + *step.pauseMs;
        e.message = fmt::format("pause {}", formatDuration(*step.pauseMs));
      } else {
        e.message = step.promotionTimeoutMs
                        ? fmt::format("pause until promoted (timeout {})", formatDuration(*step.promotionTimeoutMs))
                        : "pause until promoted";
        if (step.promotionTimeoutMs) pauseTimeoutAtMs_ = t + *step.promotionTimeoutMs;
      }
      notify(t, "on-rollout-paused");
      break;
    case plan::StepKind::Analysis:
      e.weight = weight_;
      e.message = "analysis";
      stepRun_ = startRun(*step.analysis, fmt::format("step {}", stepIndex_), t);
      break;
    case plan::StepKind::Experiment: {
      e.weight = weight_;
      const plan::Experiment &x = *step.experiment;
      std::vector<std::string> sets;
      for (const plan::ExperimentTemplate &rs : x.templates) sets.push_back(rs.name + " from " + rs.specRef);
      e.message = fmt::format("experiment{} ({})", x.durationMs ? " for " + formatDuration(*x.durationMs) : "",
                              sets.empty() ? std::string("no replicasets") : fmt::format("{}", fmt::join(sets, ", ")));
      experimentInconclusiveHandled_ = false;
      // The duration counts from when the experiment's ReplicaSets are available (AvailableAt).
      if (x.durationMs) experimentEndsAtMs_ = t + options_.readinessDelayMs + *x.durationMs;
      for (const plan::ExperimentAnalysis &a : x.analyses)
        experimentRuns_.push_back(startRun(a.run, fmt::format("step {} {}", stepIndex_, a.name), t));
      break;
    }
    case plan::StepKind::SetCanaryScale:
      e.weight = weight_;
      switch (step.scale.kind) {
      case plan::CanaryScale::Kind::Replicas:
        e.message = fmt::format("setCanaryScale replicas {}", step.scale.replicas);
        break;
      case plan::CanaryScale::Kind::Weight: e.message = fmt::format("setCanaryScale weight {}", step.scale.weight); break;
      case plan::CanaryScale::Kind::MatchTrafficWeight: e.message = "setCanaryScale matchTrafficWeight"; break;
      }
      break;
    case plan::StepKind::SetHeaderRoute:
    case plan::StepKind::SetMirrorRoute:
      e.weight = weight_;
      e.message = fmt::format("{} `{}`{}", step.kind == plan::StepKind::SetHeaderRoute ? "setHeaderRoute" : "setMirrorRoute",
                              step.name, step.config.is_null() ? " removed" : "");
      break;
    case plan::StepKind::Passthrough:
      e.weight = weight_;
      e.message = fmt::format("argo step `{}` (not simulated; treated as complete)", step.name);
      break;
    }
    for (const plan::IrreversibleMark &mark : plan_.irreversible)
      if (canary() && mark.stepIndex == static_cast<size_t>(stepIndex_)) {
        TimelineEntry &n = emit(t, EntryKind::Note);
        n.message = fmt::format("irreversible: {}", mark.note);
        n.origin = mark.range;
      }
  }

  void completeStep(int64_t t) {
    TimelineEntry &e = emit(t, EntryKind::StepComplete);
    e.stepIndex = stepIndex_;
    e.weight = weight_;
    notify(t, "on-rollout-step-completed");
    if (stepRun_ && !stepRun_->completed()) stepRun_->terminate(t, result_.timeline, "step skipped");
    stepRun_.reset();
    // An experiment that completes (or is skipped) terminates its analyses still running, which
    // then end Successful (experiments/experiment.go → reconcileAnalysisRun while terminating).
    for (const auto &run : experimentRuns_)
      if (!run->completed()) run->terminate(t, result_.timeline, "experiment completed");
    experimentRuns_.clear();
    experimentEndsAtMs_.reset();
    if (pauseReason_ == PauseReason::CanaryPauseStep) pauseReason_ = PauseReason::None;
    pauseEndsAtMs_.reset();
    pauseTimeoutAtMs_.reset();
    readyAtMs_.reset();
    ++stepIndex_;
    stepEntered_ = false;
  }

  //===-- Blue-green -----------------------------------------------------------------===//

  bool reconcileBlueGreen(int64_t t) {
    const plan::BlueGreen &bg = plan_.blueGreen;
    switch (bgStage_) {
    case BlueGreenStage::WaitingReady:
      if (checkProgressDeadline(t)) return true;
      if (readyAtMs_ && t < *readyAtMs_) return false;
      readyAtMs_.reset();
      deadlineAtMs_.reset();
      emit(t, EntryKind::BlueGreen).message = "new ReplicaSet is available (preview ready)";
      bgStage_ = BlueGreenStage::PrePromotion;
      if (bg.prePromotion) preRun_ = startRun(*bg.prePromotion, "pre-promotion", t);
      return true;
    case BlueGreenStage::PrePromotion:
      if (preRun_) {
        if (!preRun_->completed()) return false;
        Phase phase = preRun_->phase();
        if (phase == Phase::Failed || phase == Phase::Error) {
          abortForRun(*preRun_, t, "Blue/green pre-promotion analysis");
          return true;
        }
        if (phase == Phase::Inconclusive) {
          if (pauseReason_ != PauseReason::Inconclusive && !preInconclusiveHandled_) {
            preInconclusiveHandled_ = true;
            pauseForInconclusive(t, *preRun_);
            return true;
          }
          return false; // waits for a promote (which moves on) or an abort
        }
      }
      if (specPaused_) return false;
      if (!bg.autoPromotionEnabled || bg.autoPromotionDelayMs > 0) {
        bgStage_ = BlueGreenStage::Paused;
        pauseReason_ = PauseReason::BlueGreenPause;
        pauseStartMs_ = t;
        TimelineEntry &e = emit(t, EntryKind::Pause);
        e.reason = "BlueGreenPause";
        if (bg.autoPromotionEnabled) {
          pauseEndsAtMs_ = t + bg.autoPromotionDelayMs;
          e.message = fmt::format("auto-promotion in {}", formatDuration(bg.autoPromotionDelayMs));
        } else {
          e.message = "waiting for promote";
          if (bg.promotionTimeoutMs) {
            pauseTimeoutAtMs_ = t + *bg.promotionTimeoutMs;
            e.message += fmt::format(" (timeout {})", formatDuration(*bg.promotionTimeoutMs));
          }
        }
        notify(t, "on-rollout-paused");
        return true;
      }
      switchActive(t);
      return true;
    case BlueGreenStage::Paused:
      if (specPaused_) return false;
      if (pauseEndsAtMs_ && t >= *pauseEndsAtMs_) {
        pauseReason_ = PauseReason::None;
        pauseEndsAtMs_.reset();
        emit(t, EntryKind::Resume).message = "auto-promotion delay elapsed";
        switchActive(t);
        return true;
      }
      if (promotionTimedOut(t, *bg.promotionTimeoutMs)) return true;
      return false;
    case BlueGreenStage::PostPromotion:
      if (!postRun_) {
        completeUpdate(t, "completed blue-green update");
        return true;
      }
      if (!postRun_->completed()) return false;
      switch (postRun_->phase()) {
      case Phase::Successful: completeUpdate(t, "post-promotion analysis passed; completed blue-green update"); return true;
      case Phase::Failed:
      case Phase::Error: abortForRun(*postRun_, t, "Blue/green post-promotion analysis"); return true;
      case Phase::Inconclusive:
        if (!postInconclusiveHandled_) {
          postInconclusiveHandled_ = true;
          pauseForInconclusive(t, *postRun_);
          return true;
        }
        return false;
      default: return false;
      }
    case BlueGreenStage::Done: return false;
    }
    return false;
  }

  void switchActive(int64_t t) {
    pauseReason_ = PauseReason::None;
    pauseEndsAtMs_.reset();
    pauseTimeoutAtMs_.reset();
    switched_ = true;
    bgStage_ = BlueGreenStage::PostPromotion;
    TimelineEntry &e = emit(t, EntryKind::BlueGreen);
    e.message = plan_.blueGreen.activeService.empty()
                    ? "promoted: active service switched to the new ReplicaSet"
                    : fmt::format("promoted: active service `{}` switched to the new ReplicaSet",
                                  plan_.blueGreen.activeService);
    for (const plan::IrreversibleMark &mark : plan_.irreversible) {
      TimelineEntry &n = emit(t, EntryKind::Note);
      n.message = fmt::format("irreversible: {}", mark.note);
      n.origin = mark.range;
    }
    if (plan_.blueGreen.postPromotion) postRun_ = startRun(*plan_.blueGreen.postPromotion, "post-promotion", t);
  }

  /// Rewind's promotion timeout: nobody promoted by the deadline, so the rollout rolls back.
  bool promotionTimedOut(int64_t t, int64_t timeoutMs) {
    if (!pauseTimeoutAtMs_ || t < *pauseTimeoutAtMs_) return false;
    abort(t, "timeout",
          fmt::format("nobody promoted within {} (Rewind's promotion timeout)", formatDuration(timeoutMs)),
          nullptr);
    return true;
  }

  //===-- Outcomes ---------------------------------------------------------------------===//

  void completeUpdate(int64_t t, const std::string &message) {
    for (AnalysisRun *run : activeRuns()) run->terminate(t, result_.timeline, "rollout fully promoted");
    status_ = Status::Completed;
    bgStage_ = BlueGreenStage::Done;
    // Argo sets currentStepIndex to len(steps) on completion, promote --full included
    // (rollout/canary.go → syncRolloutStatusCanary).
    if (canary()) stepIndex_ = static_cast<int32_t>(plan_.canary.steps.size());
    pauseReason_ = PauseReason::None;
    if (canary()) weight_ = 100;
    emit(t, canary() ? EntryKind::Note : EntryKind::BlueGreen).message = message;
    notify(t, "on-rollout-completed");
    decide(t, OutcomeKind::Promoted, "");
  }

  void abortForRun(const AnalysisRun &run, int64_t t, const char *what,
                   std::optional<std::string> message = std::nullopt) {
    const MetricState *metric = run.decisiveMetric();
    Trigger trigger;
    if (metric) {
      trigger.analysis = metric->templateName;
      trigger.metric = metric->metric->name;
      trigger.measurement = metric->measurements - 1;
      trigger.value = metric->lastValue;
      trigger.phase = metric->phase;
      trigger.message = metric->message;
    }
    std::string phase = run.phase() == Phase::Failed ? "failed" : "error";
    abort(t, run.phase() == Phase::Failed ? "analysis_failed" : "analysis_error",
          message ? *message : fmt::format("{} phase {}: {}", what, phase, run.message()),
          metric ? &trigger : nullptr);
  }

  /// The irreversible marks a rollback at t crosses — canary marks whose step has started (in any
  /// attempt), blue-green marks once the active service switched — each noted in the timeline.
  std::vector<std::string> crossIrreversible(int64_t t) {
    std::vector<std::string> crossed;
    for (const plan::IrreversibleMark &mark : plan_.irreversible)
      if (canary() ? static_cast<int32_t>(mark.stepIndex) <= maxStepStarted_ : switched_) {
        crossed.push_back(mark.note);
        emit(t, EntryKind::Note).message = fmt::format("rollback crosses an irreversible step: {}", mark.note);
      }
    return crossed;
  }

  void abort(int64_t t, const std::string &reason, const std::string &message, const Trigger *trigger) {
    int32_t stepAtAbort = stepIndex_;
    for (AnalysisRun *run : activeRuns()) run->terminate(t, result_.timeline, "rollout aborted");
    status_ = Status::Aborted;
    pauseReason_ = PauseReason::None;
    weight_ = 0;
    TimelineEntry &e = emit(t, EntryKind::Abort);
    e.reason = reason;
    e.message = message;
    e.stepIndex = canary() ? stepAtAbort : -1;
    e.weight = 0;
    notify(t, "on-rollout-aborted");

    RollbackInfo rollback;
    switch (plan_.onRollback.kind) {
    case plan::RollbackAction::Kind::Abort: rollback.action = "abort"; break;
    case plan::RollbackAction::Kind::UndoPrevious: rollback.action = "undo"; break;
    case plan::RollbackAction::Kind::UndoRevision:
      rollback.action = "undo";
      rollback.revision = plan_.onRollback.revision;
      break;
    }
    TimelineEntry &r = emit(t, EntryKind::Rollback);
    r.action = rollback.action;
    r.argument = rollback.revision ? std::to_string(*rollback.revision) : "";
    r.origin = plan_.onRollback.range;
    r.message = rollback.action == "abort"
                    ? "traffic back on the stable version; the spec still holds the new version"
                    : rollback.revision ? fmt::format("abort, then undo to revision {}", *rollback.revision)
                                        : "abort, then undo to the previous revision";
    rollback.crossedIrreversible = crossIrreversible(t);
    decide(t, OutcomeKind::RolledBack, reason);
    outcome_.stepIndex = canary() ? std::optional<int32_t>(stepAtAbort) : std::nullopt;
    outcome_.rollback = rollback;
    if (trigger) outcome_.trigger = *trigger;
  }

  void pauseForInconclusive(int64_t t, const AnalysisRun &run,
                            const char *reason = "InconclusiveAnalysisRun") {
    pauseReason_ = PauseReason::Inconclusive;
    pauseStartMs_ = t;
    inconclusiveRun_ = &run;
    TimelineEntry &e = emit(t, EntryKind::Pause);
    e.reason = reason;
    e.run = run.label();
    e.message = fmt::format("analysis `{}` is Inconclusive: waiting for promote or abort", run.label());
    notify(t, "on-rollout-paused");
    if (const MetricState *metric = run.decisiveMetric()) {
      Trigger trigger;
      trigger.analysis = metric->templateName;
      trigger.metric = metric->metric->name;
      trigger.measurement = metric->measurements - 1;
      trigger.value = metric->lastValue;
      trigger.phase = metric->phase;
      trigger.message = metric->message;
      pausedTrigger_ = trigger;
    }
  }

  void decide(int64_t t, OutcomeKind kind, const std::string &reason) {
    outcome_ = Outcome{};
    outcome_.kind = kind;
    outcome_.decidedAtMs = t;
    outcome_.reason = reason;
    if (canary()) outcome_.stepIndex = stepIndex_;
    outcome_.weight = weight_;
  }

  //===-- Operator events ---------------------------------------------------------------===//

  void ignored(const OperatorEvent &event, const std::string &why) {
    TimelineEntry &e = emit(event.tMs, EntryKind::Note);
    e.action = std::string(actionName(event.action));
    e.message = fmt::format("`{}` has no effect: {}", actionName(event.action), why);
    e.origin = event.origin;
  }

  void applyEvent(const OperatorEvent &event) {
    int64_t t = event.tMs;
    lastInstant_ = t;
    TimelineEntry &e = emit(t, EntryKind::Event);
    e.action = std::string(actionName(event.action));
    e.argument = event.revision ? std::to_string(*event.revision) : "";
    e.origin = event.origin;
    switch (event.action) {
    case Action::Promote: promote(event); break;
    case Action::PromoteFull:
      if (status_ == Status::Aborted) ignored(event, "the rollout is aborted (retry first)");
      else if (status_ != Status::Progressing) ignored(event, "the rollout is not progressing");
      else completeUpdate(t, "promote --full: remaining steps, pauses and analyses skipped");
      break;
    case Action::Abort:
      if (status_ != Status::Progressing) ignored(event, "the rollout is not progressing");
      else abort(t, "manual_abort", "aborted by `kubectl argo rollouts abort`", nullptr);
      break;
    case Action::Retry:
      if (status_ != Status::Aborted) {
        ignored(event, "the rollout is not aborted");
        break;
      }
      notify(t, "on-rollout-retry");
      emit(t, EntryKind::Note).message = "retry: the update restarts from step 0 with new analysis runs";
      specPaused_ = false;
      startUpdate(t);
      outcome_ = Outcome{};
      break;
    case Action::Undo: {
      for (AnalysisRun *run : activeRuns()) run->terminate(t, result_.timeline, "rollout undone");
      bool alreadyRolledBack = status_ == Status::Aborted;
      status_ = Status::Undone;
      TimelineEntry &n = emit(t, EntryKind::Note);
      n.message = event.revision
                      ? fmt::format("undo: the spec goes back to revision {}, which rolls out as a new revision", *event.revision)
                      : "undo: the spec goes back to the previous (stable) revision; a rollback to stable skips the steps";
      if (!alreadyRolledBack) {
        int32_t step = stepIndex_;
        weight_ = 0; // the spec goes back to the stable version: no canary traffic
        decide(t, OutcomeKind::RolledBack, "manual_undo");
        outcome_.stepIndex = canary() ? std::optional<int32_t>(step) : std::nullopt;
        RollbackInfo rollback;
        rollback.action = "undo";
        rollback.revision = event.revision;
        // An undo is a rollback like an abort: it crosses the marks of steps already started.
        rollback.crossedIrreversible = crossIrreversible(t);
        outcome_.rollback = rollback;
      } else if (outcome_.rollback) {
        outcome_.rollback->action = "undo";
        outcome_.rollback->revision = event.revision;
      }
      break;
    }
    case Action::Pause:
      if (status_ != Status::Progressing) ignored(event, "the rollout is not progressing");
      else if (specPaused_) ignored(event, "the rollout is already paused");
      else {
        specPaused_ = true;
        specPausedAtMs_ = t;
        notify(t, "on-rollout-paused");
      }
      break;
    }
  }

  /// `kubectl argo rollouts promote` (promote/promote.go → getPatches): unpause; clear pause
  /// conditions if there are any; otherwise, for a canary, skip the current step.
  void promote(const OperatorEvent &event) {
    int64_t t = event.tMs;
    if (status_ == Status::Aborted) {
      ignored(event, "promote does not clear an abort (use retry)");
      return;
    }
    if (status_ != Status::Progressing) {
      ignored(event, "the rollout is not progressing");
      return;
    }
    bool wasPaused = specPaused_ || pauseReason_ != PauseReason::None;
    specPaused_ = false;
    if (wasPaused) {
      notify(t, "on-rollout-resumed");
      emit(t, EntryKind::Resume).message = "promoted";
    }
    if (canary()) {
      if (pauseReason_ == PauseReason::CanaryPauseStep) {
        pauseReason_ = PauseReason::None;
        completeStep(t); // the controller sees the pause condition gone: the pause step is done
      } else if (pauseReason_ == PauseReason::Inconclusive) {
        pauseReason_ = PauseReason::None;
        if (inconclusiveRun_ == backgroundRun_.get()) {
          // A fresh background run is created after an inconclusive one is promoted (§5.3).
          backgroundRun_.reset();
          backgroundHandled_ = false;
          // promote clears *every* pause condition (promote.go: clearPauseConditionsPatch) but
          // leaves controllerPause set, so a pause step the rollout was sitting in is complete
          // on the next reconcile (pause.go → CompletedCanaryPauseStep: controllerPause and no
          // CanaryPauseStep condition ⇒ "Rollout has been unpaused").
          if (stepEntered_ && stepIndex_ < static_cast<int32_t>(plan_.canary.steps.size()) &&
              plan_.canary.steps[stepIndex_].kind == plan::StepKind::Pause)
            completeStep(t);
        } else {
          completeStep(t); // skip the inconclusive analysis step
        }
        inconclusiveRun_ = nullptr;
        pausedTrigger_.reset();
      } else if (stepIndex_ < static_cast<int32_t>(plan_.canary.steps.size())) {
        completeStep(t); // promote in the middle of a step skips it
      }
      return;
    }
    // Blue-green: clearing the pause condition releases the BlueGreenPause or an inconclusive run.
    if (pauseReason_ == PauseReason::BlueGreenPause) {
      switchActive(t);
    } else if (pauseReason_ == PauseReason::Inconclusive) {
      pauseReason_ = PauseReason::None;
      pausedTrigger_.reset();
      if (bgStage_ == BlueGreenStage::PrePromotion) switchActive(t);
      else if (bgStage_ == BlueGreenStage::PostPromotion) completeUpdate(t, "promoted past an inconclusive post-promotion analysis");
    }
  }

  //===-- End of simulated time -----------------------------------------------------------===//

  void finish() {
    if (failed()) {
      result_.outcome = outcome_;
      return;
    }
    if (status_ == Status::Progressing) {
      bool manualGate = specPaused_ ||
                        (pauseReason_ == PauseReason::CanaryPauseStep && !pauseEndsAtMs_) ||
                        (pauseReason_ == PauseReason::BlueGreenPause && !pauseEndsAtMs_);
      if (pauseReason_ == PauseReason::Inconclusive) {
        decide(pauseStartMs_, OutcomeKind::Paused, "inconclusive");
        outcome_.trigger = pausedTrigger_;
      } else if (manualGate) {
        decide(specPaused_ ? specPausedAtMs_ : pauseStartMs_, OutcomeKind::Paused, "manual_gate");
      } else {
        decide(options_.endMs, OutcomeKind::Incomplete, "");
      }
      if (!canary()) outcome_.stepIndex.reset();
    }
    result_.close(outcome_);
  }

  const plan::Plan &plan_;
  MetricSource &source_;
  const std::vector<OperatorEvent> &events_;
  const ExecutionOptions &options_;
  ExecutionResult result_;
  Outcome outcome_;

  Status status_ = Status::Progressing;
  int64_t lastInstant_ = 0;
  int repeatsOfInstant_ = 0;
  // Canary
  int32_t stepIndex_ = 0;
  int32_t maxStepStarted_ = -1;
  bool stepEntered_ = false;
  int64_t stepStartMs_ = 0;
  int32_t weight_ = 0;
  bool stepInconclusiveHandled_ = false;
  std::unique_ptr<AnalysisRun> stepRun_, backgroundRun_;
  std::vector<std::unique_ptr<AnalysisRun>> experimentRuns_; // the current experiment step's runs
  std::optional<int64_t> experimentEndsAtMs_;                 // AvailableAt + duration
  bool experimentInconclusiveHandled_ = false;
  bool backgroundDone_ = false, backgroundHandled_ = false;
  // Blue-green
  BlueGreenStage bgStage_ = BlueGreenStage::WaitingReady;
  std::unique_ptr<AnalysisRun> preRun_, postRun_;
  bool preInconclusiveHandled_ = false, postInconclusiveHandled_ = false;
  bool switched_ = false;
  // Pauses and deadlines
  PauseReason pauseReason_ = PauseReason::None;
  int64_t pauseStartMs_ = 0;
  std::optional<int64_t> pauseEndsAtMs_, pauseTimeoutAtMs_, readyAtMs_, deadlineAtMs_;
  bool specPaused_ = false;
  int64_t specPausedAtMs_ = 0;
  const AnalysisRun *inconclusiveRun_ = nullptr;
  std::optional<Trigger> pausedTrigger_;
};

} // namespace

ExecutionResult execute(const plan::Plan &plan, MetricSource &source,
                        const std::vector<OperatorEvent> &events, const ExecutionOptions &options) {
  return Executor(plan, source, events, options).run();
}

} // namespace rwd::runtime
