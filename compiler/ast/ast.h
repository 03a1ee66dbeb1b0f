// This file implements Rewind's abstract syntax tree: plain declarations with a source range on every
// node. The tree mirrors what the user wrote; defaults and meaning are decided by sema and lowering.
#pragma once

#include "compiler/expr/expr.h"
#include "compiler/source/source_manager.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rwd::ast {

/// A value together with where it was written.
template <typename T> struct Spanned {
  T value{};
  SourceRange range;
};

/// A literal as written: `"text"`, `5`, `0.5`, `95%`, `5m`, `true`.
struct Literal {
  enum class Kind { String, Int, Float, Percent, Duration, Bool };
  Kind kind = Kind::String;
  std::string text;     // the string's value, or the literal's spelling
  double number = 0;    // Int/Float value; Percent as a ratio (95% → 0.95)
  int64_t millis = 0;   // Duration
  bool boolean = false; // Bool
  SourceRange range;
};

/// Opaque settings for providers and traffic routers: scalars, objects and lists.
struct ConfigValue {
  enum class Kind { Scalar, Object, List };
  Kind kind = Kind::Scalar;
  Literal scalar;
  struct Entry;
  std::vector<Entry> entries;    // Object, in written order
  std::vector<ConfigValue> items; // List
  SourceRange range;
};

/// One `key: value` of an object. A named struct rather than std::pair: a pair of the incomplete
/// ConfigValue inside ConfigValue itself does not compile with clang and libstdc++.
struct ConfigValue::Entry {
  Spanned<std::string> first; // the key
  ConfigValue second;
};

/// `service: "checkout"`, `hash: stable hash`, `env: field "metadata.labels['env']"`.
struct Argument {
  enum class Kind { Literal, StableHash, LatestHash, FieldRef };
  Spanned<std::string> name;
  Kind kind = Kind::Literal;
  Literal literal;
  std::string fieldPath;
  SourceRange range;
};

/// `success-rate(service: "checkout")`.
struct AnalysisRef {
  Spanned<std::string> name;
  std::vector<Argument> arguments;
  bool hasParens = false;
  SourceRange range;
};

/// An Argo `dryRun` or `measurementRetention` rule as written: a regular expression over the
/// metric names of a run. Readers resolve it to metric names (`dryRunMetrics`, Metric::dryRun,
/// Metric::keep); the rule itself stays because Argo puts a run whose rule matches none of its
/// metrics in Error when it creates it, and simulation replays that.
struct MetricRule {
  bool retention = false; // measurementRetention, else dryRun
  Spanned<std::string> pattern;
  int64_t limit = 0;      // measurementRetention only
};

/// One use of analyses: a step, background, pre- or post-promotion analysis.
struct AnalysisUse {
  std::vector<AnalysisRef> refs;
  std::vector<Spanned<std::string>> dryRunMetrics; // `with dry-run a, b`
  std::vector<MetricRule> argoRules;               // Argo YAML: the stanza's rules as written
  SourceRange range;
};

/// `replicaset baseline from stable, replicas 1, weight 5% { ... }` inside an experiment.
struct ExperimentReplicaSet {
  Spanned<std::string> name;
  Spanned<std::string> specRef;               // "stable" | "canary"
  std::optional<Spanned<int64_t>> replicas;
  std::optional<Spanned<double>> weight;      // percent 0..100 as written
  std::optional<ConfigValue> config;          // every other Argo field (selector, metadata, service)
  SourceRange range;
};

/// `analyze mann-whitney(...) as compare, required` inside an experiment.
struct ExperimentAnalysis {
  AnalysisRef ref;
  std::optional<Spanned<std::string>> alias;  // Argo's experiment analysis `name`; defaults to ref name
  bool required = false;                      // requiredForCompletion
  SourceRange range;
};

/// `experiment for 1h { ... }`: an Argo experiment step.
struct Experiment {
  std::optional<Spanned<int64_t>> duration;
  std::vector<ExperimentReplicaSet> replicaSets;
  std::vector<ExperimentAnalysis> analyses;
  std::vector<Spanned<std::string>> dryRunMetrics; // `with dry-run a, b`
  std::vector<MetricRule> argoRules;               // Argo YAML: the experiment's rules as written
  std::optional<ConfigValue> extra;                // `argo { ... }`: other experiment fields
  SourceRange range;
};

/// `scale canary to 3 replicas` | `scale canary to 50%` | `scale canary with traffic`.
struct CanaryScale {
  enum class Kind { Replicas, Weight, MatchTrafficWeight };
  Kind kind = Kind::Replicas;
  int64_t replicas = 0;
  double weight = 0; // percent 0..100 as written
  SourceRange range;
};

