// This file implements the unit tests of the trace `value` parser, whose exact fast path must give
// what std::from_chars gives, bit for bit.
#include "simulator/trace_value.h"

#include "tests/unit/simulator/from_chars_reference.h"

#include <catch2/catch.hpp>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>

using namespace rwd::sim;

namespace {

double reference(const std::string &text) { return testing::fromCharsReference(text); }

void checkSame(const std::string &text) {
  INFO(text);
  double value = 0;
  REQUIRE(parseTraceValue(text, value) == ValueStatus::Ok);
  CHECK(std::bit_cast<uint64_t>(value) == std::bit_cast<uint64_t>(reference(text)));
}

} // namespace

TEST_CASE("TraceValue: decimals are exactly what from_chars gives", "[trace]") {
  for (const char *text : {"0", "-0", "+0", "0.0", "-0.0", "1", "1.", ".5", "0.1", "0.3", "0.99712",
                           "45.23", "212", "1e-3", "1E5", "1.5e+10", "2.5e-22", "9007199254740992",
                           "9007199254740993", "123456789012345678", "0.000000000000000000000001",
                           "1e22", "1e23", "4.9406564584124654e-324", "1.7976931348623157e308",
                           "00012.50000", "3.14159265358979323846", "1e0022", "1e00022"})
    checkSame(text);
  std::mt19937_64 random(99);
  for (int i = 0; i < 200000; ++i) {
    // Short decimals like the ones traces hold, and arbitrary doubles printed in full.
    std::string text;
    if (i % 2 == 0) {
      text = std::to_string(random() % 100000000);
      size_t point = random() % (text.size() + 1);
      text.insert(point, ".");
      if (random() % 4 == 0) text += "e" + std::to_string(static_cast<int>(random() % 60) - 30);
    } else {
      double d = std::bit_cast<double>(random());
      if (!std::isfinite(d)) continue;
      char buffer[64];
      auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
      (void)ec;
      text.assign(buffer, end);
    }
    if (text[0] != '-' && random() % 3 == 0) text.insert(0, random() % 2 ? "-" : "+");
    if (text == "." || text == "-." || text == "+.") continue;
    checkSame(text);
  }
}

TEST_CASE("TraceValue: special values, empty and invalid fields", "[trace]") {
  double value = 0;
  CHECK(parseTraceValue("", value) == ValueStatus::Empty);
  REQUIRE(parseTraceValue("nan", value) == ValueStatus::Ok);
  CHECK(std::isnan(value));
  REQUIRE(parseTraceValue("-Infinity", value) == ValueStatus::Ok);
  CHECK(value == -INFINITY);
  REQUIRE(parseTraceValue("+inf", value) == ValueStatus::Ok);
  CHECK(value == INFINITY);
  CHECK(parseTraceValue("1e999", value) == ValueStatus::OutOfRange);
  for (const char *bad : {".", "-", "+-1", "1e", "1e+", "0x10", "1,5", "1 ", "e5", "nan(1)", "--1", "1.2.3"})
    CHECK(parseTraceValue(bad, value) == ValueStatus::Invalid);
}
