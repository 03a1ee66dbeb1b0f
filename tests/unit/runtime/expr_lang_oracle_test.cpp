// This file implements the comparison of Rewind's condition evaluation with expr-lang's: every row of
// data/expr_lang_oracle.tsv was evaluated by the expr-lang version Argo pins, in Argo's environment,
// and Rewind must give the same value or the same error message.
#include "tests/unit/runtime/argo_condition_helpers.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using rwd::test::evaluateAsArgo;

namespace {

struct OracleCase {
  int line = 0;
  std::string type, value, condition, expected;
};

std::vector<OracleCase> readCases() {
  std::ifstream in(std::string(REWIND_SOURCE_DIR) + "/tests/unit/runtime/data/expr_lang_oracle.tsv");
  std::vector<OracleCase> cases;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::stringstream stream(line);
    std::string field;
    while (std::getline(stream, field, '\t')) fields.push_back(field);
    if (line.back() == '\t') fields.push_back("");
    if (fields.size() != 4) FAIL("malformed oracle row at line " << number << ": " << line);
    cases.push_back({number, fields[0], fields[1], fields[2], fields[3]});
  }
  return cases;
}

/// Where Rewind is known to differ (docs/language.md §9.8): Unicode case mapping, and number
/// literals in hexadecimal or with `_` separators, which Rewind's grammar does not read.
const std::set<std::string> kKnownDivergences = {
    "upper(\"é\") == \"É\"",
    "result > 0x10",
    "result > 1_000",
};

} // namespace

TEST_CASE("expr-lang oracle: conditions evaluate as Argo's pinned expr-lang does", "[expr]") {
  std::vector<OracleCase> cases = readCases();
  REQUIRE(cases.size() > 500);
  for (const OracleCase &c : cases) {
    INFO("expr_lang_oracle.tsv:" << c.line << ": " << c.type << " [" << c.value << "] " << c.condition);
    if (kKnownDivergences.count(c.condition)) CHECK(evaluateAsArgo(c.condition, c.type, c.value) != c.expected); // fixed? unlist it
    else CHECK(evaluateAsArgo(c.condition, c.type, c.value) == c.expected);
  }
}
