// This file implements parsing and printing of durations in milliseconds.
#include "compiler/support/duration.h"

#include <fmt/format.h>

namespace rwd {

namespace {

constexpr int64_t kMillisPerSecond = 1000;
constexpr int64_t kMillisPerMinute = 60 * kMillisPerSecond;
constexpr int64_t kMillisPerHour = 60 * kMillisPerMinute;
constexpr int64_t kMillisPerDay = 24 * kMillisPerHour;

size_t digitRunEnd(std::string_view text, size_t pos) {
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
  return pos;
}

/// `0.<digits>` of `unit`, truncated to whole milliseconds (exact: 128-bit arithmetic).
int64_t fractionOf(std::string_view digits, int64_t unit) {
  __extension__ typedef __int128 Int128; // exact: 20 digits times a day in ms overflow 64 bits
  Int128 numerator = 0, denominator = 1;
  for (size_t i = 0; i < digits.size() && i < 20; ++i) {
    numerator = numerator * 10 + (digits[i] - '0');
    denominator *= 10;
  }
  return static_cast<int64_t>(numerator * unit / denominator);
}

std::string formatWithUnits(int64_t millis, bool useDays) {
  if (millis == 0) return "0s";
  std::string out;
  uint64_t rest = static_cast<uint64_t>(millis); // unsigned, so INT64_MIN has a magnitude
  if (millis < 0) {
    out += '-';
    rest = ~rest + 1;
  }
  if (rest < 1000) return out + fmt::format("{}ms", rest);
  const uint64_t days = useDays ? rest / kMillisPerDay : 0;
  rest -= days * kMillisPerDay;
  const uint64_t hours = rest / kMillisPerHour;
  rest %= kMillisPerHour;
  const uint64_t minutes = rest / kMillisPerMinute;
  rest %= kMillisPerMinute;
  const uint64_t seconds = rest / kMillisPerSecond, ms = rest % kMillisPerSecond;
  if (days) out += fmt::format("{}d", days);
  if (hours) out += fmt::format("{}h", hours);
  if (minutes) out += fmt::format("{}m", minutes);
  if (ms) {
    std::string fraction = fmt::format("{:03}", ms);
    while (fraction.back() == '0') fraction.pop_back();
    out += fmt::format("{}.{}s", seconds, fraction);
  } else if (seconds) {
    out += fmt::format("{}s", seconds);
  }
  return out;
}

} // namespace

std::optional<int64_t> parseDuration(std::string_view text, std::string *error) {
  auto fail = [&](const char *why) -> std::optional<int64_t> {
    if (error) *error = why;
    return std::nullopt;
  };
  if (text == "0") return 0;
  if (text.empty()) return fail("empty duration");
  struct Unit {
    std::string_view name;
    int64_t millis;
    int rank; // units must appear in decreasing order: d > h > m > s > ms
  };
  // "ms" precedes "m" so that the longer name matches first.
  static constexpr Unit kUnits[] = {{"d", kMillisPerDay, 0},    {"h", kMillisPerHour, 1},
                                    {"ms", 1, 4},               {"m", kMillisPerMinute, 2},
                                    {"s", kMillisPerSecond, 3}};
  int64_t total = 0;
  int lastRank = -1;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t intEnd = digitRunEnd(text, pos);
    if (intEnd == pos) return fail("expected a number before each unit");
    std::string_view intDigits = text.substr(pos, intEnd - pos);
    std::string_view fracDigits;
    pos = intEnd;
    if (pos < text.size() && text[pos] == '.') {
      size_t fracEnd = digitRunEnd(text, pos + 1);
      if (fracEnd == pos + 1) return fail("expected digits after the decimal point");
      fracDigits = text.substr(pos + 1, fracEnd - pos - 1);
      pos = fracEnd;
    }
    const Unit *unit = nullptr;
    for (const Unit &u : kUnits)
      if (text.substr(pos, u.name.size()) == u.name) {
        unit = &u;
        break;
      }
    if (!unit) return fail("expected a unit: ms, s, m, h or d");
    if (unit->rank <= lastRank) return fail("units must go from largest to smallest, each once (1h30m)");
    lastRank = unit->rank;
    pos += unit->name.size();
    int64_t count = 0, part = 0;
    for (char c : intDigits)
      if (__builtin_mul_overflow(count, 10, &count) || __builtin_add_overflow(count, c - '0', &count))
        return fail("duration is too large");
    if (__builtin_mul_overflow(count, unit->millis, &part) ||
        __builtin_add_overflow(part, fractionOf(fracDigits, unit->millis), &part) ||
        __builtin_add_overflow(total, part, &total))
      return fail("duration is too large");
  }
  return total;
}

std::string formatDuration(int64_t millis) { return formatWithUnits(millis, true); }

// Go's time.ParseDuration has no `d` unit, so Argo fields fold days into hours.
std::string formatGoDuration(int64_t millis) { return formatWithUnits(millis, false); }

} // namespace rwd
