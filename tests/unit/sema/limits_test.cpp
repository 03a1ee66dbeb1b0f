// This file implements the unit tests of the policy size limits sema enforces: steps of a rollout,
// metrics of an analysis and analyses of a policy, each exactly at its limit and one past it.
#include "compiler/diag/text_renderer.h"
#include "compiler/parse/parser.h"
#include "compiler/sema/checker.h"

#include <catch2/catch.hpp>
#include <string>

namespace {

struct Checked {
  bool ok = false;
  std::string diagnostics;
};

Checked check(std::string text, bool requireRollout) {
  rwd::SourceManager sources;
  rwd::DiagnosticEngine diags;
  rwd::FileId id = sources.addBuffer("t.rwd", std::move(text));
  auto file = rwd::parse::parseFile(sources.file(id), diags);
  Checked result;
  if (file) {
    rwd::sema::CheckOptions options;
    options.requireRollout = requireRollout;
    result.ok = rwd::sema::checkPolicy({file.get()}, diags, options).has_value();
  }
  rwd::RenderOptions render;
  result.diagnostics = rwd::renderDiagnostics(diags.sorted(), sources, render);
  return result;
}

std::string rolloutWithSteps(size_t steps) {
  std::string text = "rollout r {\n  canary {\n";
  for (size_t i = 0; i < steps; ++i) text += "    pause 1m\n";
  return text + "  }\n}\n";
}

std::string analysisWithMetrics(size_t metrics) {
  std::string text = "analysis a {\n";
  for (size_t i = 0; i < metrics; ++i)
    text += "  metric m" + std::to_string(i) + " { prometheus \"q\" success when true }\n";
  return text + "}\n";
}

std::string analyses(size_t count) {
  std::string text;
  for (size_t i = 0; i < count; ++i)
    text += "analysis a" + std::to_string(i) + " { metric m { prometheus \"q\" success when true } }\n";
  return text;
}

} // namespace

TEST_CASE("Sema limits: steps of a rollout", "[sema][limits]") {
  Checked at = check(rolloutWithSteps(rwd::sema::kMaxSteps), true);
  INFO(at.diagnostics);
  CHECK(at.ok);
  Checked past = check(rolloutWithSteps(rwd::sema::kMaxSteps + 1), true);
  CHECK_FALSE(past.ok);
  CHECK(past.diagnostics == "t.rwd:1003:5: error: rollout `r` has more than 1000 steps [TooManySteps]\n"
                            "    pause 1m\n"
                            "    ^~~~~~~~\n");
}

TEST_CASE("Sema limits: metrics of an analysis", "[sema][limits]") {
  Checked at = check(analysisWithMetrics(rwd::sema::kMaxMetrics), false);
  INFO(at.diagnostics);
  CHECK(at.ok);
  Checked past = check(analysisWithMetrics(rwd::sema::kMaxMetrics + 1), false);
  CHECK_FALSE(past.ok);
  CHECK(past.diagnostics.rfind("t.rwd:102:3: error: analysis `a` has more than 100 metrics "
                               "[TooManyMetrics]\n", 0) == 0);
}

TEST_CASE("Sema limits: analyses of a policy", "[sema][limits]") {
  Checked at = check(analyses(rwd::sema::kMaxAnalyses), false);
  INFO(at.diagnostics.substr(0, 2000));
  CHECK(at.ok);
  Checked past = check(analyses(rwd::sema::kMaxAnalyses + 1), false);
  CHECK_FALSE(past.ok);
  CHECK(past.diagnostics.rfind("t.rwd:1001:10: error: the policy declares more than 1000 analyses "
                               "[TooManyAnalyses]\n", 0) == 0);
}
