// This file implements the mapping from a YAML scalar's decoded value back to its bytes in the file.
#pragma once

#include "compiler/source/source_manager.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rwd::yaml {

/// Where a scalar is written and, byte by byte, where its decoded value comes from.
struct ScalarSource {
  SourceRange range;              // the whole scalar as written (quotes included)
  std::vector<uint32_t> positions; // file offset of each byte of the value, plus one for the end
  bool exact = false;              // false: the value could not be aligned; positions point at the start
};

/// Converts a yaml-cpp mark (0-based line and column) to a byte offset in `file`.
uint32_t markOffset(const SourceFile &file, int line, int column);

/// The first byte after the node properties (`&anchor`, `!tag`, in either order, and the blanks
/// and line breaks after them) at byte `at` of `text`: where the node's content starts. A property
/// ends at a blank, a line break or a flow indicator (`,[]{}` are not anchor or tag characters).
size_t skipNodeProperties(std::string_view text, size_t at);

/// Finds the scalar whose node starts at byte `start` (anchors and tags before it are skipped) and
/// aligns `value`, the decoded text, with its source: plain, single- and double-quoted, literal
/// (`|`) and folded (`>`) scalars. When the two cannot be aligned (an exotic escape), every byte
/// maps to the start of the scalar.
ScalarSource locateScalar(const SourceFile &file, uint32_t start, std::string_view value);

} // namespace rwd::yaml
