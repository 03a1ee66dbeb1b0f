// This file implements the unit tests of duration parsing and printing.
#include "compiler/support/duration.h"

#include <catch2/catch.hpp>
#include <limits>

using rwd::formatDuration;
using rwd::parseDuration;

TEST_CASE("Duration: parsing", "[duration]") {
  CHECK(parseDuration("0") == 0);
  CHECK(parseDuration("0s") == 0);
  CHECK(parseDuration("300ms") == 300);
  CHECK(parseDuration("5s") == 5000);
  CHECK(parseDuration("5m") == 300000);
  CHECK(parseDuration("1h") == 3600000);
  CHECK(parseDuration("1h30m") == 5400000);
  CHECK(parseDuration("2d") == 172800000);
  CHECK(parseDuration("1d2h3m4s5ms") == 93784005);
  CHECK(parseDuration("1.5s") == 1500);
  CHECK(parseDuration("0.5h") == 1800000);
  CHECK(parseDuration("1m0.5s") == 60500);
  CHECK(parseDuration("1.0009s") == 1000); // truncated
  CHECK(parseDuration("90s") == 90000);    // no carrying rule: 90s is fine

  SECTION("invalid durations") {
    const char *bad[] = {"",     "5",     "-5m",   "+5m",   "5 m",  " 5m",  "5m ",   "m",
                         "5x",   "5M",    "5sec",  "1m1h",  "5m5m", "1s1m", "5ms1s", "1.s",
                         ".5s",  "1..5s", "5us",   "5ns",   "1w",   "00",   "0.0",   "inf",
                         "99999999999999999999s", "9223372036854775807d"};
    for (const char *text : bad) {
      INFO("text: \"" << text << "\"");
      CHECK_FALSE(parseDuration(text).has_value());
    }
  }
}

TEST_CASE("Duration: formatting is compact and round-trips", "[duration]") {
  CHECK(formatDuration(0) == "0s");
  CHECK(formatDuration(250) == "250ms");
  CHECK(formatDuration(1000) == "1s");
  CHECK(formatDuration(1500) == "1.5s");
  CHECK(formatDuration(1250) == "1.25s");
  CHECK(formatDuration(1005) == "1.005s");
  CHECK(formatDuration(45000) == "45s");
  CHECK(formatDuration(300000) == "5m");
  CHECK(formatDuration(5400000) == "1h30m");
  CHECK(formatDuration(3600000) == "1h");
  CHECK(formatDuration(3601000) == "1h1s");
  CHECK(formatDuration(60500) == "1m0.5s");
  CHECK(formatDuration(86400000) == "1d");
  CHECK(formatDuration(93784005) == "1d2h3m4.005s");
  CHECK(formatDuration(-300000) == "-5m");
  CHECK(formatDuration(-250) == "-250ms");
  CHECK_FALSE(formatDuration(std::numeric_limits<int64_t>::min()).empty());

  SECTION("round trip") {
    for (int64_t d : {int64_t{1}, int64_t{999}, int64_t{1000}, int64_t{1001}, int64_t{59999},
                      int64_t{60000}, int64_t{3599999}, int64_t{86399999}, int64_t{86400001},
                      int64_t{123456789012}}) {
      INFO("millis: " << d << " text: " << formatDuration(d));
      CHECK(parseDuration(formatDuration(d)) == d);
    }
  }
}