enum class StepKind {
  SetWeight, TimedPause, ManualPause, Analysis,
  Experiment,      // `experiment [for D] { ... }`
  SetCanaryScale,  // `scale canary ...`
  HeaderRoute,     // `header route "name" { match: [...] }` (no config: remove the route)
  MirrorRoute,     // `mirror route "name" { match: [...], percentage: 10 }`
  Passthrough,     // `argo step KEY { ... }`: any other Argo step, carried unchanged
};

struct CanaryStep {
  StepKind kind = StepKind::SetWeight;
  SourceRange range;
  Spanned<double> weight;                     // SetWeight: percent 0..100 as written
  Spanned<int64_t> duration;                  // TimedPause
  std::optional<Spanned<int64_t>> timeout;    // ManualPause with `timeout` (Rewind's own)
  AnalysisUse analysis;                       // Analysis
  std::optional<Experiment> experiment;       // Experiment
  CanaryScale scale;                          // SetCanaryScale
  Spanned<std::string> routeName;             // HeaderRoute, MirrorRoute; Passthrough: the step key
  std::optional<ConfigValue> config;          // HeaderRoute, MirrorRoute, Passthrough
};

/// `irreversible "adds column orders.discount"`: crossed by a rollback once reached.
struct IrreversibleMark {
  std::string note;
  size_t beforeStep = 0; // canary: index of the step that follows the mark
  SourceRange range;
};

struct TrafficRouting {
  Spanned<std::string> provider;
  std::optional<ConfigValue> config;
  SourceRange range;
};

/// `never` is represented as 0 ms with `never` set (Argo's 0 means never scale down).
struct ScaleDownDelay {
  int64_t millis = 0;
  bool never = false;
  SourceRange range;
};

struct Quantity {
  double value = 0;
  bool percent = false;
  SourceRange range;
};

struct Canary {
  SourceRange range;
  std::vector<CanaryStep> steps;
  std::vector<IrreversibleMark> marks;
  std::optional<AnalysisUse> background;
  std::optional<Spanned<int64_t>> backgroundStartingStep;
  std::optional<ScaleDownDelay> abortScaleDown;
  std::optional<Spanned<int64_t>> scaleDownDelay;
  std::optional<Spanned<std::string>> stableService;
  std::optional<Spanned<std::string>> canaryService;
  std::optional<TrafficRouting> trafficRouting;
  std::optional<Quantity> maxSurge;
  std::optional<Quantity> maxUnavailable;
  std::optional<SourceRange> dynamicStableScale;
  std::optional<ConfigValue> extra; // `argo { ... }`: other canary fields (antiAffinity, ...)
};

struct BlueGreen {
  SourceRange range;
  std::optional<Spanned<std::string>> activeService;
  std::optional<Spanned<std::string>> previewService;
  std::optional<Spanned<int64_t>> previewReplicas;
  /// `promote manually` (false), `promote automatically [after D]` / `promote after D` (true).
  std::optional<Spanned<bool>> autoPromotion;
  std::optional<Spanned<int64_t>> autoPromotionDelay;
  std::optional<Spanned<int64_t>> promotionTimeout; // Rewind's own: roll back if nobody promotes
  std::optional<AnalysisUse> prePromotion;
  std::optional<AnalysisUse> postPromotion;
  std::optional<Spanned<int64_t>> scaleDownDelay;
  std::optional<ScaleDownDelay> abortScaleDown;
  std::vector<IrreversibleMark> marks; // crossed once the active service switched
  std::optional<ConfigValue> extra; // `argo { ... }`: other blue-green fields
};

struct RollbackAction {
  enum class Kind { Abort, UndoPrevious, UndoRevision };
  Kind kind = Kind::Abort;
  int64_t revision = 0;
  SourceRange range;
};

struct Notification {
  Spanned<std::string> service;
  Spanned<std::string> recipient;
  std::vector<Spanned<std::string>> triggers;
  SourceRange range;
};

/// `workload deployment "checkout" [scale down onsuccess|progressively|never]`: the Rollout's
/// workloadRef. Argo YAML with an inline pod template is carried as `extra` instead.
struct Workload {
  Spanned<std::string> kind;       // Deployment (written `deployment`), or another kind as a string
  Spanned<std::string> name;
  std::optional<Spanned<std::string>> apiVersion; // default apps/v1
  std::optional<Spanned<std::string>> scaleDown;  // never | onsuccess | progressively
  SourceRange range;
};

