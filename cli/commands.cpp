// This file implements the `rewind` command line: the subcommands check, plan, simulate, record, compile and import.
#include "cli/commands.h"

#include "cli/prometheus_commands.h"
#include "cli/session.h"
#include "compiler/ast/ast_dumper.h"
#include "compiler/emit/argo_rollouts.h"
#include "compiler/emit/manifest_merge.h"
#include "compiler/format/policy_formatter.h"
#include "compiler/plan/plan_printer.h"
#include "compiler/plan/plan_verifier.h"
#include "compiler/support/duration.h"
#include "simulator/events_reader.h"
#include "simulator/replay.h"
#include "simulator/report.h"
#include "simulator/timestamp.h"
#include "simulator/trace_reader.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>

namespace rwd::cli {

namespace {

constexpr const char *kVersion = "rewind 0.1.0";

void addCommonOptions(CLI::App &command, CommonOptions &options) {
  command.add_option("--color", options.color, "colour: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  command.add_option("--no-warn", options.noWarn, "drop warnings of this kind (e.g. IndexWithoutEmptyGuard)");
  command.add_flag("--warnings-as-errors,-W", options.warningsAsErrors, "treat warnings as errors");
}

/// Prints diagnostics and turns them into an exit status.
int finishWithDiagnostics(Session &session) {
  bool errors = session.diags.hasErrors();
  session.flushDiagnostics();
  return errors ? kExitInputErrors : kExitOk;
}

bool checkNoWarn(const Session &session) {
  for (const std::string &kind : session.unknownKinds())
    std::cerr << "rewind: error: --no-warn: `" << kind << "` is not a warning kind (see docs/language.md)\n";
  return session.validNoWarn();
}

//===-- check --------------------------------------------------------------===//

struct CheckArgs {
  std::vector<std::string> files;
  CommonOptions common;
};

int runCheck(const CheckArgs &args) {
  Session session(args.common);
  if (!checkNoWarn(session)) return kExitUsage;
  driver::FrontendOptions options;
  options.requireRollout = false;
  int exitCode = kExitOk;
  std::optional<driver::FrontendResult> result = session.frontend(args.files, options, exitCode);
  if (!result) return exitCode;
  if (result->plan) plan::verifyPlan(*result->plan, session.diags);
  return finishWithDiagnostics(session);
}

//===-- plan ---------------------------------------------------------------===//

struct PlanArgs {
  std::vector<std::string> files;
  std::string format = "text";
  std::string emit = "plan";
  std::string out;
  CommonOptions common;
};

int runPlan(const PlanArgs &args) {
  Session session(args.common);
  if (!checkNoWarn(session)) return kExitUsage;
  driver::FrontendOptions options;
  options.requireRollout = args.emit == "plan";
  options.lower = args.emit == "plan";
  int exitCode = kExitOk;
  std::optional<driver::FrontendResult> result = session.frontend(args.files, options, exitCode);
  if (!result) return exitCode;
  if (args.emit == "ast") {
    // The AST is printed even when sema finds errors: it shows what was parsed.
    std::string out;
    for (const auto &file : result->files) out += ast::dumpAst(*file, session.sources);
    bool parsed = result->files.size() == args.files.size();
    int status = finishWithDiagnostics(session);
    if (!parsed) return kExitInputErrors;
    return emitOutput(args.out, out) ? status : kExitUsage;
  }
  if (!result->plan || !plan::verifyPlan(*result->plan, session.diags))
    return finishWithDiagnostics(session) == kExitOk ? kExitInputErrors : kExitInputErrors;
  std::string out = args.format == "json" ? plan::planToJson(*result->plan, session.sources).dump(2) + "\n"
                                          : plan::printPlan(*result->plan, session.sources);
  int status = finishWithDiagnostics(session);
  if (status != kExitOk) return status;
  return emitOutput(args.out, out) ? kExitOk : kExitUsage;
}

//===-- simulate -----------------------------------------------------------===//

struct SimulateArgs {
  std::vector<std::string> files;
  std::string trace;
  std::string events;
  std::string start;
  std::string lookback = "5m";
  std::string readinessDelay = "0s";
  std::string format = "text";
  std::string out;
  CommonOptions common;
  PrometheusArgs prometheus;
};

LiveRunArgs liveRunArgs(const std::vector<std::string> &files, const std::string &events, const std::string &start,
                        const std::string &readinessDelay, const std::string &format, const std::string &out,
                        const CommonOptions &common, const PrometheusArgs &prometheus) {
  LiveRunArgs live;
  live.files = files, live.events = events, live.start = start, live.readinessDelay = readinessDelay;
  live.format = format, live.out = out, live.common = common, live.prometheus = prometheus;
  return live;
}

int runSimulate(const SimulateArgs &args) {
  if (!args.trace.empty() && !args.prometheus.url.empty()) {
    std::cerr << "rewind: error: give --trace or --prometheus, not both\n";
    return kExitUsage;
  }
  // Without a trace, every measurement is asked of Prometheus (--prometheus or each metric's address).
  if (args.trace.empty())
    return runSimulatePrometheus(liveRunArgs(args.files, args.events, args.start, args.readinessDelay, args.format,
                                             args.out, args.common, args.prometheus));
  Session session(args.common);
  if (!checkNoWarn(session)) return kExitUsage;
  sim::ReplayOptions replayOptions;
  std::string durationError;
  std::optional<int64_t> lookback = parseDuration(args.lookback, &durationError);
  if (!lookback) {
    std::cerr << "rewind: error: --lookback: invalid duration `" << args.lookback << "`: " << durationError << "\n";
    return kExitUsage;
  }
  replayOptions.lookbackMs = *lookback;
  std::optional<int64_t> readiness = parseDuration(args.readinessDelay, &durationError);
  if (!readiness) {
    std::cerr << "rewind: error: --readiness-delay: invalid duration `" << args.readinessDelay
              << "`: " << durationError << "\n";
    return kExitUsage;
  }
  replayOptions.readinessDelayMs = *readiness;
  if (!args.start.empty()) {
    replayOptions.startMs = sim::parseTimestampMillis(args.start);
    if (!replayOptions.startMs) {
      std::cerr << "rewind: error: --start: invalid timestamp `" << args.start
                << "`: expected RFC 3339 (2026-11-20T10:00:00Z) or Unix seconds\n";
      return kExitUsage;
    }
  }

  int exitCode = kExitOk;
  std::optional<driver::FrontendResult> result = session.frontend(args.files, {}, exitCode);
  if (!result) return exitCode;
  std::optional<FileId> traceFile = session.loadData(args.trace);
  if (!traceFile) return kExitUsage;
  std::optional<FileId> eventsFile;
  if (!args.events.empty()) {
    eventsFile = session.loadData(args.events);
    if (!eventsFile) return kExitUsage;
  }
  if (!result->plan || !plan::verifyPlan(*result->plan, session.diags)) {
    finishWithDiagnostics(session);
    return kExitInputErrors;
  }
  std::optional<sim::Trace> trace = sim::readTrace(session.sources.file(*traceFile), session.diags);
  std::optional<std::vector<sim::Event>> events;
  if (eventsFile) events = sim::readEvents(session.sources.file(*eventsFile), session.diags);
  if (!trace || (eventsFile && !events) || session.diags.hasErrors()) {
    finishWithDiagnostics(session);
    return kExitInputErrors;
  }
  sim::crossCheckTrace(*result->plan, *trace, session.diags);
  sim::Replay replay = sim::replayTrace(*result->plan, *trace, events.value_or(std::vector<sim::Event>{}),
                                        replayOptions, session.diags);
  int status = finishWithDiagnostics(session);
  if (status != kExitOk) return status;
  sim::ReportInput input{*result->plan, replay, session.sources, args.trace};
  bool toTerminal = args.out.empty() || args.out == "-";
  std::string report = args.format == "json"
                           ? sim::renderJsonReport(input)
                           : sim::renderTextReport(input, toTerminal && session.colorStdout());
  return emitOutput(args.out, report) ? kExitOk : kExitUsage;
}

//===-- compile ------------------------------------------------------------===//

struct CompileArgs {
  std::vector<std::string> files;
  std::string target;
  std::string outDir;
  std::string into;
  CommonOptions common;
};

int runCompile(const CompileArgs &args) {
  Session session(args.common);
  if (!checkNoWarn(session)) return kExitUsage;
  int exitCode = kExitOk;
  std::optional<driver::FrontendResult> result = session.frontend(args.files, {}, exitCode);
  if (!result) return exitCode;
  if (!result->plan || !plan::verifyPlan(*result->plan, session.diags)) {
    finishWithDiagnostics(session);
    return kExitInputErrors;
  }
  std::vector<emit::YamlNode> documents = emit::emitArgoDocuments(*result->plan, session.diags, emit::EmitOptions{});
  std::string yaml;
  if (!documents.empty() && !args.into.empty()) {
    std::optional<FileId> manifest = session.loadData(args.into);
    if (!manifest) return kExitUsage;
    std::optional<std::string> merged =
        emit::mergeIntoManifest(session.sources.file(*manifest), documents, session.diags);
    if (merged) yaml = std::move(*merged);
  } else if (!documents.empty()) {
    yaml = emit::writeYamlDocuments(documents);
  }
  int status = finishWithDiagnostics(session);
  if (status != kExitOk) return status;
  if (args.outDir.empty()) return emitOutput("", yaml) ? kExitOk : kExitUsage;
  std::error_code ec;
  if (!std::filesystem::is_directory(args.outDir, ec)) {
    std::cerr << "rewind: error: --out: `" << args.outDir << "` is not a directory\n";
    return kExitUsage;
  }
  std::string name = args.into.empty() ? result->plan->rollout + ".yaml"
                                       : std::filesystem::path(args.into).filename().string();
  std::string path = (std::filesystem::path(args.outDir) / name).string();
  if (std::optional<std::string> error = writeFileAtomically(path, yaml)) {
    std::cerr << "rewind: error: " << *error << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

//===-- import -------------------------------------------------------------===//

struct ImportArgs {
  std::vector<std::string> files;
  std::string out;
  CommonOptions common;
};

bool isYamlPath(const std::string &path) {
  std::string ext = std::filesystem::path(path).extension().string();
  return ext == ".yaml" || ext == ".yml";
}

/// The comment at the top of an imported policy: where it came from, and where the workload went.
std::vector<std::string> importHeader(const ImportArgs &args, const driver::FrontendResult &result) {
  std::string sources;
  for (const std::string &file : args.files) sources += (sources.empty() ? "" : ", ") + file;
  std::vector<std::string> header = {"Imported by `rewind import` from " + sources + "."};
  bool fromYaml = std::any_of(args.files.begin(), args.files.end(), isYamlPath);
  bool inlineWorkload = false;
  for (const auto &file : result.files)
    for (const ast::Rollout &rollout : file->rollouts) inlineWorkload |= !rollout.workload.has_value();
  if (fromYaml && inlineWorkload) {
    header.push_back("A Rollout's selector, pod template and metadata are not policy and stay in its manifest;");
    header.push_back("`rewind compile POLICY --target argo --into MANIFEST` writes this policy back into it.");
  }
  return header;
}

int runImport(const ImportArgs &args) {
  Session session(args.common);
  if (!checkNoWarn(session)) return kExitUsage;
  driver::FrontendOptions options;
  options.requireRollout = false;
  int exitCode = kExitOk;
  std::optional<driver::FrontendResult> result = session.frontend(args.files, options, exitCode);
  if (!result) return exitCode;
  if (session.diags.hasErrors()) return finishWithDiagnostics(session);
  std::vector<const ast::PolicyFile *> files;
  for (const auto &file : result->files) files.push_back(file.get());
  format::FormatOptions formatOptions;
  formatOptions.header = importHeader(args, *result);
  std::string policy = format::formatPolicy(files, session.diags, formatOptions);
  int status = finishWithDiagnostics(session);
  if (status != kExitOk) return status;
  return emitOutput(args.out, policy) ? kExitOk : kExitUsage;
}

} // namespace

int run(int argc, char **argv) {
  CLI::App app{"Rewind: rollout and rollback policies for Argo Rollouts, checked at compile time "
               "and replayed against recorded metric history.",
               "rewind"};
  app.require_subcommand(1);
  app.set_version_flag("--version", kVersion);

  CheckArgs checkArgs;
  CLI::App *check = app.add_subcommand("check", "parse and check policy files; print diagnostics");
  check->add_option("files", checkArgs.files, "policy files (*.rwd)")->required();
  addCommonOptions(*check, checkArgs.common);

  PlanArgs planArgs;
  CLI::App *planCommand = app.add_subcommand("plan", "print the compiled plan");
  planCommand->add_option("files", planArgs.files, "policy files (*.rwd)")->required();
  planCommand->add_option("--format", planArgs.format, "text or json")->check(CLI::IsMember({"text", "json"}));
  planCommand->add_option("--emit", planArgs.emit, "what to print: plan or ast")->check(CLI::IsMember({"plan", "ast"}));
  planCommand->add_option("--out,-o", planArgs.out, "write to this file instead of standard output");
  addCommonOptions(*planCommand, planArgs.common);

  SimulateArgs simArgs;
  CLI::App *simulate = app.add_subcommand("simulate", "replay a metric trace through the plan and report");
  simulate->add_option("files", simArgs.files, "policy files (*.rwd)")->required();
  simulate->add_option("--trace", simArgs.trace, "recorded metric trace (CSV); without it, Prometheus answers");
  simulate->add_option("--events", simArgs.events, "operator events (CSV): promote, abort, undo, ...");
  simulate->add_option("--start", simArgs.start, "when the rollout starts (RFC 3339 or Unix seconds; default: the first sample)");
  simulate->add_option("--lookback", simArgs.lookback, "how old a sample may be and still be seen (default 5m)");
  simulate->add_option("--readiness-delay", simArgs.readinessDelay, "how long new pods take to become ready (default 0s)");
  simulate->add_option("--format", simArgs.format, "text or json")->check(CLI::IsMember({"text", "json"}));
  simulate->add_option("--out,-o", simArgs.out, "write the report to this file instead of standard output");
  addPrometheusOptions(*simulate, simArgs.prometheus);
  addCommonOptions(*simulate, simArgs.common);

  LiveRunArgs recordArgs;
  CLI::App *record = app.add_subcommand("record", "save what the policy's Prometheus queries return as a trace");
  record->add_option("files", recordArgs.files, "policy files (*.rwd)")->required();
  record->add_option("--start", recordArgs.start, "when the rollout starts (RFC 3339 or Unix seconds)")->required();
  record->add_option("--out,-o", recordArgs.out, "the trace file to write (CSV)")->required();
  record->add_option("--events", recordArgs.events, "operator events (CSV) of the replay");
  record->add_option("--step", recordArgs.step, "sampling step of the window (default 15s)");
  record->add_option("--readiness-delay", recordArgs.readinessDelay, "how long new pods take to become ready (default 0s)");
  addPrometheusOptions(*record, recordArgs.prometheus);
  addCommonOptions(*record, recordArgs.common);

  CompileArgs compileArgs;
  CLI::App *compile = app.add_subcommand("compile", "compile the policy to a deployment target's manifests");
  compile->add_option("files", compileArgs.files, "policy files (*.rwd)")->required();
  compile->add_option("--target", compileArgs.target, "the target: argo (Argo Rollouts YAML)")
      ->required()
      ->check(CLI::IsMember({"argo"}));
  compile->add_option("--out", compileArgs.outDir,
                      "write <rollout>.yaml (or the --into manifest's file name) into this directory "
                      "instead of standard output");
  compile->add_option("--into", compileArgs.into,
                      "merge into this manifest (a Rollout, or a Deployment that becomes one), keeping "
                      "everything else in it; the merged manifest goes to standard output or --out");
  addCommonOptions(*compile, compileArgs.common);

  ImportArgs importArgs;
  CLI::App *importCommand =
      app.add_subcommand("import", "write Argo Rollouts YAML (or any policy files) as one Rewind policy");
  importCommand->add_option("files", importArgs.files, "Argo Rollouts manifests (*.yaml) or policy files")->required();
  importCommand->add_option("--out,-o", importArgs.out, "write to this file instead of standard output");
  addCommonOptions(*importCommand, importArgs.common);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp &e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp &e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion &e) {
    return app.exit(e);
  } catch (const CLI::ParseError &e) {
    app.exit(e);
    return kExitUsage;
  }
  try {
    if (check->parsed()) return runCheck(checkArgs);
    if (planCommand->parsed()) return runPlan(planArgs);
    if (simulate->parsed()) return runSimulate(simArgs);
    if (compile->parsed()) return runCompile(compileArgs);
    if (record->parsed()) return runRecord(recordArgs);
    if (importCommand->parsed()) return runImport(importArgs);
  } catch (const std::exception &e) {
    std::cerr << "rewind: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
  return kExitUsage;
}

} // namespace rwd::cli
