// This file implements Argo's EvaluateResult: a measurement's phase from its success and failure
// conditions (reference/argo-semantics.md §2.1, `utils/evaluate/evaluate.go`).
#pragma once

#include "compiler/expr/expr.h"
#include "runtime/expr_eval.h"
#include "runtime/phase.h"
#include "runtime/value.h"

#include <map>
#include <string>

namespace rwd::runtime {

struct MeasurementVerdict {
  Phase phase = Phase::Error;
  std::string message; // empty unless phase is Error
};

/// One condition as a plan carries it.
struct ConditionSpec {
  const expr::Expr *tree = nullptr; // null when unset, or when the text does not compile
  std::string text;                 // as Argo quotes it in messages (arguments substituted)
  std::string compileError;         // Argo YAML that expr-lang cannot compile: every run fails
  CompiledConditions *compiled = nullptr; // the tree's checks for this run's arguments, if kept
  bool isSet() const { return tree || !compileError.empty(); }
};

/// Argo's EvalCondition: the condition's value, or the error Argo reports for it: expr-lang's
/// compile error, its run error, or `expected bool, but got T`.
struct ConditionOutcome {
  bool ok = false;
  bool value = false;
  std::string error;
};
ConditionOutcome evaluateCondition(const ConditionSpec &condition, const EvalEnv &env);

/// The measurement phase for `result`. An unset condition is one with neither tree nor compile
/// error. Like Argo, the success condition is evaluated first and the first error wins:
///
///   neither set  ⇒ Successful
///   only S       ⇒ S ? Successful : Failed
///   only F       ⇒ F ? Failed : Successful
///   both         ⇒ F ? Failed : S ? Successful : Inconclusive
///
/// An error is Error with `could not evaluate successCondition "<text>": <error>`; when `result`
/// is nil or an empty list the cause is replaced by `metric result is nil or empty: no data
/// returned from the metric provider` (formatEvalError).
MeasurementVerdict evaluateMeasurement(const ConditionSpec &success, const ConditionSpec &failure,
                                       const Value &result,
                                       const std::map<std::string, Value> &args,
                                       ResultListType lists = ResultListType::Float64);

/// The same for two compiled conditions (null when unset); the texts appear in error messages.
MeasurementVerdict evaluateMeasurement(const expr::Expr *success, const std::string &successText,
                                       const expr::Expr *failure, const std::string &failureText,
                                       const Value &result,
                                       const std::map<std::string, Value> &args);

} // namespace rwd::runtime
