// This file implements the parsing of a trace's `value` field (CONTRACT §3): a decimal number in
// any notation, NaN and the infinities, or empty for "no data".
#pragma once

#include <string_view>

namespace rwd::sim {

enum class ValueStatus { Ok, Empty, Invalid, OutOfRange };

/// Parses a `value` field: an optional sign, decimal or exponent notation (`1e-3`, `.5`, `1.`), and
/// `NaN`, `Inf`, `Infinity` in any case with an optional sign. Numbers beyond the double range are
/// OutOfRange, not infinities. The result is the correctly rounded double, as std::from_chars gives.
ValueStatus parseTraceValue(std::string_view text, double &out);

} // namespace rwd::sim
