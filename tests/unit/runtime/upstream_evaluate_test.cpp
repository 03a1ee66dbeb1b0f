// This file implements the port of Argo Rollouts' utils/evaluate/evaluate_test.go: each TEST_CASE
// names the upstream test it ports. Where upstream asserts only that an error occurs, the message
// expected here is the one the pinned expr-lang gives (data/expr_lang_oracle.tsv's harness).
// Not ported: TestEqual (a string-slice helper, not condition evaluation), TestValueFromPointer,
// TestIsNilOrEmpty and TestIsNil on Go pointer and typed-nil values a trace cannot hold (their nil
// and empty cases are covered through conditions below), TestEvalTime* (rangeQuery times, which
// Rewind's replay refuses: PrometheusRangeQuery).
#include "tests/unit/runtime/argo_condition_helpers.h"

#include <catch2/catch.hpp>

using rwd::runtime::Phase;
using rwd::test::evaluateAsArgo;
using rwd::test::measureAsArgo;

namespace {

const char *kInvalidRefCondition = "a == true"; // upstream's invalidRefCondition

Phase phaseOf(const std::string &success, const std::string &failure) {
  return measureAsArgo(success, failure, "json", "true").phase;
}

} // namespace

TEST_CASE("upstream evaluate_test.go: TestEvaluateResult* decide the phase from both conditions", "[expr][upstream]") {
  CHECK(phaseOf("true", "false") == Phase::Successful);   // TestEvaluateResultWithSuccess
  CHECK(phaseOf("true", "true") == Phase::Failed);        // TestEvaluateResultWithFailure
  CHECK(phaseOf("false", "false") == Phase::Inconclusive); // TestEvaluateResultInconclusive
  CHECK(phaseOf("", "false") == Phase::Successful);       // ...NoSuccessConditionAndNotFailing
  CHECK(phaseOf("false", "") == Phase::Failed);           // ...NoFailureConditionAndNotSuccessful
  CHECK(phaseOf("", "") == Phase::Successful);            // ...NoFailureConditionAndNoSuccessCondition
}

TEST_CASE("upstream evaluate_test.go: TestEvaluateResultWithErrorOn{Success,Failure}Condition", "[expr][upstream]") {
  rwd::runtime::MeasurementVerdict onSuccess = measureAsArgo(kInvalidRefCondition, "true", "json", "true");
  CHECK(onSuccess.phase == Phase::Error);
  CHECK(onSuccess.message == "could not evaluate successCondition \"a == true\": unknown name a");
  rwd::runtime::MeasurementVerdict onFailure = measureAsArgo("true", kInvalidRefCondition, "json", "true");
  CHECK(onFailure.phase == Phase::Error);
  CHECK(onFailure.message == "could not evaluate failureCondition \"a == true\": unknown name a");
}

TEST_CASE("upstream evaluate_test.go: TestEvaluateCondition*, TestErrorWith*", "[expr][upstream]") {
  CHECK(evaluateAsArgo("result == true", "json", "true") == "true");   // ...WithSuccess
  CHECK(evaluateAsArgo("result == false", "json", "true") == "false"); // ...WithFailure
  CHECK(evaluateAsArgo("1", "json", "true") == "error: expected bool, but got int"); // TestErrorWithNonBoolReturn
  CHECK(evaluateAsArgo("invalidVariable", "json", "true") ==
        "error: unknown name invalidVariable"); // TestErrorWithInvalidReference
}

TEST_CASE("upstream evaluate_test.go: TestEvaluateArray, TestEvaluateInOperator, TestEvaluateFloat64", "[expr][upstream]") {
  CHECK(evaluateAsArgo("all(result.service_apdex.values.values, {# > 1})", "json",
                       R"({"service_apdex":{"label":null,"values":{"values":[2,2]}}})") == "true");
  CHECK(evaluateAsArgo("2 in result", "vector", "2,2") == "true");
  CHECK(evaluateAsArgo("result > 1", "scalar", "5") == "true");
}

TEST_CASE("upstream evaluate_test.go: TestEvaluateInvalidStruct", "[expr][upstream]") {
  // Upstream asserts an error. expr-lang's checker says `type bool has no method Name`; Rewind's
  // grammar has no method calls, so it reports expr-lang's parser error at the call instead.
  CHECK(evaluateAsArgo("result.Name() == 'hi'", "json", "true") == "error: unexpected token Bracket(\"(\")");
}

