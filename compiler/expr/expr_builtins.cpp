// This file implements the catalogue of expr-lang's built-in functions (builtin/builtin.go).
#include "compiler/expr/expr_builtins.h"

#include <algorithm>
#include <iterator>

namespace rwd::expr {

namespace {

template <size_t N> bool contains(const std::string_view (&names)[N], std::string_view name) {
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

constexpr std::string_view kEvaluated[] = {
    "all",   "none",  "any",    "one",   "filter", "map",    "find",   "findIndex", "findLast",
    "findLastIndex",  "count",  "sum",   "len",    "abs",    "ceil",   "floor",     "round",
    "int",   "float", "string", "trim",  "upper",  "lower",  "split",  "join",      "keys",
    "values", "first", "last",  "sort",  "max",    "min",    "mean",   "median"};

constexpr std::string_view kClock[] = {"now", "duration", "date", "timezone"};

constexpr std::string_view kNotEvaluated[] = {
    "type",    "trimPrefix", "trimSuffix", "splitAfter", "replace", "repeat",  "indexOf",
    "lastIndexOf", "hasPrefix", "hasSuffix", "toJSON",   "fromJSON", "toBase64", "fromBase64",
    "get",     "take",       "toPairs",    "fromPairs",  "reverse", "uniq",    "concat",
    "flatten", "groupBy",    "sortBy",     "reduce",     "bitand",  "bitor",   "bitxor",
    "bitnand", "bitnot",     "bitshl",     "bitshr",     "bitushr"};

} // namespace

BuiltinSupport builtinSupport(std::string_view name) {
  if (contains(kEvaluated, name)) return BuiltinSupport::Evaluated;
  if (contains(kClock, name)) return BuiltinSupport::ReadsClock;
  if (contains(kNotEvaluated, name)) return BuiltinSupport::NotEvaluated;
  return BuiltinSupport::NotBuiltin;
}

} // namespace rwd::expr
