// This file implements what `simulate` without a trace and `record` share to ask a Prometheus server:
// the server flags, and the setup of a live run.
#include "cli/live_run.h"

#include "cli/app.h"
#include "compiler/plan/plan_verifier.h"
#include "simulator/events_reader.h"
#include "simulator/prometheus/http_client.h"

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
  std::optional<int64_t> timeout = durationFlag("--timeout", args.timeout, /*positive=*/true);
  if (!timeout) return false;
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
} // namespace

std::optional<int> prepareLiveRun(Session &session, const LiveRunArgs &args, bool record, LiveSetup &setup) {
  if (!checkNoWarn(session)) return kExitUsage;
  if (args.start.empty()) {
    std::cerr << "rewind: error: --start is required to ask Prometheus (or pass --trace FILE to replay a trace)\n";
    return kExitUsage;
  }
  std::optional<int64_t> start = timestampFlag("--start", args.start);
  if (!start) return kExitUsage;
  int64_t until = 0;
  if (args.prometheus.until.empty()) {
    if (record) {
      std::cerr << "rewind: error: record needs --until\n";
      return kExitUsage;
    }
    until = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count() / 1000 * 1000;
  } else if (std::optional<int64_t> parsed = timestampFlag("--until", args.prometheus.until)) {
    until = *parsed;
  } else {
    return kExitUsage;
  }
  if (until < *start) {
    std::cerr << "rewind: error: --until is before --start\n";
    return kExitUsage;
  }
  std::optional<int64_t> readiness = durationFlag("--readiness-delay", args.readinessDelay);
  if (!readiness) return kExitUsage;
  setup.readinessDelayMs = *readiness;
  if (!resolveServerOptions(args.prometheus, setup.source)) return kExitUsage;

  int exitCode = kExitOk;
  driver::FrontendOptions options;
  options.rollout = args.rollout;
  setup.frontend = session.frontend(args.files, options, exitCode);
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

int liveToolFailure(const std::string &message) {
  std::cerr << "rewind: error: " << message << "\n"
            << "rewind: error: no report: the replay could not get every measurement from Prometheus\n";
  return kExitUsage;
}

} // namespace rwd::cli
