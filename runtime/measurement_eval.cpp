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
bool evalCondition(const expr::Expr &condition, const EvalEnv &env, bool &value,
                   std::string &error) {
  EvalOutcome outcome = evaluate(condition, env);
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

MeasurementVerdict evaluateMeasurement(const expr::Expr *success, const std::string &successText,
                                       const expr::Expr *failure, const std::string &failureText,
                                       const Value &result,
                                       const std::map<std::string, Value> &args) {
  EvalEnv env{&result, &args};
  bool successValue = false;
  bool failureValue = false;
  std::string error;
  if (success) {
    if (!evalCondition(*success, env, successValue, error))
      return {Phase::Error, formatEvalError(error, "successCondition", successText, result)};
  }
  if (failure) {
    if (!evalCondition(*failure, env, failureValue, error))
      return {Phase::Error, formatEvalError(error, "failureCondition", failureText, result)};
  }
  if (!success && !failure) return {Phase::Successful, {}};
  if (success && !failure) failureValue = !successValue;
  if (!success && failure) successValue = !failureValue;
  if (failureValue) return {Phase::Failed, {}};
  if (!successValue) return {Phase::Inconclusive, {}};
  return {Phase::Successful, {}};
}

} // namespace rwd::runtime
