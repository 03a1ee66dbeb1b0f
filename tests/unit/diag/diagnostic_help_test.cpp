// This file implements the unit tests of the diagnostic help registry: every kind of the closed
// registry has a help text that machine formats (SARIF rules) can carry.
#include "compiler/diag/diagnostic_help.h"

#include <catch2/catch.hpp>
#include <string>

using namespace rwd;

TEST_CASE("Help registry: every diagnostic kind has a help text", "[diag]") {
  std::string missing;
  for (size_t k = 0; k < kDiagKindCount; ++k)
    if (diagKindHelp(static_cast<DiagKind>(k)).empty())
      missing += std::string(missing.empty() ? "" : ", ") + std::string(diagKindInfo(static_cast<DiagKind>(k)).name);
  INFO("kinds without a REWIND_DIAG_HELP entry in compiler/diag/diagnostic_help.def: " << missing);
  CHECK(missing.empty());
}

TEST_CASE("Help registry: help texts fit code scanning's limit and read as sentences", "[diag]") {
  for (size_t k = 0; k < kDiagKindCount; ++k) {
    auto kind = static_cast<DiagKind>(k);
    std::string_view help = diagKindHelp(kind);
    if (help.empty()) continue; // reported by the test above
    INFO(diagKindInfo(kind).name << ": " << help);
    CHECK(help.size() <= 1024);
    CHECK(help.back() == '.');
  }
}
