// This file implements the names of timeline entry kinds and outcomes, as reports print them.
#include "runtime/timeline.h"

#include <algorithm>

namespace rwd::runtime {

std::string_view entryKindName(EntryKind kind) {
  switch (kind) {
  case EntryKind::RolloutStart: return "rollout_start";
  case EntryKind::Step: return "step";
  case EntryKind::StepComplete: return "step_complete";
  case EntryKind::BlueGreen: return "bluegreen";
  case EntryKind::AnalysisStart: return "analysis_start";
  case EntryKind::Measurement: return "measurement";
  case EntryKind::MetricEnd: return "metric_end";
  case EntryKind::AnalysisEnd: return "analysis_end";
  case EntryKind::Event: return "event";
  case EntryKind::Pause: return "pause";
  case EntryKind::Resume: return "resume";
  case EntryKind::Abort: return "abort";
  case EntryKind::Rollback: return "rollback";
  case EntryKind::Notification: return "notification";
  case EntryKind::Note: return "note";
  case EntryKind::Decision: return "decision";
  }
  return "note";
}

std::string_view outcomeName(OutcomeKind kind) {
  switch (kind) {
  case OutcomeKind::Promoted: return "promoted";
  case OutcomeKind::RolledBack: return "rolled_back";
  case OutcomeKind::Paused: return "paused";
  case OutcomeKind::Incomplete: return "incomplete";
  }
  return "incomplete";
}

TimelineEntry &ExecutionResult::append(int64_t t, EntryKind kind) {
  TimelineEntry &entry = recordTimeline ? timeline.emplace_back() : (scratch_ = TimelineEntry{});
  entry.tMs = t;
  entry.kind = kind;
  return entry;
}

void ExecutionResult::close(const Outcome &decided) {
  TimelineEntry &entry = append(decided.decidedAtMs, EntryKind::Decision);
  entry.reason = decided.reason;
  entry.action = std::string(outcomeName(decided.kind));
  entry.stepIndex = decided.stepIndex.value_or(-1);
  // Only the decision of a paused outcome (dated at the pause) can be out of order, so the usual
  // timeline, already sorted, is not moved at all.
  auto byTime = [](const TimelineEntry &a, const TimelineEntry &b) { return a.tMs < b.tMs; };
  if (!std::is_sorted(timeline.begin(), timeline.end(), byTime))
    std::stable_sort(timeline.begin(), timeline.end(), byTime);
  outcome = decided;
}

} // namespace rwd::runtime
