// This file implements the unit tests of timestamp and duration parsing and printing.
#include "simulator/timestamp.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <string>

using rwd::sim::formatTimestamp;
using rwd::sim::parseTimestampMillis;

namespace {
constexpr int64_t kNov20 = 1795168800000; // 2026-11-20T10:00:00Z (date -u -d ... +%s)
} // namespace

TEST_CASE("Timestamp: RFC 3339 in UTC", "[timestamp]") {
  CHECK(parseTimestampMillis("2026-11-20T10:00:00Z") == kNov20);
  CHECK(parseTimestampMillis("1970-01-01T00:00:00Z") == 0);
  CHECK(parseTimestampMillis("1969-12-31T23:59:59Z") == -1000);
  CHECK(parseTimestampMillis("2000-02-29T00:00:00Z") == 951782400000);
  CHECK(parseTimestampMillis("1900-03-01T00:00:00Z") == -2203891200000);
  CHECK(parseTimestampMillis("0000-01-01T00:00:00Z") == -62167219200000);
  CHECK(parseTimestampMillis("9999-12-31T23:59:59Z") == 253402300799000);

  SECTION("lowercase t and z, and a space separator") {
    CHECK(parseTimestampMillis("2026-11-20t10:00:00z") == kNov20);
    CHECK(parseTimestampMillis("2026-11-20 10:00:00Z") == kNov20);
  }
}

TEST_CASE("Timestamp: RFC 3339 offsets", "[timestamp]") {
  CHECK(parseTimestampMillis("2026-11-20T12:00:00+02:00") == kNov20);
  CHECK(parseTimestampMillis("2026-11-20T04:30:00-05:30") == kNov20);
  CHECK(parseTimestampMillis("2026-11-20T10:00:00+00:00") == kNov20);
  CHECK(parseTimestampMillis("2026-11-20T10:00:00-00:00") == kNov20);
  SECTION("an offset can cross midnight") {
    CHECK(parseTimestampMillis("2026-11-21T09:00:00+23:00") == kNov20);
  }
}

TEST_CASE("Timestamp: fractional seconds are truncated to milliseconds", "[timestamp]") {
  CHECK(parseTimestampMillis("2026-11-20T10:00:00.5Z") == kNov20 + 500);
  CHECK(parseTimestampMillis("2026-11-20T10:00:00.25Z") == kNov20 + 250);
  CHECK(parseTimestampMillis("2026-11-20T10:00:00.123Z") == kNov20 + 123);
  CHECK(parseTimestampMillis("2026-11-20T10:00:00.1239Z") == kNov20 + 123);
  CHECK(parseTimestampMillis("2026-11-20T10:00:00.999999999Z") == kNov20 + 999);
  CHECK(parseTimestampMillis("2026-11-20T10:00:00.000000001Z") == kNov20);
  SECTION("very long fractions") {
    std::string text = "2026-11-20T10:00:00." + std::string(5000, '9') + "Z";
    CHECK(parseTimestampMillis(text) == kNov20 + 999);
  }
  SECTION("with an offset") {
    CHECK(parseTimestampMillis("2026-11-20T12:00:00.75+02:00") == kNov20 + 750);
  }
}

TEST_CASE("Timestamp: Unix epoch seconds", "[timestamp]") {
  CHECK(parseTimestampMillis("1795168800") == kNov20);
  CHECK(parseTimestampMillis("1795676850") == 1795676850000);
  CHECK(parseTimestampMillis("1795676850.5") == 1795676850500);
  CHECK(parseTimestampMillis("1795676850.0019") == 1795676850001);
  CHECK(parseTimestampMillis("0") == 0);
  CHECK(parseTimestampMillis("0.001") == 1);
  CHECK(parseTimestampMillis("253402300799") == 253402300799000);
}

TEST_CASE("Timestamp: invalid text is rejected", "[timestamp]") {
  const char *bad[] = {
      "",
      " ",
      "garbage",
      "2026-11-20",
      "2026-11-20T10:00:00",        // no offset
      "2026-11-20T10:00Z",          // no seconds
      "2026-11-20T10:00:00ZZ",      // trailing junk
      "2026-11-20T10:00:00Z ",      // trailing blank (callers trim)
      " 2026-11-20T10:00:00Z",      // leading blank
      "2026-11-20T10:00:00.Z",      // empty fraction
      "2026-11-20T10:00:00+0200",   // offset without colon
      "2026-11-20T10:00:00+02",     // short offset
      "2026-11-20T10:00:00+24:00",  // offset hour
      "2026-11-20T10:00:00+02:60",  // offset minute
      "2026-13-01T00:00:00Z",       // month
      "2026-00-01T00:00:00Z",       // month
      "2026-11-00T00:00:00Z",       // day
      "2026-11-31T00:00:00Z",       // November has 30 days
      "2026-02-29T00:00:00Z",       // not a leap year
      "1900-02-29T00:00:00Z",       // century, not a leap year
      "2026-11-20T24:00:00Z",       // hour
      "2026-11-20T10:60:00Z",       // minute
      "2026-11-20T10:00:60Z",       // leap second: rejected
      "2026-11-20X10:00:00Z",       // separator
      "26-11-20T10:00:00Z",         // two-digit year
      "+2026-11-20T10:00:00Z",      // sign
      "2026-1-20T10:00:00Z",        // one-digit month
      "2026-11-20T10:00:00.5.5Z",   // two fractions
      "-1",                         // negative epoch
      "+1795676850",                // signed epoch
      "1795676850.",                // empty fraction
      ".5",                         // no integer part
      "1.7e9",                      // exponent
      "1795676850000",              // milliseconds by mistake: beyond year 9999
      "253402300800",               // just beyond the limit
      "99999999999999999999999999", // overflow
      "0x10",
      "NaN",
  };
  for (const char *text : bad) {
    INFO("text: \"" << text << "\"");
    CHECK_FALSE(parseTimestampMillis(text).has_value());
  }
  SECTION("leap days are accepted") {
    CHECK(parseTimestampMillis("2024-02-29T00:00:00Z").has_value());
    CHECK(parseTimestampMillis("2000-02-29T00:00:00Z").has_value());
  }
}

TEST_CASE("Timestamp: formatting is RFC 3339 UTC", "[timestamp]") {
  CHECK(formatTimestamp(kNov20) == "2026-11-20T10:00:00Z");
  CHECK(formatTimestamp(kNov20 + 250) == "2026-11-20T10:00:00.250Z");
  CHECK(formatTimestamp(kNov20 + 5) == "2026-11-20T10:00:00.005Z");
  CHECK(formatTimestamp(0) == "1970-01-01T00:00:00Z");
  CHECK(formatTimestamp(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(formatTimestamp(951782400000) == "2000-02-29T00:00:00Z");
  CHECK(formatTimestamp(253402300799999) == "9999-12-31T23:59:59.999Z");
  CHECK(formatTimestamp(-62167219200000) == "0000-01-01T00:00:00Z");

  SECTION("extreme values do not crash") {
    CHECK_FALSE(formatTimestamp(std::numeric_limits<int64_t>::max()).empty());
    CHECK_FALSE(formatTimestamp(std::numeric_limits<int64_t>::min()).empty());
  }
  SECTION("round trip over a range of instants") {
    // Every day for 3,000 years around the epoch plus odd milliseconds, through both functions.
    for (int64_t t = -62167219200000; t < 40000000000000; t += 86400000LL * 7 + 3601001) {
      auto parsed = parseTimestampMillis(formatTimestamp(t));
      REQUIRE(parsed.has_value());
      REQUIRE(*parsed == t);
    }
  }
}

