// This file implements timestamp and duration parsing and printing with days-from-civil arithmetic
// (no timegm, locale or TZ): see Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms".
#include "simulator/timestamp.h"

#include <fmt/format.h>

namespace rwd::sim {

namespace {

constexpr int64_t kMillisPerSecond = 1000;
constexpr int64_t kMillisPerMinute = 60 * kMillisPerSecond;
constexpr int64_t kMillisPerHour = 60 * kMillisPerMinute;
constexpr int64_t kMillisPerDay = 24 * kMillisPerHour;

// Exact intermediate for fractions: 20 digits times a day in ms needs more than 64 bits.
__extension__ typedef __int128 Int128;

bool isDigit(char c) { return c >= '0' && c <= '9'; }

/// Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1-12, d 1-31).
int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);           // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;      // [0, 146096]
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct CivilDate {
  int64_t year;
  unsigned month;
  unsigned day;
};

/// Inverse of daysFromCivil.
CivilDate civilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);                   // [0, 146096]
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; // [0, 399]
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
  const unsigned mp = (5 * doy + 2) / 153;                      // [0, 11]
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;              // [1, 31]
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;                 // [1, 12]
  return {y + (m <= 2), m, d};
}

bool isLeapYear(int64_t y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }

unsigned daysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && isLeapYear(y) ? 29 : kDays[m - 1];
}

/// Reads exactly `count` digits at `pos` into `out`.
bool readFixedDigits(std::string_view text, size_t pos, size_t count, unsigned &out) {
  if (pos + count > text.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (!isDigit(text[i])) return false;
    out = out * 10 + static_cast<unsigned>(text[i] - '0');
  }
  return true;
}

/// floor(0.<digits> * unit): the fraction `digits` (all decimal digits) of `unit` milliseconds.
/// Only the first 20 digits count; the rest cannot change a whole millisecond in practice.
int64_t fractionOf(std::string_view digits, int64_t unit) {
  Int128 numerator = 0;
  Int128 denominator = 1;
  for (size_t i = 0; i < digits.size() && i < 20; ++i) {
    numerator = numerator * 10 + (digits[i] - '0');
    denominator *= 10;
  }
  return static_cast<int64_t>(numerator * unit / denominator);
}

/// Reads a run of digits starting at `pos`; returns its end.
size_t digitRunEnd(std::string_view text, size_t pos) {
  while (pos < text.size() && isDigit(text[pos])) ++pos;
  return pos;
}

std::optional<int64_t> parseRfc3339(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS is 19 bytes; then an optional fraction and the offset.
  unsigned year, month, day, hour, minute, second;
  if (s.size() < 20) return std::nullopt;
  if (!readFixedDigits(s, 0, 4, year) || s[4] != '-' || !readFixedDigits(s, 5, 2, month) ||
      s[7] != '-' || !readFixedDigits(s, 8, 2, day))
    return std::nullopt;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  if (!readFixedDigits(s, 11, 2, hour) || s[13] != ':' || !readFixedDigits(s, 14, 2, minute) ||
      s[16] != ':' || !readFixedDigits(s, 17, 2, second))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 ||
      minute > 59 || second > 59)
    return std::nullopt;

  size_t pos = 19;
  int64_t fractionMillis = 0;
  if (s[pos] == '.') {
    size_t end = digitRunEnd(s, pos + 1);
    if (end == pos + 1) return std::nullopt;
    fractionMillis = fractionOf(s.substr(pos + 1, end - pos - 1), kMillisPerSecond);
    pos = end;
  }

  int64_t offsetMinutes = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    unsigned offHour, offMinute;
    if (!readFixedDigits(s, pos + 1, 2, offHour) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !readFixedDigits(s, pos + 4, 2, offMinute) || offHour > 23 || offMinute > 59)
      return std::nullopt;
    offsetMinutes = static_cast<int64_t>(offHour) * 60 + offMinute;
    if (s[pos] == '-') offsetMinutes = -offsetMinutes;
    pos += 6;
  } else {
    return std::nullopt; // RFC 3339 requires an offset
  }
  if (pos != s.size()) return std::nullopt;

  int64_t days = daysFromCivil(year, month, day);
  int64_t millis = days * kMillisPerDay + hour * kMillisPerHour + minute * kMillisPerMinute +
                   second * kMillisPerSecond + fractionMillis;
  // Local time = UTC + offset, so UTC = local - offset.
  return millis - offsetMinutes * kMillisPerMinute;
}

std::optional<int64_t> parseEpochSeconds(std::string_view s) {
  size_t intEnd = digitRunEnd(s, 0);
  if (intEnd == 0) return std::nullopt;
  int64_t seconds = 0;
  for (size_t i = 0; i < intEnd; ++i) {
    seconds = seconds * 10 + (s[i] - '0');
    if (seconds > kMaxEpochSeconds) return std::nullopt; // also stops overflow on long inputs
  }
  int64_t fractionMillis = 0;
  if (intEnd < s.size()) {
    if (s[intEnd] != '.') return std::nullopt;
    size_t end = digitRunEnd(s, intEnd + 1);
    if (end == intEnd + 1 || end != s.size()) return std::nullopt;
    fractionMillis = fractionOf(s.substr(intEnd + 1), kMillisPerSecond);
  }
  return seconds * kMillisPerSecond + fractionMillis;
}

} // namespace

std::optional<int64_t> parseTimestampMillis(std::string_view text) {
  // Whole Unix seconds (`1795651200`) are what machine-written traces hold: read them directly.
  if (!text.empty() && text.size() <= 12) {
    int64_t seconds = 0;
    size_t i = 0;
    for (; i < text.size() && isDigit(text[i]); ++i) seconds = seconds * 10 + (text[i] - '0');
    if (i == text.size())
      return seconds <= kMaxEpochSeconds ? std::optional<int64_t>(seconds * kMillisPerSecond) : std::nullopt;
  }
  if (text.size() > 4 && text[4] == '-') return parseRfc3339(text);
  return parseEpochSeconds(text);
}

std::string formatTimestamp(int64_t millis) {
  int64_t days = millis / kMillisPerDay;
  int64_t rest = millis % kMillisPerDay;
  if (rest < 0) { // floor division for instants before 1970
    rest += kMillisPerDay;
    --days;
  }
  CivilDate date = civilFromDays(days);
  int64_t hour = rest / kMillisPerHour;
  int64_t minute = rest / kMillisPerMinute % 60;
  int64_t second = rest / kMillisPerSecond % 60;
  int64_t ms = rest % kMillisPerSecond;
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", date.year, date.month,
                                date.day, hour, minute, second);
  if (ms != 0) out += fmt::format(".{:03}", ms);
  out += 'Z';
  return out;
}

} // namespace rwd::sim
