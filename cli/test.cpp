// This file implements `rewind test SUITE...` (CONTRACT §7): every case of the suites replayed
// through its suite's policy, in parallel, and judged against its expectation; `--shard` runs one
// shard of the cases and `--merge` combines shard reports into the whole run's.
#include "cli/app.h"
#include "cli/command.h"
#include "cli/progress.h"
#include "cli/session.h"
#include "cli/suite_run.h"
#include "render/suite_report.h"
#include "simulator/suite/parallel_for.h"
#include "simulator/suite/report_merge.h"
#include "simulator/suite/runner.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <map>
#include <memory>
#include <set>

namespace rwd::cli {

namespace {

struct TestArgs {
  std::vector<std::string> files;
  std::string format = "text";
  std::string out;
  unsigned jobs = 0; // 0: every available processor
  std::string shard;
  bool verbose = false;
  bool merge = false;
  CommonOptions common;
};

/// The shard to run: --shard, else the Indexed Job's environment, else none. Nullopt in `ok`'s
/// false case: a usage error (printed).
std::optional<sim::suite::Shard> chooseShard(const TestArgs &args, bool &ok) {
  ok = true;
  std::string error;
  if (!args.shard.empty()) {
    std::optional<sim::suite::Shard> shard = sim::suite::parseShard(args.shard, error);
    if (!shard) {
      std::cerr << "rewind: error: --shard: " << error << "\n";
      ok = false;
    }
    return shard;
  }
  sim::suite::EnvironmentShard env = sim::suite::shardFromEnvironment([](const char *name) { return std::getenv(name); });
  if (!env.warning.empty()) std::cerr << "rewind: warning: " << env.warning << "\n";
  if (!env.error.empty()) {
    std::cerr << "rewind: error: " << env.error << "\n";
    ok = false;
  }
  return env.shard;
}

/// The cases the HTML report draws: the failed ones (every one when `every`), the first
/// kMaxDrawnCases of them in case order, as positions in `report.cases`.
std::vector<size_t> casesToDraw(const sim::suite::SuiteReport &report, bool every) {
  std::vector<size_t> chosen;
  for (size_t i = 0; i < report.cases.size() && chosen.size() < sim::suite::kMaxDrawnCases; ++i)
    if (every || !report.cases[i].passed) chosen.push_back(i);
  return chosen;
}

/// Replays each case again with its timeline (from its input) and keeps it with its result.
using CaseToDraw = std::pair<sim::suite::CaseResult *, const sim::suite::CaseInput *>;
void drawReplays(const std::vector<CaseToDraw> &cases, const DiagnosticEngine &settings, unsigned jobs) {
  sim::suite::parallelFor(cases.size(), jobs,
                          [&](size_t k) { cases[k].first->drawn = sim::suite::drawCase(*cases[k].second, settings); });
}

/// Draws the cases of a run. `cases[i]` is the input of `report.cases[i]`.
void drawCases(const std::vector<sim::suite::CaseInput> &cases, const DiagnosticEngine &settings, bool every,
               unsigned jobs, sim::suite::SuiteReport &report) {
  std::vector<CaseToDraw> chosen;
  for (size_t i : casesToDraw(report, every)) chosen.emplace_back(&report.cases[i], &cases.at(i));
  drawReplays(chosen, settings, jobs);
}

/// Writes the report; 0 when every case passed, 1 when one failed, 2 when it could not be written.
int emitReport(const TestArgs &args, const Session &session, const sim::suite::SuiteReport &report) {
  bool toTerminal = args.out.empty() || args.out == "-";
  render::SuiteRenderOptions options{args.verbose, toTerminal && session.colorStdout(), &session.sources};
  std::string text = render::renderSuiteReport(args.format, report, options);
  if (!emitOutput(args.out, text)) return kExitUsage;
  return report.failed() == 0 ? kExitOk : kExitInputErrors;
}

/// The suite files a merged report's cases come from, in the order the shards were given them (the
/// order of their first case's position), so that loading them again numbers the cases the same.
std::vector<std::string> suitesInRunOrder(const sim::suite::SuiteReport &report) {
  std::vector<std::pair<size_t, std::string>> firsts;
  for (const sim::suite::CaseResult &c : report.cases) {
    auto known = std::find_if(firsts.begin(), firsts.end(), [&](const auto &f) { return f.second == c.suite; });
    if (known == firsts.end()) firsts.emplace_back(c.index, c.suite);
    else known->first = std::min(known->first, c.index);
  }
  std::sort(firsts.begin(), firsts.end());
  std::vector<std::string> suites;
  for (auto &[first, suite] : firsts) suites.push_back(std::move(suite));
  return suites;
}

/// Draws the failed cases of a merged report (every case with `every`; at most kMaxDrawnCases) by
/// replaying them again from their suites, read where the merge runs (the shards' checkout, as in
/// CI). Where a suite file is not here, or a case there is no longer the one the shard ran, the
/// page says why its cases are not drawn. An exit status when a suite here has errors. The drawn
/// replays point into `setup` (their plans), which must outlive the report's rendering.
std::optional<int> drawMergedCases(Session &session, bool every, unsigned jobs, SuiteRunSetup &setup,
                                   sim::suite::SuiteReport &report) {
  std::vector<size_t> positions = casesToDraw(report, every);
  if (positions.empty()) return std::nullopt;
  std::set<size_t> wanted; // by index in the whole run
  for (size_t i : positions) wanted.insert(report.cases[i].index);
  std::vector<std::string> suites = suitesInRunOrder(report);
  for (const std::string &suite : suites) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(suite, error)) {
      report.undrawnReason = fmt::format("the suite file `{}` the shards ran is not here (merge where the suites are "
                                         "to draw the replays)",
                                         suite);
      return std::nullopt;
    }
  }
  if (std::optional<int> status =
          loadSuiteRun(session, suites, [&](size_t position) { return wanted.count(position) > 0; }, setup))
    return status;
  std::map<size_t, const sim::suite::CaseInput *> inputs;
  for (const sim::suite::CaseInput &input : setup.cases) inputs[input.index] = &input;
  std::vector<CaseToDraw> chosen;
  size_t changed = 0;
  for (size_t i : positions) {
    sim::suite::CaseResult &c = report.cases[i];
    auto input = inputs.find(c.index);
    if (input != inputs.end() && input->second->spec->name == c.name && input->second->suite == c.suite)
      chosen.emplace_back(&c, input->second);
    else ++changed;
  }
  drawReplays(chosen, session.diags, jobs);
  if (changed)
    report.undrawnReason = fmt::format("{} no longer {} the suites here (they changed since the shards ran)",
                                       changed == 1 ? std::string("1 case to draw") : fmt::format("{} cases to draw", changed),
                                       changed == 1 ? "matches" : "match");
  return std::nullopt;
}

