// This file implements the result model of a test run: per case its name, trace, outcome, reason,
// decision time, verdict and (when kept) the replay itself; what every renderer of `rewind test`
// reads and what the merge of shard reports rebuilds.
#pragma once

#include "runtime/timeline.h"
#include "simulator/replay.h"
#include "simulator/suite/shard.h"
#include "simulator/trace.h"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rwd::sim::suite {

/// What a renderer needs to draw a case: its suite's plan, its replay with the timeline, and the
/// trace it replayed (the charts' series).
struct DrawnCase {
  const plan::Plan *plan = nullptr; // owned by the run's setup, which outlives the report
  Replay replay;
  Trace trace;
};

/// The most replays a report draws (the HTML page): a fleet with hundreds of failures still gets a
/// page a browser opens, and memory holds this many traces at once, not the fleet's.
inline constexpr size_t kMaxDrawnCases = 50;

/// One case's result.
struct CaseResult {
  /// Position in the expanded case list of the whole run (every suite, every shard).
  size_t index = 0;
  /// The suite file the case comes from, as given.
  std::string suite;
  std::string name;
  /// The trace path, as the case resolved it.
  std::string trace;
  /// The replay's outcome. A result read back from a JSON report knows kind, reason and
  /// decidedAtMs only.
  runtime::Outcome outcome;
  bool passed = true;
  /// Empty when passed; otherwise the sentence of suite::judge.
  std::string why;
  /// The replay with its timeline, trace and plan, for the cases a renderer draws (drawCase);
  /// null otherwise, and always in a report read back from JSON.
  std::shared_ptr<const DrawnCase> drawn;
};

/// The results of a run, or of one shard of it.
struct SuiteReport {
  /// In index order.
  std::vector<CaseResult> cases;
  /// Cases of the whole run, every shard included.
  size_t totalCases = 0;
  /// Set for one shard's report; unset for a whole run (and for the merge of every shard).
  std::optional<Shard> shard;
  /// Why failed cases are not drawn when the page's limit is not the reason (a merged report whose
  /// suites cannot be replayed here); empty otherwise.
  std::string undrawnReason;

  size_t passed() const;
  size_t failed() const { return cases.size() - passed(); }
};

} // namespace rwd::sim::suite
