// This file implements Argo's EvaluateResult: a measurement's phase from its success and failure
// conditions (reference/argo-semantics.md §2.1, `utils/evaluate/evaluate.go`).
#pragma once

#include "compiler/expr/expr.h"
#include "runtime/phase.h"
#include "runtime/value.h"

#include <map>
#include <optional>
#include <string>

namespace rwd::runtime {

struct MeasurementVerdict {
  Phase phase = Phase::Error;
  std::string message; // empty unless phase is Error
};

/// The measurement phase for `result`. A null condition is an unset one; the texts are what the
/// user wrote and appear verbatim in error messages. Like Argo, the success condition is evaluated
/// first and the first evaluation error wins:
///
///   neither set  ⇒ Successful
///   only S       ⇒ S ? Successful : Failed
///   only F       ⇒ F ? Failed : Successful
///   both         ⇒ F ? Failed : S ? Successful : Inconclusive
///
/// An evaluation error or a non-bool result is Error with `could not evaluate successCondition
/// "<text>": <error>`; when `result` is nil or an empty list the cause is replaced by
/// `metric result is nil or empty: no data returned from the metric provider` (formatEvalError).
MeasurementVerdict evaluateMeasurement(const expr::Expr *success, const std::string &successText,
                                       const expr::Expr *failure, const std::string &failureText,
                                       const Value &result,
                                       const std::map<std::string, Value> &args);

/// A condition with the outcome of its check (checkExpression), done once for all the
/// measurements of a metric rather than once per measurement.
struct CheckedCondition {
  const expr::Expr *expr = nullptr; // null when the condition is unset
  std::optional<std::string> checkError;

  static CheckedCondition of(const expr::Expr *expr);
};

/// evaluateMeasurement() of conditions already checked.
MeasurementVerdict evaluateMeasurement(const CheckedCondition &success, const std::string &successText,
                                       const CheckedCondition &failure, const std::string &failureText,
                                       const Value &result, const std::map<std::string, Value> &args);

} // namespace rwd::runtime
