// This file implements the suite file reader (CONTRACT §7): YAML → a Suite with every path resolved
// beside the suite and every glob expanded, each mistake a located diagnostic in the suite file.
//
// Choices where the contract is silent:
// - `policy` is one path or a list of paths; a path with a glob metacharacter is expanded (sorted).
// - `controller` (argo or flagger, as simulate --controller) is optional: by default a Flagger
//   Canary replays with Flagger's semantics and anything else with Argo's.
// - Every case needs a non-empty `name`, exactly one of `trace` and `traces`, and `expect` with an
//   `outcome`: a case that checks nothing is a mistake. Names are unique in the expanded suite.
// - `events` and `start` apply to one trace, so they are refused beside `traces`; a glob's traces
//   take `FILE.events.csv` beside them (FILE without `.trace.csv`, or without `.csv`).
// - A glob case is named `NAME/FILE`, FILE being the trace's path below the glob's fixed folder
//   (its file name when the glob's only wildcards are in the last component). A glob that matches
//   nothing is an error.
// - `reason` must be one of the outcome's reasons (CONTRACT §6); promoted and incomplete have none.
//   `decided_before` and `decided_after` are durations from the rollout start (`10m`, `90s`).
// - Files are not opened here: a trace that cannot be read is reported when it is loaded, at the
//   range the Case keeps.
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/source/source_manager.h"
#include "simulator/suite/path_glob.h"
#include "simulator/suite/suite.h"

#include <functional>

#include <optional>

namespace rwd::sim::suite {

struct SuiteReadOptions {
  /// Expands a glob (expandGlob on the file system; the fuzz harness keeps its inputs off the disk).
  std::function<GlobMatches(const std::string &pattern, size_t limit)> glob = expandGlob;
};

/// Reads `file`, a suite. Returns nullopt if any error was reported (diagnostics in `diags`).
std::optional<Suite> readSuite(const SourceFile &file, DiagnosticEngine &diags, const SuiteReadOptions &options = {});

} // namespace rwd::sim::suite
