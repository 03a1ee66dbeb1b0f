// This file implements the block scanner of the trace reader's fast path. It classifies the text
// 64 bytes at a time into two bitmasks, the separators (`,` and `\n`) and the bytes no plain field
// holds, and then finds each record's fields by taking the next separator bit (as simdjson and
// simdcsv do) instead of looking at every line byte by byte. It yields only records of exactly
// three plain fields; at the first line of any other shape it stops, and that line is left to the
// per-line fast path (comments, blank lines) or the general scanner, which reports what is wrong.
#pragma once

#include <bit>
#include <cstdint>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rwd::sim {

/// A line of three plain fields: `timestamp,metric,value` as
/// [begin, firstComma), (firstComma, secondComma), (secondComma, end).
struct PlainRecord {
  uint32_t begin = 0;
  uint32_t firstComma = 0;
  uint32_t secondComma = 0;
  uint32_t end = 0;  // the line's end, before `\n` or `\r\n`
  uint32_t next = 0; // where the next line starts
};

/// Walks the lines of a text from a line start and yields the plain three-field records (the
/// bytes of CsvFastPath's Record: printable ASCII without blanks or quotes, ended by `\n` or
/// `\r\n`, at most `maxLineBytes` long). Stops at the first line that is anything else, and near
/// the end of the text: it reads only whole blocks with kSlackBytes more after them, so every
/// byte of a record it yields has kSlackBytes readable bytes after it (short_decimal.h reads 8).
class PlainRecordScanner {
public:
  static constexpr uint32_t kBlockBytes = 64;
  static constexpr uint32_t kSlackBytes = 16;
  /// How far ahead classify() asks for the text to be in the cache. The hardware prefetcher alone
  /// left the scanner waiting for memory (on a loaded virtual machine a day's simulate took a
  /// sixth less CPU time with this; 512 to 4096 bytes ahead did alike). A prefetch never faults,
  /// so it may point past the text.
  static constexpr uint32_t kPrefetchBytes = 1024;

  PlainRecordScanner(std::string_view text, uint32_t begin, uint32_t maxLineBytes)
      : text_(text.data()), lineBegin_(begin), maxLineBytes_(maxLineBytes) {
    const auto size = static_cast<uint32_t>(text.size());
    lastBlock_ = size >= kBlockBytes + kSlackBytes ? size - kBlockBytes - kSlackBytes : 0;
    usable_ = size >= kBlockBytes + kSlackBytes && begin <= lastBlock_;
    if (usable_) classify(begin);
  }

  /// The next record, or false at a line of another shape or near the end of the text; position()
  /// is then that line's start. Once next() returned false the scanner must not be used again.
  bool next(PlainRecord &record) {
    uint32_t firstComma, secondComma, newline;
    if (!nextSeparator(firstComma) || text_[firstComma] != ',') return false;
    if (!nextSeparator(secondComma) || text_[secondComma] != ',') return false;
    if (!nextSeparator(newline) || text_[newline] != '\n') return false;
    // A special byte anywhere before the newline is in this line: every earlier line was clean.
    if (newline > firstSpecial_) return false;
    uint32_t end = text_[newline - 1] == '\r' ? newline - 1 : newline; // only before `\n`: see classify
    if (end - lineBegin_ > maxLineBytes_) return false;
    record = {lineBegin_, firstComma, secondComma, end, newline + 1};
    lineBegin_ = newline + 1;
    return true;
  }

  /// Up to `capacity` records into `out`, as next() yields them; fewer once next() returns false.
  /// Finding a batch of records first and then reading their fields keeps each loop's state in
  /// registers.
  uint32_t fill(PlainRecord *out, uint32_t capacity) {
    uint32_t count = 0;
    while (count < capacity && next(out[count])) ++count;
    return count;
  }

  /// Where the next line starts (the one next() stopped at, after it returned false).
  uint32_t position() const { return lineBegin_; }

private:
  static constexpr uint32_t kNone = UINT32_MAX;

