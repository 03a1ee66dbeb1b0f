// This file implements where a source range lies for machine formats: the path, and 1-based start
// and end lines and columns (the end one past the last character), in bytes or in code points.
#pragma once

#include "compiler/source/source_manager.h"

#include <cstdint>
#include <optional>
#include <string>

namespace rwd::render {

enum class ColumnUnit : uint8_t {
  Bytes,      // as the text diagnostics print them (GCC, Clang)
  CodePoints, // SARIF's `unicodeCodePoints` column kind
};

struct SourceSpan {
  std::string path;
  uint32_t startLine = 0, startColumn = 0;
  uint32_t endLine = 0, endColumn = 0; // exclusive end
};

/// The span of `range`, or nullopt for a range in no file. An empty range spans its first
/// character, as the text renderer's caret does, unless it sits at the end of a line.
std::optional<SourceSpan> sourceSpan(const SourceManager &sources, SourceRange range, ColumnUnit unit);

} // namespace rwd::render
