// This file implements the mapping from ANTLR's code-point indices to byte offsets in a file.
#pragma once

#include "compiler/source/source_manager.h"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

namespace rwd::parse {

/// ANTLR's input stream holds UTF-32, so token indices count code points; diagnostics and the AST
/// use byte offsets. For ASCII text the two agree and no table is kept.
class OffsetMap {
public:
  OffsetMap(const SourceFile &file, uint32_t begin, std::string_view text);
  /// For text that is not a verbatim slice of `file` (a decoded YAML scalar): `positions[i]` is the
  /// file offset of byte i of `text`, and `positions[text.size()]` the offset just past it.
  OffsetMap(const SourceFile &file, std::string_view text, std::vector<uint32_t> positions);
  uint32_t byteOffset(size_t codePointIndex) const;
  /// File offset of byte `index` of the text (not of a code point).
  uint32_t fileOffsetOfByte(uint32_t index) const { return mapped(std::min(index, size_)); }
  SourceRange range(size_t firstCodePoint, size_t lastCodePointInclusive) const;
  const SourceFile &file() const { return file_; }

private:
  uint32_t byteIndex(size_t codePointIndex) const;
  uint32_t mapped(uint32_t byteIndex) const;
  const SourceFile &file_;
  uint32_t begin_;
  uint32_t size_;
  std::vector<uint32_t> table_; // empty for ASCII text
  std::vector<uint32_t> positions_; // empty when the text is a slice of the file at `begin_`
};

} // namespace rwd::parse
