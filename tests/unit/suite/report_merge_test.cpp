// This file implements the unit tests of shard reports: the JSON report read back as written, the
// merge of every shard equal to the report of the whole run, and a diagnostic for each way shard
// reports can fail to add up.
#include "compiler/diag/text_renderer.h"
#include "render/suite_report.h"
#include "simulator/suite/report_merge.h"

#include <catch2/catch.hpp>

using namespace rwd;
using namespace rwd::sim::suite;

namespace {

SuiteReport wholeRun() {
  SuiteReport report;
  const runtime::OutcomeKind kinds[] = {runtime::OutcomeKind::Promoted, runtime::OutcomeKind::RolledBack,
                                        runtime::OutcomeKind::Paused, runtime::OutcomeKind::Incomplete};
  for (size_t i = 0; i < 7; ++i) {
    CaseResult c;
    c.index = i;
    c.suite = i < 4 ? "a/suite.yaml" : "b/suite.yaml";
    c.name = "case-" + std::to_string(i) + (i == 5 ? " \"quoted\" <&>" : "");
    c.trace = "traces/" + std::to_string(i) + ".trace.csv";
    c.outcome.kind = kinds[i % 4];
    c.outcome.reason = c.outcome.kind == runtime::OutcomeKind::RolledBack ? "analysis_failed" : "";
    c.outcome.decidedAtMs = 90'500 + static_cast<int64_t>(i) * 60'000;
    c.passed = i % 3 != 1;
    c.why = c.passed ? "" : "expected outcome promoted, got something\nelse";
    report.cases.push_back(c);
  }
  report.totalCases = 7;
  return report;
}

SuiteReport shardOf(const SuiteReport &whole, Shard shard) {
  SuiteReport out;
  out.totalCases = whole.totalCases;
  out.shard = shard;
  for (const CaseResult &c : whole.cases)
    if (shard.owns(c.index)) out.cases.push_back(c);
  return out;
}

struct Merge {
  SourceManager sources;
  DiagnosticEngine diags;
  std::vector<FileId> files;
  std::vector<SuiteReport> reports;
  std::string rendered() { return renderDiagnostics(diags.sorted(), sources, RenderOptions{false, true}); }
  void add(const std::string &name, const std::string &json) {
    FileId id = sources.addBuffer(name, json);
    files.push_back(id);
    if (auto report = readSuiteReport(sources.file(id), diags)) reports.push_back(std::move(*report));
  }
  std::optional<SuiteReport> merge() { return mergeReports(reports, files, diags); }
};

} // namespace

