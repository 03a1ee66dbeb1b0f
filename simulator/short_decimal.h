// This file implements the parsing of the short decimals that make up almost every trace value
// (`0.99695`, `46.26`, `212`): up to eight digits and one optional point, read eight bytes at a
// time (SWAR: the digits are turned into a number with three multiplications instead of a loop).
// The result is exact, bit for bit what std::from_chars gives; anything else is left to the
// general value parser.
#pragma once

#include "simulator/swar_digits.h"

#include <bit>
#include <cstdint>

namespace rwd::sim {

/// Parses `[sign]digits[.digits]` of at most nine bytes after the sign, with at least one digit
/// and at most eight, at `text` (length `size`). Eight bytes from the start of the digits must be
/// readable even when the field is shorter (a caller scanning a larger buffer guarantees it).
/// Returns false for anything else (longer, an exponent, NaN, empty), having left `out` alone;
/// the caller then takes the general parser. The mantissa is below 10^8 and the power of ten at
/// most 10^8, both exact doubles, so the one division rounds correctly: the result is
/// std::from_chars'. Always inlined: it runs for every row, and as a call it cost a third more.
[[gnu::always_inline]] inline bool parseShortDecimal(const char *text, uint32_t size, double &out) {
  using namespace swar;
  static constexpr double kPowersOfTen[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
  if constexpr (std::endian::native != std::endian::little) return false;
  if (size == 0) return false;
  const bool negative = text[0] == '-';
  if (text[0] == '-' || text[0] == '+') {
    ++text;
    --size;
  }
  if (size == 0 || size > 9) return false;
  uint64_t chunk = load8(text);
  // The point, if any: its position among the field's bytes (a zero byte of chunk ^ '.....').
  const uint64_t inField = size >= 8 ? ~uint64_t{0} : lowBytes(size);
  const uint64_t pointless = chunk ^ 0x2E2E2E2E2E2E2E2Eull;
  const uint64_t pointBits =
      (pointless - 0x0101010101010101ull) & ~pointless & 0x8080808080808080ull & inField;
  unsigned digits = size;
  unsigned fraction = 0;
  if (pointBits != 0) {
    // The lowest flagged byte is exact (a borrow only flags bytes above a real zero byte).
    const auto point = static_cast<unsigned>(std::countr_zero(pointBits)) / 8;
    const uint64_t below = lowBytes(point);
    chunk = (chunk & below) | ((chunk >> 8) & ~below);
    if (size == 9) chunk |= static_cast<uint64_t>(static_cast<unsigned char>(text[8])) << 56;
    digits = size - 1;
    fraction = digits - point;
  } else if (size == 9) {
    return false; // nine digits, or a point in the ninth byte: the general parser
  }
  if (digits == 0) return false; // `.` alone is not a number
  // Right-align the digits behind leading `0` bytes: `46.26` is read as `00004626`.
  chunk = rightAlignDigits(chunk, digits);
  if (!eightDigits(chunk)) return false;
  const double mantissa = static_cast<double>(eightDigitsValue(chunk));
  const double value = fraction == 0 ? mantissa : mantissa / kPowersOfTen[fraction];
  out = negative ? -value : value;
  return true;
}

} // namespace rwd::sim
