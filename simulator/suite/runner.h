// This file implements the runner of a test suite: every case's trace and events read and indexed
// once, replayed through its suite's plan and judged, the cases spread over threads and the results
// kept in case order, so that the report is the same whatever the number of threads.
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/plan/plan.h"
#include "compiler/source/source_manager.h"
#include "simulator/events.h"
#include "simulator/replay.h"
#include "simulator/suite/suite.h"
#include "simulator/suite/suite_result.h"
#include "simulator/trace.h"

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rwd::sim::suite {

/// One case ready to run: its spec, its suite's plan and its files, already loaded.
struct CaseInput {
  const Case *spec = nullptr;
  /// Position in the expanded case list of the whole run (every suite).
  size_t index = 0;
  /// The suite file, as given.
  std::string suite;
  const plan::Plan *plan = nullptr;
  /// The plan's Flagger view when the cases replay with Flagger's semantics; null: Argo's.
  const plan::FlaggerAnalysis *flagger = nullptr;
  const SourceFile *trace = nullptr;
  const SourceFile *events = nullptr; // null when the case has none
};

/// A case's trace and events, parsed and indexed: read-only once built, shared by every replay of
/// the case (every tuning combination, every thread).
struct PreparedCase {
  Trace trace;
  std::vector<Event> events;
  ReplayOptions options;
};

/// Reads the case's trace and events and cross-checks the trace's metrics with the plan (warnings).
/// Nullopt when a file had errors (diagnostics in `diags`).
std::optional<PreparedCase> prepareCase(const CaseInput &input, DiagnosticEngine &diags);

/// Prepares every case on `jobs` threads. `prepared[i]` is unset when case i had errors; the
/// diagnostics of case i are in `diags[i]` (engines copied from `settings`).
struct PreparedCases {
  std::vector<std::optional<PreparedCase>> prepared;
  std::vector<DiagnosticEngine> diags;
};
PreparedCases prepareCases(const std::vector<CaseInput> &cases, const DiagnosticEngine &settings, unsigned jobs);

struct RunOptions {
  unsigned jobs = 1;
  /// Incremented once per finished case (a progress display reads it from another thread).
  std::atomic<size_t> *finished = nullptr;
};

/// What running one case produced.
struct CaseRun {
  /// Unset when the case's files had errors.
  std::optional<CaseResult> result;
  /// What reading and replaying the case reported, with the settings of the engine the run was
  /// given (disabled warnings, warnings as errors).
  DiagnosticEngine diags;
};

/// Runs every case (prepare, replay, judge) on `options.jobs` threads; the runs are in input order.
std::vector<CaseRun> runCases(const std::vector<CaseInput> &cases, const DiagnosticEngine &settings,
                              const RunOptions &options);

/// Replays `input` again with its timeline and keeps what a renderer needs to draw it (the
/// suite's runs replay without one). Null when the case's files have errors; they were reported
/// when the case ran, so the diagnostics of this second reading are dropped.
std::shared_ptr<const DrawnCase> drawCase(const CaseInput &input, const DiagnosticEngine &settings);

} // namespace rwd::sim::suite
