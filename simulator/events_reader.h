// This file implements the events file reader (CONTRACT §4): CSV text → operator events in time
// order.
//
// Choices where the contract is silent:
// - The header needs `timestamp` and `action`; `argument` is optional (then every argument is
//   empty). Names match case-insensitively; other columns are ignored. A header with no rows is a
//   valid file with no events; a file with no header at all is an error.
// - Actions match case-insensitively. `undo` takes an empty argument (the previous revision) or a
//   positive whole number; every other action must have an empty argument (EventsBadArgument).
// - The CSV dialect, timestamps and field errors are the trace file's (csv_scanner.h, timestamp.h).
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/source/source_manager.h"
#include "simulator/events.h"

#include <cstddef>
#include <optional>
#include <vector>

namespace rwd::sim {

/// Most rows an events file may have; far more than any person could type.
inline constexpr size_t kMaxEvents = 1'000'000;

/// Reads an events file. Returns the events sorted by time, rows of equal time in file order, or
/// nullopt if any error was reported.
std::optional<std::vector<Event>> readEvents(const SourceFile &file, DiagnosticEngine &diags);

} // namespace rwd::sim