  bool nextSeparator(uint32_t &at) {
    while (separators_ == 0) {
      if (!usable_ || blockBase_ + kBlockBytes > lastBlock_) return false;
      classify(blockBase_ + kBlockBytes);
    }
    at = blockBase_ + static_cast<uint32_t>(std::countr_zero(separators_));
    separators_ &= separators_ - 1;
    return true;
  }

  /// Classifies the 64 bytes at `base` (base <= lastBlock_).
  void classify(uint32_t base) {
    blockBase_ = base;
#if defined(__SSE2__)
    // Written out for the four 16-byte parts: a loop kept its counter and variable shifts.
    const char *bytes = text_ + base;
    // (An address, not a pointer past the text: only the hint may point beyond it.)
    _mm_prefetch(reinterpret_cast<const char *>(reinterpret_cast<uintptr_t>(bytes) + kPrefetchBytes),
                 _MM_HINT_T0);
    const uint64_t separators = separatorBits(bytes) | separatorBits(bytes + 16) << 16 |
                                separatorBits(bytes + 32) << 32 | separatorBits(bytes + 48) << 48;
    const uint64_t special = specialBits(bytes) | specialBits(bytes + 16) << 16 |
                             specialBits(bytes + 32) << 32 | specialBits(bytes + 48) << 48;
#else
    uint64_t separators = 0;
    uint64_t special = 0;
    for (unsigned i = 0; i < kBlockBytes; ++i) {
      const auto c = static_cast<unsigned char>(text_[base + i]);
      separators |= static_cast<uint64_t>(c == ',' || c == '\n') << i;
      special |= static_cast<uint64_t>(c != '\n' && (c < 0x21 || c >= 0x7F || c == '"')) << i;
    }
#endif
    separators_ = separators;
    if (special != 0 && firstSpecial_ == kNone) noteSpecial(base, special);
  }

#if defined(__SSE2__)
  /// Bits of the `,` and `\n` among the 16 bytes at `bytes`.
  static uint64_t separatorBits(const char *bytes) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i *>(bytes));
    const __m128i separator = _mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8(',')),
                                           _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\n')));
    return static_cast<uint32_t>(_mm_movemask_epi8(separator));
  }

  /// Bits of the bytes no plain field holds among the 16 bytes at `bytes`: below `!` (but `\n`),
  /// `"`, and 0x7F and above. Adding 0x5F maps the plain range `!`-`~` to -128..-35, signed, and
  /// every other byte above -35, so one comparison finds them; `"` and `\n` are compared apart.
  static uint64_t specialBits(const char *bytes) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i *>(bytes));
    const __m128i outside = _mm_cmpgt_epi8(_mm_add_epi8(chunk, _mm_set1_epi8(0x5F)), _mm_set1_epi8(-35));
    const __m128i special = _mm_andnot_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('\n')),
                                             _mm_or_si128(outside, _mm_cmpeq_epi8(chunk, _mm_set1_epi8('"'))));
    return static_cast<uint32_t>(_mm_movemask_epi8(special));
  }
#endif

  /// Records the first special byte of a block, except a `\r` right before `\n`, which ends a
  /// line like `\n` alone (the byte after the block is readable: kSlackBytes).
  void noteSpecial(uint32_t base, uint64_t special) {
    for (; special != 0; special &= special - 1) {
      const uint32_t at = base + static_cast<uint32_t>(std::countr_zero(special));
      if (text_[at] == '\r' && text_[at + 1] == '\n') continue;
      firstSpecial_ = at;
      return;
    }
  }

  const char *text_;
  uint32_t lineBegin_;
  uint32_t maxLineBytes_;
  uint32_t lastBlock_ = 0;  // the last offset a block may start at
  bool usable_ = false;     // the text is long enough for one block at `begin`
  uint32_t blockBase_ = 0;
  uint64_t separators_ = 0; // separator bits of the current block not taken yet
  uint32_t firstSpecial_ = kNone;
};

} // namespace rwd::sim
