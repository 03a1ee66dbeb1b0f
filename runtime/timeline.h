// This file implements the runtime's output: a timeline of everything that happened and the outcome.
#pragma once

#include "compiler/source/source_manager.h"
#include "runtime/phase.h"
#include "runtime/value.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rwd::runtime {

enum class EntryKind : uint8_t {
  RolloutStart,  // the update begins
  Step,          // a canary step starts (stepIndex, detail describes it)
  StepComplete,  // a canary step completes
  BlueGreen,     // a blue-green phase change (detail: preview ready, paused, switched, ...)
  AnalysisStart, // an AnalysisRun is created
  Measurement,   // one measurement (analysis, metric, measurement, value, phase, message)
  MetricEnd,     // a metric's phase completed (phase, message)
  AnalysisEnd,   // an AnalysisRun completed (phase, message)
  Event,         // an operator event (action, argument, detail)
  Pause,         // the rollout paused (reason)
  Resume,        // the rollout resumed
  Abort,         // the rollout aborted (reason, message)
  Rollback,      // what the policy does on rollback (undo), irreversible marks crossed
  Notification,  // a subscribed notification fires (trigger, service, recipient)
  Note,          // anything worth saying that changes nothing (an ignored event, a deadline)
  Decision,      // the outcome
};

std::string_view entryKindName(EntryKind kind);

struct TimelineEntry {
  int64_t tMs = 0;
  EntryKind kind = EntryKind::Note;
  std::string run;       // "step 2", "background", "pre-promotion", "post-promotion"
  std::string analysis;  // template name
  std::string metric;
  int64_t measurement = -1;
  std::optional<Value> value;
  std::optional<Phase> phase;
  int32_t stepIndex = -1;
  int32_t weight = -1;
  std::string action;    // events: promote, abort, ...; rollback: abort, undo
  std::string argument;
  std::string reason;
  std::string message;
  bool dryRun = false;
  SourceRange origin;    // the policy text this entry stems from, when there is one
};

enum class OutcomeKind : uint8_t { Promoted, RolledBack, Paused, Incomplete };
std::string_view outcomeName(OutcomeKind kind);

struct Trigger {
  std::string analysis;
  std::string metric;
  int64_t measurement = 0;
  Value value;
  Phase phase = Phase::Failed;
  std::string message;
};

struct RollbackInfo {
  std::string action = "abort"; // abort | undo
  std::optional<int64_t> revision; // undo: the revision, or nullopt for the previous one
  std::vector<std::string> crossedIrreversible;
};

struct Outcome {
  OutcomeKind kind = OutcomeKind::Incomplete;
  int64_t decidedAtMs = 0;
  std::string reason; // rolled_back: analysis_failed, analysis_error, manual_abort, manual_undo,
                      // timeout, progress_deadline; paused: manual_gate, inconclusive; else ""
  std::optional<Trigger> trigger;
  std::optional<int32_t> stepIndex; // canary only
  int32_t weight = 0;
  std::optional<RollbackInfo> rollback;
};

struct ExecutionResult {
  std::vector<TimelineEntry> timeline;
  Outcome outcome;
  /// Set when the metric source failed (ToolFailure): the result must not be reported as complete.
  std::optional<std::string> toolFailure;
  /// Whose semantics produced it: "argo" (runtime/executor) or "flagger" (runtime/flagger_executor).
  std::string controller = "argo";
  /// Per plan template: whether an AnalysisRun of it was created. A template never instantiated
  /// was never read, so a replay of a plan that differs only in such templates is the same replay
  /// (what `rewind tune` relies on to skip work).
  std::vector<bool> templatesInstantiated;

  /// Off: append() hands out a scratch entry and the timeline stays empty; the outcome is the same.
  /// Test suites and tuning need the outcome only, and building the entries was most of a
  /// replay's cost.
  bool recordTimeline = true;

  /// Appends an entry at `t` and returns it for the caller to fill (the scratch entry when the
  /// timeline is not recorded).
  TimelineEntry &append(int64_t t, EntryKind kind);
  /// Ends a replay with `outcome`: its decision entry, the timeline in time order (a paused
  /// outcome's decision is dated at the pause, before later entries), and the outcome itself.
  void close(const Outcome &outcome);

private:
  TimelineEntry scratch_; // what append() hands out when the timeline is not recorded
};

} // namespace rwd::runtime
