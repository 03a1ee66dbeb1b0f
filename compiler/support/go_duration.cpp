// This file implements Go's time.ParseDuration and strconv.Atoi as Argo Rollouts applies them to
// the metric settings it reads from text. The code follows Go's src/time/format.go step by step, so
// that what parses, the value and the error text are Go's.
#include "compiler/support/go_duration.h"

#include <cstdio>
#include <limits>

namespace rwd {

namespace {

constexpr uint64_t kLimit = uint64_t{1} << 63;

/// Go's time.quote: the text in double quotes, `"` and `\` escaped, bytes outside printable ASCII
/// as `\xNN`.
std::string goQuote(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c >= 0x80 || c < ' ') {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += static_cast<char>(c);
  }
  return out + "\"";
}

std::optional<uint64_t> unitNanos(std::string_view unit) {
  if (unit == "ns") return 1;
  if (unit == "us" || unit == "\xc2\xb5s" || unit == "\xce\xbcs") return 1'000;
  if (unit == "ms") return 1'000'000;
  if (unit == "s") return 1'000'000'000;
  if (unit == "m") return 60'000'000'000;
  if (unit == "h") return 3'600'000'000'000;
  return std::nullopt;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

} // namespace

std::optional<int64_t> parseGoDuration(std::string_view text, std::string *error) {
  const std::string_view orig = text;
  auto fail = [&](std::string message) -> std::optional<int64_t> {
    if (error) *error = std::move(message);
    return std::nullopt;
  };
  auto invalid = [&] { return fail("time: invalid duration " + goQuote(orig)); };
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text == "0") return 0;
  if (text.empty()) return invalid();
  uint64_t total = 0;
  while (!text.empty()) {
    if (!(text[0] == '.' || isDigit(text[0]))) return invalid();
    // leadingInt: [0-9]*
    uint64_t whole = 0;
    size_t i = 0;
    for (; i < text.size() && isDigit(text[i]); ++i) {
      if (whole > kLimit / 10) return invalid();
      whole = whole * 10 + static_cast<uint64_t>(text[i] - '0');
      if (whole > kLimit) return invalid();
    }
    bool pre = i > 0;
    text.remove_prefix(i);
    // leadingFraction: (\.[0-9]*)?
    uint64_t fraction = 0;
    double scale = 1;
    bool post = false;
    if (!text.empty() && text[0] == '.') {
      text.remove_prefix(1);
      bool overflow = false;
      size_t j = 0;
      for (; j < text.size() && isDigit(text[j]); ++j) {
        if (overflow) continue;
        if (fraction > (kLimit - 1) / 10) {
          overflow = true;
          continue;
        }
        uint64_t next = fraction * 10 + static_cast<uint64_t>(text[j] - '0');
        if (next > kLimit) {
          overflow = true;
          continue;
        }
        fraction = next;
        scale *= 10;
      }
      post = j > 0;
      text.remove_prefix(j);
    }
    if (!pre && !post) return invalid();
    size_t unitEnd = 0;
    while (unitEnd < text.size() && text[unitEnd] != '.' && !isDigit(text[unitEnd])) ++unitEnd;
    if (unitEnd == 0) return fail("time: missing unit in duration " + goQuote(orig));
    std::string_view unitText = text.substr(0, unitEnd);
    text.remove_prefix(unitEnd);
    std::optional<uint64_t> unit = unitNanos(unitText);
    if (!unit) return fail("time: unknown unit " + goQuote(unitText) + " in duration " + goQuote(orig));
    if (whole > kLimit / *unit) return invalid();
    whole *= *unit;
    if (fraction > 0) {
      whole += static_cast<uint64_t>(static_cast<double>(fraction) * (static_cast<double>(*unit) / scale));
      if (whole > kLimit) return invalid();
    }
    total += whole;
    if (total > kLimit) return invalid();
  }
  if (!negative && total > kLimit - 1) return invalid();
  // Nanoseconds to milliseconds, truncated towards zero as Go's Duration.Milliseconds() does.
  int64_t millis = static_cast<int64_t>(total / 1'000'000);
  return negative ? -millis : millis;
}

int64_t goIntValue(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return 0;
  uint64_t value = 0;
  bool saturated = false;
  for (char c : text) {
    if (!isDigit(c)) return 0;
    if (saturated) continue;
    if (value > kLimit / 10) {
      saturated = true;
      continue;
    }
    value = value * 10 + static_cast<uint64_t>(c - '0');
    if (value > kLimit) saturated = true;
  }
  // strconv.ParseInt reports ErrRange with the bound as its value; Atoi's caller ignores the error.
  if (negative && (saturated || value == kLimit)) return std::numeric_limits<int64_t>::min();
  if (saturated || value > kLimit - 1) return negative ? std::numeric_limits<int64_t>::min()
                                                       : std::numeric_limits<int64_t>::max();
  return negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
}

} // namespace rwd
