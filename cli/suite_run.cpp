// This file implements the loading of suites shared by `rewind test` and `rewind tune`.
#include "cli/suite_run.h"

#include "cli/app.h"
#include "compiler/diag/text_renderer.h"
#include "compiler/plan/plan_verifier.h"
#include "simulator/suite/parallel_for.h"
#include "simulator/suite/suite_reader.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <set>
#include <tuple>

namespace rwd::cli {

namespace {

/// Loads a data file named in a suite; reports at `where` when it cannot be read.
const SourceFile *loadReferenced(Session &session, const std::string &path, SourceRange where) {
  if (std::optional<FileId> known = session.sources.findByPath(path)) return &session.sources.file(*known);
  std::string error;
  std::optional<FileId> id = session.sources.load(path, error);
  if (!id) {
    session.diags.report(DiagKind::SuiteUnreadableFile, where, path, error);
    return nullptr;
  }
  return &session.sources.file(*id);
}

/// Compiles the suite's policy; an unreadable policy file is reported at its entry in the suite.
bool compilePolicy(Session &session, LoadedSuite &loaded) {
  const sim::suite::Suite &suite = loaded.suite;
  loaded.frontend = driver::runFrontend(suite.policies, session.sources, session.diags, {});
  for (const std::string &unreadable : loaded.frontend.unreadable)
    for (size_t i = 0; i < suite.policies.size(); ++i)
      if (unreadable.rfind(suite.policies[i] + ": ", 0) == 0) {
        session.diags.report(DiagKind::SuiteUnreadableFile, suite.policyRanges[i], suite.policies[i],
                             unreadable.substr(suite.policies[i].size() + 2));
        break;
      }
  if (!loaded.frontend.unreadable.empty() || !loaded.frontend.plan) return false;
  if (!plan::verifyPlan(*loaded.frontend.plan, session.diags)) return false;
  bool flagger = suite.controller ? *suite.controller == "flagger" : loaded.frontend.flaggerCanary;
  if (flagger) loaded.flagger = plan::deriveFlaggerAnalysis(*loaded.frontend.plan, session.diags);
  return !flagger || loaded.flagger.has_value();
}

} // namespace

void addJobsOption(CLI::App &command, unsigned &jobs) {
  command.add_option("--jobs,-j", jobs, "cases replayed at once (default: every processor)")
      ->check(CLI::Range(1u, 4096u));
}

unsigned jobsOrProcessors(unsigned jobs) { return jobs > 0 ? jobs : sim::suite::availableProcessors(); }

std::optional<int> loadSuiteRun(Session &session, const std::vector<std::string> &paths,
                                std::optional<sim::suite::Shard> shard, SuiteRunSetup &setup) {
  return loadSuiteRun(
      session, paths, [&](size_t position) { return !shard || shard->owns(position); }, setup);
}

std::optional<int> loadSuiteRun(Session &session, const std::vector<std::string> &paths,
                                const std::function<bool(size_t)> &owns, SuiteRunSetup &setup) {
  // Every suite file is read first: one that cannot be read is a usage error, before any diagnostic.
  std::vector<FileId> files;
  for (const std::string &path : paths) {
    std::optional<FileId> file = session.loadData(path);
    if (!file) return kExitUsage;
    files.push_back(*file);
  }
  for (FileId file : files) {
    std::optional<sim::suite::Suite> suite = sim::suite::readSuite(session.sources.file(file), session.diags);
    if (!suite) continue;
    auto loaded = std::make_unique<LoadedSuite>();
    loaded->suite = std::move(*suite);
    setup.suites.push_back(std::move(loaded));
  }
  if (session.diags.hasErrors()) return finishWithDiagnostics(session);
  for (auto &loaded : setup.suites) compilePolicy(session, *loaded);
  if (session.diags.hasErrors()) return finishWithDiagnostics(session);

  for (const auto &loaded : setup.suites)
    for (const sim::suite::Case &c : loaded->suite.cases) {
      size_t position = setup.totalCases++;
      if (!owns(position)) continue;
      sim::suite::CaseInput input;
      input.spec = &c;
      input.index = position;
      input.suite = loaded->suite.path;
      input.plan = &*loaded->frontend.plan;
      input.flagger = loaded->flagger ? &*loaded->flagger : nullptr;
      input.trace = loadReferenced(session, c.tracePath, c.traceRange);
      if (c.eventsPath) input.events = loadReferenced(session, *c.eventsPath, c.eventsRange);
      setup.cases.push_back(std::move(input));
    }
  if (session.diags.hasErrors()) return finishWithDiagnostics(session);
  return std::nullopt;
}

bool printDiagnosticsInOrder(Session &session, const std::vector<const DiagnosticEngine *> &engines) {
  RenderOptions render;
  render.color = session.colorStderr();
  std::set<std::tuple<DiagKind, FileId, uint32_t, uint32_t, std::string>> printed;
  bool errors = false;
  for (const DiagnosticEngine *engine : engines) {
    errors |= engine->hasErrors();
    std::vector<Diagnostic> fresh;
    for (Diagnostic &d : engine->sorted())
      if (printed.emplace(d.kind, d.range.file, d.range.begin, d.range.end, d.message).second)
        fresh.push_back(std::move(d));
    std::cerr << renderDiagnostics(fresh, session.sources, render);
  }
  return errors;
}

} // namespace rwd::cli
