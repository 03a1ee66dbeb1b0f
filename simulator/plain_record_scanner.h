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
  /// How far ahead a block's classification asks for the text to be in the cache. The hardware
  /// prefetcher alone left the scanner waiting for memory (on a loaded virtual machine a day's
  /// simulate took a sixth less CPU time with this; 512 to 4096 bytes ahead did alike). A
  /// prefetch never faults, so it may point past the text.
  static constexpr uint32_t kPrefetchBytes = 1024;

  PlainRecordScanner(std::string_view text, uint32_t begin, uint32_t maxLineBytes)
      : text_(text.data()), lineBegin_(begin), maxLineBytes_(maxLineBytes) {
    const auto size = static_cast<uint32_t>(text.size());
    // No block starts past lastBlock_; a text too short gets none (lastBlock_ 0, blockBase_ 0).
    if (size >= kBlockBytes + kSlackBytes && begin <= size - kBlockBytes - kSlackBytes) {
      lastBlock_ = size - kBlockBytes - kSlackBytes;
      blockBase_ = begin - kBlockBytes; // unsigned: the first block classified is `begin`'s
    }
  }

  /// Up to `capacity` records into `out`: fewer once it meets a line of another shape or the end
  /// of what it reads, and then position() is that line's start and the scanner must not be used
  /// again (it has read into that line). The loop
  /// keeps the scanner in registers; finding a batch of records apart from reading their fields
  /// let both loops do so (one loop doing both spilled its state to the stack per record).
  uint32_t fill(PlainRecord *out, uint32_t capacity);

  /// The next record, as fill() of one.
  bool next(PlainRecord &record) { return fill(&record, 1) == 1; }

  /// Where the next line starts (the one the scanner stopped at, once it did).
  uint32_t position() const { return lineBegin_; }

private:
  static constexpr uint32_t kNone = UINT32_MAX;

  /// What classify() finds in a block of 64 bytes.
  struct Block {
    uint64_t separators; // bits of `,` and `\n`
    bool special;        // some byte no plain field holds (a `\r` before `\n` may be all)
  };

  /// Classifies the 64 bytes at `bytes` (readable, and kPrefetchBytes after them hinted).
  static Block classify(const char *bytes) {
#if defined(__SSE2__)
    // (An address, not a pointer past the text: only the hint may point beyond it.)
    _mm_prefetch(reinterpret_cast<const char *>(reinterpret_cast<uintptr_t>(bytes) + kPrefetchBytes),
                 _MM_HINT_T0);
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(bytes));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(bytes + 16));
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i *>(bytes + 32));
    const __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i *>(bytes + 48));
    // Special bytes are rare: one test for the whole block, their positions only when it fails.
    const __m128i special =
        _mm_or_si128(_mm_or_si128(specialBytes(a), specialBytes(b)), _mm_or_si128(specialBytes(c), specialBytes(d)));
    return {separatorBits(a) | separatorBits(b) << 16 | separatorBits(c) << 32 | separatorBits(d) << 48,
            _mm_movemask_epi8(special) != 0};
#else
    uint64_t separators = 0;
    for (unsigned i = 0; i < kBlockBytes; ++i)
      separators |= static_cast<uint64_t>(bytes[i] == ',' || bytes[i] == '\n') << i;
    return {separators, true}; // firstSpecialOf looks
#endif
  }

#if defined(__SSE2__)
  /// Bits of the `,` and `\n` among 16 bytes.
  static uint64_t separatorBits(__m128i chunk) {
    const __m128i separator = _mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8(',')),
                                           _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\n')));
    return static_cast<uint32_t>(_mm_movemask_epi8(separator));
  }

  /// The bytes no plain field holds among 16 (all ones there): below `!` (but `\n`), `"`, and
  /// 0x7F and above. Adding 0x5F maps the plain range `!`-`~` to -128..-35, signed, and every
  /// other byte above -35, so one comparison finds them; `"` and `\n` are compared apart.
  static __m128i specialBytes(__m128i chunk) {
    const __m128i outside = _mm_cmpgt_epi8(_mm_add_epi8(chunk, _mm_set1_epi8(0x5F)), _mm_set1_epi8(-35));
    return _mm_andnot_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('\n')),
                            _mm_or_si128(outside, _mm_cmpeq_epi8(chunk, _mm_set1_epi8('"'))));
  }
#endif

  /// The offset of the first byte of the block at `bytes` (offset `base`) that no plain field
  /// holds, or kNone. A `\r` right before `\n` is not one: it ends a line like `\n` alone (the
  /// byte after the block is readable: kSlackBytes).
  static uint32_t firstSpecialOf(const char *bytes, uint32_t base);

  const char *text_;
  uint32_t lineBegin_;
  uint32_t maxLineBytes_;
  uint32_t lastBlock_ = 0; // the last offset a block may start at
  uint32_t blockBase_ = 0; // the current block (wraps below zero before the first one)
  uint64_t separators_ = 0; // separator bits of the current block not taken yet
  uint32_t firstSpecial_ = kNone;
};

} // namespace rwd::sim
