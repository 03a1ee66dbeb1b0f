// This file implements what `simulate` without a trace and `record` share to ask a Prometheus server:
// the server flags, and the setup of a live run (window, events, plan, server options).
#pragma once

#include "cli/session.h"
#include "simulator/events.h"
#include "simulator/prometheus_source.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace rwd::cli {

struct PrometheusArgs {
  std::string url;             // --prometheus: overrides every metric's address
  std::string until;           // --until (default: now)
  std::string bearerTokenFile; // --bearer-token-file
  std::string bearerTokenEnv;  // --bearer-token-env
  std::vector<std::string> headers; // --header 'Name: value'
  std::string caFile;          // --ca-file
  bool insecure = false;       // --insecure
  std::string timeout = "30s"; // --timeout, per request
  int retries = 3;             // --retries, after the first attempt
  int parallel = 8;            // --parallel, requests in flight
};

struct LiveRunArgs {
  std::vector<std::string> files;
  std::string events;
  std::string start;
  std::string readinessDelay = "0s";
  std::string format = "text";
  std::string out;
  std::string step = "15s"; // record: the sampling step of the window
  std::string rollout;      // --rollout NAME
  CommonOptions common;
  PrometheusArgs prometheus;
};

/// Registers the server options (address, window end, authentication, TLS, timeouts) on `command`.
void addPrometheusOptions(CLI::App &command, PrometheusArgs &args);

/// What a live run needs once its flags, files and events are checked.
struct LiveSetup {
  std::optional<driver::FrontendResult> frontend;
  std::vector<sim::Event> events;
  sim::PrometheusSourceOptions source;
  int64_t untilMs = 0;
  int64_t endMs = 0;
  int64_t readinessDelayMs = 0;
  std::string label; // the report's `source`
};

/// Everything `simulate` and `record` do before asking the server (`record` needs --until);
/// returns an exit status when the run cannot go on (the reason printed).
std::optional<int> prepareLiveRun(Session &session, const LiveRunArgs &args, bool record, LiveSetup &setup);

/// Prints why the replay could not get its measurements; returns the usage-error status.
int liveToolFailure(const std::string &message);

} // namespace rwd::cli
