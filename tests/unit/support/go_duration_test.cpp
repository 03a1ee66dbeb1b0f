// This file implements the unit tests of Go's time.ParseDuration and strconv.Atoi as Argo applies
// them to metric settings read from text (Go's own time/time_test.go cases where they apply).
#include "compiler/support/go_duration.h"

#include <catch2/catch.hpp>
#include <limits>
#include <string>

using rwd::goIntValue;
using rwd::parseGoDuration;

namespace {

std::string errorOf(std::string_view text) {
  std::string error;
  REQUIRE_FALSE(parseGoDuration(text, &error).has_value());
  return error;
}

} // namespace

TEST_CASE("Go durations: what time.ParseDuration accepts, in milliseconds", "[support]") {
  CHECK(parseGoDuration("0") == 0);
  CHECK(parseGoDuration("5s") == 5'000);
  CHECK(parseGoDuration("30s") == 30'000);
  CHECK(parseGoDuration("1h30m") == 5'400'000);
  CHECK(parseGoDuration("1s1h") == 3'601'000); // any order
  CHECK(parseGoDuration("1.5h") == 5'400'000);
  CHECK(parseGoDuration(".5s") == 500);
  CHECK(parseGoDuration("5.s") == 5'000);
  CHECK(parseGoDuration("300ms") == 300);
  CHECK(parseGoDuration("1500us") == 1); // nanoseconds truncated to milliseconds
  CHECK(parseGoDuration("1500\xc2\xb5s") == 1);
  CHECK(parseGoDuration("-1m") == -60'000);
  CHECK(parseGoDuration("+2m") == 120'000);
  CHECK(parseGoDuration("2562047h47m16.854775807s") == 9'223'372'036'854);
}

TEST_CASE("Go durations: Go's own error text for what it refuses", "[support]") {
  CHECK(errorOf("") == "time: invalid duration \"\"");
  CHECK(errorOf("5") == "time: missing unit in duration \"5\"");
  CHECK(errorOf("1d") == "time: unknown unit \"d\" in duration \"1d\"");
  CHECK(errorOf("5 m") == "time: unknown unit \" m\" in duration \"5 m\"");
  CHECK(errorOf("abc") == "time: invalid duration \"abc\"");
  CHECK(errorOf(".s") == "time: invalid duration \".s\"");
  CHECK(errorOf("-") == "time: invalid duration \"-\"");
  CHECK(errorOf("3000000h") == "time: invalid duration \"3000000h\""); // overflow
  CHECK(errorOf("1\"x") == "time: unknown unit \"\\\"x\" in duration \"1\\\"x\"");
  CHECK(errorOf("1\xe2\x82\xac") == "time: unknown unit \"\\xe2\\x82\\xac\" in duration \"1\\xe2\\x82\\xac\"");
}

TEST_CASE("Go integers: IntOrString.IntValue of text", "[support]") {
  CHECK(goIntValue("5") == 5);
  CHECK(goIntValue("+5") == 5);
  CHECK(goIntValue("-1") == -1);
  CHECK(goIntValue("007") == 7);
  CHECK(goIntValue("") == 0);
  CHECK(goIntValue("abc") == 0);
  CHECK(goIntValue("5.0") == 0);
  CHECK(goIntValue(" 5") == 0);
  CHECK(goIntValue("9223372036854775807") == std::numeric_limits<int64_t>::max());
  CHECK(goIntValue("99999999999999999999") == std::numeric_limits<int64_t>::max());
  CHECK(goIntValue("-9223372036854775808") == std::numeric_limits<int64_t>::min());
  CHECK(goIntValue("-99999999999999999999") == std::numeric_limits<int64_t>::min());
}
