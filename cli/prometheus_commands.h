// This file implements the subcommands that ask a Prometheus server: `simulate --prometheus` (and
// `simulate --start T` with each metric's own address) and `record`.
#pragma once

#include "cli/session.h"

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
  CommonOptions common;
  PrometheusArgs prometheus;
};

/// Registers the server options (address, window end, authentication, TLS, timeouts) on `command`.
void addPrometheusOptions(CLI::App &command, PrometheusArgs &args);

/// `rewind simulate FILE... [--prometheus URL] --start T [--until T]`.
int runSimulatePrometheus(const LiveRunArgs &args);
/// `rewind record FILE... [--prometheus URL] --start T --until T --out TRACE.csv`.
int runRecord(const LiveRunArgs &args);

} // namespace rwd::cli
