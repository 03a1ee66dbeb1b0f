// This file implements the arithmetic of reading eight ASCII digits at once from one 64-bit word
// (SWAR: SIMD within a register), which the trace reader's fast path uses for values and
// timestamps: one check and three multiplications instead of a loop over the digits. The word
// holds the bytes in memory order, so these helpers assume a little-endian machine (callers check
// std::endian::native).
#pragma once

#include <cstdint>
#include <cstring>

namespace rwd::sim::swar {

/// The eight bytes at `bytes` (which must be readable) as one word, the first in the lowest byte.
inline uint64_t load8(const char *bytes) {
  uint64_t word;
  std::memcpy(&word, bytes, 8);
  return word;
}

/// True if each of the eight bytes of `word` is an ASCII digit. Safe for any byte values: a byte
/// outside `0x30`-`0x39` fails one of the two nibble tests, and adding 6 can only carry out of a
/// byte whose high nibble already fails.
inline bool eightDigits(uint64_t word) {
  return ((word & 0xF0F0F0F0F0F0F0F0ull) |
          (((word + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) >> 4)) == 0x3333333333333333ull;
}

/// The value of eight ASCII digits (eightDigits(word)), the most significant in the lowest byte.
inline uint64_t eightDigitsValue(uint64_t word) {
  word -= 0x3030303030303030ull;
  word = word * 10 + (word >> 8); // every even byte: 10 * digit + the next digit
  constexpr uint64_t kMask = 0x000000FF000000FFull;
  constexpr uint64_t kHundredAndMillion = 100 + (1000000ull << 32);
  constexpr uint64_t kOneAndTenThousand = 1 + (10000ull << 32);
  return (((word & kMask) * kHundredAndMillion) + (((word >> 16) & kMask) * kOneAndTenThousand)) >> 32;
}

/// `word`'s low `count` bytes (1-8) moved to the top and `0` digits in front of them, so that
/// eightDigitsValue reads them as a number of `count` digits: `4626????` becomes `00004626`.
inline uint64_t rightAlignDigits(uint64_t word, unsigned count) {
  return count >= 8 ? word : (word << (8 * (8 - count))) | (0x3030303030303030ull >> (8 * count));
}

/// A word with the low `count` bytes (0-7) set.
inline uint64_t lowBytes(unsigned count) { return (uint64_t{1} << (8 * count)) - 1; }

} // namespace rwd::sim::swar
