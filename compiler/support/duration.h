// This file implements parsing and printing of durations (`500ms`, `5m`, `1h30m`) in milliseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rwd {

/// Parses a Go/Prometheus-style duration: one or more `<number><unit>` parts with units `d`
/// (24 h), `h`, `m`, `s`, `ms`, each at most once and from largest to smallest (`300ms`, `1h30m`,
/// `1m0.5s`). Fractions are allowed and truncated to whole milliseconds; the bare number `0` is
/// accepted. Returns nullopt and sets `error` for anything else (signs, blanks, overflow).
std::optional<int64_t> parseDuration(std::string_view text, std::string *error = nullptr);

/// Prints a duration compactly and deterministically: `0s`, `500ms`, `45s`, `5m`, `1h30m`, `1.5s`.
std::string formatDuration(int64_t millis);

/// Prints a duration the way Go's time.Duration parses it, for Argo fields (`30s`, `1m30s`).
std::string formatGoDuration(int64_t millis);

} // namespace rwd
