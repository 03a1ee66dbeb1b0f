// This file implements the unit tests of the suite reader: every field, path resolution beside the
// suite, glob expansion and naming, and a located diagnostic for every kind of mistake.
#include "tests/unit/suite/suite_test_helpers.h"

#include <catch2/catch.hpp>

using rwd::runtime::OutcomeKind;
using rwd::test::readSuiteText;
using rwd::test::ScratchFolder;

TEST_CASE("Suite reader: a case with every field", "[suite]") {
  auto r = readSuiteText("ci/suite.yaml", R"(policy: [policy.rwd, ../lib/analyses.rwd]
cases:
  - name: outage-2026-11-20
    trace: traces/outage.trace.csv
    events: traces/outage.events.csv
    start: 2026-11-20T10:00:00Z
    expect:
      outcome: rolled_back
      reason: analysis_failed
      decided_before: 10m
      decided_after: 2m
)");
  INFO(r->rendered);
  REQUIRE(r->suite);
  CHECK(r->suite->policies == std::vector<std::string>{"ci/policy.rwd", "lib/analyses.rwd"});
  REQUIRE(r->suite->cases.size() == 1);
  const rwd::sim::suite::Case &c = r->suite->cases[0];
  CHECK(c.name == "outage-2026-11-20");
  CHECK(c.tracePath == "ci/traces/outage.trace.csv");
  CHECK(c.eventsPath == "ci/traces/outage.events.csv");
  CHECK(c.startMs == 1795168800000);
  CHECK(c.expect.outcome == OutcomeKind::RolledBack);
  CHECK(c.expect.reason == "analysis_failed");
  CHECK(c.expect.decidedBeforeMs == 600'000);
  CHECK(c.expect.decidedAfterMs == 120'000);
}

TEST_CASE("Suite reader: a single policy, absolute paths and a flow-style expectation", "[suite]") {
  auto r = readSuiteText("suite.yaml", "policy: policy.rwd\ncontroller: flagger\ncases:\n"
                                       "  - {name: good, trace: /data/good.trace.csv, expect: {outcome: promoted}}\n");
  INFO(r->rendered);
  REQUIRE(r->suite);
  CHECK(r->suite->policies == std::vector<std::string>{"policy.rwd"});
  CHECK(r->suite->controller == "flagger");
  CHECK(r->suite->cases[0].tracePath == "/data/good.trace.csv");
  CHECK_FALSE(r->suite->cases[0].eventsPath);
  CHECK_FALSE(r->suite->cases[0].expect.reason);
}

TEST_CASE("Suite reader: a glob gives one case per file, sorted, named NAME/FILE, with events beside", "[suite]") {
  ScratchFolder dir;
  for (const char *name : {"b.trace.csv", "a.trace.csv", "c.trace.csv", "notes.txt"}) dir.write(std::string("good/") + name, "x");
  dir.write("good/b.events.csv", "x");
  dir.write("good/sub/d.trace.csv", "x"); // `*` does not cross folders
  auto r = readSuiteText(dir.path() + "/suite.yaml", R"(policy: policy.rwd
cases:
  - name: good-deploys
    traces: good/*.trace.csv
    expect: {outcome: promoted}
  - name: nested
    traces: good/*/*.trace.csv
    expect: {outcome: promoted}
)");
  INFO(r->rendered);
  REQUIRE(r->suite);
  std::vector<std::string> names;
  for (const auto &c : r->suite->cases) names.push_back(c.name);
  CHECK(names == std::vector<std::string>{"good-deploys/a.trace.csv", "good-deploys/b.trace.csv",
                                          "good-deploys/c.trace.csv", "nested/sub/d.trace.csv"});
  CHECK(r->suite->cases[0].tracePath == dir.path() + "/good/a.trace.csv");
  CHECK_FALSE(r->suite->cases[0].eventsPath);
  CHECK(r->suite->cases[1].eventsPath == dir.path() + "/good/b.events.csv");
}

TEST_CASE("Suite reader: policy globs expand in sorted order", "[suite]") {
  ScratchFolder dir;
  dir.write("z.rwd", "x");
  dir.write("a.rwd", "x");
  auto r = readSuiteText(dir.path() + "/suite.yaml",
                         "policy: '*.rwd'\ncases:\n  - {name: a, trace: t.csv, expect: {outcome: promoted}}\n");
  INFO(r->rendered);
  REQUIRE(r->suite);
  CHECK(r->suite->policies == std::vector<std::string>{dir.path() + "/a.rwd", dir.path() + "/z.rwd"});
}

namespace {

/// The diagnostics of a suite that must not be read.
std::string rejected(const std::string &text, const std::string &path = "suite.yaml") {
  auto r = readSuiteText(path, text);
  CHECK_FALSE(r->suite);
  CHECK(r->diags.hasErrors());
  return r->rendered;
}

const char *kCaseHead = "policy: p.rwd\ncases:\n  - name: a\n    trace: t.csv\n";

} // namespace

TEST_CASE("Suite reader: every mistake is located in the suite", "[suite]") {
  SECTION("an unknown key, at the key, with the known ones") {
    std::string out = rejected(std::string(kCaseHead) + "    expect: {outcome: promoted}\n    trcae: x\n");
    CHECK(out.find("suite.yaml:6:5: error: unknown key `trcae` in a case; expected `name`, `trace`, `traces`, "
                   "`events`, `start` or `expect` [SuiteUnknownKey]") != std::string::npos);
  }
  SECTION("an unknown top-level key") {
    CHECK(rejected("policy: p.rwd\ncase: []\n").find("suite.yaml:2:1: error: unknown key `case` in the suite") !=
          std::string::npos);
    CHECK(rejected("policy: p.rwd\ncontroller: kayenta\ncases: [{name: a, trace: t, expect: {outcome: promoted}}]\n")
              .find("suite.yaml:2:13: error: unknown controller `kayenta`; expected argo or flagger") != std::string::npos);
  }
  SECTION("a bad outcome, at its value") {
    std::string out = rejected(std::string(kCaseHead) + "    expect: {outcome: rolledback}\n");
    CHECK(out.find("suite.yaml:5:23: error: unknown outcome `rolledback`") != std::string::npos);
  }
  SECTION("a reason of another outcome") {
    std::string out = rejected(std::string(kCaseHead) + "    expect: {outcome: paused, reason: timeout}\n");
    CHECK(out.find("error: `timeout` is not a reason of outcome paused; expected manual_gate or inconclusive "
                   "[SuiteBadReason]") != std::string::npos);
    out = rejected(std::string(kCaseHead) + "    expect: {outcome: promoted, reason: timeout}\n");
    CHECK(out.find("expected no reason (it has none)") != std::string::npos);
  }
  SECTION("a bound without a unit, and bounds no decision meets") {
    std::string out = rejected(std::string(kCaseHead) + "    expect: {outcome: promoted, decided_before: 600}\n");
    CHECK(out.find("error: invalid duration `600`: a bare number has no unit; write `600s` or `10m` [InvalidDuration]") !=
          std::string::npos);
    out = rejected(std::string(kCaseHead) + "    expect: {outcome: promoted, decided_before: 1m, decided_after: 2m}\n");
    CHECK(out.find("error: decided_after (2m) is later than decided_before (1m): no decision can meet both") !=
          std::string::npos);
  }
  SECTION("a bad start") {
    std::string out = rejected(std::string(kCaseHead) + "    start: yesterday\n    expect: {outcome: promoted}\n");
    CHECK(out.find("suite.yaml:5:12: error: invalid timestamp `yesterday`") != std::string::npos);
  }
  SECTION("a missing expectation, name or trace") {
    CHECK(rejected(kCaseHead).find("error: a case needs `expect` [YamlMissingField]") != std::string::npos);
    CHECK(rejected("policy: p.rwd\ncases:\n  - {trace: t.csv, expect: {outcome: promoted}}\n")
              .find("error: a case needs `name`") != std::string::npos);
    CHECK(rejected("policy: p.rwd\ncases:\n  - {name: a, expect: {outcome: promoted}}\n")
              .find("error: a case needs `trace` or `traces`") != std::string::npos);
    CHECK(rejected("policy: p.rwd\ncases:\n  - {name: a, trace: t.csv, expect: {reason: timeout}}\n")
              .find("error: `expect` needs `outcome`") != std::string::npos);
    CHECK(rejected("cases:\n  - {name: a, trace: t.csv, expect: {outcome: promoted}}\n")
              .find("error: the suite needs `policy`") != std::string::npos);
  }
  SECTION("both trace and traces; events or start beside a glob") {
    CHECK(rejected("policy: p.rwd\ncases:\n  - {name: a, trace: t.csv, traces: '*.csv', expect: {outcome: promoted}}\n")
              .find("error: a case cannot have both `trace` and `traces` [SuiteConflictingKeys]") != std::string::npos);
    CHECK(rejected("policy: p.rwd\ncases:\n  - {name: a, traces: '*.csv', events: e.csv, expect: {outcome: promoted}}\n")
              .find("error: `events` applies to one trace") != std::string::npos);
  }
  SECTION("a glob that matches nothing") {
    ScratchFolder dir;
    std::string out = rejected("policy: p.rwd\ncases:\n  - {name: a, traces: 'none/*.csv', expect: {outcome: promoted}}\n",
                               dir.path() + "/suite.yaml");
    CHECK(out.find(":3:23: error: no file matches `" + dir.path() + "/none/*.csv` [SuiteGlobNoMatch]") != std::string::npos);
  }
  SECTION("a case name given twice, with the first one noted") {
    std::string out = rejected("policy: p.rwd\ncases:\n  - {name: a, trace: t.csv, expect: {outcome: promoted}}\n"
                               "  - {name: a, trace: u.csv, expect: {outcome: promoted}}\n");
    CHECK(out.find("suite.yaml:4:12: error: case `a` is defined more than once [SuiteDuplicateCase]") != std::string::npos);
    CHECK(out.find("suite.yaml:3:12: note: previous declaration is here") != std::string::npos);
  }
  SECTION("wrong shapes, empty names and paths, and no cases") {
    CHECK(rejected("policy: p.rwd\ncases: {a: 1}\n").find("error: `cases` must be a list, found a map") != std::string::npos);
    CHECK(rejected("policy: p.rwd\ncases: []\n").find("error: the suite has no cases") != std::string::npos);
    CHECK(rejected("- 1\n").find("error: `the suite` must be a map, found a list") != std::string::npos);
    CHECK(rejected("policy: p.rwd\ncases:\n  - {name: '', trace: t.csv, expect: {outcome: promoted}}\n")
              .find("error: a case name must not be empty") != std::string::npos);
    CHECK(rejected("policy: []\ncases:\n  - {name: a, trace: t.csv, expect: {outcome: promoted}}\n")
              .find("error: `policy` must be one or more policy files, found an empty list") != std::string::npos);
    CHECK(rejected("policy: p.rwd\ncases:\n  - {name: a, trace: [x], expect: {outcome: promoted}}\n")
              .find("error: `trace` must be a string, found a list") != std::string::npos);
  }
  SECTION("a key given twice") {
    CHECK(rejected(std::string(kCaseHead) + "    name: b\n    expect: {outcome: promoted}\n")
              .find("error: `name` is set more than once in this block [DuplicateSetting]") != std::string::npos);
  }
  SECTION("YAML syntax, a second document, an empty file") {
    CHECK(rejected("policy: [p.rwd\n").find("[YamlSyntaxError]") != std::string::npos);
    CHECK(rejected(std::string(kCaseHead) + "    expect: {outcome: promoted}\n---\npolicy: q.rwd\n")
              .find("error: a suite is one YAML document; this is another") != std::string::npos);
    CHECK(rejected("# nothing\n").find("error: the suite has no cases") != std::string::npos);
    // yaml-cpp's LoadAll never returns on these (fuzzer findings): refused before nodes are built.
    for (const char *hang : {"!null,\n", "&a,\n", "!!str ,\n", "--- !x &a,\n", "!<tag:x>,\n", "ly\n#!\n!wd, n\n",
                             "- a\n&x,\n"})
      CHECK(rejected(hang).find("`,` outside a flow collection") != std::string::npos);
    CHECK(rejected("\"a\"x\n").find("`x` after a complete node: only a new document (`---`) may start here") !=
          std::string::npos);
    CHECK(rejected("policy: !x,\n").find("[YamlSyntaxError]") != std::string::npos);
  }
  SECTION("hostile nesting and aliases end in a diagnostic") {
    CHECK(rejected("policy: " + std::string(300, '[') + "\n").find("[NestingTooDeep]") != std::string::npos);
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'h'; ++c)
      bomb += std::string(1, c) + ": &" + c + " [*" + char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + ", *" +
              char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) +
              ", *" + char(c - 1) + ", *" + char(c - 1) + "]\n";
    // The reader walks only the levels a suite has, so the aliases are never expanded.
    bomb += "policy: p.rwd\ncases: *h\n";
    CHECK(rejected(bomb).find("error: `cases[]` must be a map, found a list") != std::string::npos);
  }
}
