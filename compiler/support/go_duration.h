// This file implements Go's time.ParseDuration and strconv.Atoi as Argo Rollouts applies them to
// the metric settings it reads from text (`interval: "{{args.interval}}"`, `count: "5"`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rwd {

/// Go's time.ParseDuration: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` with units ns, us (µs, μs), ms, s,
/// m, h in any order, or the bare `0`. Returns whole milliseconds (Go keeps nanoseconds; Rewind's
/// clock has milliseconds, so the rest is truncated towards zero), or nullopt with Go's own error
/// text in `error` (`time: invalid duration "5x"`, `time: missing unit in duration "5"`,
/// `time: unknown unit "d" in duration "1d"`).
std::optional<int64_t> parseGoDuration(std::string_view text, std::string *error = nullptr);

/// Kubernetes' IntOrString.IntValue() of a string: strconv.Atoi with its error ignored. An
/// optional sign and decimal digits parse; anything else is 0; out of range saturates.
int64_t goIntValue(std::string_view text);

} // namespace rwd
