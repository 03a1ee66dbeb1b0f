// This file implements the unit tests of the eight-digit decimal parser: every value it takes must
// be std::from_chars' bit for bit, whatever bytes follow the field, and it must leave every other
// shape to the general parser.
#include "simulator/short_decimal.h"

#include "simulator/trace_value.h"

#include "tests/unit/simulator/from_chars_reference.h"

#include <catch2/catch.hpp>
#include <bit>
#include <charconv>
#include <cstdint>
#include <random>
#include <string>

using namespace rwd::sim;

namespace {

double reference(const std::string &text) { return testing::fromCharsReference(text); }

/// Parses `text` followed in its buffer by `after` (bytes the parser may read but must ignore).
bool parse(const std::string &text, double &value, const std::string &after = ",next,row\n") {
  const std::string buffer = text + after + std::string(16, '9');
  return parseShortDecimal(buffer.data(), static_cast<uint32_t>(text.size()), value);
}

} // namespace

TEST_CASE("ShortDecimal: the shapes it takes are exactly from_chars'", "[trace]") {
  for (const char *text : {"0", "-0", "+0", "0.0", "-0.0", "1", "1.", ".5", "-.5", "+.5", "0.1", "0.3",
                           "0.99695", "0.2002", "46.26", "212", "12345678", "1234.5678", "0.0000001",
                           ".00000001", "99999999", "9999999.9", "00000000", "-12345678", "+1234567.8"}) {
    INFO(text);
    double value = 0;
    REQUIRE(parse(text, value));
    CHECK(std::bit_cast<uint64_t>(value) == std::bit_cast<uint64_t>(reference(text)));
  }
}

TEST_CASE("ShortDecimal: random decimals of every length and point position", "[trace]") {
  std::mt19937_64 random(2026);
  const std::string afters[] = {"", ",", "\n", "\r\n", "5", ".", "e5", "\xFF\xFF", std::string(1, '\0')};
  for (int i = 0; i < 300000; ++i) {
    const int digits = 1 + static_cast<int>(random() % 8);
    std::string text;
    for (int d = 0; d < digits; ++d) text += static_cast<char>('0' + random() % 10);
    if (random() % 4 != 0) text.insert(random() % (text.size() + 1), ".");
    if (random() % 3 == 0) text.insert(0, random() % 2 ? "-" : "+");
    const std::string &after = afters[random() % std::size(afters)];
    INFO(text << " followed by " << after.size() << " bytes");
    double value = 0;
    if (digits == 8 && text.back() == '.') { // `12345678.`: a point in the ninth byte is declined
      CHECK_FALSE(parse(text, value, after));
      continue;
    }
    REQUIRE(parse(text, value, after));
    CHECK(std::bit_cast<uint64_t>(value) == std::bit_cast<uint64_t>(reference(text)));
    double general = 0;
    REQUIRE(parseTraceValue(text, general) == ValueStatus::Ok);
    CHECK(std::bit_cast<uint64_t>(value) == std::bit_cast<uint64_t>(general));
  }
}

TEST_CASE("ShortDecimal: other shapes are left to the general parser", "[trace]") {
  for (const char *text : {"", "-", "+", ".", "-.", "+.", "123456789", "1234567890", "12345678.9",
                           "1.2.3", "..5", "1e5", "1E5", "NaN", "nan", "inf", "-Inf", "0x10", "1,5", "1 ",
                           " 1", "1-", "--1", "+-1", "1/2", "1:2", "\xC3\xA9", "12345.678901"}) {
    INFO(text);
    double value = 42;
    CHECK_FALSE(parse(text, value));
    CHECK(value == 42); // untouched
  }
  // A byte just above or below the digits, and a point, in every position of an eight-byte field.
  for (char odd : {'/', ':', '\x00', '\x80', '\xB0', '\xFF', ' ', 'e'}) {
    for (size_t at = 0; at < 8; ++at) {
      std::string text = "12345678";
      text[at] = odd;
      double value = 0;
      INFO(at << " " << static_cast<int>(odd));
      CHECK_FALSE(parse(text, value));
    }
  }
}
