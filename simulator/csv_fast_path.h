// This file implements the fast path of CSV reading: it recognises, sixteen bytes at a time, the
// line shapes that make up almost every real file (a record of plain ASCII fields, a clean comment,
// a blank line) and hands anything else back to the general CsvScanner, which reads it and reports
// what is wrong with it. The fast path itself never reports: it either understands a line
// completely or declines it, so diagnostics are the general scanner's, byte for byte.
#pragma once

#include <cstdint>
#include <string_view>

namespace rwd::sim {

/// What kind of line starts at an offset, as far as the fast path can tell.
enum class FastLineKind : uint8_t {
  Record,  // printable ASCII without blanks or quotes, `\n` or `\r\n` or the end of the file last
  Comment, // first byte `#`, then printable ASCII or tabs: skipped, as the general scanner does
  Blank,   // nothing but spaces and tabs: skipped
  Other,   // anything else (quotes, blanks in a record, control bytes, UTF-8, too long): general path
};

/// A line the fast path understood. For a Record, the first `fieldCount` fields (at most
/// kMaxFastFields) are [fieldBegin[i], fieldEnd[i]) of the text; a record with more fields is Other.
struct FastLine {
  static constexpr int kMaxFastFields = 3;
  FastLineKind kind = FastLineKind::Other;
  int fieldCount = 0;
  uint32_t fieldBegin[kMaxFastFields] = {};
  uint32_t fieldEnd[kMaxFastFields] = {};
  uint32_t end = 0;  // the line's end, before its terminator
  uint32_t next = 0; // where the next line starts
};

/// Classifies the line of `text` that starts at `begin` (< text.size()). Lines longer than
/// `maxLineBytes` are Other, so the general path reports them.
FastLine scanFastLine(std::string_view text, uint32_t begin, uint32_t maxLineBytes);

} // namespace rwd::sim