struct Rollout {
  Spanned<std::string> name;
  SourceRange range;
  std::optional<Spanned<int64_t>> replicas;
  std::optional<Spanned<int64_t>> progressDeadline;
  bool progressDeadlineAbort = false;
  std::optional<Spanned<int64_t>> minReady;
  std::optional<Spanned<int64_t>> rollbackWindow;
  std::unique_ptr<Canary> canary;
  std::unique_ptr<BlueGreen> blueGreen;
  std::vector<SourceRange> extraStrategies; // a second strategy block (an error)
  std::optional<RollbackAction> onRollback;
  std::vector<Notification> notifications;
  std::optional<Workload> workload; // `workload deployment "name"`; default: a Deployment named as the rollout
  std::optional<ConfigValue> extra; // `argo { ... }`: other Rollout spec fields (revisionHistoryLimit, ...)
  std::optional<ConfigValue> flagger; // `flagger { ... }`: Canary spec fields only Flagger reads
};

/// `param token: string = secret "example-secret" key "secretUrl"`: Argo's valueFrom.secretKeyRef.
struct SecretRef {
  Spanned<std::string> name;
  Spanned<std::string> key;
  SourceRange range;
};

struct Parameter {
  Spanned<std::string> name;
  Spanned<std::string> type; // string | number | duration | bool
  std::optional<Literal> defaultValue;
  std::optional<SecretRef> secret; // the value comes from a Secret (no default then)
  SourceRange range;
};

struct Provider {
  Spanned<std::string> kind;            // prometheus, web, datadog, job, ...
  std::optional<Spanned<std::string>> query;   // `prometheus "query"` shorthand
  std::optional<Spanned<std::string>> address; // `prometheus at "http://..."`
  std::optional<ConfigValue> config;    // `provider NAME { ... }`
  SourceRange range;
};

struct Condition {
  expr::ExprPtr expr; // null only for Argo YAML that expr-lang cannot compile (argoCompileError)
  SourceRange range;
  std::string argoText = {};         // Argo YAML: the condition as written; Argo quotes it in messages
  std::string argoCompileError = {}; // Argo YAML: expr-lang's error when the text does not compile
};

/// A metric setting Argo reads from text when it creates a run: an argument placeholder
/// (`count: "{{args.runs}}"`, `every args.interval`) or a value only Go's parsers settle
/// (`interval: "1d"`, `failureLimit: "two"`). Argo resolves it with each run's arguments.
struct TextSetting {
  std::string field; // Argo's name: count, interval, initialDelay, failureLimit, inconclusiveLimit,
                     // consecutiveErrorLimit or consecutiveSuccessLimit
  Spanned<std::string> text;
};

struct Metric {
  Spanned<std::string> name;
  SourceRange range;
  std::vector<Provider> providers; // exactly one is valid; sema reports the rest
  std::optional<Spanned<int64_t>> interval;
  std::optional<Spanned<int64_t>> count;
  std::optional<Spanned<int64_t>> initialDelay;
  std::optional<Condition> success;
  std::optional<Condition> failure;
  std::optional<Spanned<int64_t>> failureLimit; // -1 for `failure limit none`
  std::optional<Spanned<int64_t>> inconclusiveLimit;
  std::optional<Spanned<int64_t>> consecutiveErrorLimit;
  std::optional<Spanned<int64_t>> consecutiveSuccessLimit;
  std::optional<SourceRange> dryRun;
  std::optional<Spanned<std::string>> unit;
  std::optional<Spanned<std::string>> returns;
  std::optional<Spanned<int64_t>> keep;
  std::optional<ConfigValue> flagger; // `flagger { ... }`: Flagger metric fields (interval, templateRef)
  /// Settings written as text (the typed field above is then unset).
  std::vector<TextSetting> textSettings;
};

struct Analysis {
  Spanned<std::string> name;
  SourceRange range;
  bool cluster = false;
  std::vector<Parameter> parameters;
  std::vector<Metric> metrics;
  std::vector<MetricRule> argoRules; // Argo YAML: the template's own rules as written
};

struct Import {
  Spanned<std::string> path;
  SourceRange range;
};

/// A `// ...` or `/* ... */` comment as written; kept so `rewind fmt` can put it back.
struct Comment {
  std::string text;
  SourceRange range;
};

struct PolicyFile {
  FileId file = kNoFile;
  std::vector<Import> imports;
  std::vector<Rollout> rollouts;
  std::vector<Analysis> analyses;
  std::vector<Comment> comments; // in file order (the lexer's hidden channel)
};

} // namespace rwd::ast
