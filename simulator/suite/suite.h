// This file implements the model of a policy test suite (CONTRACT §7): the policy files, and the
// cases (a trace, optional events and start) with what each expects of the replay.
#pragma once

#include "compiler/source/source_manager.h"
#include "runtime/timeline.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rwd::sim::suite {

/// What a case expects of its replay's outcome.
struct Expectation {
  runtime::OutcomeKind outcome = runtime::OutcomeKind::Promoted;
  /// The reason as in the JSON report (`analysis_failed`, `manual_gate`, ...); nullopt: any.
  std::optional<std::string> reason;
  /// decided_at <= this (`decided_before`), in milliseconds from the rollout start.
  std::optional<int64_t> decidedBeforeMs;
  /// decided_at >= this (`decided_after`).
  std::optional<int64_t> decidedAfterMs;
};

/// One case after glob expansion: one trace replayed through the suite's policy.
struct Case {
  /// The case's name; a glob case's is `NAME/FILE`.
  std::string name;
  /// The trace's path as it is opened and reported: the suite's folder joined with the path written
  /// in the suite (an absolute path stays as written).
  std::string tracePath;
  /// The events file, when the case has one.
  std::optional<std::string> eventsPath;
  /// `start` (as --start), absolute Unix milliseconds.
  std::optional<int64_t> startMs;
  Expectation expect;
  /// Where the trace (or glob) is written in the suite: diagnostics about opening it point here.
  SourceRange traceRange;
  /// Where the events file is written, or the glob when it was found beside the trace.
  SourceRange eventsRange;
};

/// A suite file after reading: every path resolved, every glob expanded in sorted order.
struct Suite {
  /// The suite file's path as given on the command line.
  std::string path;
  /// The policy files, resolved like the traces, in written order (globs sorted).
  std::vector<std::string> policies;
  /// Where each policy file is written in the suite.
  std::vector<SourceRange> policyRanges;
  /// `controller`: whose semantics replay the cases, "argo" or "flagger" (as simulate --controller);
  /// unset: Flagger's for a Flagger Canary, Argo's otherwise.
  std::optional<std::string> controller;
  /// The cases in written order, globs expanded in place.
  std::vector<Case> cases;
};

/// Most cases one suite may expand to: a hostile glob (or a directory of millions of files) stops
/// here instead of exhausting memory.
inline constexpr size_t kMaxSuiteCases = 1'000'000;

} // namespace rwd::sim::suite
