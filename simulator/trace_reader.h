// This file implements the trace file reader (CONTRACT §3): CSV text → Trace, with every malformed
// field reported as a located diagnostic.
//
// Choices where the contract is silent:
// - Header names match case-insensitively and may be quoted; columns other than timestamp, metric
//   and value are ignored, but a row with more fields than the header is an error (it is usually a
//   decimal comma or an unquoted `,`). A row may omit trailing ignored columns.
// - `value` accepts an optional sign, decimal or exponent notation (`1e-3`, `.5`), and `NaN`,
//   `Inf`, `Infinity` in any case with an optional sign (so `+Inf`, `-Inf`, `nan`). Numbers beyond the
//   double range are errors, not infinities. An empty value (or `""`) means no data.
// - At one instant, empty-value rows add no value: `x,` plus `x,3` is the one-element vector [3].
// - `metric` is `name` or `template/name` with both parts non-empty and one `/` at most.
// - Errors do not stop the reader until more than DiagnosticEngine::kMaxErrors were reported.
// - A comment line `# start: T` before the header row declares the rollout start (Trace::
//   declaredStart); `rewind record` writes one. T is RFC 3339 or Unix seconds; an invalid T, or a
//   second such line, is an error. Any other comment, and any comment after the header, is ignored.
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/source/source_manager.h"
#include "simulator/trace.h"

#include <cstddef>
#include <optional>

namespace rwd::sim {

/// Most data rows a trace may have (a one-day 1 s trace of 4 metrics has 345,600).
inline constexpr size_t kMaxTraceRows = 50'000'000;

struct TraceReadOptions {
  size_t maxRows = kMaxTraceRows;
  /// Read common rows through the fast path (csv_fast_path.h). Off, every line takes the general
  /// CSV scanner: the same trace and diagnostics, slower (tests compare the two).
  bool fastPath = true;
};

/// Reads a trace file. Returns nullopt if any error was reported (diagnostics in `diags`).
std::optional<Trace> readTrace(const SourceFile &file, DiagnosticEngine &diags,
                               const TraceReadOptions &options = {});

} // namespace rwd::sim
