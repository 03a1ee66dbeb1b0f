// This file implements the runtime evaluator of condition expressions: expr-lang v1.17 semantics
// plus the functions Argo Rollouts adds (asInt, asFloat, isNaN, isInf, isNil, default).
//
// Evaluation has two stages, like expr.Compile + expr.Run in Argo's EvalCondition:
//   1. expr-lang's type check (runtime/expr_check.h) of the whole tree, whatever branch would run,
//      against the Go types of this measurement's `result` and arguments: unknown names and
//      functions, argument counts, operands of mismatched types (`result == 1` on a vector),
//      `#` outside a predicate, invalid constant regular expressions;
//   2. the run, which short-circuits `and`/`or`/`??`/`?:` and reports the first runtime error
//      with expr-lang's wording (`index out of range: 0 (array length is 0)`,
//      `interface conversion: interface {} is float64, not bool`).
// Nothing is thrown out of evaluate(), and the result depends only on the tree and the env.
#pragma once

#include "compiler/expr/expr.h"
#include "runtime/expr_check.h"
#include "runtime/value.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace rwd::runtime {

/// What a condition can see: `result` (nil when null) and `args` (an empty map when null).
struct EvalEnv {
  const Value *result = nullptr;
  const std::map<std::string, Value> *args = nullptr;
  /// The Go type of a list `result`: []float64 from metric providers, []interface {} from JSON.
  ResultListType resultLists = ResultListType::Float64;
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

/// What evaluate() works out before it runs a tree: the tree's structural check, expr-lang's type
/// check and the optimizer's constant folds. They depend only on the tree, the nature (Go type) of
/// `result` and the arguments, and a metric's measurements see one or two natures of result in a
/// whole run; so an AnalysisRun keeps one of these per condition and the work is done once per
/// nature instead of at every measurement. One cache serves one tree and one argument map; a copy
/// starts empty.
class CompiledConditions {
public:
  CompiledConditions();
  ~CompiledConditions();
  CompiledConditions(const CompiledConditions &);
  CompiledConditions &operator=(const CompiledConditions &);
  CompiledConditions(CompiledConditions &&) noexcept;
  CompiledConditions &operator=(CompiledConditions &&) noexcept;

  struct Compiled; // defined beside evaluate()

private:
  friend EvalOutcome evaluate(const expr::Expr &expr, const EvalEnv &env, CompiledConditions *cache);
  std::vector<std::unique_ptr<Compiled>> entries_;
};

/// Evaluates `expr` against `env`. With a `cache` (for this tree and these arguments), the check
/// and folds computed for an earlier result of the same Go type are reused; the outcome is the same.
///
/// Where Rewind's engine and expr-lang still differ:
/// - `matches` uses std::regex (ECMAScript) with a leading `(?i)` honoured; RE2-only syntax
///   fails to compile and is an evaluation error.
/// - `upper`/`lower`/`trim` handle ASCII letters and ASCII whitespace only.
/// - asInt's result is an int64 in Go; here it is an int, which only shows in a message that
///   names the type of a value computed from it.
EvalOutcome evaluate(const expr::Expr &expr, const EvalEnv &env, CompiledConditions *cache = nullptr);

} // namespace rwd::runtime
