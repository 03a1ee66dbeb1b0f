// This file implements Rewind's time vocabulary: parsing and printing instants (RFC 3339 or Unix
// seconds) and durations (`5m`, `1h30m`) as whole milliseconds, with pure calendar arithmetic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rwd::sim {

/// Largest Unix time in seconds that parseTimestampMillis accepts: 9999-12-31T23:59:59Z. Anything
/// later is almost certainly a millisecond or nanosecond epoch written by mistake.
inline constexpr int64_t kMaxEpochSeconds = 253402300799;

/// Parses an instant and returns milliseconds since the Unix epoch, or nullopt if it is not one.
///
/// Accepted forms (no surrounding blanks; callers trim):
/// - RFC 3339: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`. `t`/`z` may be lowercase and the
///   `T` may be a single space (RFC 3339 §5.6 allows it; `date --rfc-3339` prints it). Seconds are
///   required. Fields are range-checked: month 1-12, day 1..days-in-month (leap years per the
///   Gregorian rule), hour 0-23, minute 0-59, second 0-59 (a leap second `:60` is rejected: Unix
///   time has no slot for it), offset hours 0-23 and minutes 0-59.
/// - Unix epoch seconds: `1795676850` or `1795676850.5`, unsigned, at most kMaxEpochSeconds.
///
/// A fraction of any length is **truncated** to whole milliseconds (`.2509` → 250 ms), never
/// rounded, so an instant never moves into the next second.
std::optional<int64_t> parseTimestampMillis(std::string_view text);

/// Formats milliseconds since the epoch as RFC 3339 UTC: `2026-11-20T10:00:00Z`, or
/// `2026-11-20T10:00:00.250Z` when the milliseconds are not zero (always three digits then).
std::string formatTimestamp(int64_t millis);

} // namespace rwd::sim
