// This file implements the fast path's handling of comment and blank lines; records are scanned
// by the inline scanFastLine in the header.
#include "simulator/csv_fast_path.h"

#include <cstring>

namespace rwd::sim::fast_path_detail {

FastLine scanQuietLine(std::string_view text, uint32_t begin, uint32_t maxLineBytes) {
  FastLine line;
  const auto size = static_cast<uint32_t>(text.size());
  const void *newline = std::memchr(text.data() + begin, '\n', size - begin);
  uint32_t stop = newline ? static_cast<uint32_t>(static_cast<const char *>(newline) - text.data()) : size;
  uint32_t end = stop > begin && text[stop - 1] == '\r' && newline ? stop - 1 : stop;
  if (end - begin > maxLineBytes) return line;
  const bool comment = text[begin] == '#';
  for (uint32_t i = begin; i < end; ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    bool ok = comment ? (c >= 0x20 && c < 0x7F) || c == '\t' : c == ' ' || c == '\t';
    if (!ok) return line; // UTF-8, control bytes, or a record after blanks: the general path
  }
  line.kind = comment ? FastLineKind::Comment : FastLineKind::Blank;
  line.end = end;
  line.next = newline ? stop + 1 : size;
  return line;
}

} // namespace rwd::sim::fast_path_detail
