// This file implements the subcommands that ask a Prometheus server: `simulate --prometheus` (and
// `simulate --start T` with each metric's own address) and `record`.
#include "cli/prometheus_commands.h"

#include "cli/commands.h"
#include "compiler/plan/plan_verifier.h"
#include "compiler/support/duration.h"
#include "simulator/events_reader.h"
#include "simulator/prometheus_source.h"
#include "simulator/recorder.h"
#include "simulator/replay.h"
#include "simulator/report.h"
#include "simulator/timestamp.h"
#include "simulator/trace_reader.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace rwd::cli {

void addPrometheusOptions(CLI::App &command, PrometheusArgs &args) {
  command.add_option("--prometheus", args.url,
                     "Prometheus server to ask (overrides each metric's own address)");
  command.add_option("--until", args.until, "end of the window (RFC 3339 or Unix seconds; simulate: default now)");
  command.add_option("--bearer-token-file", args.bearerTokenFile, "file holding a bearer token for the server");
  command.add_option("--bearer-token-env", args.bearerTokenEnv, "environment variable holding a bearer token");
  command.add_option("--header", args.headers, "extra HTTP header `Name: value` (repeatable)");
  command.add_option("--ca-file", args.caFile, "PEM file of the CA that signed the server's certificate");
  command.add_flag("--insecure", args.insecure, "do not verify the server's TLS certificate");
  command.add_option("--timeout", args.timeout, "timeout of one request (default 30s)");
  command.add_option("--retries", args.retries, "retries of a request after a transient fault (default 3)")
      ->check(CLI::Range(0, 20));
  command.add_option("--parallel", args.parallel, "requests in flight at once (default 8)")->check(CLI::Range(1, 64));
}

