// This file implements parsing and printing of durations (`500ms`, `5m`, `1h30m`) in milliseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rwd {

/// Parses a sequence of <number><unit> parts (units ms, s, m, h, d; decimals allowed: `1.5s`).
/// Returns nullopt and sets `error` for an empty, malformed or overflowing duration, or one that
/// is not a whole number of milliseconds.
std::optional<int64_t> parseDuration(std::string_view text, std::string *error = nullptr);

/// Prints a duration compactly and deterministically: `0s`, `500ms`, `45s`, `5m`, `1h30m`, `1.5s`.
std::string formatDuration(int64_t millis);

/// Prints a duration the way Go's time.Duration parses it, for Argo fields (`30s`, `1m30s`).
std::string formatGoDuration(int64_t millis);

} // namespace rwd
