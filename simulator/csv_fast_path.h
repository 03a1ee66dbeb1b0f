// This file implements the fast path of CSV reading: it recognises, sixteen bytes at a time, the
// line shapes that make up almost every real file (a record of plain ASCII fields, a clean comment,
// a blank line) and hands anything else back to the general CsvScanner, which reads it and reports
// what is wrong with it. The fast path itself never reports: it either understands a line
// completely or declines it, so diagnostics are the general scanner's, byte for byte.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

namespace fast_path_detail {

/// True for a byte a plain record field may hold: printable ASCII except the blank and `"`.
inline bool plainByte(unsigned char c) { return c > 0x20 && c < 0x7F && c != '"'; }

/// Finishes a line whose first non-plain byte is at `stop` (or the end of the text): a record line
/// must end there, at `\n`, `\r\n` or the end of the file.
inline bool endLine(std::string_view text, uint32_t stop, FastLine &line) {
  const auto size = static_cast<uint32_t>(text.size());
  if (stop == size) {
    line.end = line.next = size;
    return true;
  }
  if (text[stop] == '\n') {
    line.end = stop;
    line.next = stop + 1;
    return true;
  }
  if (text[stop] == '\r' && stop + 1 < size && text[stop + 1] == '\n') {
    line.end = stop;
    line.next = stop + 2;
    return true;
  }
  return false;
}

/// A line whose first byte is `#` or a blank: a clean comment, a blank line, or Other.
FastLine scanQuietLine(std::string_view text, uint32_t begin, uint32_t maxLineBytes);

} // namespace fast_path_detail

/// Classifies the line of `text` that starts at `begin` (< text.size()). Lines longer than
/// `maxLineBytes` are Other, so the general path reports them. Inline: it runs once per row, and a
/// call and its returned struct cost a fifth of it. SSE2 (every x86-64 processor has it) finds a
/// record's commas and its first byte that is not plain sixteen bytes per step.
inline FastLine scanFastLine(std::string_view text, uint32_t begin, uint32_t maxLineBytes) {
  const char first = text[begin];
  if (first == '#' || first == ' ' || first == '\t' || first == '\n' || first == '\r')
    return fast_path_detail::scanQuietLine(text, begin, maxLineBytes);

  FastLine line;
  const auto size = static_cast<uint32_t>(text.size());
  const char *base = text.data();
  // Field i ends at the i-th comma; the last one at the end of the line.
  int commas = 0;
  line.fieldBegin[0] = begin;
  uint32_t pos = begin;
  uint32_t stop = size;
#if defined(__SSE2__)
  const __m128i below = _mm_set1_epi8(0x21); // signed: catches 0x00-0x20 and 0x80-0xFF
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i del = _mm_set1_epi8(0x7F);
  const __m128i comma = _mm_set1_epi8(',');
  const uint32_t limit = size - std::min<uint32_t>(size, 16);
  for (;;) {
    if (pos > limit) break; // fewer than 16 bytes left: the scalar loop below
    __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(base + pos));
    unsigned special = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
        _mm_cmplt_epi8(bytes, below),
        _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, del)))));
    unsigned commaBits = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, comma)));
    // Commas before the first special byte (0 when there is none: then all of them).
    commaBits &= (special & -special) - 1;
    for (; commaBits; commaBits &= commaBits - 1) {
      if (commas == FastLine::kMaxFastFields - 1) return line; // more fields than the fast path takes
      uint32_t at = pos + static_cast<uint32_t>(__builtin_ctz(commaBits));
      line.fieldEnd[commas] = at;
      line.fieldBegin[++commas] = at + 1;
    }
    if (special) {
      stop = pos + static_cast<uint32_t>(__builtin_ctz(special));
      goto found;
    }
    pos += 16;
    if (pos - begin > maxLineBytes) return line;
  }
#endif
  for (; pos < size; ++pos) {
    auto c = static_cast<unsigned char>(base[pos]);
    if (c == ',') {
      if (commas == FastLine::kMaxFastFields - 1) return line;
      line.fieldEnd[commas] = pos;
      line.fieldBegin[++commas] = pos + 1;
    } else if (!fast_path_detail::plainByte(c)) {
      break;
    }
  }
  stop = pos;
#if defined(__SSE2__)
found:
#endif
  if (!fast_path_detail::endLine(text, stop, line) || line.end - begin > maxLineBytes) return line;
  line.kind = FastLineKind::Record;
  line.fieldCount = commas + 1;
  line.fieldEnd[commas] = line.end;
  return line;
}


} // namespace rwd::sim
