// This file implements what `rewind test` and `rewind tune` share before replaying: reading the
// suites, compiling each suite's policy once, loading the traces and events of the cases to run, and
// printing the diagnostics of many cases in case order.
#pragma once

#include "cli/session.h"
#include "compiler/plan/flagger_analysis.h"
#include "simulator/suite/runner.h"
#include "simulator/suite/shard.h"
#include "simulator/suite/suite.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace rwd::cli {

/// Registers `--jobs,-j N` (cases replayed at once) on `command`; 0 stands for the default.
void addJobsOption(CLI::App &command, unsigned &jobs);

/// The threads a run uses: `jobs`, or every processor the process may use when it is 0.
unsigned jobsOrProcessors(unsigned jobs);

/// A suite with its compiled policy.
struct LoadedSuite {
  sim::suite::Suite suite;
  driver::FrontendResult frontend; // `plan` is set
  /// The plan's Flagger view when the cases replay with Flagger's semantics: the suite's
  /// `controller: flagger`, or by default a Flagger Canary (as `rewind simulate` chooses).
  std::optional<plan::FlaggerAnalysis> flagger;
};

/// Everything a run of suites replays.
struct SuiteRunSetup {
  std::vector<std::unique_ptr<LoadedSuite>> suites; // stable addresses: cases point into them
  /// The cases to run (this shard's), in the order of the expanded case list.
  std::vector<sim::suite::CaseInput> cases;
  /// Cases in the expanded list of every suite, before sharding.
  size_t totalCases = 0;
};

/// Reads `paths` (suite files), compiles their policies and loads the traces and events of the
/// cases `shard` owns (every case without one). Returns an exit status when the run cannot go on
/// (2 for an unreadable suite file, 1 for errors in a suite, a policy or a missing trace; the
/// diagnostics printed); nullopt when `setup` is ready.
std::optional<int> loadSuiteRun(Session &session, const std::vector<std::string> &paths,
                                std::optional<sim::suite::Shard> shard, SuiteRunSetup &setup);

/// As above, loading the traces and events of the cases whose position in the expanded case list
/// `owns` accepts (a merged report's drawn cases).
std::optional<int> loadSuiteRun(Session &session, const std::vector<std::string> &paths,
                                const std::function<bool(size_t)> &owns, SuiteRunSetup &setup);

/// Prints the diagnostics of several engines in order (each sorted, a diagnostic identical to one
/// already printed left out: the same policy warning for every trace is said once). Returns true
/// when any engine had errors.
bool printDiagnosticsInOrder(Session &session, const std::vector<const DiagnosticEngine *> &engines);

} // namespace rwd::cli
