// This file implements the reference the trace number parsers are checked against: what
// parseTraceValue promises, std::from_chars on the text without its sign, then the sign.
#pragma once

#include <catch2/catch.hpp>
#include <charconv>
#include <string>
#include <string_view>

namespace rwd::sim::testing {

inline double fromCharsReference(const std::string &text) {
  std::string_view body = text;
  const bool negative = !body.empty() && body[0] == '-';
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) body.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  REQUIRE(ec == std::errc());
  REQUIRE(end == body.data() + body.size());
  return negative ? -value : value;
}

} // namespace rwd::sim::testing
