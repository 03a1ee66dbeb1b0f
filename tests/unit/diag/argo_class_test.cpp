// This file implements the tests of the Argo classes of diagnostics: on Argo YAML, what Argo accepts
// but fails at run time is an error for `check` only; what Argo ignores is a warning.
#include "compiler/diag/diagnostic_engine.h"

#include <catch2/catch.hpp>

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
      CHECK(argoClass(kind) == ArgoClass::Rejected);
    }
  }
  CHECK(argoClassName(ArgoClass::FailsAtRunTime) == "fails at run time");
}
