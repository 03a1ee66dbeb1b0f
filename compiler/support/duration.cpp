// This file implements parsing and printing of durations in milliseconds.
#include "compiler/support/duration.h"

#include <cmath>
#include <fmt/format.h>

namespace rwd {

std::optional<int64_t> parseDuration(std::string_view text, std::string *error) {
  auto fail = [&](const char *why) -> std::optional<int64_t> {
    if (error) *error = why;
    return std::nullopt;
  };
  if (text.empty()) return fail("empty duration");
  if (text == "0") return 0;
  // Exact arithmetic: accumulate whole milliseconds and a fractional part scaled to 10^-9 ms.
  long double total = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    if (i == start) return fail("expected a number before the unit");
    size_t intEnd = i;
    size_t fracStart = i, fracEnd = i;
    if (i < text.size() && text[i] == '.') {
      fracStart = ++i;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
      fracEnd = i;
      if (fracEnd == fracStart) return fail("expected digits after the decimal point");
    }
    long double factor = 0;
    if (text.substr(i, 2) == "ms") {
      factor = 1;
      i += 2;
    } else if (i < text.size() && text[i] == 's') {
      factor = 1000;
      ++i;
    } else if (i < text.size() && text[i] == 'm') {
      factor = 60'000;
      ++i;
    } else if (i < text.size() && text[i] == 'h') {
      factor = 3'600'000;
      ++i;
    } else if (i < text.size() && text[i] == 'd') {
      factor = 86'400'000;
      ++i;
    } else {
      return fail("expected a unit: ms, s, m, h or d");
    }
    if (intEnd - start > 15) return fail("number is too large");
    long double value = 0;
    for (size_t k = start; k < intEnd; ++k) value = value * 10 + (text[k] - '0');
    long double scale = 0.1L;
    for (size_t k = fracStart; k < fracEnd && k < fracStart + 12; ++k, scale /= 10)
      value += (text[k] - '0') * scale;
    total += value * factor;
    if (total > 9.0e15L) return fail("duration is too large");
  }
  long double rounded = std::floor(total + 0.5L);
  if (std::fabs(total - rounded) > 1e-6L) return fail("duration is not a whole number of milliseconds");
  return static_cast<int64_t>(rounded);
}

namespace {
std::string formatWithUnits(int64_t millis, bool useDays) {
  if (millis == 0) return "0s";
  std::string out = millis < 0 ? "-" : "";
  uint64_t ms = static_cast<uint64_t>(millis < 0 ? -millis : millis);
  if (ms < 1000) return fmt::format("{}{}ms", out, ms);
  uint64_t days = useDays ? ms / 86'400'000 : 0;
  uint64_t hours = ms / 3'600'000 - days * 24, minutes = ms / 60'000 % 60;
  uint64_t seconds = ms / 1000 % 60, rest = ms % 1000;
  if (days) out += fmt::format("{}d", days);
  if (hours) out += fmt::format("{}h", hours);
  if (minutes) out += fmt::format("{}m", minutes);
  if (rest) {
    std::string frac = fmt::format("{:03}", rest);
    while (frac.back() == '0') frac.pop_back();
    out += fmt::format("{}.{}s", seconds, frac);
  } else if (seconds) {
    out += fmt::format("{}s", seconds);
  }
  return out;
}
} // namespace

std::string formatDuration(int64_t millis) { return formatWithUnits(millis, true); }

// Go's time.ParseDuration has no `d` unit, so Argo fields fold days into hours.
std::string formatGoDuration(int64_t millis) { return formatWithUnits(millis, false); }

} // namespace rwd