int runMerge(const TestArgs &args, Session &session) {
  std::vector<sim::suite::SuiteReport> reports;
  std::vector<FileId> files;
  for (const std::string &path : args.files) {
    std::optional<FileId> file = session.loadData(path);
    if (!file) return kExitUsage;
    files.push_back(*file);
  }
  for (FileId file : files)
    if (std::optional<sim::suite::SuiteReport> report = sim::suite::readSuiteReport(session.sources.file(file), session.diags))
      reports.push_back(std::move(*report));
  if (session.diags.hasErrors()) return finishWithDiagnostics(session);
  std::optional<sim::suite::SuiteReport> merged = sim::suite::mergeReports(std::move(reports), files, session.diags);
  if (!merged) return finishWithDiagnostics(session);
  SuiteRunSetup setup;
  if (args.format == "html")
    if (std::optional<int> status = drawMergedCases(session, args.verbose, jobsOrProcessors(args.jobs), setup, *merged))
      return *status;
  return emitReport(args, session, *merged);
}

int runTest(const TestArgs &args) {
  Session session(args.common);
  if (!checkNoWarn(session)) return kExitUsage;
  if (args.merge) {
    if (!args.shard.empty()) {
      std::cerr << "rewind: error: --merge combines shard reports; it takes no --shard\n";
      return kExitUsage;
    }
    return runMerge(args, session);
  }
  bool shardOk = true;
  std::optional<sim::suite::Shard> shard = chooseShard(args, shardOk);
  if (!shardOk) return kExitUsage;

  SuiteRunSetup setup;
  if (std::optional<int> status = loadSuiteRun(session, args.files, shard, setup)) return *status;
  finishWithDiagnostics(session); // warnings of the suites and policies

  sim::suite::RunOptions options;
  options.jobs = jobsOrProcessors(args.jobs);
  std::atomic<size_t> finished{0};
  options.finished = &finished;
  std::vector<sim::suite::CaseRun> runs;
  {
    ProgressBar progress("rewind test", setup.cases.size(), finished, stderrIsTerminal(), std::cerr);
    runs = sim::suite::runCases(setup.cases, session.diags, options);
  }
  std::vector<const DiagnosticEngine *> engines;
  for (const sim::suite::CaseRun &run : runs) engines.push_back(&run.diags);
  if (printDiagnosticsInOrder(session, engines)) return kExitInputErrors;

  sim::suite::SuiteReport report;
  report.totalCases = setup.totalCases;
  report.shard = shard;
  for (sim::suite::CaseRun &run : runs) report.cases.push_back(std::move(*run.result));
  if (args.format == "html") drawCases(setup.cases, session.diags, args.verbose, options.jobs, report);
  return emitReport(args, session, report);
}

} // namespace

Command addTestCommand(CLI::App &app) {
  auto args = std::make_shared<TestArgs>();
  CLI::App *command = app.add_subcommand(
      "test", "replay every case of policy test suites and check each outcome against its expectation");
  command->add_option("suites", args->files, "suite files (YAML); with --merge, shard reports (JSON)")->required();
  command->add_option("--format", args->format, "text, json, junit or html")->check(CLI::IsMember(render::kSuiteFormats));
  command->add_option("--out,-o", args->out, "write the report to this file instead of standard output");
  addJobsOption(*command, args->jobs);
  command->add_option("--shard", args->shard,
                      "run shard I of N (0-based): the cases at positions I, I+N, ... (default: "
                      "JOB_COMPLETION_INDEX of REWIND_SHARDS, when both are set)");
  command->add_flag("--merge", args->merge, "combine the JSON reports of every shard into the whole run's report");
  command->add_flag("--verbose,-v", args->verbose, "list every case, not only the failed ones (html: draw every case's replay)");
  addCommonOptions(*command, args->common);
  return {command, [args] { return runTest(*args); }};
}

} // namespace rwd::cli
