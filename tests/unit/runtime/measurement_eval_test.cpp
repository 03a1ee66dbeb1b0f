// This file implements the unit tests of Argo's EvaluateResult (argo-semantics.md §2.1, §2.9).
#include "runtime/measurement_eval.h"

#include "tests/unit/runtime/expr_test_helpers.h"

#include <catch2/catch.hpp>
#include <limits>
#include <optional>

using rwd::runtime::evaluateMeasurement;
using rwd::runtime::MeasurementVerdict;
using rwd::runtime::Phase;
using rwd::runtime::Value;
using rwd::test::floats;
using rwd::test::parseCondition;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

/// Evaluates a measurement from condition texts; std::nullopt is an unset condition.
MeasurementVerdict measure(std::optional<std::string> success, std::optional<std::string> failure,
                           const Value &result, const std::map<std::string, Value> &args = {}) {
  rwd::expr::ExprPtr s = success ? parseCondition(*success) : nullptr;
  rwd::expr::ExprPtr f = failure ? parseCondition(*failure) : nullptr;
  return evaluateMeasurement(s.get(), success.value_or(""), f.get(), failure.value_or(""), result,
                             args);
}

Phase phaseOf(std::optional<std::string> success, std::optional<std::string> failure,
              const Value &result) {
  return measure(std::move(success), std::move(failure), result).phase;
}

} // namespace

TEST_CASE("Measurement: neither condition set is Successful", "[expr]") {
  CHECK(phaseOf(std::nullopt, std::nullopt, floats({0.1})) == Phase::Successful);
  CHECK(phaseOf(std::nullopt, std::nullopt, Value()) == Phase::Successful);
  CHECK(measure(std::nullopt, std::nullopt, floats({})).message.empty());
}

TEST_CASE("Measurement: success condition only", "[expr]") {
  SECTION("true is Successful") {
    CHECK(phaseOf("result[0] >= 0.95", std::nullopt, floats({0.97})) == Phase::Successful);
  }
  SECTION("false is Failed") {
    CHECK(phaseOf("result[0] >= 0.95", std::nullopt, floats({0.90})) == Phase::Failed);
  }
}

TEST_CASE("Measurement: failure condition only", "[expr]") {
  SECTION("true is Failed") {
    CHECK(phaseOf(std::nullopt, "result[0] >= 10", floats({12})) == Phase::Failed);
  }
  SECTION("false is Successful") {
    CHECK(phaseOf(std::nullopt, "result[0] >= 10", floats({3})) == Phase::Successful);
  }
}

TEST_CASE("Measurement: both conditions set", "[expr]") {
  SECTION("failure wins even when success is also true") {
    CHECK(phaseOf("result[0] > 0", "result[0] > 0", floats({1})) == Phase::Failed);
  }
  SECTION("success true and failure false is Successful") {
    CHECK(phaseOf("result[0] >= 0.95", "result[0] < 0.5", floats({0.97})) == Phase::Successful);
  }
  SECTION("failure true alone is Failed") {
    CHECK(phaseOf("result[0] >= 0.95", "result[0] < 0.5", floats({0.3})) == Phase::Failed);
  }
  SECTION("both false is Inconclusive") {
    CHECK(phaseOf("result[0] >= 0.95", "result[0] < 0.5", floats({0.7})) == Phase::Inconclusive);
  }
}

TEST_CASE("Measurement: NaN results", "[expr]") {
  Value nan = floats({kNaN});
  SECTION("success only: NaN fails the comparison, so Failed") {
    CHECK(phaseOf("result[0] >= 0.95", std::nullopt, nan) == Phase::Failed);
  }
  SECTION("success and failure: both comparisons false, so Inconclusive") {
    CHECK(phaseOf("result[0] >= 0.95", "result[0] < 0.95", nan) == Phase::Inconclusive);
  }
  SECTION("guarded with isNaN: Successful") {
    CHECK(phaseOf("isNaN(result[0]) || result[0] >= 0.95", std::nullopt, nan) ==
          Phase::Successful);
    CHECK(phaseOf("isNaN(result) || result >= 0.95", std::nullopt, Value::number(kNaN)) ==
          Phase::Successful);
  }
  SECTION("isNaN on a vector is an Error") {
    MeasurementVerdict verdict = measure("isNaN(result)", std::nullopt, nan);
    CHECK(verdict.phase == Phase::Error);
    CHECK(verdict.message == "could not evaluate successCondition \"isNaN(result)\": cannot use "
                             "[]float64 as argument (type float64) to call isNaN "); // expr-lang's trailing space
  }
}

