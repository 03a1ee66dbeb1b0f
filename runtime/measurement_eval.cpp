// This file implements Argo's EvaluateResult: a measurement's phase from its conditions.
#include "runtime/measurement_eval.h"

namespace rwd::runtime {

namespace {

/// Argo's isNilOrEmpty: nil, or a list with no element.
bool isNilOrEmpty(const Value &result) {
  return result.isNil() || (result.isList() && result.asList().empty());
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

ConditionOutcome evaluateCondition(const ConditionSpec &condition, const EvalEnv &env) {
  if (!condition.tree) return {false, false, condition.compileError};
  EvalOutcome outcome = evaluate(*condition.tree, env, condition.compiled);
  if (!outcome.ok) return {false, false, outcome.error.empty() ? "evaluation failed" : outcome.error};
  // Go's %T of the output; a provider's list stays a []float64.
  if (!outcome.value.isBool()) return {false, false, "expected bool, but got " + goTypeName(outcome.value)};
  return {true, outcome.value.asBool(), {}};
}

MeasurementVerdict evaluateMeasurement(const ConditionSpec &success, const ConditionSpec &failure,
                                       const Value &result,
                                       const std::map<std::string, Value> &args,
                                       ResultListType lists) {
  EvalEnv env{&result, &args, lists};
  bool successValue = false;
  bool failureValue = false;
  if (success.isSet()) {
    ConditionOutcome outcome = evaluateCondition(success, env);
    if (!outcome.ok)
      return {Phase::Error, formatEvalError(outcome.error, "successCondition", success.text, result)};
    successValue = outcome.value;
  }
  if (failure.isSet()) {
    ConditionOutcome outcome = evaluateCondition(failure, env);
    if (!outcome.ok)
      return {Phase::Error, formatEvalError(outcome.error, "failureCondition", failure.text, result)};
    failureValue = outcome.value;
  }
  if (!success.isSet() && !failure.isSet()) return {Phase::Successful, {}};
  if (success.isSet() && !failure.isSet()) failureValue = !successValue;
  if (!success.isSet() && failure.isSet()) successValue = !failureValue;
  if (failureValue) return {Phase::Failed, {}};
  if (!successValue) return {Phase::Inconclusive, {}};
  return {Phase::Successful, {}};
}

MeasurementVerdict evaluateMeasurement(const expr::Expr *success, const std::string &successText,
                                       const expr::Expr *failure, const std::string &failureText,
                                       const Value &result,
                                       const std::map<std::string, Value> &args) {
  return evaluateMeasurement(ConditionSpec{success, successText, {}},
                             ConditionSpec{failure, failureText, {}}, result, args);
}

} // namespace rwd::runtime
