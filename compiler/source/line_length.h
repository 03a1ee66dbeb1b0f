// This file implements the line-length limit every input file shares (policy, trace, events).
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/source/source_manager.h"

#include <cstdint>

namespace rwd {

/// Longest line Rewind reads, in bytes, not counting the line terminator: far above any real
/// policy, query or CSV row, and low enough that a line is always shown and scanned cheaply.
inline constexpr uint32_t kMaxLineBytes = 65'536;

/// Reports LineTooLong at the first byte past the limit of the first over-long line within bytes
/// [begin, end) of `file` (lines end at `\n`; a `\r` before it is part of the terminator).
/// Returns true when every line is within the limit.
bool checkLineLengths(const SourceFile &file, uint32_t begin, uint32_t end, DiagnosticEngine &diags);

} // namespace rwd