TEST_CASE("Measurement: +Inf compares normally", "[expr]") {
  CHECK(phaseOf("result[0] >= 0.95", std::nullopt, floats({kInf})) == Phase::Successful);
  CHECK(phaseOf("result[0] >= 0.95", "result[0] > 1000", floats({kInf})) == Phase::Failed);
  CHECK(phaseOf("isInf(result[0])", std::nullopt, floats({-kInf})) == Phase::Successful);
}

TEST_CASE("Measurement: empty vector", "[expr]") {
  Value empty = floats({});
  SECTION("result[0] is an Error with the no-data message") {
    MeasurementVerdict verdict = measure("result[0] >= 0.95", std::nullopt, empty);
    CHECK(verdict.phase == Phase::Error);
    CHECK(verdict.message ==
          "could not evaluate successCondition \"result[0] >= 0.95\": metric result is nil or "
          "empty: no data returned from the metric provider");
  }
  SECTION("guard treating no data as a pass: Successful") {
    CHECK(phaseOf("len(result) == 0 || result[0] >= 0.95", std::nullopt, empty) ==
          Phase::Successful);
  }
  SECTION("guard treating no data as a failure: Failed") {
    CHECK(phaseOf("len(result) > 0 && result[0] >= 0.95", std::nullopt, empty) == Phase::Failed);
  }
  SECTION("all() over no data is true, any() false") {
    CHECK(phaseOf("all(result, # < 1000)", std::nullopt, empty) == Phase::Successful);
    CHECK(phaseOf(std::nullopt, "any(result, # > 1000)", empty) == Phase::Successful);
  }
}

TEST_CASE("Measurement: nil result", "[expr]") {
  SECTION("default(result, 0) < 0.05 is Successful") {
    CHECK(phaseOf("default(result, 0) < 0.05", std::nullopt, Value()) == Phase::Successful);
    CHECK(phaseOf(std::nullopt, "default(result, 0) > 5", Value()) == Phase::Successful);
  }
  SECTION("default passes a present result through") {
    CHECK(phaseOf("default(result, 0) < 0.05", std::nullopt, Value::number(0.2)) == Phase::Failed);
  }
  SECTION("comparing nil is an Error with the no-data message") {
    MeasurementVerdict verdict = measure(std::nullopt, "result > 0.5", Value());
    CHECK(verdict.phase == Phase::Error);
    CHECK(verdict.message ==
          "could not evaluate failureCondition \"result > 0.5\": metric result is nil or empty: no "
          "data returned from the metric provider");
  }
  SECTION("isNil") {
    CHECK(phaseOf("isNil(result)", std::nullopt, Value()) == Phase::Successful);
    CHECK(phaseOf("isNil(result)", std::nullopt, floats({})) == Phase::Failed);
  }
}

TEST_CASE("Measurement: evaluation errors", "[expr]") {
  SECTION("a non-bool result is an Error") {
    MeasurementVerdict verdict = measure("result[0]", std::nullopt, floats({0.5}));
    CHECK(verdict.phase == Phase::Error);
    CHECK(verdict.message ==
          "could not evaluate successCondition \"result[0]\": expected bool, but got float64");
  }
  SECTION("the success condition is evaluated first, so its error wins") {
    MeasurementVerdict verdict = measure("result[5] > 1", "result.x > 1", floats({0.5}));
    CHECK(verdict.phase == Phase::Error);
    CHECK(verdict.message == "could not evaluate successCondition \"result[5] > 1\": index out "
                             "of range: 5 (array length is 1)");
  }
  SECTION("a failure condition error after a good success condition") {
    MeasurementVerdict verdict = measure("result[0] > 0", "result[0] > 'a'", floats({0.5}));
    CHECK(verdict.phase == Phase::Error);
    CHECK(verdict.message == "could not evaluate failureCondition \"result[0] > 'a'\": invalid "
                             "operation: > (mismatched types float64 and string)");
  }
  SECTION("an error is Error even when the other condition would decide") {
    CHECK(phaseOf("true", "result.x", floats({1})) == Phase::Error);
  }
  SECTION("the condition text appears verbatim") {
    MeasurementVerdict verdict = measure("bogus > 1", std::nullopt, Value::number(1));
    CHECK(verdict.message ==
          "could not evaluate successCondition \"bogus > 1\": unknown name bogus");
  }
}

TEST_CASE("Measurement: args are visible to conditions", "[expr]") {
  std::map<std::string, Value> args{{"threshold", Value::number(0.9)}};
  CHECK(measure("result[0] >= args.threshold", std::nullopt, floats({0.95}), args).phase ==
        Phase::Successful);
  CHECK(measure("result[0] >= args.threshold", std::nullopt, floats({0.85}), args).phase ==
        Phase::Failed);
}
