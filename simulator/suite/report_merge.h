// This file implements `rewind test --merge`: shard reports (`rewind test --format json`) read back
// and combined into the report of the whole run, equal to the report of a run without shards.
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/source/source_manager.h"
#include "simulator/suite/suite_result.h"

#include <optional>
#include <vector>

namespace rwd::sim::suite {

/// Reads one JSON report. Nullopt (and a diagnostic in `file`) when it is not one: invalid JSON, a
/// missing or mistyped key, a case index outside the run.
std::optional<SuiteReport> readSuiteReport(const SourceFile &file, DiagnosticEngine &diags);

/// Combines the reports of every shard of one run (in any order) into the whole run's report.
/// The shards must agree on the number of shards and of cases, each shard must be given exactly
/// once, and together they must hold every case once; otherwise a diagnostic at the report that
/// breaks the rule (`files[i]` is where `shards[i]` was read) and nullopt. A single report of a
/// whole run is returned as it is.
std::optional<SuiteReport> mergeReports(std::vector<SuiteReport> shards, const std::vector<FileId> &files,
                                        DiagnosticEngine &diags);

} // namespace rwd::sim::suite
