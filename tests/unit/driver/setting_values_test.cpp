// This file implements the unit tests of `--vary SETTING=VALUES`: names, lists and ranges of each
// kind, exact decimals, and the values read exactly as the policy language reads the same text.
#include "compiler/driver/setting_values.h"

#include <catch2/catch.hpp>

using namespace rwd::driver;

namespace {

std::vector<std::string> texts(const std::string &values, SettingKind kind) {
  std::string error;
  auto expanded = expandSettingValues(values, kind, error);
  INFO(error);
  REQUIRE(expanded);
  std::vector<std::string> out;
  for (const SettingValue &v : *expanded) out.push_back(v.text);
  return out;
}

std::string refused(const std::string &values, SettingKind kind) {
  std::string error;
  CHECK_FALSE(expandSettingValues(values, kind, error));
  return error;
}

} // namespace

TEST_CASE("Settings: names of parameters and metric fields", "[driver]") {
  std::string error;
  auto param = parseSettingSpec("error-rate.max=1%,2%", error);
  REQUIRE(param);
  CHECK(param->analysis == "error-rate");
  CHECK(param->parameter == "max");
  CHECK_FALSE(param->metric);
  CHECK(param->values == "1%,2%");
  auto field = parseSettingSpec("checkout.v2/latency-p95.failure-limit=0..4/1", error);
  REQUIRE(field);
  CHECK(field->analysis == "checkout.v2"); // analysis names may hold dots: the member is after the last
  CHECK(field->metric == "latency-p95");
  CHECK(field->field == MetricField::FailureLimit);
  for (const char *bad : {"error-rate.max", "max=1", "a/.count=1", "a/m.limit=1", "a.=1", ".x=1", "a.b="}) {
    INFO(bad);
    CHECK_FALSE(parseSettingSpec(bad, error));
  }
  CHECK(parseSettingSpec("a/m.limit=1", error) == std::nullopt);
  CHECK(error.find("the fields are failure-limit, inconclusive-limit, consecutive-error-limit, "
                   "consecutive-success-limit, count, interval, initial-delay") != std::string::npos);
}

TEST_CASE("Settings: lists and ranges of every kind", "[driver]") {
  CHECK(texts("0..4/1", SettingKind::Integer) == std::vector<std::string>{"0", "1", "2", "3", "4"});
  CHECK(texts("none,0,2", SettingKind::Integer) == std::vector<std::string>{"none", "0", "2"});
  CHECK(texts("1m..5m/2m", SettingKind::Duration) == std::vector<std::string>{"1m", "3m", "5m"});
  CHECK(texts("30s..2m/30s", SettingKind::Duration) == std::vector<std::string>{"30s", "1m", "1m30s", "2m"});
  CHECK(texts("1%..5%/1%", SettingKind::Number) == std::vector<std::string>{"1%", "2%", "3%", "4%", "5%"});
  CHECK(texts("0.5%..2%/0.5%", SettingKind::Number) == std::vector<std::string>{"0.5%", "1%", "1.5%", "2%"});
  // Decimal steps are exact: no 0.30000000000000004.
  CHECK(texts("0.1..0.5/0.1", SettingKind::Number) == std::vector<std::string>{"0.1", "0.2", "0.3", "0.4", "0.5"});
  CHECK(texts("0.9..1/0.03", SettingKind::Number) == std::vector<std::string>{"0.9", "0.93", "0.96", "0.99"});
  CHECK(texts("300..500/100", SettingKind::Number) == std::vector<std::string>{"300", "400", "500"});
  CHECK(texts(" canary , stable ", SettingKind::String) == std::vector<std::string>{"canary", "stable"});
  CHECK(texts("a..b", SettingKind::String) == std::vector<std::string>{"a..b"});
  CHECK(texts("true,false", SettingKind::Bool) == std::vector<std::string>{"true", "false"});
}

TEST_CASE("Settings: a value is the literal the policy language reads from the same text", "[driver]") {
  std::string error;
  auto values = expandSettingValues("99.9%,0.999,5,1e-3", SettingKind::Number, error);
  REQUIRE(values);
  CHECK((*values)[0].literal.kind == rwd::ast::Literal::Kind::Percent);
  CHECK((*values)[0].literal.number == 0.999); // exactly the double nearest 0.999, not 99.9 / 100
  CHECK((*values)[1].literal.kind == rwd::ast::Literal::Kind::Float);
  CHECK((*values)[2].literal.kind == rwd::ast::Literal::Kind::Int);
  CHECK((*values)[3].literal.number == 0.001);
  auto durations = expandSettingValues("1m30s", SettingKind::Duration, error);
  REQUIRE(durations);
  CHECK((*durations)[0].literal.millis == 90'000);
  auto none = expandSettingValues("none", SettingKind::Integer, error);
  REQUIRE(none);
  CHECK((*none)[0].literal.number == -1);
}

TEST_CASE("Settings: values that cannot be are refused with the reason", "[driver]") {
  CHECK(refused("1,,2", SettingKind::Integer) == "a value is empty (two commas in a row, or one at an end)");
  CHECK(refused("1,1", SettingKind::Integer) == "`1` is given twice");
  CHECK(refused("1.5", SettingKind::Integer) == "`1.5` is not a whole number");
  CHECK(refused("5x", SettingKind::Duration).rfind("`5x` is not a duration: ", 0) == 0);
  CHECK(refused("5m", SettingKind::Number) == "`5m` is not a number such as 5, 0.05 or 5%");
  CHECK(refused("yes", SettingKind::Bool) == "`yes` is not true or false");
  CHECK(refused("1..4", SettingKind::Integer) == "a range needs a step: LO..HI/STEP, found `1..4`");
  CHECK(refused("4..1/1", SettingKind::Integer) == "a range goes from its low value up to its high value");
  CHECK(refused("1..4/0", SettingKind::Integer) == "the step of a range must be greater than 0");
  CHECK(refused("1%..4/1%", SettingKind::Number) ==
        "the low value, high value and step of a range are all percentages, or none is");
  CHECK(refused("0..100000/1", SettingKind::Integer) == "the range has 100001 values; a setting takes at most 10000");
  CHECK(refused("true..false/1", SettingKind::Bool) == "only numbers and durations have ranges; list the values (a,b,c)");
  CHECK(refused("1e-3..1/1", SettingKind::Number) == "`1e-3..1/1` is not a range of decimal numbers");
}
