// This file implements the mapping from ANTLR's code-point indices to byte offsets in a file.
#include "compiler/parse/offset_map.h"

namespace rwd::parse {

OffsetMap::OffsetMap(const SourceFile &file, uint32_t begin, std::string_view text)
    : file_(file), begin_(begin), size_(static_cast<uint32_t>(text.size())) {
  bool ascii = true;
  for (unsigned char c : text)
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) return;
  for (uint32_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) table_.push_back(i);
}

uint32_t OffsetMap::byteOffset(size_t codePointIndex) const {
  if (table_.empty()) return begin_ + static_cast<uint32_t>(std::min<size_t>(codePointIndex, size_));
  if (codePointIndex >= table_.size()) return begin_ + size_;
  return begin_ + table_[codePointIndex];
}

SourceRange OffsetMap::range(size_t firstCodePoint, size_t lastCodePointInclusive) const {
  uint32_t b = byteOffset(firstCodePoint);
  uint32_t e = byteOffset(lastCodePointInclusive + 1);
  if (e < b) e = b;
  return {file_.id(), b, e};
}

} // namespace rwd::parse