TEST_CASE("Report merge: a report read back renders the same JSON", "[suite]") {
  std::string json = render::renderSuiteJson(wholeRun());
  Merge m;
  m.add("whole.json", json);
  INFO(m.rendered());
  REQUIRE(m.reports.size() == 1);
  CHECK(render::renderSuiteJson(m.reports[0]) == json);
  CHECK(m.reports[0].cases[0].outcome.decidedAtMs == 90'500);
}

TEST_CASE("Report merge: the merge of every shard is the report of the whole run", "[suite]") {
  SuiteReport whole = wholeRun();
  for (size_t count : {1u, 2u, 3u, 7u, 9u}) {
    INFO("shards: " << count);
    Merge m;
    for (size_t i = count; i-- > 0;) // in any order
      m.add("shard-" + std::to_string(i) + ".json", render::renderSuiteJson(shardOf(whole, {i, count})));
    std::optional<SuiteReport> merged = m.merge();
    INFO(m.rendered());
    REQUIRE(merged);
    CHECK(render::renderSuiteJson(*merged) == render::renderSuiteJson(whole));
    CHECK(render::renderSuiteJunit(*merged) == render::renderSuiteJunit(whole));
    CHECK(render::renderSuiteText(*merged, true, false) == render::renderSuiteText(whole, true, false));
  }
}

TEST_CASE("Report merge: shards that do not add up are refused", "[suite]") {
  SuiteReport whole = wholeRun();
  Merge m;
  SECTION("a missing shard") {
    m.add("s0.json", render::renderSuiteJson(shardOf(whole, {0, 3})));
    m.add("s2.json", render::renderSuiteJson(shardOf(whole, {2, 3})));
    CHECK_FALSE(m.merge());
    CHECK(m.rendered().find("s0.json:1:1: error: shard 1 of 3 is missing; pass every shard's report") !=
          std::string::npos);
  }
  SECTION("a shard given twice") {
    m.add("s0.json", render::renderSuiteJson(shardOf(whole, {0, 2})));
    m.add("copy.json", render::renderSuiteJson(shardOf(whole, {0, 2})));
    CHECK_FALSE(m.merge());
    CHECK(m.rendered().find("copy.json:1:1: error: shard 0 of 2 is given twice") != std::string::npos);
  }
  SECTION("shards of different runs") {
    m.add("s0.json", render::renderSuiteJson(shardOf(whole, {0, 2})));
    m.add("s1.json", render::renderSuiteJson(shardOf(whole, {1, 3})));
    CHECK_FALSE(m.merge());
    CHECK(m.rendered().find("s1.json:1:1: error: this is shard 1 of 3 in a run of 7 cases, but the first report is of "
                            "2 shards and 7 cases") != std::string::npos);
  }
  SECTION("a whole run among shards") {
    m.add("s0.json", render::renderSuiteJson(shardOf(whole, {0, 2})));
    m.add("whole.json", render::renderSuiteJson(whole));
    CHECK_FALSE(m.merge());
    CHECK(m.rendered().find("whole.json:1:1: error: this is the report of a whole run, not of a shard") !=
          std::string::npos);
  }
  SECTION("a case in the wrong shard, or missing from its shard") {
    SuiteReport wrong = shardOf(whole, {0, 2});
    wrong.cases[1].index = 3;
    m.add("s0.json", render::renderSuiteJson(wrong));
    m.add("s1.json", render::renderSuiteJson(shardOf(whole, {1, 2})));
    CHECK_FALSE(m.merge());
    CHECK(m.rendered().find("does not belong to shard 0 of 2") != std::string::npos);
  }
  SECTION("a case missing from its shard") {
    SuiteReport partial = shardOf(whole, {1, 2});
    partial.cases.pop_back();
    m.add("s0.json", render::renderSuiteJson(shardOf(whole, {0, 2})));
    m.add("s1.json", render::renderSuiteJson(partial));
    CHECK_FALSE(m.merge());
    CHECK(m.rendered().find("s1.json:1:1: error: the case at index 5 is missing from shard 1 of 2") != std::string::npos);
  }
}

TEST_CASE("Report merge: what is not a test report is located", "[suite]") {
  Merge m;
  SECTION("invalid JSON, at the byte") {
    m.add("bad.json", "{\n  \"passed\": 1,\n  oops\n}\n");
    CHECK(m.rendered().find("bad.json:3:3: error: not a `rewind test --format json` result: invalid JSON") !=
          std::string::npos);
  }
  SECTION("a number beyond a double (a fuzzer finding)") {
    m.add("huge.json", "7777777777e777");
    CHECK(m.rendered().find("huge.json:1:1: error: not a `rewind test --format json` result: invalid JSON (a number "
                            "out of range)") != std::string::npos);
  }
  SECTION("a missing or mistyped key, by its path") {
    std::string json = render::renderSuiteJson(wholeRun());
    std::string broken = json;
    broken.replace(broken.find("\"decided_at_s\": 90.5"), 20, "\"decided_at_s\": \"90\"");
    m.add("typed.json", broken);
    CHECK(m.rendered().find("typed.json:1:1: error: not a `rewind test --format json` result: `cases[0].decided_at_s` "
                            "must be a number of seconds") != std::string::npos);
  }
  SECTION("counts that disagree with the cases") {
    std::string json = render::renderSuiteJson(wholeRun());
    json.replace(json.find("\"passed\": 5"), 11, "\"passed\": 6");
    m.add("counts.json", json);
    CHECK(m.rendered().find("`passed and failed` must be the counts of the cases' `passed`") != std::string::npos);
  }
  SECTION("another JSON document") {
    m.add("report.json", "{\"outcome\": \"promoted\"}");
    CHECK(m.rendered().find("`total_cases` must be present") != std::string::npos);
  }
  CHECK(m.reports.empty());
  CHECK(m.diags.hasErrors());
}
