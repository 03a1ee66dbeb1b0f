// This file implements the unit tests of the machine renderings of diagnostics (JSON, SARIF):
// locations, code-point columns, notes as related locations and suggestions as fixes.
#include "render/diagnostics.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace rwd;
using nlohmann::json;

namespace {

struct Fixture {
  SourceManager sources;
  FileId file = sources.addBuffer("dir/a b.rwd", "rollout x {\n  analyze sucess-rate\n  // é é\n}\n");

  Diagnostic unknownAnalysis() const {
    SourceRange name{file, 22, 33}; // `sucess-rate`
    Diagnostic diag{DiagKind::UnknownAnalysis, Severity::Error, name, "unknown analysis `sucess-rate`", {}, {}};
    diag.notes.push_back({DiagKind::DidYouMean, name, "did you mean `success-rate`?"});
    diag.fixes.push_back({name, "success-rate"});
    return diag;
  }
};

} // namespace

TEST_CASE("SARIF: a result has its rule, level, region, related locations and fix", "[render]") {
  Fixture f;
  json log = json::parse(render::renderDiagnosticsSarif({f.unknownAnalysis()}, f.sources, "9.9.9"));
  CHECK(log["version"] == "2.1.0");
  const json &run = log["runs"][0];
  CHECK(run["tool"]["driver"]["version"] == "9.9.9");
  CHECK(run["tool"]["driver"]["rules"].size() == kDiagKindCount);
  CHECK(run["columnKind"] == "unicodeCodePoints");
  const json &result = run["results"][0];
  CHECK(result["ruleId"] == "UnknownAnalysis");
  CHECK(run["tool"]["driver"]["rules"][result["ruleIndex"].get<size_t>()]["id"] == "UnknownAnalysis");
  CHECK(result["level"] == "error");
  const json &location = result["locations"][0]["physicalLocation"];
  CHECK(location["artifactLocation"]["uri"] == "dir/a%20b.rwd");
  CHECK(location["region"] == json{{"startLine", 2}, {"startColumn", 11}, {"endLine", 2}, {"endColumn", 22}});
  CHECK(result["relatedLocations"][0]["message"]["text"] == "did you mean `success-rate`?");
  const json &replacement = result["fixes"][0]["artifactChanges"][0]["replacements"][0];
  CHECK(replacement["insertedContent"]["text"] == "success-rate");
  CHECK(replacement["deletedRegion"]["startColumn"] == 11);
}

TEST_CASE("SARIF: rules carry a short description, a help text and the default level", "[render]") {
  Fixture f;
  json rules = json::parse(render::renderDiagnosticsSarif({}, f.sources, "1"))["runs"][0]["tool"]["driver"]["rules"];
  const json &unknown = rules[static_cast<size_t>(DiagKind::UnknownAnalysis)];
  CHECK(unknown["shortDescription"]["text"] == "unknown analysis `…`");
  CHECK_FALSE(unknown["help"]["text"].get<std::string>().empty());
  CHECK(rules[static_cast<size_t>(DiagKind::SyntaxError)]["shortDescription"]["text"] == "syntax error");
  CHECK(rules[static_cast<size_t>(DiagKind::UnusedAnalysis)]["defaultConfiguration"]["level"] == "warning");
}

TEST_CASE("SARIF: columns count code points, absolute paths become file URIs", "[render]") {
  SourceManager sources;
  FileId file = sources.addBuffer("/abs/p.rwd", "// é é x\n");
  Diagnostic diag{DiagKind::SyntaxError, Severity::Error, {file, 8, 9}, "unexpected `x`", {}, {}};
  json result = json::parse(render::renderDiagnosticsSarif({diag}, sources, "1"))["runs"][0]["results"][0];
  const json &location = result["locations"][0]["physicalLocation"];
  CHECK(location["artifactLocation"]["uri"] == "file:///abs/p.rwd");
  CHECK(location["region"]["startColumn"] == 7); // bytes 8, code points 7 (é is two bytes)
}

TEST_CASE("JSON diagnostics: byte columns as the text form, notes, fixes and counts", "[render]") {
  Fixture f;
  Diagnostic warning{DiagKind::UnusedAnalysis, Severity::Warning, SourceRange{}, "analysis `x` is declared but never used", {}, {}};
  json out = json::parse(render::renderDiagnosticsJson({f.unknownAnalysis(), warning}, f.sources));
  CHECK(out["errors"] == 1);
  CHECK(out["warnings"] == 1);
  const json &first = out["diagnostics"][0];
  CHECK(first["kind"] == "UnknownAnalysis");
  CHECK(first["location"] == json{{"path", "dir/a b.rwd"}, {"line", 2}, {"column", 11}, {"end_line", 2}, {"end_column", 22}});
  CHECK(first["notes"][0]["kind"] == "DidYouMean");
  CHECK(first["fixes"][0]["replacement"] == "success-rate");
  CHECK(out["diagnostics"][1]["location"].is_null());
}
