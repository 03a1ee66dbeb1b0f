// This file implements the fast path of CSV reading: SSE2 (every x86-64 processor has it) finds a
// record's commas and the first byte that is not plain, sixteen bytes per step.
#include "simulator/csv_fast_path.h"

#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rwd::sim {

namespace {

/// True for a byte a plain record field may hold: printable ASCII except the blank and `"`.
bool plainByte(unsigned char c) { return c > 0x20 && c < 0x7F && c != '"'; }

/// Finishes a line whose first non-plain byte is at `stop` (or the end of the text): a record line
/// must end there, at `\n`, `\r\n` or the end of the file.
bool endLine(std::string_view text, uint32_t stop, FastLine &line) {
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

} // namespace

FastLine scanFastLine(std::string_view text, uint32_t begin, uint32_t maxLineBytes) {
  const char first = text[begin];
  if (first == '#' || first == ' ' || first == '\t' || first == '\n' || first == '\r')
    return scanQuietLine(text, begin, maxLineBytes);

  FastLine line;
  const auto size = static_cast<uint32_t>(text.size());
  const char *base = text.data();
  int commas = 0;
  uint32_t commaAt[FastLine::kMaxFastFields - 1] = {};
  auto addComma = [&](uint32_t at) {
    if (commas == FastLine::kMaxFastFields - 1) return false;
    commaAt[commas++] = at;
    return true;
  };

  uint32_t pos = begin;
  uint32_t stop = size;
#if defined(__SSE2__)
  const __m128i below = _mm_set1_epi8(0x21); // signed: catches 0x00-0x20 and 0x80-0xFF
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i del = _mm_set1_epi8(0x7F);
  const __m128i comma = _mm_set1_epi8(',');
  bool stopped = false;
  while (pos + 16 <= size) {
    __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(base + pos));
    unsigned special = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
        _mm_cmplt_epi8(bytes, below),
        _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, del)))));
    unsigned commaBits = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, comma)));
    if (special) commaBits &= (1u << __builtin_ctz(special)) - 1;
    for (; commaBits; commaBits &= commaBits - 1)
      if (!addComma(pos + static_cast<uint32_t>(__builtin_ctz(commaBits)))) return line;
    if (special) {
      stop = pos + static_cast<uint32_t>(__builtin_ctz(special));
      stopped = true;
      break;
    }
    pos += 16;
    if (pos - begin > maxLineBytes) return line;
  }
  if (!stopped)
#endif
  {
    for (; pos < size; ++pos) {
      auto c = static_cast<unsigned char>(base[pos]);
      if (c == ',') {
        if (!addComma(pos)) return line;
      } else if (!plainByte(c)) {
        break;
      }
    }
    stop = pos;
  }

  if (!endLine(text, stop, line) || line.end - begin > maxLineBytes) return line;
  line.kind = FastLineKind::Record;
  line.fieldCount = commas + 1;
  uint32_t fieldBegin = begin;
  for (int i = 0; i < commas; ++i) {
    line.fieldBegin[i] = fieldBegin;
    line.fieldEnd[i] = commaAt[i];
    fieldBegin = commaAt[i] + 1;
  }
  line.fieldBegin[commas] = fieldBegin;
  line.fieldEnd[commas] = line.end;
  return line;
}

} // namespace rwd::sim
