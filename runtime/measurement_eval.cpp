// This file implements Argo's EvaluateResult: a measurement's phase from its conditions.
#include "runtime/measurement_eval.h"

#include "runtime/expr_eval.h"

namespace rwd::runtime {

namespace {

/// Argo's isNilOrEmpty: nil, or a list with no element.
bool isNilOrEmpty(const Value &result) {
  return result.isNil() || (result.isList() && result.asList().empty());
}

/// EvalCondition: false with `error` set when the condition fails or is not a bool.
bool evalCondition(const CheckedCondition &condition, const EvalEnv &env, bool &value,
                   std::string &error) {
  EvalOutcome outcome = condition.checkError ? EvalOutcome{false, Value(), *condition.checkError}
                                             : evaluateChecked(*condition.expr, env);
  if (!outcome.ok) {
    error = outcome.error.empty() ? "evaluation failed" : outcome.error;
    return false;
  }
  if (!outcome.value.isBool()) {
    error = "expected bool, but got " + goTypeName(outcome.value);
    return false;
  }
  value = outcome.value.asBool();
  return true;
}

/// formatEvalError.
std::string formatEvalError(const std::string &error, const char *conditionType,
                            const std::string &text, const Value &result) {
  std::string prefix = std::string("could not evaluate ") + conditionType + " \"" + text + "\": ";
  if (isNilOrEmpty(result))
    return prefix + "metric result is nil or empty: no data returned from the metric provider";
  return prefix + error;
}

} // namespace

CheckedCondition CheckedCondition::of(const expr::Expr *expr) {
  CheckedCondition condition;
  condition.expr = expr;
  if (expr) condition.checkError = checkExpression(*expr);
  return condition;
}

MeasurementVerdict evaluateMeasurement(const expr::Expr *success, const std::string &successText,
                                       const expr::Expr *failure, const std::string &failureText,
                                       const Value &result,
                                       const std::map<std::string, Value> &args) {
  return evaluateMeasurement(CheckedCondition::of(success), successText, CheckedCondition::of(failure),
                             failureText, result, args);
}

MeasurementVerdict evaluateMeasurement(const CheckedCondition &success, const std::string &successText,
                                       const CheckedCondition &failure, const std::string &failureText,
                                       const Value &result, const std::map<std::string, Value> &args) {
  EvalEnv env{&result, &args};
  bool successValue = false;
  bool failureValue = false;
  std::string error;
  if (success.expr) {
    if (!evalCondition(success, env, successValue, error))
      return {Phase::Error, formatEvalError(error, "successCondition", successText, result)};
  }
  if (failure.expr) {
    if (!evalCondition(failure, env, failureValue, error))
      return {Phase::Error, formatEvalError(error, "failureCondition", failureText, result)};
  }
  if (!success.expr && !failure.expr) return {Phase::Successful, {}};
  if (success.expr && !failure.expr) failureValue = !successValue;
  if (!success.expr && failure.expr) successValue = !failureValue;
  if (failureValue) return {Phase::Failed, {}};
  if (!successValue) return {Phase::Inconclusive, {}};
  return {Phase::Successful, {}};
}

} // namespace rwd::runtime
