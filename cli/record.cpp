// This file implements `rewind record FILE... --prometheus URL --start T --until T --out TRACE.csv`:
// replay against a Prometheus server and save what it answered as a trace that replays offline to the
// same report.
#include "cli/app.h"
#include "cli/command.h"
#include "cli/live_run.h"
#include "cli/session.h"
#include "render/report.h"
#include "simulator/recorder.h"
#include "simulator/replay.h"
#include "simulator/trace_reader.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

namespace rwd::cli {

namespace {

int runRecord(const LiveRunArgs &args) {
  Session session(args.common);
  if (args.out.empty() || args.out == "-") {
    std::cerr << "rewind: error: record needs --out TRACE.csv\n";
    return kExitUsage;
  }
  std::optional<int64_t> step = durationFlag("--step", args.step, /*positive=*/true);
  if (!step) return kExitUsage;
  LiveSetup setup;
  if (std::optional<int> status = prepareLiveRun(session, args, /*record=*/true, setup)) return *status;
  const plan::Plan &plan = *setup.frontend->plan;
  sim::PrometheusMetricSource source(setup.source);
  sim::RecordingMetricSource recording(source, setup.source.startMs);
  sim::Replay live = sim::replaySource(plan, recording, setup.events, setup.source.startMs, setup.endMs,
                                       setup.readinessDelayMs);
  if (live.result.toolFailure) return liveToolFailure(*live.result.toolFailure);

  sim::RecordOptions options;
  options.startMs = setup.source.startMs;
  options.untilMs = setup.untilMs;
  options.endMs = setup.endMs;
  options.stepMs = *step;
  options.overrideAddress = args.prometheus.url;
  options.sourceLabel = args.prometheus.url.empty() ? "" : setup.label;
  sim::RecordResult recorded = sim::buildRecordedTrace(plan, recording.answers(), source, options);
  if (recorded.status == sim::RecordResult::Status::ToolFailure) return liveToolFailure(recorded.message);
  if (recorded.status == sim::RecordResult::Status::Unrecordable) {
    session.flushDiagnostics();
    std::cerr << "rewind: error: cannot record: " << recorded.message << "\n";
    return kExitInputErrors;
  }

  // The promise of the file: replayed offline, it gives the live report. Check it before writing.
  FileId traceId = session.sources.addBuffer(args.out, recorded.csv);
  DiagnosticEngine traceDiags;
  std::optional<sim::Trace> trace = sim::readTrace(session.sources.file(traceId), traceDiags);
  if (!trace) {
    std::cerr << "rewind: internal error: the recorded trace does not read back\n";
    return kExitInternal;
  }
  // No --start here: the file's `# start:` line must bring the replay to the live run's start by
  // itself, as it will for `simulate --trace` with the same flags.
  sim::ReplayOptions replayOptions;
  replayOptions.readinessDelayMs = setup.readinessDelayMs;
  sim::Replay offline = sim::replayTrace(plan, *trace, setup.events, replayOptions, traceDiags);
  std::string liveReport = render::renderJsonReport({plan, live, session.sources, args.out});
  std::string offlineReport = render::renderJsonReport({plan, offline, session.sources, args.out});
  if (liveReport != offlineReport) {
    std::cerr << "rewind: internal error: the recorded trace would not replay to the live report; nothing written\n";
    return kExitInternal;
  }
  int status = finishWithDiagnostics(session);
  if (status != kExitOk) return status;
  if (std::optional<std::string> writeError = writeFileAtomically(args.out, recorded.csv)) {
    std::cerr << "rewind: error: " << *writeError << "\n";
    return kExitUsage;
  }
  std::cerr << "rewind: recorded " << recorded.rows << " rows to " << args.out << "\n";
  return kExitOk;
}

} // namespace

Command addRecordCommand(CLI::App &app) {
  auto args = std::make_shared<LiveRunArgs>();
  CLI::App *command = app.add_subcommand("record", "save what the policy's Prometheus queries return as a trace");
  command->add_option("files", args->files, "policy files (*.rwd, Argo Rollouts *.yaml)")->required();
  command->add_option("--start", args->start, "when the rollout starts (RFC 3339 or Unix seconds)")->required();
  command->add_option("--out,-o", args->out, "the trace file to write (CSV)")->required();
  command->add_option("--events", args->events, "operator events (CSV) of the replay");
  addRolloutOption(*command, args->rollout);
  command->add_option("--step", args->step, "sampling step of the window (default 15s)");
  command->add_option("--readiness-delay", args->readinessDelay, "how long new pods take to become ready (default 0s)");
  addPrometheusOptions(*command, args->prometheus);
  command->footer("Example: rewind record policy.rwd --prometheus http://prometheus:9090 --start 2026-11-24T10:00:00Z --until 2026-11-24T11:00:00Z --out release.trace.csv");
  addCommonOptions(*command, args->common);
  return {command, [args] { return runRecord(*args); }};
}

} // namespace rwd::cli
