// This file implements the parsing of a trace's `value` field. Most values are short decimals
// (`0.99712`, `212`): those are computed exactly from their digits, and everything else goes to
// std::from_chars.
#include "simulator/trace_value.h"

#include "simulator/csv_scanner.h"

#include <charconv>
#include <cstdint>
#include <limits>
#include <system_error>

namespace rwd::sim {

namespace {

/// Parses unsigned `digits[.digits][(e|E)[sign]digits]` when its value is exact in one IEEE
/// operation: at most 2^53 as an integer of its significant digits, and a power of ten of at most
/// 22 (Clinger's fast path). Both operands are then exact doubles and the one multiplication or
/// division rounds correctly, so the result equals std::from_chars'. Returns false for anything
/// else, which then takes the general path.
bool parseExactDecimal(std::string_view text, double &out) {
  static constexpr double kPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                            1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  constexpr uint64_t kMaxExactInteger = uint64_t{1} << 53;
  constexpr long kMaxDigits = 19; // fewer than 10^19 < 2^64: the digits cannot overflow
  auto isDigit = [](char c) { return static_cast<unsigned char>(c - '0') < 10; };
  const char *p = text.data();
  const char *end = p + text.size();
  uint64_t mantissa = 0;
  const char *integerBegin = p;
  for (; p < end && isDigit(*p); ++p) mantissa = mantissa * 10 + static_cast<uint64_t>(*p - '0');
  long digits = p - integerBegin;
  int exponent = 0;
  if (p < end && *p == '.') {
    const char *fractionBegin = ++p;
    for (; p < end && isDigit(*p); ++p) mantissa = mantissa * 10 + static_cast<uint64_t>(*p - '0');
    digits += p - fractionBegin;
    exponent = -static_cast<int>(p - fractionBegin);
  }
  if (digits == 0 || digits > kMaxDigits || mantissa > kMaxExactInteger) return false;
  if (p < end) {
    if (*p != 'e' && *p != 'E') return false;
    ++p;
    bool negative = false;
    if (p < end && (*p == '+' || *p == '-')) negative = *p++ == '-';
    const char *exponentBegin = p;
    int value = 0;
    for (; p < end && isDigit(*p) && p - exponentBegin < 4; ++p) value = value * 10 + (*p - '0');
    if (p == exponentBegin || p != end) return false; // no digits, or more than four: general path
    exponent += negative ? -value : value;
  }
  if (exponent < -22 || exponent > 22) return false;
  const double m = static_cast<double>(mantissa);
  out = exponent < 0 ? m / kPowersOfTen[-exponent] : m * kPowersOfTen[exponent];
  return true;
}

} // namespace

ValueStatus parseTraceValue(std::string_view text, double &out) {
  if (text.empty()) return ValueStatus::Empty;
  std::string_view body = text;
  bool negative = false;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  double value = 0;
  if (parseExactDecimal(body, value)) {
    out = negative ? -value : value;
    return ValueStatus::Ok;
  }
  if (equalsIgnoreCase(body, "nan")) {
    out = std::numeric_limits<double>::quiet_NaN();
    return ValueStatus::Ok;
  }
  if (equalsIgnoreCase(body, "inf") || equalsIgnoreCase(body, "infinity")) {
    out = negative ? -std::numeric_limits<double>::infinity()
                   : std::numeric_limits<double>::infinity();
    return ValueStatus::Ok;
  }
  // from_chars would also take "inf", "nan(...)" and a second sign: require a digit or '.' here.
  if (body.empty() || !((body[0] >= '0' && body[0] <= '9') || body[0] == '.'))
    return ValueStatus::Invalid;
  auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value,
                                   std::chars_format::general);
  if (end != body.data() + body.size()) return ValueStatus::Invalid;
  if (ec == std::errc::result_out_of_range) return ValueStatus::OutOfRange;
  if (ec != std::errc()) return ValueStatus::Invalid;
  out = negative ? -value : value;
  return ValueStatus::Ok;
}

} // namespace rwd::sim
