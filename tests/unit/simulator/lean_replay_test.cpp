// This file implements the test that a replay without a timeline (what test suites and tuning run)
// reaches the very outcome of the full replay, on every example and simulation golden (with
// Argo's executor, and Flagger's for the goldens replayed with it).
#include "compiler/driver/frontend.h"
#include "compiler/plan/flagger_analysis.h"
#include "runtime/value.h"
#include "simulator/events_reader.h"
#include "simulator/replay.h"
#include "simulator/trace_reader.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace rwd;

namespace {

namespace fs = std::filesystem;

/// Every trace with its policy files: examples use every `.rwd` of their folder, the simulation
/// goldens `<base>.rwd`.
std::vector<std::pair<fs::path, std::vector<std::string>>> replayInputs() {
  std::vector<std::pair<fs::path, std::vector<std::string>>> inputs;
  fs::path root = REWIND_SOURCE_DIR;
  for (const char *folder : {"examples", "tests/golden/sim"})
    for (const auto &entry : fs::recursive_directory_iterator(root / folder)) {
      std::string name = entry.path().filename().string();
      if (name.size() < 10 || name.substr(name.size() - 10) != ".trace.csv") continue;
      std::string base = name.substr(0, name.size() - 10);
      std::vector<std::string> policies;
      if (std::string(folder) == "examples") {
        for (const auto &file : fs::directory_iterator(entry.path().parent_path()))
          if (file.path().extension() == ".rwd") policies.push_back(file.path().string());
      } else {
        policies.push_back((entry.path().parent_path() / (base + ".rwd")).string());
      }
      std::sort(policies.begin(), policies.end());
      inputs.emplace_back(entry.path(), policies);
    }
  std::sort(inputs.begin(), inputs.end());
  return inputs;
}

} // namespace

TEST_CASE("Replay: without a timeline the outcome is the full replay's", "[simulator]") {
  auto inputs = replayInputs();
  REQUIRE(inputs.size() > 40);
  size_t flaggerReplays = 0;
  for (const auto &[tracePath, policies] : inputs) {
    INFO("trace: " << tracePath.string());
    SourceManager sources;
    DiagnosticEngine diags;
    driver::FrontendResult frontend = driver::runFrontend(policies, sources, diags, {});
    REQUIRE(frontend.plan);
    std::string error;
    std::optional<FileId> traceFile = sources.load(tracePath.string(), error);
    REQUIRE(traceFile);
    std::optional<sim::Trace> trace = sim::readTrace(sources.file(*traceFile), diags);
    REQUIRE(trace);
    std::vector<sim::Event> events;
    fs::path eventsPath = tracePath.string().substr(0, tracePath.string().size() - 10) + ".events.csv";
    if (fs::exists(eventsPath)) {
      std::optional<FileId> eventsFile = sources.load(eventsPath.string(), error);
      REQUIRE(eventsFile);
      events = *sim::readEvents(sources.file(*eventsFile), diags);
    }
    sim::ReplayOptions full, lean;
    lean.recordTimeline = false;
    // A golden replayed with `--controller flagger` (its .args) runs Flagger's executor.
    std::optional<plan::FlaggerAnalysis> flagger;
    std::ifstream args(tracePath.string().substr(0, tracePath.string().size() - 10) + ".args");
    std::string argsText((std::istreambuf_iterator<char>(args)), std::istreambuf_iterator<char>());
    if (argsText.find("flagger") != std::string::npos) {
      flagger = plan::deriveFlaggerAnalysis(*frontend.plan, diags);
      REQUIRE(flagger);
      full.flagger = lean.flagger = &*flagger;
      ++flaggerReplays;
    }
    sim::Replay a = sim::replayTrace(*frontend.plan, *trace, events, full, diags);
    sim::Replay b = sim::replayTrace(*frontend.plan, *trace, events, lean, diags);
    const runtime::Outcome &x = a.result.outcome, &y = b.result.outcome;
    CHECK_FALSE(a.result.timeline.empty());
    CHECK(b.result.timeline.empty());
    CHECK(x.kind == y.kind);
    CHECK(x.decidedAtMs == y.decidedAtMs);
    CHECK(x.reason == y.reason);
    CHECK(x.stepIndex == y.stepIndex);
    CHECK(x.weight == y.weight);
    REQUIRE(x.trigger.has_value() == y.trigger.has_value());
    if (x.trigger) {
      CHECK(x.trigger->analysis == y.trigger->analysis);
      CHECK(x.trigger->metric == y.trigger->metric);
      CHECK(x.trigger->measurement == y.trigger->measurement);
      CHECK(runtime::formatValue(x.trigger->value) == runtime::formatValue(y.trigger->value));
      CHECK(x.trigger->phase == y.trigger->phase);
      CHECK(x.trigger->message == y.trigger->message);
    }
    REQUIRE(x.rollback.has_value() == y.rollback.has_value());
    if (x.rollback) {
      CHECK(x.rollback->action == y.rollback->action);
      CHECK(x.rollback->revision == y.rollback->revision);
      CHECK(x.rollback->crossedIrreversible == y.rollback->crossedIrreversible);
    }
    CHECK(a.result.templatesInstantiated == b.result.templatesInstantiated);
  }
  CHECK(flaggerReplays > 0);
}
