// This file implements the printer of condition expression trees as expr-lang text, the form Argo
// Rollouts' successCondition/failureCondition accept.
#pragma once

#include "compiler/expr/expr.h"

#include <string>

namespace rwd::expr {

/// Prints `expr` as expr-lang v1.17 text that parses back to the same tree. Deterministic.
///
/// - Parentheses only where expr-lang's precedences need them (ternary lowest; `or`/`||` 10;
///   `and`/`&&` 15; comparisons, `in`, `matches`, `contains`, `startsWith`, `endsWith` 20; `..` 25;
///   `+ -` 30; unary `not`/`!` 50; `* / %` 60; unary `- +` 90; `**` 100, right-associative;
///   `??` 500; postfix member/index/call highest), plus two that expr-lang's parser demands:
///   a `<`/`<=`/`>`/`>=` whose left operand is another such comparison (`a < b < c` would be a
///   chained comparison) and a `??` that is the left operand of another operator (expr-lang
///   refuses to mix `??` with other operators unparenthesised).
/// - Word operators keep their written form (`and`, `or`, `not`) when `wordOperator` is set.
/// - Integers print in decimal. Floats print in the shortest round-trip form and always read back
///   as floats: `0.95`, `95.0` (a whole float keeps a `.0`), `1e+21`. NaN and ±Inf have no literal
///   and print as `(0.0 / 0.0)`, `(1.0 / 0.0)`, `(-1.0 / 0.0)`.
/// - Strings print double-quoted with Go/expr escapes. Predicates print as `{...}`.
/// - A literal that still carries a unit (not resolved by sema) prints in Rewind syntax (`95%`,
///   `500ms`), which Argo cannot read; emitters must only print resolved trees.
std::string printExpr(const Expr &expr);

/// The same in Rewind's condition syntax, which differs in one point: a member name may be
/// hyphenated (`args.service-name`), where expr-lang needs `args["service-name"]`.
std::string printRewindExpr(const Expr &expr);

} // namespace rwd::expr
