// This file implements the unit tests of the AST dumper (`--emit ast`, the parse golden format).
#include "compiler/ast/ast_dumper.h"
#include "compiler/diag/diagnostic_engine.h"
#include "compiler/parse/parser.h"

#include <catch2/catch.hpp>
#include <memory>
#include <sstream>
#include <string>

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using rwd::ast::dumpAst;

namespace {

/// Parses `text` as `path` (which must parse without syntax errors) and dumps its AST.
std::string dumped(const std::string &text, const std::string &path = "t.rwd") {
  rwd::SourceManager sources;
  rwd::DiagnosticEngine diags;
  rwd::FileId id = sources.addBuffer(path, text);
  std::unique_ptr<rwd::ast::PolicyFile> file = rwd::parse::parseFile(sources.file(id), diags);
  REQUIRE(file);
  return dumpAst(*file, sources);
}

const char *const kPolicy = R"rwd(import "lib/common.rwd"

rollout web {
  replicas 3
  canary {
    weight 25%
    pause 10m
    analyze probe(service: "web", budget: 2s) with dry-run up
    max surge 50%
  }
  on rollback to revision 4
}

analysis probe(service: string, budget: duration = 1s) {
  metric up {
    prometheus "up"
    unit percent
    success when len(result) > 0 && result[0] >= 95%
    failure limit none
    success streak 2
  }
}
)rwd";

const char *const kPolicyAst = R"rwd(PolicyFile t.rwd
  Import path="lib/common.rwd" @1:1
  Rollout name=web @3:1
    Replicas 3 @4:12
    Canary @5:3
      SetWeight index=0 weight=25 @6:5
      TimedPause index=1 duration=10m @7:5
      AnalysisStep index=2 @8:5
        AnalysisUse @8:5
          AnalysisRef name=probe parens @8:13
            Argument name=service kind=literal @8:19
              Literal kind=string value="web" @8:28
            Argument name=budget kind=literal @8:35
              Literal kind=duration value=2s text=`2s` @8:43
          DryRun metric=up @8:60
      MaxSurge 50% @9:15
    OnRollback kind=undo-revision revision=4 @11:3
  Analysis name=probe @14:1
    Parameter name=service type=string @14:16
    Parameter name=budget type=duration @14:33
      Literal kind=duration value=1s text=`1s` @14:52
    Metric name=up @15:3
      Provider kind=prometheus @16:5
        Query "up" @16:16
      Success @18:18
        Binary op=`&&` @18:18
          Binary op=`>` @18:18
            Call name=len @18:18
              Identifier name=result @18:22
            Int 0 @18:32
          Binary op=`>=` @18:37
            Index @18:37
              Identifier name=result @18:37
              Int 0 @18:44
            Float 0.95 unit=percent text=`95%` @18:50
      FailureLimit none @19:5
      ConsecutiveSuccessLimit 2 @20:20
      Unit percent @17:10
)rwd";

} // namespace

TEST_CASE("AstDumper: golden for a small policy", "[ast]") { CHECK(dumped(kPolicy) == kPolicyAst); }

TEST_CASE("AstDumper: the path is printed once, at the top", "[ast]") {
  std::string text = dumped(kPolicy, "policies/web.rwd");
  CHECK_THAT(text,
             StartsWith("PolicyFile policies/web.rwd\n  Import path=\"lib/common.rwd\" @1:1\n"));
  CHECK(text.find("policies/web.rwd", text.find('\n')) == std::string::npos);
}

TEST_CASE("AstDumper: every line is indented by two spaces per level and ends in a location",
          "[ast]") {
  std::istringstream lines(dumped(kPolicy));
  std::string line;
  std::getline(lines, line); // the PolicyFile header has no location
  size_t previousIndent = 0;
  while (std::getline(lines, line)) {
    size_t indent = line.find_first_not_of(' ');
    CHECK(indent % 2 == 0);
    CHECK(indent >= 2);
    CHECK(indent <= previousIndent + 2);
    previousIndent = indent;
    CHECK_THAT(line, Contains(" @"));
  }
}

