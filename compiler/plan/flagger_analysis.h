// This file implements the Flagger view of a plan: the `spec.analysis` a Flagger Canary needs to
// run the same policy (interval, threshold, weights or iterations, metric checks with their
// thresholdRange, gates, alerts), or a located refusal of what Flagger cannot express.
//
// The Flagger backend (compiler/emit/flagger) writes this view as YAML and the Flagger executor
// (runtime/flagger_executor) replays it, so both read one mapping (docs/flagger.md).
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/plan/plan.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rwd::plan {

/// Flagger's DeploymentStrategy() (pkg/apis/flagger/v1beta1/canary.go): A/B needs `match` and
/// `iterations`, blue/green `iterations` alone, canary neither.
enum class FlaggerStrategy : uint8_t { Canary, BlueGreen, ABTesting };

std::string_view flaggerStrategyName(FlaggerStrategy strategy);

/// One entry of `spec.analysis.metrics`: a plan metric with the bound its condition puts on the one
/// value Flagger's provider returns (`thresholdRange`; a check fails when the value is outside).
struct FlaggerCheck {
  size_t templateIndex = 0; // into Plan::templates
  size_t metricIndex = 0;   // into that template's metrics
  bool builtin = false;     // request-success-rate / request-duration: no MetricTemplate
  std::optional<double> min, max;
  /// `metrics[].templateVariables`: the run's arguments (and parameter defaults) by name.
  std::vector<std::pair<std::string, std::string>> variables;
  SourceRange range;
};

/// A confirm-* webhook: a gate that a person (or an automated check) opens; the simulator takes a
/// `promote` event as the webhook answering 2xx.
struct FlaggerGate {
  std::string type; // confirm-rollout | confirm-promotion
  Config webhook = Config::object(); // as written in `flagger { analysis: { webhooks } }`, or Rewind's default
  SourceRange range;                 // the `pause until promoted` / `promote manually`
};

struct FlaggerAlert {
  std::string name;
  std::string severity; // info | warn | error
  std::string providerName, providerNamespace;
  SourceRange range;
};

struct FlaggerAnalysis {
  FlaggerStrategy strategy = FlaggerStrategy::Canary;
  int64_t intervalMs = 60000;
  int64_t threshold = 1;
  std::vector<int32_t> weights;         // canary: every weight the canary visits, in order
  std::optional<int32_t> stepWeight;    // canary: the linear form, when the weights are one
  int32_t maxWeight = 100;              // canary: promotion starts at or above it
  int64_t iterations = 0;               // blue/green and A/B
  bool mirror = false;                  // `flagger { analysis: { mirror: true } }`
  /// `flagger { skipAnalysis: true }`: every detected revision is promoted on the next tick, with no
  /// webhook or check (scheduler.go shouldSkipAnalysis).
  bool skipAnalysis = false;
  std::optional<FlaggerGate> confirmRollout, confirmPromotion;
  std::vector<FlaggerCheck> checks;     // in Flagger's evaluation order: builtin, then templates
  std::vector<Config> webhooks;         // every written webhook (gates too), in written order
  std::vector<FlaggerAlert> alerts;
  /// The plan step index of each weight in `weights` (for reports' step_index).
  std::vector<int32_t> weightSteps;
  SourceRange range;
};

/// Flagger's loadtester gate, used for a manual gate whose webhook the policy does not spell out
/// (docs/gitbook/usage/webhooks.md "Manual Gating").
inline constexpr const char *kDefaultGateUrl = "http://flagger-loadtester.test/gate/check";

/// The Flagger analysis for `plan`; nullopt after reporting, at its policy line, every construct
/// Flagger cannot express (NotExpressibleInTarget) and every `flagger { }` field Rewind models.
std::optional<FlaggerAnalysis> deriveFlaggerAnalysis(const Plan &plan, DiagnosticEngine &diags);

} // namespace rwd::plan
