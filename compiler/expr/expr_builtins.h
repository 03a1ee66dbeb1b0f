// This file implements the catalogue of expr-lang's (v1.17) built-in functions by what Rewind does
// with each: the one list sema and the runtime share.
#pragma once

#include <string_view>

namespace rwd::expr {

enum class BuiltinSupport : uint8_t {
  Evaluated,    // checked by sema and evaluated by the runtime (len, all, max, ...)
  ReadsClock,   // now, duration, date, timezone: a replay could not be deterministic
  NotEvaluated, // an expr-lang builtin Rewind does not evaluate (uniq, reduce, toJSON, ...)
  NotBuiltin,   // not an expr-lang builtin (Argo's own functions are not builtins either)
};

BuiltinSupport builtinSupport(std::string_view name);

} // namespace rwd::expr
