// This file implements the tests of the Argo classes of diagnostics: on Argo YAML, what Argo accepts
// but fails at run time is an error for `check` only; what Argo ignores is a warning.
#include "compiler/diag/diagnostic_engine.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

using namespace rwd;

namespace {

constexpr FileId kYaml = 1;
constexpr FileId kPolicy = 2;

Severity reported(DiagnosticEngine &diags, DiagKind kind, FileId file) {
  diags.report(kind, SourceRange{file, 0, 1}, "x", "y");
  return diags.all().back().severity;
}

} // namespace

TEST_CASE("Argo classes: a run-time failure on Argo YAML is an error for check, a warning elsewhere",
          "[diag]") {
  REQUIRE(argoClass(DiagKind::ArgoRuleMatchesNothing) == ArgoClass::FailsAtRunTime);
  SECTION("check") {
    DiagnosticEngine diags;
    diags.markArgoYaml(kYaml);
    diags.setRunTimeFailuresAreErrors(true);
    CHECK(reported(diags, DiagKind::ArgoRuleMatchesNothing, kYaml) == Severity::Error);
    CHECK(diags.hasErrors());
    // Argo accepts the object: later phases still run and report what else is wrong.
    CHECK_FALSE(diags.hasBlockingErrors());
    REQUIRE(diags.all().back().notes.size() == 1);
    CHECK(diags.all().back().notes[0].kind == DiagKind::ArgoAcceptsButFails);
  }
  SECTION("simulate, plan, compile, import") {
    DiagnosticEngine diags;
    diags.markArgoYaml(kYaml);
    CHECK(reported(diags, DiagKind::ArgoRuleMatchesNothing, kYaml) == Severity::Warning);
    CHECK_FALSE(diags.hasErrors());
    CHECK(diags.warningCount() == 1);
  }
  SECTION("a disabled warning stays disabled outside check") {
    DiagnosticEngine diags;
    diags.markArgoYaml(kYaml);
    diags.disableWarning(DiagKind::ArgoRuleMatchesNothing);
    diags.report(DiagKind::ArgoRuleMatchesNothing, SourceRange{kYaml, 0, 1}, "x");
    CHECK(diags.all().empty());
  }
}

TEST_CASE("Argo classes: .rwd input keeps the registered severity", "[diag]") {
  DiagnosticEngine diags;
  diags.markArgoYaml(kYaml);
  diags.setRunTimeFailuresAreErrors(true);
  // Registered as an error: an error in a .rwd file whatever the command.
  CHECK(reported(diags, DiagKind::UnknownIdentifier, kPolicy) == Severity::Error);
  // A kind Argo rejects stays an error on YAML too, with no note.
  CHECK(argoClass(DiagKind::ArgoStepKinds) == ArgoClass::Rejected);
  CHECK(reported(diags, DiagKind::ArgoStepKinds, kYaml) == Severity::Error);
  CHECK(diags.hasBlockingErrors());
  CHECK(diags.all().back().notes.empty());
}

TEST_CASE("Argo classes: every listed kind can be reported, and notes have no class", "[diag]") {
  for (size_t k = 0; k < kDiagKindCount; ++k) {
    auto kind = static_cast<DiagKind>(k);
    if (diagKindInfo(kind).severity == Severity::Note) {
      INFO(diagKindInfo(kind).name);
      CHECK(argoClass(kind) == ArgoClass::Unlisted);
    }
  }
  CHECK(argoClassName(ArgoClass::FailsAtRunTime) == "fails at run time");
}

namespace {

/// The kinds of argo_classes.def in written order, with how often each is listed.
struct Listing {
  DiagKind kind;
  ArgoClass argoClass;
};

std::vector<Listing> listings() {
  std::vector<Listing> out;
#define REWIND_ARGO_CLASS(Kind, Class, ...) out.push_back({DiagKind::Kind, ArgoClass::Class});
#include "compiler/diag/argo_classes.def"
#undef REWIND_ARGO_CLASS
  return out;
}

/// docs/argo.md §2's table, as the registry says it should read.
std::string classTable() {
  std::string out = "| diagnostic | class | `rewind check` | `simulate`, `plan`, `compile`, `import` | why (upstream) |\n"
                    "|---|---|---|---|---|\n";
  for (const Listing &l : listings()) {
    Severity registered = diagKindInfo(l.kind).severity;
    std::string check, others;
    switch (l.argoClass) {
    case ArgoClass::FailsAtRunTime:
      check = "error";
      others = "warning; `simulate` replays the failure";
      break;
    case ArgoClass::Ignored: check = others = "warning"; break;
    default: check = others = std::string(severityName(registered)); break;
    }
    out += fmt::format("| `{}` | {} | {} | {} | {} |\n", diagKindInfo(l.kind).name, argoClassName(l.argoClass), check,
                       others, argoClassReason(l.kind));
  }
  return out;
}

constexpr std::string_view kTableBegin = "<!-- argo-classes: begin";
constexpr std::string_view kTableEnd = "<!-- argo-classes: end -->";

} // namespace

TEST_CASE("Argo classes: each kind is listed once, with a registered severity that fits its class",
          "[diag]") {
  std::map<DiagKind, int> seen;
  for (const Listing &l : listings()) {
    INFO(diagKindInfo(l.kind).name);
    CHECK(++seen[l.kind] == 1);
    CHECK(argoClass(l.kind) == l.argoClass);
    Severity registered = diagKindInfo(l.kind).severity;
    CHECK(registered != Severity::Note);
    // Rejected and Rewind's limits stop every command; the class overrides nothing for them.
    if (l.argoClass == ArgoClass::Rejected || l.argoClass == ArgoClass::RewindLimit)
      CHECK(registered == Severity::Error);
    if (l.argoClass == ArgoClass::Lint) CHECK(registered == Severity::Warning);
  }
}

TEST_CASE("Argo classes: an ignored kind is a warning with a note on Argo YAML, whatever the command",
          "[diag]") {
  REQUIRE(argoClass(DiagKind::UnknownArgument) == ArgoClass::Ignored);
  for (bool check : {true, false}) {
    DiagnosticEngine diags;
    diags.markArgoYaml(kYaml);
    diags.setRunTimeFailuresAreErrors(check);
    CHECK(reported(diags, DiagKind::UnknownArgument, kYaml) == Severity::Warning);
    REQUIRE(diags.all().back().notes.size() == 1);
    CHECK(diags.all().back().notes[0].kind == DiagKind::ArgoAcceptsAndIgnores);
    // The same kind in a .rwd policy is the error it is registered as.
    CHECK(reported(diags, DiagKind::UnknownArgument, kPolicy) == Severity::Error);
  }
}

TEST_CASE("Argo classes: docs/argo.md holds the table of the registry (golden)", "[diag]") {
  std::string path = std::string(REWIND_SOURCE_DIR) + "/docs/argo.md";
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::string docs((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t begin = docs.find(kTableBegin);
  REQUIRE(begin != std::string::npos);
  begin = docs.find('\n', begin) + 1;
  size_t end = docs.find(kTableEnd, begin);
  REQUIRE(end != std::string::npos);
  std::string expected = classTable();
  if (docs.substr(begin, end - begin) != expected && std::getenv("UPDATE_GOLDEN")) {
    docs.replace(begin, end - begin, expected);
    std::ofstream(path, std::ios::binary) << docs;
    return;
  }
  CHECK(docs.substr(begin, end - begin) == expected);
}
