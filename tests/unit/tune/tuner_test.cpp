// This file implements the unit tests of the tuning replays: every score equals the scores of
// replaying each combination from scratch, and a case whose replays never instantiate an analysis
// is replayed once for all the values of that analysis' settings.
#include "compiler/driver/policy_variants.h"
#include "simulator/trace_reader.h"
#include "simulator/tune/tuner.h"
#include "tests/unit/suite/suite_test_helpers.h"

#include <catch2/catch.hpp>

using namespace rwd;

namespace {

const char *kPolicy = R"(rollout r {
  canary {
    weight 20%
    analyze first
    weight 50%
    analyze second
  }
}
analysis first(max: number = 0.1) {
  metric m1 {
    prometheus "q1"
    every 1m, 3 times
    success when len(result) == 0 || result[0] <= args.max
  }
}
analysis second(max: number = 0.1) {
  metric m2 {
    prometheus "q2"
    every 1m, 3 times
    success when len(result) == 0 || result[0] <= args.max
  }
}
)";

/// A trace of ten minutes: m1 and m2 constant.
std::string trace(double m1, double m2) {
  std::string out = "timestamp,metric,value\n";
  for (int i = 0; i <= 40; ++i)
    out += fmt::format("{},m1,{}\n{},m2,{}\n", 1795000000 + i * 15, m1, 1795000000 + i * 15, m2);
  return out;
}

} // namespace

TEST_CASE("Tuner: scores equal fresh replays, and replays an analysis cannot change are reused", "[tune]") {
  test::ScratchFolder dir;
  SourceManager sources;
  DiagnosticEngine diags;
  driver::FrontendResult frontend = driver::runFrontend({dir.write("policy.rwd", kPolicy)}, sources, diags, {});
  REQUIRE(frontend.plan);
  std::vector<driver::TunedSetting> settings;
  for (const char *text : {"first.max=0.1,0.3", "second.max=0.05,0.2,0.5"}) {
    std::string error;
    auto spec = driver::parseSettingSpec(text, error);
    auto setting = driver::resolveSetting(frontend, *spec, error);
    REQUIRE(setting);
    settings.push_back(std::move(*setting));
  }
  // Case 0 fails `first` at 0.1 (second never runs); case 1 passes first and meets second.
  std::vector<sim::suite::PreparedCase> prepared;
  std::vector<sim::suite::Expectation> expectations(2);
  expectations[0].outcome = runtime::OutcomeKind::RolledBack;
  expectations[1].outcome = runtime::OutcomeKind::Promoted;
  for (std::string text : {trace(0.2, 0.0), trace(0.05, 0.15)}) {
    FileId id = sources.addBuffer("t" + std::to_string(prepared.size()) + ".csv", text);
    prepared.push_back({*sim::readTrace(sources.file(id), diags), {}, {}});
  }
  std::vector<sim::tune::TuneCase> cases = {{&prepared[0], &expectations[0]}, {&prepared[1], &expectations[1]}};
  std::vector<sim::tune::Variant> variants;
  for (size_t a = 0; a < 2; ++a)
    for (size_t b = 0; b < 3; ++b) {
      std::string why;
      auto plan = driver::lowerVariant(frontend, settings, {a, b}, why);
      REQUIRE(plan);
      variants.push_back({{a, b}, std::make_shared<const plan::Plan>(std::move(*plan)), nullptr});
    }
  for (unsigned jobs : {1u, 3u}) {
    sim::tune::Tuner tuner(cases, {settings[0].planTemplate, settings[1].planTemplate}, jobs);
    std::vector<sim::tune::Score> scores = tuner.score(variants);
    for (size_t v = 0; v < variants.size(); ++v) {
      sim::tune::Score fresh;
      for (size_t c = 0; c < cases.size(); ++c) {
        sim::Replay replay = sim::replayTrace(*variants[v].plan, prepared[c].trace, {}, {}, diags);
        fresh.add(sim::tune::markCase(expectations[c], replay.result.outcome));
      }
      INFO("variant " << v);
      CHECK(scores[v].passed == fresh.passed);
      CHECK(scores[v].falseRollbacks == fresh.falseRollbacks);
      CHECK(scores[v].missedRollbacks == fresh.missedRollbacks);
      CHECK(scores[v].detectSumMs == fresh.detectSumMs);
    }
    // Case 0 at first.max=0.1 never instantiates `second`: one replay serves its three values.
    CHECK(tuner.stats().replays == 10);
    CHECK(tuner.stats().reused == 2);
    CHECK(scores[0].passed == 1); // second.max=0.05 fails case 1's m2 = 0.15
    CHECK(scores[1].passed == 2);
  }
}