namespace {

struct LiveSetup {
  std::optional<driver::FrontendResult> frontend;
  std::vector<sim::Event> events;
  sim::PrometheusSourceOptions source;
  int64_t untilMs = 0;
  int64_t endMs = 0;
  int64_t readinessDelayMs = 0;
  std::string label; // the report's `source`
};

bool checkNoWarnKinds(const Session &session) {
  for (const std::string &kind : session.unknownKinds())
    std::cerr << "rewind: error: --no-warn: `" << kind << "` is not a warning kind (see docs/language.md)\n";
  return session.validNoWarn();
}

int finishWithDiagnosticsStatus(Session &session) {
  bool errors = session.diags.hasErrors();
  session.flushDiagnostics();
  return errors ? kExitInputErrors : kExitOk;
}

std::string trim(std::string text) {
  size_t a = text.find_first_not_of(" \t\r\n");
  size_t b = text.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? "" : text.substr(a, b - a + 1);
}

/// Flags → options; prints the problem and returns false on a usage error.
bool resolveServerOptions(const PrometheusArgs &args, sim::PrometheusSourceOptions &out) {
  out.address = args.url;
  if (!args.url.empty() && args.url.rfind("http://", 0) != 0 && args.url.rfind("https://", 0) != 0) {
    std::cerr << "rewind: error: --prometheus: `" << sim::prom::redactUrl(args.url)
              << "` is not an http:// or https:// URL\n";
    return false;
  }
  std::string error;
  std::optional<int64_t> timeout = parseDuration(args.timeout, &error);
  if (!timeout || *timeout <= 0) {
    std::cerr << "rewind: error: --timeout: invalid duration `" << args.timeout << "`" << (error.empty() ? "" : ": ")
              << error << "\n";
    return false;
  }
  out.http.timeoutMs = *timeout;
  out.http.connectTimeoutMs = std::min<int64_t>(*timeout, 10'000);
  out.retry.attempts = args.retries + 1;
  out.maxParallel = args.parallel;
  if (!args.bearerTokenFile.empty() && !args.bearerTokenEnv.empty()) {
    std::cerr << "rewind: error: give --bearer-token-file or --bearer-token-env, not both\n";
    return false;
  }
  if (!args.bearerTokenFile.empty()) {
    std::ifstream in(args.bearerTokenFile, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (!in) {
      std::cerr << "rewind: error: cannot read --bearer-token-file " << args.bearerTokenFile << "\n";
      return false;
    }
    out.http.bearerToken = trim(buffer.str());
    if (out.http.bearerToken.empty()) {
      std::cerr << "rewind: error: --bearer-token-file " << args.bearerTokenFile << " is empty\n";
      return false;
    }
  }
  if (!args.bearerTokenEnv.empty()) {
    const char *value = std::getenv(args.bearerTokenEnv.c_str());
    if (!value || !*trim(value).c_str()) {
      std::cerr << "rewind: error: --bearer-token-env: environment variable " << args.bearerTokenEnv
                << " is unset or empty\n";
      return false;
    }
    out.http.bearerToken = trim(value);
  }
  for (const std::string &header : args.headers) {
    size_t colon = header.find(':');
    if (colon == std::string::npos || colon == 0 || header.find_first_of("\r\n") != std::string::npos) {
      // Nothing of it is shown: without a `:` the name cannot be told from a secret value.
      std::cerr << "rewind: error: --header: expected `Name: value` (the header is not shown: it may hold a secret)\n";
      return false;
    }
    out.http.headers.push_back(header);
  }
  out.http.caFile = args.caFile;
  if (!args.caFile.empty() && !std::ifstream(args.caFile)) {
    std::cerr << "rewind: error: cannot read --ca-file " << args.caFile << "\n";
    return false;
  }
  out.http.insecure = args.insecure;
  return true;
}

/// Everything both commands do before asking the server; returns an exit status on failure.
std::optional<int> prepare(Session &session, const LiveRunArgs &args, bool record, LiveSetup &setup) {
  if (!checkNoWarnKinds(session)) return kExitUsage;
  if (args.start.empty()) {
    std::cerr << "rewind: error: --start is required to ask Prometheus (or pass --trace FILE to replay a trace)\n";
    return kExitUsage;
  }
  std::optional<int64_t> start = sim::parseTimestampMillis(args.start);
  if (!start) {
    std::cerr << "rewind: error: --start: invalid timestamp `" << args.start
              << "`: expected RFC 3339 (2026-11-20T10:00:00Z) or Unix seconds\n";
    return kExitUsage;
  }
  int64_t until = 0;
  if (args.prometheus.until.empty()) {
    if (record) {
      std::cerr << "rewind: error: record needs --until\n";
      return kExitUsage;
    }
    until = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count() / 1000 * 1000;
  } else if (std::optional<int64_t> parsed = sim::parseTimestampMillis(args.prometheus.until)) {
    until = *parsed;
  } else {
    std::cerr << "rewind: error: --until: invalid timestamp `" << args.prometheus.until
              << "`: expected RFC 3339 (2026-11-20T10:00:00Z) or Unix seconds\n";
    return kExitUsage;
  }
  if (until < *start) {
    std::cerr << "rewind: error: --until is before --start\n";
    return kExitUsage;
  }
  std::string error;
  std::optional<int64_t> readiness = parseDuration(args.readinessDelay, &error);
  if (!readiness) {
    std::cerr << "rewind: error: --readiness-delay: invalid duration `" << args.readinessDelay << "`: " << error
              << "\n";
    return kExitUsage;
  }
  setup.readinessDelayMs = *readiness;
  if (!resolveServerOptions(args.prometheus, setup.source)) return kExitUsage;

  int exitCode = kExitOk;
  setup.frontend = session.frontend(args.files, {}, exitCode);
  if (!setup.frontend) return exitCode;
  std::optional<FileId> eventsFile;
  if (!args.events.empty()) {
    eventsFile = session.loadData(args.events);
    if (!eventsFile) return kExitUsage;
  }
  if (!setup.frontend->plan || !plan::verifyPlan(*setup.frontend->plan, session.diags)) {
    session.flushDiagnostics();
    return kExitInputErrors;
  }
  std::optional<std::vector<sim::Event>> events;
  if (eventsFile) events = sim::readEvents(session.sources.file(*eventsFile), session.diags);
  sim::checkPrometheusPlan(*setup.frontend->plan, args.prometheus.url, session.diags);
  if ((eventsFile && !events) || session.diags.hasErrors()) {
    session.flushDiagnostics();
    return kExitInputErrors;
  }
  if (events) setup.events = std::move(*events);
  setup.untilMs = until;
  setup.endMs = until;
  for (const sim::Event &event : setup.events) setup.endMs = std::max(setup.endMs, event.timeMillis);
  // For measuring what the prefetch buys (bench/): one instant query per measurement instead.
  if (const char *prefetch = std::getenv("REWIND_PROMETHEUS_PREFETCH"); prefetch && std::string(prefetch) == "0")
    setup.source.prefetch = false;
  setup.source.startMs = *start;
  setup.source.endMs = setup.endMs;
  setup.label = args.prometheus.url.empty() ? "prometheus" : sim::prom::redactUrl(args.prometheus.url);
  return std::nullopt;
}

int toolFailure(const std::string &message) {
  std::cerr << "rewind: error: " << message << "\n"
            << "rewind: error: no report: the replay could not get every measurement from Prometheus\n";
  return kExitUsage;
}

} // namespace

int runSimulatePrometheus(const LiveRunArgs &args) {
  Session session(args.common);
  LiveSetup setup;
  if (std::optional<int> status = prepare(session, args, false, setup)) return *status;
  const plan::Plan &plan = *setup.frontend->plan;
  sim::PrometheusMetricSource source(setup.source);
  sim::Replay replay = sim::replaySource(plan, source, setup.events, setup.source.startMs, setup.endMs,
                                         setup.readinessDelayMs);
  if (replay.result.toolFailure) return toolFailure(*replay.result.toolFailure);
  int status = finishWithDiagnosticsStatus(session);
  if (status != kExitOk) return status;
  sim::ReportInput input{plan, replay, session.sources, setup.label};
  bool toTerminal = args.out.empty() || args.out == "-";
  std::string report = args.format == "json" ? sim::renderJsonReport(input)
                                             : sim::renderTextReport(input, toTerminal && session.colorStdout());
  if (std::getenv("REWIND_PROMETHEUS_STATS")) {
    sim::PrometheusStats stats = source.stats();
    std::cerr << "rewind: prometheus: " << stats.instantQueries << " instant queries, " << stats.rangeQueries
              << " range queries, " << stats.rangeHits << " measurements answered from ranges\n";
  }
  return emitOutput(args.out, report) ? kExitOk : kExitUsage;
}

int runRecord(const LiveRunArgs &args) {
  Session session(args.common);
  if (args.out.empty() || args.out == "-") {
    std::cerr << "rewind: error: record needs --out TRACE.csv\n";
    return kExitUsage;
  }
  std::string error;
  std::optional<int64_t> step = parseDuration(args.step, &error);
  if (!step || *step <= 0) {
    std::cerr << "rewind: error: --step: invalid duration `" << args.step << "`" << (error.empty() ? "" : ": ")
              << error << "\n";
    return kExitUsage;
  }
  LiveSetup setup;
  if (std::optional<int> status = prepare(session, args, true, setup)) return *status;
  const plan::Plan &plan = *setup.frontend->plan;
  sim::PrometheusMetricSource source(setup.source);
  sim::RecordingMetricSource recording(source, setup.source.startMs);
  sim::Replay live = sim::replaySource(plan, recording, setup.events, setup.source.startMs, setup.endMs,
                                       setup.readinessDelayMs);
  if (live.result.toolFailure) return toolFailure(*live.result.toolFailure);

  sim::RecordOptions options;
  options.startMs = setup.source.startMs;
  options.untilMs = setup.untilMs;
  options.endMs = setup.endMs;
  options.stepMs = *step;
  options.overrideAddress = args.prometheus.url;
  options.sourceLabel = args.prometheus.url.empty() ? "" : setup.label;
  sim::RecordResult recorded = sim::buildRecordedTrace(plan, recording.answers(), source, options);
  if (recorded.status == sim::RecordResult::Status::ToolFailure) return toolFailure(recorded.message);
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
  sim::ReplayOptions replayOptions;
  replayOptions.startMs = setup.source.startMs;
  replayOptions.readinessDelayMs = setup.readinessDelayMs;
  sim::Replay offline = sim::replayTrace(plan, *trace, setup.events, replayOptions, traceDiags);
  std::string liveReport = sim::renderJsonReport({plan, live, session.sources, args.out});
  std::string offlineReport = sim::renderJsonReport({plan, offline, session.sources, args.out});
  if (liveReport != offlineReport) {
    std::cerr << "rewind: internal error: the recorded trace would not replay to the live report; nothing written\n";
    return kExitInternal;
  }
  int status = finishWithDiagnosticsStatus(session);
  if (status != kExitOk) return status;
  if (std::optional<std::string> writeError = writeFileAtomically(args.out, recorded.csv)) {
    std::cerr << "rewind: error: " << *writeError << "\n";
    return kExitUsage;
  }
  std::cerr << "rewind: recorded " << recorded.rows << " rows to " << args.out << "\n";
  return kExitOk;
}

} // namespace rwd::cli
