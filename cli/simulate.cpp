// This file implements `rewind simulate FILE...`: replay a recorded trace (or a Prometheus server's
// history) through the plan and report what the controller would have done.
#include "cli/app.h"
#include "cli/command.h"
#include "cli/live_run.h"
#include "cli/session.h"
#include "compiler/plan/plan_verifier.h"
#include "render/report.h"
#include "simulator/events_reader.h"
#include "simulator/replay.h"
#include "simulator/trace_reader.h"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <memory>

namespace rwd::cli {

namespace {

struct SimulateArgs {
  std::vector<std::string> files;
  std::string trace;
  std::string events;
  std::string start;
  std::string lookback = "5m";
  std::string readinessDelay = "0s";
  std::string format = "text";
  std::string out;
  std::string controller; // argo | flagger; "" = flagger for a Flagger Canary, else argo
  std::string rollout;
  CommonOptions common;
  PrometheusArgs prometheus;
};

/// The Flagger view of the plan when the replay uses Flagger's semantics (`--controller flagger`,
/// or a Flagger Canary given without --controller); false when Flagger cannot run the plan (the
/// reasons are diagnostics).
bool chooseController(const SimulateArgs &args, const driver::FrontendResult &frontend, DiagnosticEngine &diags,
                      std::optional<plan::FlaggerAnalysis> &flagger) {
  bool useFlagger = args.controller.empty() ? frontend.flaggerCanary : args.controller == "flagger";
  if (!useFlagger) return true;
  flagger = plan::deriveFlaggerAnalysis(*frontend.plan, diags);
  return flagger.has_value();
}

/// The report in the chosen format; colour only for text going to a terminal.
std::string renderFor(const SimulateArgs &args, const Session &session, const render::ReportInput &input) {
  bool toTerminal = args.out.empty() || args.out == "-";
  return render::renderReport(args.format, input, toTerminal && session.colorStdout());
}

/// `simulate` without --trace: every measurement is asked of Prometheus (--prometheus, or each
/// metric's own address).
int runSimulateLive(const SimulateArgs &args) {
  LiveRunArgs live;
  live.files = args.files, live.events = args.events, live.start = args.start;
  live.readinessDelay = args.readinessDelay, live.format = args.format, live.out = args.out;
  live.common = args.common, live.prometheus = args.prometheus, live.rollout = args.rollout;
  Session session(live.common);
  LiveSetup setup;
  if (std::optional<int> status = prepareLiveRun(session, live, /*record=*/false, setup)) return *status;
  const plan::Plan &plan = *setup.frontend->plan;
  std::optional<plan::FlaggerAnalysis> flagger;
  if (!chooseController(args, *setup.frontend, session.diags, flagger)) {
    finishWithDiagnostics(session);
    return kExitInputErrors;
  }
  sim::PrometheusMetricSource source(setup.source);
  sim::Replay replay = sim::replaySource(plan, source, setup.events, setup.source.startMs, setup.endMs,
                                         setup.readinessDelayMs, flagger ? &*flagger : nullptr);
  if (replay.result.toolFailure) return liveToolFailure(*replay.result.toolFailure);
  int status = finishWithDiagnostics(session);
  if (status != kExitOk) return status;
  std::string report = renderFor(args, session, {plan, replay, session.sources, setup.label});
  if (std::getenv("REWIND_PROMETHEUS_STATS")) {
    sim::PrometheusStats stats = source.stats();
    std::cerr << "rewind: prometheus: " << stats.instantQueries << " instant queries, " << stats.rangeQueries
              << " range queries, " << stats.rangeHits << " measurements answered from ranges\n";
  }
  return emitOutput(args.out, report) ? kExitOk : kExitUsage;
}

int runSimulate(const SimulateArgs &args) {
  if (!args.trace.empty() && !args.prometheus.url.empty()) {
    std::cerr << "rewind: error: give --trace or --prometheus, not both\n";
    return kExitUsage;
  }
  if (args.trace.empty()) return runSimulateLive(args);
  Session session(args.common);
  if (!checkNoWarn(session)) return kExitUsage;
  sim::ReplayOptions replayOptions;
  std::optional<int64_t> lookback = durationFlag("--lookback", args.lookback);
  if (!lookback) return kExitUsage;
  replayOptions.lookbackMs = *lookback;
  std::optional<int64_t> readiness = durationFlag("--readiness-delay", args.readinessDelay);
  if (!readiness) return kExitUsage;
  replayOptions.readinessDelayMs = *readiness;
  if (!args.start.empty()) {
    replayOptions.startMs = timestampFlag("--start", args.start);
    if (!replayOptions.startMs) return kExitUsage;
  }

  int exitCode = kExitOk;
  driver::FrontendOptions options;
  options.rollout = args.rollout;
  std::optional<driver::FrontendResult> result = session.frontend(args.files, options, exitCode);
  if (!result) return exitCode;
  std::optional<FileId> traceFile = session.loadData(args.trace, /*mapLarge=*/true);
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
  std::optional<plan::FlaggerAnalysis> flagger;
  if (!chooseController(args, *result, session.diags, flagger)) {
    finishWithDiagnostics(session);
    return kExitInputErrors;
  }
  replayOptions.flagger = flagger ? &*flagger : nullptr;
  sim::crossCheckTrace(*result->plan, *trace, session.diags);
  sim::Replay replay = sim::replayTrace(*result->plan, *trace, events.value_or(std::vector<sim::Event>{}),
                                        replayOptions, session.diags);
  int status = finishWithDiagnostics(session);
  if (status != kExitOk) return status;
  std::string report = renderFor(args, session, {*result->plan, replay, session.sources, args.trace, &*trace});
  return emitOutput(args.out, report) ? kExitOk : kExitUsage;
}

} // namespace

Command addSimulateCommand(CLI::App &app) {
  auto args = std::make_shared<SimulateArgs>();
  CLI::App *command = app.add_subcommand("simulate", "replay a metric trace through the plan and report");
  command->add_option("files", args->files, "policy files (*.rwd, Argo Rollouts *.yaml)")->required();
  command->add_option("--trace", args->trace, "recorded metric trace (CSV); without it, Prometheus answers");
  command->add_option("--events", args->events, "operator events (CSV): promote, abort, undo, ...");
  addRolloutOption(*command, args->rollout);
  command->add_option("--start", args->start,
                      "when the rollout starts (RFC 3339 or Unix seconds; default: the first sample)");
  command->add_option("--lookback", args->lookback, "how old a sample may be and still be seen (default 5m)");
  command->add_option("--readiness-delay", args->readinessDelay,
                      "how long new pods take to become ready (default 0s)");
  command->add_option("--controller", args->controller,
                      "whose semantics replay the plan: argo or flagger (default: flagger for a Flagger "
                      "Canary, argo otherwise)")
      ->check(CLI::IsMember({"argo", "flagger"}));
  command->add_option("--format", args->format, "text, json or html (a self-contained page with charts; use with --out)")->check(CLI::IsMember(render::kReportFormats));
  command->add_option("--out,-o", args->out, "write the report to this file instead of standard output");
  addPrometheusOptions(*command, args->prometheus);
  command->footer("Example: rewind simulate policy.rwd --trace incident.trace.csv --format html --out report.html");
  addCommonOptions(*command, args->common);
  return {command, [args] { return runSimulate(*args); }};
}

} // namespace rwd::cli
