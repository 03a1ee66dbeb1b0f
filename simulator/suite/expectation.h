// This file implements the judging of a case: a replay's outcome against the case's expectation,
// and the sentence that says which expectation failed and what decided the outcome.
#pragma once

#include "runtime/timeline.h"
#include "simulator/suite/suite.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rwd::sim::suite {

/// An outcome from its JSON spelling (`rolled_back`); nullopt for anything else.
std::optional<runtime::OutcomeKind> parseOutcome(std::string_view name);

/// The reasons an outcome may have in the JSON report (CONTRACT §6), in the contract's order; empty
/// for promoted and incomplete, which have none.
const std::vector<std::string> &reasonsOf(runtime::OutcomeKind outcome);

struct Verdict {
  bool passed = true;
  /// Empty when passed; otherwise one sentence: the expectation that failed (the first of outcome,
  /// reason, decided_before, decided_after), what the replay did instead and, when an analysis
  /// decided it, the decisive measurement.
  std::string why;
};

/// Judges `outcome` against `expect`.
Verdict judge(const Expectation &expect, const runtime::Outcome &outcome);

/// `rolled_back (analysis_failed) at 9m30s`, followed with `withTrigger` by `: ` and the decisive
/// measurement when an analysis decided the outcome.
std::string describeOutcome(const runtime::Outcome &outcome, bool withTrigger);

/// `analysis/metric measurement N = VALUE (Phase: message)`: the measurement that decided an
/// outcome, as the test reports quote it.
std::string describeTrigger(const runtime::Trigger &trigger);

} // namespace rwd::sim::suite
