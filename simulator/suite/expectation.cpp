// This file implements the judging of a case against its expectation (CONTRACT §7).
#include "simulator/suite/expectation.h"

#include "compiler/support/duration.h"
#include "runtime/value.h"

#include <fmt/format.h>

namespace rwd::sim::suite {

using runtime::OutcomeKind;

std::optional<OutcomeKind> parseOutcome(std::string_view name) {
  for (OutcomeKind kind : {OutcomeKind::Promoted, OutcomeKind::RolledBack, OutcomeKind::Paused,
                           OutcomeKind::Incomplete})
    if (runtime::outcomeName(kind) == name) return kind;
  return std::nullopt;
}

const std::vector<std::string> &reasonsOf(OutcomeKind outcome) {
  static const std::vector<std::string> kRolledBack = {"analysis_failed", "analysis_error", "manual_abort",
                                                       "manual_undo",     "timeout",        "progress_deadline"};
  static const std::vector<std::string> kPaused = {"manual_gate", "inconclusive"};
  static const std::vector<std::string> kNone;
  switch (outcome) {
  case OutcomeKind::RolledBack: return kRolledBack;
  case OutcomeKind::Paused: return kPaused;
  case OutcomeKind::Promoted:
  case OutcomeKind::Incomplete: return kNone;
  }
  return kNone;
}

std::string describeTrigger(const runtime::Trigger &trigger) {
  std::string text = fmt::format("{}/{} measurement {} = {} ({}", trigger.analysis, trigger.metric,
                                 trigger.measurement, runtime::formatValue(trigger.value),
                                 runtime::phaseName(trigger.phase));
  if (!trigger.message.empty()) text += ": " + trigger.message;
  return text + ")";
}

std::string describeOutcome(const runtime::Outcome &outcome, bool withTrigger) {
  std::string text(runtime::outcomeName(outcome.kind));
  if (!outcome.reason.empty()) text += " (" + outcome.reason + ")";
  text += " at " + formatDuration(outcome.decidedAtMs);
  if (withTrigger && outcome.trigger) text += ": " + describeTrigger(*outcome.trigger);
  return text;
}

Verdict judge(const Expectation &expect, const runtime::Outcome &outcome) {
  std::string expected;
  if (outcome.kind != expect.outcome) {
    expected = fmt::format("outcome {}", runtime::outcomeName(expect.outcome));
    if (expect.reason) expected += " (" + *expect.reason + ")";
  } else if (expect.reason && outcome.reason != *expect.reason) {
    expected = "reason " + *expect.reason;
  } else if (expect.decidedBeforeMs && outcome.decidedAtMs > *expect.decidedBeforeMs) {
    expected = "a decision at or before " + formatDuration(*expect.decidedBeforeMs);
  } else if (expect.decidedAfterMs && outcome.decidedAtMs < *expect.decidedAfterMs) {
    expected = "a decision at or after " + formatDuration(*expect.decidedAfterMs);
  } else {
    return {};
  }
  return {false, fmt::format("expected {}, got {}", expected, describeOutcome(outcome, true))};
}

} // namespace rwd::sim::suite
