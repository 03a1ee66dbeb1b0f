// This file implements the mapping from ANTLR's code-point indices to byte offsets in a file.
#pragma once

#include "compiler/source/source_manager.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace rwd::parse {

/// ANTLR's input stream holds UTF-32, so token indices count code points; diagnostics and the AST
/// use byte offsets. For ASCII text the two agree and no table is kept.
class OffsetMap {
public:
  OffsetMap(const SourceFile &file, uint32_t begin, std::string_view text);
  uint32_t byteOffset(size_t codePointIndex) const;
  SourceRange range(size_t firstCodePoint, size_t lastCodePointInclusive) const;
  const SourceFile &file() const { return file_; }

private:
  const SourceFile &file_;
  uint32_t begin_;
  uint32_t size_;
  std::vector<uint32_t> table_; // empty for ASCII text
};

} // namespace rwd::parse
