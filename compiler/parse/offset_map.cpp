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

OffsetMap::OffsetMap(const SourceFile &file, std::string_view text, std::vector<uint32_t> positions)
    : OffsetMap(file, 0, text) {
  positions_ = std::move(positions);
  positions_.resize(text.size() + 1, positions_.empty() ? 0 : positions_.back());
}

uint32_t OffsetMap::byteIndex(size_t codePointIndex) const {
  if (table_.empty()) return static_cast<uint32_t>(std::min<size_t>(codePointIndex, size_));
  if (codePointIndex >= table_.size()) return size_;
  return table_[codePointIndex];
}

uint32_t OffsetMap::mapped(uint32_t index) const {
  return positions_.empty() ? begin_ + index : positions_[index];
}

uint32_t OffsetMap::byteOffset(size_t codePointIndex) const { return mapped(byteIndex(codePointIndex)); }

SourceRange OffsetMap::range(size_t firstCodePoint, size_t lastCodePointInclusive) const {
  uint32_t first = byteIndex(firstCodePoint);
  uint32_t past = byteIndex(lastCodePointInclusive + 1);
  uint32_t b = mapped(first);
  // The end is one past the last byte's own position: with a position table the byte after the
  // range may sit far away (after a removed `}}`, say).
  uint32_t e = past > first ? mapped(past - 1) + 1 : b;
  if (e < b) e = b;
  return {file_.id(), b, e};
}

} // namespace rwd::parse