TEST_CASE("upstream evaluate_test.go: TestEvaluateAsIntPanic, TestEvaluateAsInt, TestAsInt", "[expr][upstream]") {
  CHECK(evaluateAsArgo("asInt(result) == 1.1", "string", "1.1") ==
        "error: strconv.ParseInt: parsing \"1.1\": invalid syntax");
  CHECK(evaluateAsArgo("asInt(result) == 1", "string", "1") == "true");
  CHECK(evaluateAsArgo("asInt(result) == 1", "int", "1") == "true");
  CHECK(evaluateAsArgo("asInt(result) == 1", "scalar", "1.123") == "true");
  CHECK(evaluateAsArgo("asInt(result) == 1", "string", "notint") ==
        "error: strconv.ParseInt: parsing \"notint\": invalid syntax");
}

TEST_CASE("upstream evaluate_test.go: TestEvaluateAsFloatError, TestEvaluateAsFloat, TestAsFloat", "[expr][upstream]") {
  CHECK(evaluateAsArgo("asFloat(result) == 1.1", "string", "NotANum") ==
        "error: strconv.ParseFloat: parsing \"NotANum\": invalid syntax");
  CHECK(evaluateAsArgo("asFloat(result) == \"1.1\"", "string", "1.1") ==
        "error: invalid operation: == (mismatched types float64 and string)");
  for (const char *condition : {"asFloat(result) == 1.1", "asFloat(result) >= 1.1", "asFloat(result) <= 1.1"}) {
    INFO(condition);
    CHECK(evaluateAsArgo(condition, "string", "1.1") == "true");
  }
  CHECK(evaluateAsArgo("asFloat(result) == 1.1", "scalar", "1.1") == "true");
  CHECK(evaluateAsArgo("asFloat(result) == 1", "int", "1") == "true");
  CHECK(evaluateAsArgo("asFloat(result) >= 1", "int", "1") == "true");
  CHECK(evaluateAsArgo("asFloat(result) == 1", "string", "notfloat") ==
        "error: strconv.ParseFloat: parsing \"notfloat\": invalid syntax");
}

TEST_CASE("upstream evaluate_test.go: TestIsInf, TestDefaultFunc, TestIsNilFunc", "[expr][upstream]") {
  CHECK(evaluateAsArgo("isInf(result)", "scalar", "+Inf") == "true");
  CHECK(evaluateAsArgo("isInf(result)", "scalar", "0") == "false");
  CHECK(evaluateAsArgo("default(result, 0) == 0", "nilptr", "") == "true");
  CHECK(evaluateAsArgo("default(result, 2) == 2", "nilptr", "") == "true");
  CHECK(evaluateAsArgo("default(result, 0) == 1", "scalar", "1") == "true");
  CHECK(evaluateAsArgo("isNil(result)", "nilptr", "") == "true");
  CHECK(evaluateAsArgo("isNil(result)", "scalar", "1") == "false");
  CHECK(evaluateAsArgo("isNil(result)", "int", "1") == "false");
  CHECK(evaluateAsArgo("isNil(result)", "json", "false") == "false");
}

TEST_CASE("upstream evaluate_test.go: TestEvaluateResultErrorMessageWith{NilResult,EmptySlice}", "[expr][upstream]") {
  for (const char *type : {"nil", "vector"}) {
    INFO(type);
    rwd::runtime::MeasurementVerdict verdict = measureAsArgo("result[0] >= 0.95", "", type, "");
    CHECK(verdict.phase == Phase::Error);
    CHECK(verdict.message == "could not evaluate successCondition \"result[0] >= 0.95\": metric result "
                             "is nil or empty: no data returned from the metric provider");
  }
}

TEST_CASE("upstream evaluate_test.go: TestEvaluateResultErrorMessage{WithInvalidExpression,OnFailureCondition}", "[expr][upstream]") {
  CHECK(measureAsArgo(kInvalidRefCondition, "", "json", "true").message ==
        "could not evaluate successCondition \"a == true\": unknown name a");
  CHECK(measureAsArgo("true", "invalidVar == true", "json", "true").message ==
        "could not evaluate failureCondition \"invalidVar == true\": unknown name invalidVar");
}
