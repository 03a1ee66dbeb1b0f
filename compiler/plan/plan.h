// This file implements the plan: Rewind's intermediate representation of a rollout policy.
//
// A plan is plain data with every default resolved and every unit converted, in the vocabulary of
// Argo Rollouts (steps, AnalysisTemplates, AnalysisRuns). Every op keeps the SourceRange of the
// policy text it came from, so decisions and emitted YAML can cite the policy line. The runtime,
// simulator and backends consume plans only; they never see the AST.
#pragma once

#include "compiler/expr/expr.h"
#include "compiler/source/source_manager.h"

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace rwd::plan {

/// Opaque provider / traffic-router settings, kept in written order.
using Config = nlohmann::ordered_json;

/// What `result` is for a metric (argo-semantics §2.8).
enum class ResultShape : uint8_t {
  Vector,  // Prometheus instant vector: []float64 (one entry per series)
  Scalar,  // a single float64 (Prometheus scalar, Datadog v1, one Wavefront series)
  Dynamic, // whatever the provider returns (web JSON, New Relic rows, ...)
  None,    // job, kayenta: the provider decides the phase itself; no conditions
};

enum class ParamType : uint8_t { String, Number, Duration, Bool };

/// A typed value: an argument, a parameter default.
struct Value {
  ParamType type = ParamType::String;
  std::string text; // canonical text, as substituted into `{{args.x}}`
  double number = 0;
  int64_t millis = 0;
  bool boolean = false;
};

/// Argo's `valueFrom.secretKeyRef`: the argument's value is read from a Secret.
struct SecretRef {
  std::string name;
  std::string key;
};

struct Parameter {
  std::string name;
  ParamType type = ParamType::String;
  std::optional<Value> defaultValue;
  std::optional<SecretRef> secret; // no default then
  SourceRange range;
};

struct Provider {
  std::string kind;      // prometheus, web, datadog, newRelic, job, kayenta, ...
  std::string query;     // prometheus query (may hold {{args.x}}); empty for others
  std::string address;   // prometheus address, when given
  Config config = Config::object(); // every other field, as Argo spells it
  SourceRange range;
};

/// A setting Argo reads from text when it creates a run (ast::TextSetting): an argument
/// placeholder, resolved with each run's arguments, or text only Go's parsers settle. The runtime
/// resolves it per run (runtime/run_spec); the backend writes the text back.
struct TextSetting {
  std::string field; // count, interval, initialDelay, failureLimit, inconclusiveLimit,
                     // consecutiveErrorLimit, consecutiveSuccessLimit
  std::string text;
  SourceRange range;
};

/// An Argo dryRun or measurementRetention rule, as written, that matches no metric where it
/// applies. Argo accepts it and puts the run in Error; the backend writes it back so that the
/// compiled manifest behaves as the original.
struct MetricRule {
  bool retention = false; // measurementRetention, else dryRun
  std::string pattern;
  int64_t limit = 0; // measurementRetention only
  SourceRange range;
};

struct Metric {
  std::string name;
  SourceRange range;
  Provider provider;
  std::vector<Provider> extraProviders; // Argo YAML with several providers: the run is in Error
  ResultShape shape = ResultShape::Vector;
  std::string unit;                   // declared unit of `result` ("" when undeclared)
  std::optional<int64_t> intervalMs;
  std::optional<int64_t> count;       // as written; see effectiveCount
  std::optional<int64_t> initialDelayMs;
  std::shared_ptr<const expr::Expr> success; // units resolved; null when unset
  std::shared_ptr<const expr::Expr> failure;
  std::string successText;            // expr-lang text Argo would evaluate
  std::string failureText;
  // Argo YAML only: the condition as written, which Argo quotes in its measurement messages.
  std::string successWritten, failureWritten;
  // Argo YAML only: expr-lang cannot compile the condition (`success`/`failure` is null, the text
  // is kept); every measurement is an Error with this message, as in Argo.
  std::string successCompileError, failureCompileError;
  SourceRange successRange, failureRange;
  std::optional<int64_t> failureLimit;            // -1 disables; unset = 0
  std::optional<int64_t> inconclusiveLimit;       // unset = 0
  std::optional<int64_t> consecutiveErrorLimit;   // unset = 4
  std::optional<int64_t> consecutiveSuccessLimit; // unset = 0 (disabled)
  bool dryRun = false;
  std::optional<int64_t> keepMeasurements;
  Config flagger = Config::object(); // `flagger { ... }`: Flagger metric fields, verbatim
  SourceRange flaggerRange;
  std::vector<TextSetting> textSettings; // their typed fields above are unset

  /// Argo's EffectiveCount: count if not 0; else 1 without interval, unbounded (nullopt) with one.
  std::optional<int64_t> effectiveCount() const {
    if (count && *count != 0) return count;
    if (intervalMs) return std::nullopt;
    return 1;
  }
};

/// An analysis (Argo AnalysisTemplate, or ClusterAnalysisTemplate when `cluster`).
struct Template {
  std::string name;
  bool cluster = false;
  std::vector<Parameter> parameters;
  std::vector<Metric> metrics;
  std::vector<MetricRule> unmatchedRules; // the template's own rules that match none of its metrics
  SourceRange range;
};

struct Argument {
  enum class Kind : uint8_t { Value, StableHash, LatestHash, FieldRef };
  std::string name;
  Kind kind = Kind::Value;
  Value value;
  std::string fieldPath;
  SourceRange range;
};

enum class RunKind : uint8_t { Step, Background, PrePromotion, PostPromotion, Experiment };

/// One AnalysisRun the rollout will create: templates flattened into one run (Argo
/// FlattenTemplates), with merged arguments (explicit values win over template defaults).
struct Run {
  RunKind kind = RunKind::Step;
  std::vector<size_t> templates; // indices into Plan::templates, in written order
  std::vector<Argument> arguments; // as passed by the rollout
  std::vector<std::string> dryRunMetrics; // rollout-level dry-run (exact metric names)
  /// Argo's dryRun/measurementRetention rules for this run (the rollout's, then its templates')
  /// that match none of its metrics: Argo puts the run in Error as it creates it, with `message`
  /// (`dryRun[1]: Rule didn't match any metric name(s)`, utils/analysis GetDryRunMetrics).
  struct UnmatchedRule {
    std::string message;
    SourceRange range;
  };
  std::optional<UnmatchedRule> unmatchedRule;
  std::vector<MetricRule> unmatchedRules; // the rollout stanza's rules that match none of its metrics
  SourceRange range;
};

/// One ReplicaSet an experiment runs (Argo experiment `templates[]`).
struct ExperimentTemplate {
  std::string name;
  std::string specRef;               // "stable" | "canary"
  std::optional<int64_t> replicas;   // unset: Argo's default (1)
  std::optional<int32_t> weight;     // traffic weight 0..100 (traffic routing only)
  Config config = Config::object();  // every other Argo field (selector, metadata, service)
  SourceRange range;
};

/// One analysis of an experiment: its own AnalysisRun (Argo experiment `analyses[]`).
struct ExperimentAnalysis {
  std::string name;                  // Argo's `name`: the alias, or the analysis name
  Run run;                           // exactly one template; RunKind::Experiment
  bool requiredForCompletion = false;
  SourceRange range;
};

/// An experiment step. It completes when every required analysis is Successful, else when the
/// duration has passed, else never (promote); a Failed/Error analysis aborts the rollout, an
/// Inconclusive one pauses it (rollout/experiment.go, experiments/experiment.go).
struct Experiment {
  std::optional<int64_t> durationMs;
  std::vector<ExperimentTemplate> templates;
  std::vector<ExperimentAnalysis> analyses;
  std::vector<std::string> dryRunMetrics; // experiment-level dry-run (exact metric names)
  std::vector<MetricRule> unmatchedRules; // experiment rules that match no metric of its analyses
  Config extra = Config::object();        // other experiment fields, verbatim
  SourceRange range;
};

/// `setCanaryScale`: exactly one of replicas, weight or matchTrafficWeight.
struct CanaryScale {
  enum class Kind : uint8_t { Replicas, Weight, MatchTrafficWeight };
  Kind kind = Kind::Replicas;
  int64_t replicas = 0;
  int32_t weight = 0;
};

enum class StepKind : uint8_t {
  SetWeight, Pause, Analysis,
  Experiment,     // `experiment: {...}`
  SetCanaryScale, // `setCanaryScale: {...}`
  SetHeaderRoute, // `setHeaderRoute: {name, match}`
  SetMirrorRoute, // `setMirrorRoute: {name, match, percentage}`
  Passthrough,    // any other step `{KEY: CONFIG}`, carried verbatim
};

struct Step {
  StepKind kind = StepKind::SetWeight;
  SourceRange range;
  int32_t weight = 0;                    // SetWeight: 0..100
  std::optional<int64_t> pauseMs;        // Pause: nullopt = indefinite (waits for promote)
  std::optional<int64_t> promotionTimeoutMs; // indefinite Pause: Rewind's timeout → rollback
  std::optional<Run> analysis;           // Analysis
  std::optional<Experiment> experiment;  // Experiment
  CanaryScale scale;                     // SetCanaryScale
  std::string name;                      // SetHeaderRoute/SetMirrorRoute: route; Passthrough: key
  Config config;                         // route fields besides `name` (null: remove the route);
                                         // Passthrough: the step's value
};

/// A point in the rollout after which a rollback is unsafe (a database migration, say).
struct IrreversibleMark {
  std::string note;
  /// Canary: the mark is crossed once step `stepIndex` has started. Blue-green: at promotion.
  size_t stepIndex = 0;
  SourceRange range;
};

struct Canary {
  std::vector<Step> steps;
  std::optional<Run> background;
  int32_t backgroundStartingStep = 0;
  std::optional<int64_t> abortScaleDownDelayMs; // unset = Argo's 30 s; 0 = never
  std::optional<int64_t> scaleDownDelayMs;
  std::string stableService, canaryService;
  std::string trafficRouter;                    // "" = basic canary
  Config trafficRouting = Config::object();
  std::string maxSurge, maxUnavailable;         // "25%" or "1"; "" = default
  bool dynamicStableScale = false;
  Config extra = Config::object();              // other canary fields, verbatim
  SourceRange range;
};

struct BlueGreen {
  std::string activeService, previewService;
  std::optional<int64_t> previewReplicas;
  bool autoPromotionEnabled = true;
  int64_t autoPromotionDelayMs = 0;
  std::optional<int64_t> promotionTimeoutMs; // Rewind's own: roll back if nobody promotes in time
  SourceRange promoteRange;                  // the `promote ...` statement, when written
  std::optional<Run> prePromotion, postPromotion;
  std::optional<int64_t> scaleDownDelayMs;      // unset = 30 s
  std::optional<int64_t> abortScaleDownDelayMs; // unset = 30 s; 0 = never
  Config extra = Config::object();              // other blue-green fields, verbatim
  SourceRange range;
};

/// What Rewind does when the rollout is aborted: Argo's abort alone, or abort then undo.
struct RollbackAction {
  enum class Kind : uint8_t { Abort, UndoPrevious, UndoRevision };
  Kind kind = Kind::Abort;
  int64_t revision = 0;
  SourceRange range;
};

struct Notification {
  std::string trigger; // on-rollout-aborted, ...
  std::string service; // slack, ...
  std::string recipient;
  SourceRange range;
};

/// The Rollout's `workloadRef`.
struct Workload {
  std::string apiVersion = "apps/v1";
  std::string kind = "Deployment";
  std::string name;
  std::string scaleDown; // "" (Argo's default, never) | never | onsuccess | progressively
  SourceRange range;
};

enum class Strategy : uint8_t { Canary, BlueGreen };

struct Plan {
  std::string rollout;
  SourceRange range;
  Strategy strategy = Strategy::Canary;
  Canary canary;       // when strategy == Canary
  BlueGreen blueGreen; // when strategy == BlueGreen
  std::optional<int64_t> replicas;
  std::optional<int64_t> progressDeadlineMs; // unset = 600 s
  bool progressDeadlineAbort = false;
  std::optional<int64_t> minReadyMs;
  std::optional<int64_t> rollbackWindowRevisions;
  RollbackAction onRollback;
  std::vector<Notification> notifications; // sorted by trigger, service, recipient
  std::vector<IrreversibleMark> irreversible;
  std::vector<Template> templates; // every analysis the rollout uses, in first-use order
  std::optional<Workload> workload; // as written; unset = the backend's default
  Config extra = Config::object();  // other Rollout spec fields, verbatim
  Config flagger = Config::object(); // `flagger { ... }`: Canary spec fields only Flagger reads
  SourceRange flaggerRange;
};

std::string_view runKindName(RunKind kind);
std::string_view paramTypeName(ParamType type);
std::string_view resultShapeName(ResultShape shape);

} // namespace rwd::plan