TEST_CASE("AstDumper: expressions print as trees", "[ast]") {
  std::string text = dumped(R"rwd(analysis x {
  metric m {
    prometheus "up"
    success when result[0] >= 95% and not (result[1:] == nil) || all(result, {# > 1})
    failure when result?.a ?? -2 > 500ms ? {a: 'b'}.a matches "x" : [1.5, 2e3][0] in 0..3
  }
}
)rwd");
  CHECK_THAT(text, Contains("      Success @4:18\n"
                            "        Binary op=`||` @4:18\n"
                            "          Binary op=`and` @4:18\n"
                            "            Binary op=`>=` @4:18\n"
                            "              Index @4:18\n"
                            "                Identifier name=result @4:18\n"
                            "                Int 0 @4:25\n"
                            "              Float 0.95 unit=percent text=`95%` @4:31\n"
                            "            Unary op=`not` @4:39\n"
                            "              Binary op=`==` @4:44\n"
                            "                Slice @4:44\n"
                            "                  Identifier name=result @4:44\n"
                            "                  Int 1 @4:51\n"
                            "                  Omitted\n"
                            "                Nil @4:58\n"
                            "          Call name=all @4:66\n"
                            "            Identifier name=result @4:70\n"
                            "            Predicate @4:78\n"
                            "              Binary op=`>` @4:79\n"
                            "                Element @4:79\n"
                            "                Int 1 @4:83\n"));
  CHECK_THAT(text, Contains("        Conditional @5:18\n"
                            "          Binary op=`>` @5:18\n"
                            "            Binary op=`??` @5:18\n"
                            "              Member name=a optional @5:18\n"
                            "                Identifier name=result @5:18\n"
                            "              Unary op=`-` @5:31\n"
                            "                Int 2 @5:32\n"
                            "            Float 500 unit=duration text=`500ms` @5:36\n"
                            "          Binary op=`matches` @5:44\n"
                            "            Member name=a @5:44\n"
                            "              Map @5:44\n"
                            "                MapEntry key=\"a\" @5:48\n"
                            "                  String \"b\" @5:48\n"
                            "            String \"x\" @5:63\n"));
  CHECK_THAT(text, Contains("          Binary op=`in` @5:69\n"
                            "            Index @5:69\n"
                            "              List @5:69\n"
                            "                Float 1.5 @5:70\n"
                            "                Float 2000 @5:75\n"
                            "              Int 0 @5:80\n"
                            "            Binary op=`..` @5:86\n"));
}

TEST_CASE("AstDumper: blue-green, notifications and config values", "[ast]") {
  std::string text = dumped(R"rwd(rollout pay {
  progress deadline 20m, abort
  min ready 30s
  rollback window 2
  bluegreen {
    active service pay-active
    preview service pay-preview
    preview replicas 2
    promote manually, timeout 1h
    before promotion analyze smoke
    after promotion analyze smoke(env: field "metadata.labels['env']", rev: latest hash)
    scale-down after 45s
    abort scale-down after 1m
    irreversible "sends emails"
  }
  on rollback undo
  notify slack "#pay" on rollout-aborted, analysis-run-failed
}
cluster analysis smoke(env: string = "prod", rev: string = "x") {
  metric health {
    provider web { url: "http://x/{{args.env}}", "json path": "$.ok", headers: [{ key: "k", value: 1 }] }
    every 10s, 3 times
    initial delay 5s
    error limit 2
    inconclusive limit 1
    dry-run
    returns scalar
    keep 5 measurements
  }
}
)rwd");
  CHECK_THAT(
      text,
      Contains("  Rollout name=pay @1:1\n"
               "    ProgressDeadline 20m abort=true @2:21\n"
               "    MinReady 30s @3:13\n"
               "    RollbackWindow 2 @4:19\n"
               "    BlueGreen @5:3\n"
               "      ActiveService pay-active @6:20\n"
               "      PreviewService pay-preview @7:21\n"
               "      PreviewReplicas 2 @8:22\n"
               "      AutoPromotion false @9:5\n"
               "      PromotionTimeout 1h @9:31\n"
               "      PrePromotion @10:5\n"
               "        AnalysisUse @10:5\n"
               "          AnalysisRef name=smoke @10:30\n"
               "      PostPromotion @11:5\n"
               "        AnalysisUse @11:5\n"
               "          AnalysisRef name=smoke parens @11:29\n"
               "            Argument name=env kind=field path=\"metadata.labels['env']\" @11:35\n"
               "            Argument name=rev kind=latest-hash @11:72\n"
               "      ScaleDownDelay 45s @12:22\n"
               "      AbortScaleDown 1m @13:22\n"
               "      Irreversible note=\"sends emails\" @14:5\n"
               "    OnRollback kind=undo-previous @16:3\n"
               "    Notify service=slack recipient=\"#pay\" @17:3\n"
               "      Trigger rollout-aborted @17:26\n"
               "      Trigger analysis-run-failed @17:43\n"));
  CHECK_THAT(text, Contains("  Analysis name=smoke cluster @19:1\n"
                            "    Parameter name=env type=string @19:24\n"
                            "      Literal kind=string value=\"prod\" @19:38\n"));
  CHECK_THAT(text,
             Contains("      Provider kind=web @21:5\n"
                      "        ConfigObject @21:18\n"
                      "          Entry key=\"url\" @21:20\n"
                      "            Literal kind=string value=\"http://x/{{args.env}}\" @21:25\n"
                      "          Entry key=\"json path\" @21:50\n"
                      "            Literal kind=string value=\"$.ok\" @21:63\n"
                      "          Entry key=\"headers\" @21:71\n"
                      "            ConfigList @21:80\n"
                      "              ConfigObject @21:81\n"));
  CHECK_THAT(text, Contains("      Interval 10s @22:11\n"
                            "      Count 3 @22:16\n"
                            "      InitialDelay 5s @23:19\n"
                            "      InconclusiveLimit 1 @25:24\n"
                            "      ConsecutiveErrorLimit 2 @24:17\n"
                            "      DryRun @26:5\n"
                            "      Returns scalar @27:13\n"
                            "      KeepMeasurements 5 @28:10\n"));
}

TEST_CASE("AstDumper: output is deterministic", "[ast]") {
  CHECK(dumped(kPolicy) == dumped(kPolicy));
}
