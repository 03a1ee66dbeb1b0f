// This file implements the runtime evaluator of condition expressions: expr-lang v1.17 semantics
// plus the functions Argo Rollouts adds (asInt, asFloat, isNaN, isInf, isNil, default).
//
// Evaluation has two stages, like expr.Compile + expr.Run in Argo's EvalCondition:
//   1. a check of the whole tree, whatever branch would run: unknown names and functions, argument
//      counts, `#` outside a predicate, invalid constant regular expressions, unresolved unit
//      literals, unsupported clock functions (`now()`, `duration()`);
//   2. the run, which short-circuits `and`/`or`/`??`/`?:` and reports the first runtime error
//      with expr-lang's wording (`index out of range: 0 (array length is 0)`).
// Nothing is thrown out of evaluate(), and the result depends only on the tree and the env.
//
// Argo type-checks against the concrete Go type of `result` at compile time; Rewind only sees
// values, so a few mismatches Argo rejects at compile time are evaluated dynamically here (see
// the notes on evaluate()).
#pragma once

#include "compiler/expr/expr.h"
#include "runtime/value.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace rwd::runtime {

/// What a condition can see: `result` (nil when null) and `args` (an empty map when null).
struct EvalEnv {
  const Value *result = nullptr;
  const std::map<std::string, Value> *args = nullptr;
};

struct EvalOutcome {
  bool ok = false;
  Value value;
  std::string error; // set when !ok; expr-lang's message where one exists
};

/// Limits that keep hostile trees from exhausting the stack, memory or CPU. Each is an evaluation
/// error when exceeded.
inline constexpr int kMaxEvalDepth = 512;                  // nesting of the tree and of calls
inline constexpr size_t kEvalMemoryBudget = 1'000'000;     // list items built per evaluation
                                                           // (expr-lang's default memory budget)
inline constexpr uint64_t kMaxEvalSteps = 10'000'000;      // node visits per evaluation
inline constexpr size_t kMaxRegexSubjectBytes = 64 * 1024; // std::regex recurses per character

/// Evaluates `expr` against `env`.
///
/// Semantics decisions where the two engines differ:
/// - `==` between different non-numeric kinds is false and `<` between them is an error; Argo's
///   compile-time checker would reject some of these (e.g. a bool `result == "true"`) outright.
/// - Indexing a string yields the byte as an int, as expr-lang's runtime Fetch does.
/// - `isNaN`/`isInf` accept a float, or an integer literal (expr-lang converts those at compile
///   time); any other argument is an error, as in Argo.
/// - `matches` uses std::regex (ECMAScript) with a leading `(?i)` honoured; RE2-only syntax
///   fails to compile and is an evaluation error.
/// - `upper`/`lower`/`trim` handle ASCII letters and ASCII whitespace only.
EvalOutcome evaluate(const expr::Expr &expr, const EvalEnv &env);

/// The first stage of evaluate() alone: the check of the whole tree. It depends on the tree only,
/// so a caller that evaluates one tree many times checks it once. Nullopt when the tree passes;
/// otherwise the error evaluate() reports whatever the env.
std::optional<std::string> checkExpression(const expr::Expr &expr);

/// evaluate() of a tree that passed checkExpression(): the second stage only.
EvalOutcome evaluateChecked(const expr::Expr &expr, const EvalEnv &env);

} // namespace rwd::runtime
