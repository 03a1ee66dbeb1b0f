// This file implements the stable text and JSON forms of a plan (`rewind plan`, plan goldens).
//
// Both forms resolve every default through the same helpers (the `effective*` functions below), so
// they can never disagree, and both mark which values came from a default. Nothing here depends on
// sema: numbers are printed by a local shortest-round-trip formatter.
#include "compiler/plan/plan_printer.h"

#include "compiler/support/duration.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <optional>
#include <string_view>
#include <tuple>
#include <vector>

namespace rwd::plan {

namespace {

/// The metric's setting written as text for `field`, if any.
const TextSetting *textSetting(const Metric &m, std::string_view field) {
  for (const TextSetting &setting : m.textSettings)
    if (setting.field == field) return &setting;
  return nullptr;
}

using Json = nlohmann::ordered_json;

//===-- Argo's defaults (argo-semantics §0, §5, §6) -------------------------------------===//

constexpr int64_t kDefaultReplicas = 1;
constexpr int64_t kDefaultProgressDeadlineMs = 600'000;
constexpr int64_t kDefaultMinReadyMs = 0;
constexpr int64_t kDefaultScaleDownDelayMs = 30'000;
constexpr int64_t kDefaultAbortScaleDownDelayMs = 30'000;
constexpr int64_t kDefaultFailureLimit = 0;
constexpr int64_t kDefaultInconclusiveLimit = 0;
constexpr int64_t kDefaultConsecutiveErrorLimit = 4;
constexpr int64_t kDefaultConsecutiveSuccessLimit = 0;
constexpr int64_t kDefaultInitialDelayMs = 0;
constexpr int64_t kDefaultMeasurementsKept = 10;
constexpr std::string_view kDefaultQuantity = "25%";

/// A value as Argo will use it, and whether it came from a default rather than the policy.
template <typename T> struct Effective {
  T value;
  bool isDefault;
};

Effective<int64_t> orDefault(const std::optional<int64_t> &value, int64_t fallback) {
  if (value) return {*value, false};
  return {fallback, true};
}

/// An abort scale-down delay: unset = 30 s; 0 = never scale down (nullopt here).
Effective<std::optional<int64_t>> effectiveAbortScaleDown(const std::optional<int64_t> &value) {
  if (!value) return {kDefaultAbortScaleDownDelayMs, true};
  if (*value == 0) return {std::nullopt, false};
  return {*value, false};
}

/// The canary's scaleDownDelaySeconds: only meaningful with traffic routing (default 30 s there);
/// a basic canary scales old pods down at once (nullopt).
Effective<std::optional<int64_t>> effectiveCanaryScaleDown(const Canary &canary) {
  if (canary.scaleDownDelayMs) return {*canary.scaleDownDelayMs, false};
  if (canary.trafficRouter.empty()) return {std::nullopt, true};
  return {kDefaultScaleDownDelayMs, true};
}

Effective<std::string> effectiveQuantity(const std::string &value) {
  if (value.empty()) return {std::string(kDefaultQuantity), true};
  return {value, false};
}

//===-- Small formatters
//-----------------------------------------------------------------------===//

/// Shortest round-trip decimal text of a double (`0.95`, `3`, `1e-07`), deterministic.
std::string formatDouble(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == 0) return "0"; // also -0
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc()) return "NaN";
  return std::string(buffer, end);
}

/// JSON quoting; invalid UTF-8 is replaced rather than thrown on.
std::string quote(std::string_view text) {
  return Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string compact(const Config &config) {
  return config.dump(-1, ' ', false, Config::error_handler_t::replace);
}

std::optional<std::string> location(SourceRange range, const SourceManager &sources) {
  if (!range.valid() || range.file >= sources.fileCount()) return std::nullopt;
  const SourceFile &file = sources.file(range.file);
  return fmt::format("{}:{}", file.path(), file.lineColumn(range.begin).line);
}

Json sourceJson(SourceRange range, const SourceManager &sources) {
  if (auto where = location(range, sources)) return *where;
  return nullptr;
}

const char *defaultMark(bool isDefault) { return isDefault ? " (default)" : ""; }

std::string valueText(const Value &value) {
  switch (value.type) {
  case ParamType::String: return quote(value.text);
  case ParamType::Number: return formatDouble(value.number);
  case ParamType::Duration: return formatDuration(value.millis);
  case ParamType::Bool: return value.boolean ? "true" : "false";
  }
  return quote(value.text);
}

std::string argumentText(const Argument &argument) {
  switch (argument.kind) {
  case Argument::Kind::Value: return valueText(argument.value);
  case Argument::Kind::StableHash: return "stable hash";
  case Argument::Kind::LatestHash: return "latest hash";
  case Argument::Kind::FieldRef: return "field " + quote(argument.fieldPath);
  }
  return "";
}

/// A whole double within int64 range prints as a JSON integer (`10`, not `10.0`).
Json numberJson(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9.0e15)
    return static_cast<int64_t>(value);
  if (!std::isfinite(value)) return formatDouble(value); // JSON has no NaN/Inf
  return value;
}

/// The typed value as JSON: strings, numbers and bools as themselves, durations under `value_ms`.
void putValue(Json &out, const Value &value) {
  out["type"] = std::string(paramTypeName(value.type));
  switch (value.type) {
  case ParamType::String: out["value"] = value.text; break;
  case ParamType::Number: out["value"] = numberJson(value.number); break;
  case ParamType::Duration: out["value_ms"] = value.millis; break;
  case ParamType::Bool: out["value"] = value.boolean; break;
  }
}

const Template *templateAt(const Plan &plan, size_t index) {
  return index < plan.templates.size() ? &plan.templates[index] : nullptr;
}

const Argument *findArgument(const Run &run, const std::string &name) {
  for (const Argument &argument : run.arguments)
    if (argument.name == name) return &argument;
  return nullptr;
}

/// Run arguments that no parameter of the run's templates declares (sema rejects these).
std::vector<const Argument *> strayArguments(const Plan &plan, const Run &run) {
  std::vector<const Argument *> stray;
  for (const Argument &argument : run.arguments) {
    bool declared = false;
    for (size_t index : run.templates)
      if (const Template *t = templateAt(plan, index))
        for (const Parameter &p : t->parameters) declared |= p.name == argument.name;
    if (!declared) stray.push_back(&argument);
  }
  return stray;
}

/// `success-rate(service: "checkout", threshold: 0.95 (default)), latency()`: each template with
/// the arguments it receives, parameter defaults marked.
std::string runCallText(const Plan &plan, const Run &run) {
  std::vector<std::string> calls;
  for (size_t index : run.templates) {
    const Template *t = templateAt(plan, index);
    if (!t) {
      calls.push_back(fmt::format("<template #{} out of range>", index));
      continue;
    }
    std::vector<std::string> args;
    for (const Parameter &p : t->parameters) {
      if (const Argument *argument = findArgument(run, p.name))
        args.push_back(fmt::format("{}: {}", p.name, argumentText(*argument)));
      else if (p.defaultValue)
        args.push_back(fmt::format("{}: {} (default)", p.name, valueText(*p.defaultValue)));
      else if (p.secret)
        args.push_back(fmt::format("{}: secret {} key {}", p.name, quote(p.secret->name), quote(p.secret->key)));
      else
        args.push_back(fmt::format("{}: <missing>", p.name));
    }
    calls.push_back(fmt::format("{}({})", t->name, fmt::join(args, ", ")));
  }
  std::string text = calls.empty() ? "<no templates>" : fmt::format("{}", fmt::join(calls, ", "));
  std::vector<const Argument *> stray = strayArguments(plan, run);
  if (!stray.empty()) {
    std::vector<std::string> args;
    for (const Argument *argument : stray)
      args.push_back(fmt::format("{}: {}", argument->name, argumentText(*argument)));
    text += fmt::format(" (undeclared arguments: {})", fmt::join(args, ", "));
  }
  return text;
}

std::string runLineText(const Plan &plan, const Run &run) {
  return fmt::format("{} [run kind {}]", runCallText(plan, run), runKindName(run.kind));
}

std::string rollbackText(const RollbackAction &action) {
  switch (action.kind) {
  case RollbackAction::Kind::Abort: return "abort";
  case RollbackAction::Kind::UndoPrevious: return "undo to previous revision";
  case RollbackAction::Kind::UndoRevision:
    return fmt::format("undo to revision {}", action.revision);
  }
  return "abort";
}

std::string_view rollbackName(RollbackAction::Kind kind) {
  switch (kind) {
  case RollbackAction::Kind::Abort: return "abort";
  case RollbackAction::Kind::UndoPrevious: return "undo_previous";
  case RollbackAction::Kind::UndoRevision: return "undo_revision";
  }
  return "abort";
}

/// The rollout's own "abort" when nothing was written (the action then has no source range).
bool rollbackIsDefault(const RollbackAction &action) {
  return action.kind == RollbackAction::Kind::Abort && !action.range.valid();
}

std::vector<Notification> sortedNotifications(const Plan &plan) {
  std::vector<Notification> sorted = plan.notifications;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Notification &a, const Notification &b) {
    return std::tie(a.trigger, a.service, a.recipient) <
           std::tie(b.trigger, b.service, b.recipient);
  });
  return sorted;
}

std::vector<std::string> splitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (true) {
    size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

//===-- Text form
//------------------------------------------------------------------------------===//

class TextPrinter {
public:
  TextPrinter(const Plan &plan, const SourceManager &sources) : plan_(plan), sources_(sources) {}

  std::string run() {
    printRollout();
    if (plan_.strategy == Strategy::Canary)
      printCanary(plan_.canary);
    else
      printBlueGreen(plan_.blueGreen);
    printTemplates();
    return std::move(out_);
  }

private:
  void line(int depth, std::string_view text, SourceRange range = {}) {
    out_.append(static_cast<size_t>(depth) * 2, ' ');
    out_ += text;
    if (auto where = location(range, sources_)) {
      out_ += " @";
      out_ += *where;
    }
    out_ += '\n';
  }

  void printRollout() {
    line(0, fmt::format("rollout {}", plan_.rollout), plan_.range);
    line(1,
         fmt::format("strategy {}", plan_.strategy == Strategy::Canary ? "canary" : "bluegreen"));
    auto replicas = orDefault(plan_.replicas, kDefaultReplicas);
    line(1, fmt::format("replicas {}{}", replicas.value, defaultMark(replicas.isDefault)));
    auto deadline = orDefault(plan_.progressDeadlineMs, kDefaultProgressDeadlineMs);
    line(1, fmt::format("progress deadline {}{}", formatDuration(deadline.value),
                        defaultMark(deadline.isDefault)));
    line(1, fmt::format("progress deadline abort {}{}", plan_.progressDeadlineAbort,
                        defaultMark(!plan_.progressDeadlineAbort)));
    auto minReady = orDefault(plan_.minReadyMs, kDefaultMinReadyMs);
    line(1, fmt::format("min ready {}{}", formatDuration(minReady.value),
                        defaultMark(minReady.isDefault)));
    if (plan_.rollbackWindowRevisions)
      line(1, fmt::format("rollback window {} revisions", *plan_.rollbackWindowRevisions));
    else
      line(1, "rollback window none (default)");
    line(1,
         fmt::format("on rollback {}{}", rollbackText(plan_.onRollback),
                     defaultMark(rollbackIsDefault(plan_.onRollback))),
         plan_.onRollback.range);
    if (plan_.workload) {
      const Workload &w = *plan_.workload;
      line(1,
           fmt::format("workload {} {} {}, scale down {}", w.apiVersion, w.kind, quote(w.name),
                       w.scaleDown.empty() ? "never (default)" : w.scaleDown),
           w.range);
    }
    if (!plan_.extra.empty()) line(1, "argo " + compact(plan_.extra));
    if (!plan_.flagger.empty()) line(1, "flagger " + compact(plan_.flagger));
    if (plan_.notifications.empty()) {
      line(1, "notifications none");
    } else {
      line(1, "notifications");
      for (const Notification &n : sortedNotifications(plan_))
        line(2, fmt::format("{} {} {}", n.trigger, n.service, quote(n.recipient)), n.range);
    }
  }

  void printStep(size_t index, size_t width, const Step &step) {
    std::string number = fmt::format("{:>{}}  ", index, width);
    switch (step.kind) {
    case StepKind::SetWeight:
      line(3, number + fmt::format("setWeight {}", step.weight), step.range);
      break;
    case StepKind::Pause: {
      std::string text = step.pauseMs ? fmt::format("pause {}", formatDuration(*step.pauseMs))
                                      : std::string("pause until promoted");
      if (step.promotionTimeoutMs)
        text += fmt::format(" (timeout {}, Rewind)", formatDuration(*step.promotionTimeoutMs));
      else if (!step.pauseMs)
        text += " (no timeout)";
      line(3, number + text, step.range);
      break;
    }
    case StepKind::Analysis:
      if (!step.analysis) {
        line(3, number + "analysis: <missing run>", step.range);
        break;
      }
      line(3, number + "analysis: " + runLineText(plan_, *step.analysis), step.range);
      printRunDetails(4, *step.analysis);
      break;
    case StepKind::Experiment:
      if (!step.experiment) {
        line(3, number + "experiment: <missing>", step.range);
        break;
      }
      printExperiment(number, *step.experiment, step.range);
      break;
    case StepKind::SetCanaryScale:
      switch (step.scale.kind) {
      case CanaryScale::Kind::Replicas:
        line(3, number + fmt::format("setCanaryScale replicas {}", step.scale.replicas), step.range);
        break;
      case CanaryScale::Kind::Weight:
        line(3, number + fmt::format("setCanaryScale weight {}", step.scale.weight), step.range);
        break;
      case CanaryScale::Kind::MatchTrafficWeight:
        line(3, number + "setCanaryScale matchTrafficWeight", step.range);
        break;
      }
      break;
    case StepKind::SetHeaderRoute:
    case StepKind::SetMirrorRoute: {
      std::string text = fmt::format("{} {}", step.kind == StepKind::SetHeaderRoute ? "setHeaderRoute" : "setMirrorRoute",
                                     quote(step.name));
      text += step.config.is_null() ? " (remove)" : " " + compact(step.config);
      line(3, number + text, step.range);
      break;
    }
    case StepKind::Passthrough:
      line(3, number + fmt::format("argo step {} {}", step.name, compact(step.config)), step.range);
      break;
    }
  }

  /// The experiment's completion rule as Argo applies it (experiments/experiment.go).
  static std::string experimentCompletion(const Experiment &e) {
    bool required = std::any_of(e.analyses.begin(), e.analyses.end(),
                                [](const ExperimentAnalysis &a) { return a.requiredForCompletion; });
    if (required) return "completes when every required analysis is Successful";
    if (e.durationMs) return fmt::format("completes after {}", formatDuration(*e.durationMs));
    return "never completes by itself (promote)";
  }

  void printExperiment(const std::string &number, const Experiment &e, SourceRange range) {
    line(3,
         number + fmt::format("experiment {}({})",
                              e.durationMs ? "for " + formatDuration(*e.durationMs) + " " : "",
                              experimentCompletion(e)),
         range);
    for (const ExperimentTemplate &t : e.templates) {
      std::string text = fmt::format("replicaset {} from {}, replicas {}{}", t.name, t.specRef,
                                     t.replicas.value_or(1), defaultMark(!t.replicas));
      if (t.weight) text += fmt::format(", weight {}", *t.weight);
      if (!t.config.empty()) text += " " + compact(t.config);
      line(4, text, t.range);
    }
    for (const ExperimentAnalysis &a : e.analyses) {
      line(4,
           fmt::format("analysis {}{}: {}", a.name, a.requiredForCompletion ? " (required)" : "",
                       runLineText(plan_, a.run)),
           a.range);
      printUnmatchedRule(5, a.run);
    }
    if (!e.dryRunMetrics.empty())
      line(4, fmt::format("dry-run metrics: {}", fmt::join(e.dryRunMetrics, ", ")));
    if (!e.extra.empty()) line(4, "argo " + compact(e.extra));
  }

  void printRunDetails(int depth, const Run &run) {
    if (!run.dryRunMetrics.empty())
      line(depth, fmt::format("dry-run metrics: {}", fmt::join(run.dryRunMetrics, ", ")));
    printUnmatchedRule(depth, run);
  }

  void printUnmatchedRule(int depth, const Run &run) {
    if (run.unmatchedRule)
      line(depth, fmt::format("in Error at creation: Analysis spec invalid: {}", run.unmatchedRule->message),
           run.unmatchedRule->range);
  }

  void printOptionalRun(std::string_view label, const std::optional<Run> &run) {
    if (!run) {
      line(2, fmt::format("{} none", label));
      return;
    }
    line(2, fmt::format("{}: {}", label, runLineText(plan_, *run)), run->range);
    printRunDetails(3, *run);
  }

  void printAbortScaleDown(const std::optional<int64_t> &value) {
    auto abort = effectiveAbortScaleDown(value);
    if (!abort.value)
      line(2, "abort scale-down never");
    else
      line(2, fmt::format("abort scale-down after {}{}", formatDuration(*abort.value),
                          defaultMark(abort.isDefault)));
  }

  void printCanary(const Canary &canary) {
    line(1, "canary", canary.range);
    if (canary.steps.empty()) {
      line(2, "steps none");
    } else {
      line(2, "steps");
      size_t width = fmt::format("{}", canary.steps.size() - 1).size();
      for (size_t i = 0; i < canary.steps.size(); ++i) printStep(i, width, canary.steps[i]);
    }
    for (const IrreversibleMark &mark : plan_.irreversible)
      line(2, fmt::format("irreversible before step {}: {}", mark.stepIndex, quote(mark.note)),
           mark.range);
    if (canary.background) {
      bool isDefault = canary.backgroundStartingStep == 0;
      line(2,
           fmt::format("background analysis from step {}{}: {}", canary.backgroundStartingStep,
                       defaultMark(isDefault), runLineText(plan_, *canary.background)),
           canary.background->range);
      printRunDetails(3, *canary.background);
    } else {
      line(2, "background analysis none");
    }
    line(2, fmt::format("stable service {}",
                        canary.stableService.empty() ? "none" : canary.stableService));
    line(2, fmt::format("canary service {}",
                        canary.canaryService.empty() ? "none" : canary.canaryService));
    if (canary.trafficRouter.empty())
      line(2, "traffic routing none (basic canary)");
    else
      line(2, fmt::format("traffic routing {} {}", canary.trafficRouter,
                          compact(canary.trafficRouting)));
    auto surge = effectiveQuantity(canary.maxSurge);
    line(2, fmt::format("max surge {}{}", surge.value, defaultMark(surge.isDefault)));
    auto unavailable = effectiveQuantity(canary.maxUnavailable);
    line(2, fmt::format("max unavailable {}{}", unavailable.value,
                        defaultMark(unavailable.isDefault)));
    line(2, fmt::format("dynamic stable scale {}{}", canary.dynamicStableScale,
                        defaultMark(!canary.dynamicStableScale)));
    printAbortScaleDown(canary.abortScaleDownDelayMs);
    auto scaleDown = effectiveCanaryScaleDown(canary);
    if (scaleDown.value)
      line(2, fmt::format("scale-down delay {}{}", formatDuration(*scaleDown.value),
                          defaultMark(scaleDown.isDefault)));
    else
      line(2, "scale-down delay none (default; no traffic routing)");
    if (!canary.extra.empty()) line(2, "argo " + compact(canary.extra));
  }

  void printBlueGreen(const BlueGreen &bg) {
    line(1, "bluegreen", bg.range);
    line(2, fmt::format("active service {}",
                        bg.activeService.empty() ? "<missing>" : bg.activeService));
    line(2,
         fmt::format("preview service {}", bg.previewService.empty() ? "none" : bg.previewService));
    if (bg.previewReplicas)
      line(2, fmt::format("preview replicas {}", *bg.previewReplicas));
    else
      line(2, fmt::format("preview replicas {} (default; all replicas)",
                          plan_.replicas.value_or(kDefaultReplicas)));
    line(2, fmt::format("auto promotion enabled {}{}", bg.autoPromotionEnabled,
                        defaultMark(bg.autoPromotionEnabled)));
    line(2, fmt::format("auto-promotion delay {}{}", formatDuration(bg.autoPromotionDelayMs),
                        defaultMark(bg.autoPromotionDelayMs == 0)));
    if (bg.promotionTimeoutMs)
      line(2, fmt::format("promotion timeout {} (Rewind)", formatDuration(*bg.promotionTimeoutMs)));
    else
      line(2, "promotion timeout none (Rewind)");
    printOptionalRun("pre-promotion analysis", bg.prePromotion);
    printOptionalRun("post-promotion analysis", bg.postPromotion);
    auto scaleDown = orDefault(bg.scaleDownDelayMs, kDefaultScaleDownDelayMs);
    line(2, fmt::format("scale-down delay {}{}", formatDuration(scaleDown.value),
                        defaultMark(scaleDown.isDefault)));
    printAbortScaleDown(bg.abortScaleDownDelayMs);
    for (const IrreversibleMark &mark : plan_.irreversible)
      line(2, fmt::format("irreversible at promotion: {}", quote(mark.note)), mark.range);
    if (!bg.extra.empty()) line(2, "argo " + compact(bg.extra));
  }

  void printTemplates() {
    if (plan_.templates.empty()) {
      line(1, "templates none");
      return;
    }
    line(1, "templates");
    for (const Template &t : plan_.templates) {
      line(2, fmt::format("{}template {}", t.cluster ? "cluster " : "", t.name), t.range);
      if (t.parameters.empty()) {
        line(3, "parameters none");
      } else {
        line(3, "parameters");
        for (const Parameter &p : t.parameters) {
          std::string text = fmt::format("{}: {}", p.name, paramTypeName(p.type));
          if (p.defaultValue) text += " = " + valueText(*p.defaultValue);
          if (p.secret)
            text += fmt::format(" = secret {} key {}", quote(p.secret->name), quote(p.secret->key));
          line(4, text, p.range);
        }
      }
      for (const Metric &m : t.metrics) printMetric(m);
    }
  }

  void printLimit(std::string_view label, const std::optional<int64_t> &value, int64_t fallback,
                  std::string_view meaning = {}) {
    auto limit = orDefault(value, fallback);
    std::string notes;
    if (limit.isDefault) notes = "default";
    if (!meaning.empty())
      notes += notes.empty() ? std::string(meaning) : "; " + std::string(meaning);
    line(4, fmt::format("{} {}{}", label, limit.value, notes.empty() ? "" : " (" + notes + ")"));
  }

  void printMetric(const Metric &m) {
    line(3, fmt::format("metric {}", m.name), m.range);
    line(4, fmt::format("provider {}", m.provider.kind), m.provider.range);
    if (!m.provider.address.empty()) line(5, fmt::format("address {}", quote(m.provider.address)));
    if (!m.provider.query.empty()) {
      std::vector<std::string> lines = splitLines(m.provider.query);
      if (lines.size() == 1) {
        line(5, "query: " + lines.front());
      } else {
        line(5, "query:");
        for (const std::string &text : lines) {
          if (text.empty())
            out_ += '\n'; // no trailing whitespace on blank query lines
          else
            line(6, text);
        }
      }
    }
    if (!m.provider.config.empty()) line(5, "config " + compact(m.provider.config));
    line(4, fmt::format("result {}", resultShapeName(m.shape)));
    line(4, fmt::format("unit {}", m.unit.empty() ? "none" : m.unit));
    for (const TextSetting &setting : m.textSettings)
      line(4, fmt::format("{} {} (text: resolved by each run)", setting.field, quote(setting.text)), setting.range);
    if (!textSetting(m, "interval"))
      line(4, m.intervalMs ? fmt::format("interval {}", formatDuration(*m.intervalMs))
                           : std::string("interval none"));
    if (textSetting(m, "count") || textSetting(m, "interval")) {
      // The effective count depends on what each run resolves.
    } else if (m.count && *m.count > 0)
      line(4, fmt::format("count {}", *m.count));
    else if (m.intervalMs)
      line(4, "count unbounded (interval, no count)");
    else
      line(4, "count 1 (effective; no interval)");
    auto delay = orDefault(m.initialDelayMs, kDefaultInitialDelayMs);
    if (!textSetting(m, "initialDelay"))
      line(4, fmt::format("initial delay {}{}", formatDuration(delay.value), defaultMark(delay.isDefault)));
    if (m.successText.empty())
      line(4, "success when (none)");
    else
      line(4, "success when " + m.successText, m.successRange);
    if (m.failureText.empty())
      line(4, "failure when (none)");
    else
      line(4, "failure when " + m.failureText, m.failureRange);
    bool failureDisabled = m.failureLimit && *m.failureLimit == -1;
    if (!textSetting(m, "failureLimit"))
      printLimit("failure limit", m.failureLimit, kDefaultFailureLimit, failureDisabled ? "disabled" : "");
    if (!textSetting(m, "inconclusiveLimit"))
      printLimit("inconclusive limit", m.inconclusiveLimit, kDefaultInconclusiveLimit);
    if (!textSetting(m, "consecutiveErrorLimit"))
      printLimit("consecutive error limit", m.consecutiveErrorLimit, kDefaultConsecutiveErrorLimit);
    bool streakDisabled = m.consecutiveSuccessLimit.value_or(kDefaultConsecutiveSuccessLimit) == 0;
    if (!textSetting(m, "consecutiveSuccessLimit"))
      printLimit("consecutive success limit", m.consecutiveSuccessLimit, kDefaultConsecutiveSuccessLimit,
                 streakDisabled ? "disabled" : "");
    for (const Provider &extra : m.extraProviders)
      line(4, fmt::format("another provider {} (Argo puts every run in Error)", extra.kind), extra.range);
    line(4, fmt::format("dry-run {}{}", m.dryRun, defaultMark(!m.dryRun)));
    auto keep = orDefault(m.keepMeasurements, kDefaultMeasurementsKept);
    line(4, fmt::format("keep measurements {}{}", keep.value, defaultMark(keep.isDefault)));
    if (!m.flagger.empty()) line(4, "flagger " + compact(m.flagger));
  }

  const Plan &plan_;
  const SourceManager &sources_;
  std::string out_;
};

//===-- JSON form
//------------------------------------------------------------------------------===//

/// JSON schema "rewind.plan/v1". Every key is always present, in this order:
///
///   schema, rollout, source, strategy ("canary" | "bluegreen"),
///   replicas, replicas_default, progress_deadline_ms, progress_deadline_default,
///   progress_deadline_abort, min_ready_ms, min_ready_default,
///   rollback_window_revisions (null = none),
///   on_rollback {action (abort | undo_previous | undo_revision), revision, default, source},
///   notifications [{trigger, service, recipient, source}] (sorted),
///   irreversible [{note, step_index | at_promotion, source}],
///   workload ({api_version, kind, name, scale_down (null = Argo's default), source} or null:
///   the backend's default), extra (other Rollout spec fields, verbatim),
///   canary | bluegreen (only the rollout's strategy), templates.
///
///   Steps of the newer kinds: experiment {duration_ms, completion (required | duration |
///   never), templates [{name, spec_ref, replicas, replicas_default, weight, config, source}],
///   analyses [{name, required_for_completion, run, source}], dry_run_metrics, extra};
///   setCanaryScale {replicas | weight | match_traffic_weight}; setHeaderRoute and
///   setMirrorRoute {name, config (null: remove the route)}; passthrough {key, config}.
///   canary and bluegreen end with extra (other strategy fields, verbatim); a template
///   parameter has secret ({name, key} or null).
///
///   canary: source, steps [{index, kind, weight | duration_ms, until_promoted,
///     promotion_timeout_ms | run, source}], background (a run or null), stable_service,
///     canary_service, traffic_routing ({router, config} or null), max_surge, max_surge_default,
///     max_unavailable, max_unavailable_default, dynamic_stable_scale,
///     abort_scale_down_delay_ms, abort_scale_down_delay_default, abort_scale_down_never,
///     scale_down_delay_ms, scale_down_delay_default.
///   bluegreen: source, active_service, preview_service, preview_replicas,
///     preview_replicas_default, auto_promotion_enabled, auto_promotion_enabled_default,
///     auto_promotion_delay_ms, auto_promotion_delay_default, promotion_timeout_ms,
///     pre_promotion, post_promotion (runs or null), scale_down_delay_ms,
///     scale_down_delay_default, abort_scale_down_delay_ms, abort_scale_down_delay_default,
///     abort_scale_down_never.
///   run: kind, templates [names], template_indices, arguments, dry_run_metrics,
///     starting_step + starting_step_default (background runs only), source. The arguments are
///     those the rollout passes ({name, kind (value | stable_hash | latest_hash | field_ref),
///     type + value | value_ms, field_path, default: false, source}), then the parameter
///     defaults the run falls back on (default: true, source = the parameter).
///   templates [{name, cluster, source, parameters [{name, type, default (value object or
///     null), source}], metrics [{name, source, provider {kind, query, address, config, source},
///     result_shape, unit, interval_ms, count (as written), effective_count, count_unbounded,
///     initial_delay_ms, initial_delay_default, success_condition, success_source,
///     failure_condition, failure_source, failure_limit, failure_limit_default,
///     inconclusive_limit, inconclusive_limit_default, consecutive_error_limit,
///     consecutive_error_limit_default, consecutive_success_limit,
///     consecutive_success_limit_default, dry_run, keep_measurements,
///     keep_measurements_default}]}].
///
/// Conventions: a field with an Argo default holds the EFFECTIVE value, followed by
/// `<field>_default` (without any `_ms`) saying whether the value is the default. Durations are
/// integer milliseconds in keys ending `_ms`. null means none: no service, no timeout, an
/// unbounded count, an abort scale-down that never happens (then `abort_scale_down_never` is
/// true). `source` is "path:line" of the op in the policy, or null for an op without a range.
/// A value object is {type (string | number | duration | bool), value | value_ms}.
class JsonBuilder {
public:
  JsonBuilder(const Plan &plan, const SourceManager &sources) : plan_(plan), sources_(sources) {}

  Json build() {
    Json out;
    out["schema"] = "rewind.plan/v1";
    out["rollout"] = plan_.rollout;
    out["source"] = source(plan_.range);
    out["strategy"] = plan_.strategy == Strategy::Canary ? "canary" : "bluegreen";
    putEffective(out, "replicas", orDefault(plan_.replicas, kDefaultReplicas));
    putEffective(out, "progress_deadline_ms", "progress_deadline_default",
                 orDefault(plan_.progressDeadlineMs, kDefaultProgressDeadlineMs));
    out["progress_deadline_abort"] = plan_.progressDeadlineAbort;
    putEffective(out, "min_ready_ms", "min_ready_default",
                 orDefault(plan_.minReadyMs, kDefaultMinReadyMs));
    out["rollback_window_revisions"] = optionalJson(plan_.rollbackWindowRevisions);
    Json rollback;
    rollback["action"] = std::string(rollbackName(plan_.onRollback.kind));
    rollback["revision"] = plan_.onRollback.kind == RollbackAction::Kind::UndoRevision
                               ? Json(plan_.onRollback.revision)
                               : Json(nullptr);
    rollback["default"] = rollbackIsDefault(plan_.onRollback);
    rollback["source"] = source(plan_.onRollback.range);
    out["on_rollback"] = std::move(rollback);
    out["notifications"] = Json::array();
    for (const Notification &n : sortedNotifications(plan_))
      out["notifications"].push_back(Json{{"trigger", n.trigger},
                                          {"service", n.service},
                                          {"recipient", n.recipient},
                                          {"source", source(n.range)}});
    out["irreversible"] = Json::array();
    for (const IrreversibleMark &mark : plan_.irreversible) {
      Json j;
      j["note"] = mark.note;
      if (plan_.strategy == Strategy::Canary)
        j["step_index"] = mark.stepIndex;
      else
        j["at_promotion"] = true;
      j["source"] = source(mark.range);
      out["irreversible"].push_back(std::move(j));
    }
    if (plan_.workload) {
      const Workload &w = *plan_.workload;
      out["workload"] = Json{{"api_version", w.apiVersion},
                             {"kind", w.kind},
                             {"name", w.name},
                             {"scale_down", w.scaleDown.empty() ? Json(nullptr) : Json(w.scaleDown)},
                             {"source", source(w.range)}};
    } else {
      out["workload"] = nullptr;
    }
    out["extra"] = plan_.extra;
    if (!plan_.flagger.empty()) out["flagger"] = plan_.flagger;
    if (plan_.strategy == Strategy::Canary)
      out["canary"] = canary(plan_.canary);
    else
      out["bluegreen"] = blueGreen(plan_.blueGreen);
    out["templates"] = Json::array();
    for (const Template &t : plan_.templates) out["templates"].push_back(templateJson(t));
    return out;
  }

private:
  Json source(SourceRange range) const { return sourceJson(range, sources_); }

  static Json optionalJson(const std::optional<int64_t> &value) {
    return value ? Json(*value) : Json(nullptr);
  }

  static void putEffective(Json &out, const std::string &key, const Effective<int64_t> &value) {
    putEffective(out, key, key + "_default", value);
  }
  static void putEffective(Json &out, const std::string &key, const std::string &defaultKey,
                           const Effective<int64_t> &value) {
    out[key] = value.value;
    out[defaultKey] = value.isDefault;
  }
  static void putEffective(Json &out, const std::string &key, const std::string &defaultKey,
                           const Effective<std::optional<int64_t>> &value) {
    out[key] = optionalJson(value.value);
    out[defaultKey] = value.isDefault;
  }

  /// `startingStep` is set for a background run only.
  Json runJson(const Run &run, std::optional<int32_t> startingStep = std::nullopt) const {
    Json out;
    out["kind"] = std::string(runKindName(run.kind));
    out["templates"] = Json::array();
    out["template_indices"] = Json::array();
    for (size_t index : run.templates) {
      const Template *t = templateAt(plan_, index);
      out["templates"].push_back(t ? Json(t->name) : Json(nullptr));
      out["template_indices"].push_back(index);
    }
    out["arguments"] = Json::array();
    for (const Argument &argument : run.arguments) {
      Json a;
      a["name"] = argument.name;
      switch (argument.kind) {
      case Argument::Kind::Value:
        a["kind"] = "value";
        putValue(a, argument.value);
        break;
      case Argument::Kind::StableHash: a["kind"] = "stable_hash"; break;
      case Argument::Kind::LatestHash: a["kind"] = "latest_hash"; break;
      case Argument::Kind::FieldRef:
        a["kind"] = "field_ref";
        a["field_path"] = argument.fieldPath;
        break;
      }
      a["default"] = false;
      a["source"] = source(argument.range);
      out["arguments"].push_back(std::move(a));
    }
    std::vector<std::string> seen;
    for (size_t index : run.templates) {
      const Template *t = templateAt(plan_, index);
      if (!t) continue;
      for (const Parameter &p : t->parameters) {
        if (!p.defaultValue || findArgument(run, p.name) ||
            std::find(seen.begin(), seen.end(), p.name) != seen.end())
          continue;
        seen.push_back(p.name);
        Json a;
        a["name"] = p.name;
        a["kind"] = "value";
        putValue(a, *p.defaultValue);
        a["default"] = true;
        a["source"] = source(p.range);
        out["arguments"].push_back(std::move(a));
      }
    }
    out["dry_run_metrics"] = run.dryRunMetrics;
    if (run.unmatchedRule) out["unmatched_rule"] = run.unmatchedRule->message;
    if (startingStep) {
      out["starting_step"] = *startingStep;
      out["starting_step_default"] = *startingStep == 0;
    }
    out["source"] = source(run.range);
    return out;
  }

  Json optionalRun(const std::optional<Run> &run) const {
    return run ? runJson(*run) : Json(nullptr);
  }

  Json stepJson(size_t index, const Step &step) const {
    Json out;
    out["index"] = index;
    switch (step.kind) {
    case StepKind::SetWeight:
      out["kind"] = "setWeight";
      out["weight"] = step.weight;
      break;
    case StepKind::Pause:
      out["kind"] = "pause";
      out["duration_ms"] = optionalJson(step.pauseMs); // null: until promoted
      out["until_promoted"] = !step.pauseMs.has_value();
      out["promotion_timeout_ms"] = optionalJson(step.promotionTimeoutMs); // Rewind's own
      break;
    case StepKind::Analysis:
      out["kind"] = "analysis";
      out["run"] = optionalRun(step.analysis);
      break;
    case StepKind::Experiment:
      out["kind"] = "experiment";
      out["experiment"] = step.experiment ? experimentJson(*step.experiment) : Json(nullptr);
      break;
    case StepKind::SetCanaryScale:
      out["kind"] = "setCanaryScale";
      switch (step.scale.kind) {
      case CanaryScale::Kind::Replicas: out["replicas"] = step.scale.replicas; break;
      case CanaryScale::Kind::Weight: out["weight"] = step.scale.weight; break;
      case CanaryScale::Kind::MatchTrafficWeight: out["match_traffic_weight"] = true; break;
      }
      break;
    case StepKind::SetHeaderRoute:
    case StepKind::SetMirrorRoute:
      out["kind"] = step.kind == StepKind::SetHeaderRoute ? "setHeaderRoute" : "setMirrorRoute";
      out["name"] = step.name;
      out["config"] = step.config;
      break;
    case StepKind::Passthrough:
      out["kind"] = "passthrough";
      out["key"] = step.name;
      out["config"] = step.config;
      break;
    }
    out["source"] = source(step.range);
    return out;
  }

  Json experimentJson(const Experiment &e) const {
    Json out;
    out["duration_ms"] = optionalJson(e.durationMs);
    bool required = std::any_of(e.analyses.begin(), e.analyses.end(),
                                [](const ExperimentAnalysis &a) { return a.requiredForCompletion; });
    out["completion"] = required ? "required" : e.durationMs ? "duration" : "never";
    out["templates"] = Json::array();
    for (const ExperimentTemplate &t : e.templates)
      out["templates"].push_back(Json{{"name", t.name},
                                      {"spec_ref", t.specRef},
                                      {"replicas", t.replicas.value_or(1)},
                                      {"replicas_default", !t.replicas.has_value()},
                                      {"weight", t.weight ? Json(*t.weight) : Json(nullptr)},
                                      {"config", t.config},
                                      {"source", source(t.range)}});
    out["analyses"] = Json::array();
    for (const ExperimentAnalysis &a : e.analyses)
      out["analyses"].push_back(Json{{"name", a.name},
                                     {"required_for_completion", a.requiredForCompletion},
                                     {"run", runJson(a.run)},
                                     {"source", source(a.range)}});
    out["dry_run_metrics"] = e.dryRunMetrics;
    out["extra"] = e.extra;
    out["source"] = source(e.range);
    return out;
  }

  Json canary(const Canary &canary) const {
    Json out;
    out["source"] = source(canary.range);
    out["steps"] = Json::array();
    for (size_t i = 0; i < canary.steps.size(); ++i)
      out["steps"].push_back(stepJson(i, canary.steps[i]));
    out["background"] = canary.background
                            ? runJson(*canary.background, canary.backgroundStartingStep)
                            : Json(nullptr);
    out["stable_service"] =
        canary.stableService.empty() ? Json(nullptr) : Json(canary.stableService);
    out["canary_service"] =
        canary.canaryService.empty() ? Json(nullptr) : Json(canary.canaryService);
    if (canary.trafficRouter.empty())
      out["traffic_routing"] = nullptr;
    else
      out["traffic_routing"] =
          Json{{"router", canary.trafficRouter}, {"config", canary.trafficRouting}};
    auto surge = effectiveQuantity(canary.maxSurge);
    out["max_surge"] = surge.value;
    out["max_surge_default"] = surge.isDefault;
    auto unavailable = effectiveQuantity(canary.maxUnavailable);
    out["max_unavailable"] = unavailable.value;
    out["max_unavailable_default"] = unavailable.isDefault;
    out["dynamic_stable_scale"] = canary.dynamicStableScale;
    putAbortScaleDown(out, canary.abortScaleDownDelayMs);
    putEffective(out, "scale_down_delay_ms", "scale_down_delay_default",
                 effectiveCanaryScaleDown(canary));
    out["extra"] = canary.extra;
    return out;
  }

  static void putAbortScaleDown(Json &out, const std::optional<int64_t> &value) {
    auto abort = effectiveAbortScaleDown(value);
    putEffective(out, "abort_scale_down_delay_ms", "abort_scale_down_delay_default", abort);
    out["abort_scale_down_never"] = !abort.value.has_value();
  }

  Json blueGreen(const BlueGreen &bg) const {
    Json out;
    out["source"] = source(bg.range);
    out["active_service"] = bg.activeService;
    out["preview_service"] = bg.previewService.empty() ? Json(nullptr) : Json(bg.previewService);
    putEffective(out, "preview_replicas", "preview_replicas_default",
                 orDefault(bg.previewReplicas, plan_.replicas.value_or(kDefaultReplicas)));
    out["auto_promotion_enabled"] = bg.autoPromotionEnabled;
    out["auto_promotion_enabled_default"] = bg.autoPromotionEnabled;
    out["auto_promotion_delay_ms"] = bg.autoPromotionDelayMs;
    out["auto_promotion_delay_default"] = bg.autoPromotionDelayMs == 0;
    out["promotion_timeout_ms"] = optionalJson(bg.promotionTimeoutMs); // Rewind's own
    out["pre_promotion"] = optionalRun(bg.prePromotion);
    out["post_promotion"] = optionalRun(bg.postPromotion);
    putEffective(out, "scale_down_delay_ms", "scale_down_delay_default",
                 orDefault(bg.scaleDownDelayMs, kDefaultScaleDownDelayMs));
    putAbortScaleDown(out, bg.abortScaleDownDelayMs);
    out["extra"] = bg.extra;
    return out;
  }

  Json templateJson(const Template &t) const {
    Json out;
    out["name"] = t.name;
    out["cluster"] = t.cluster;
    out["source"] = source(t.range);
    out["parameters"] = Json::array();
    for (const Parameter &p : t.parameters) {
      Json param;
      param["name"] = p.name;
      param["type"] = std::string(paramTypeName(p.type));
      if (p.defaultValue) {
        Json value;
        putValue(value, *p.defaultValue);
        param["default"] = std::move(value);
      } else {
        param["default"] = nullptr;
      }
      param["secret"] = p.secret ? Json{{"name", p.secret->name}, {"key", p.secret->key}} : Json(nullptr);
      param["source"] = source(p.range);
      out["parameters"].push_back(std::move(param));
    }
    out["metrics"] = Json::array();
    for (const Metric &m : t.metrics) out["metrics"].push_back(metricJson(m));
    return out;
  }

  Json metricJson(const Metric &m) const {
    Json out;
    out["name"] = m.name;
    out["source"] = source(m.range);
    out["provider"] =
        Json{{"kind", m.provider.kind},
             {"query", m.provider.query.empty() ? Json(nullptr) : Json(m.provider.query)},
             {"address", m.provider.address.empty() ? Json(nullptr) : Json(m.provider.address)},
             {"config", m.provider.config},
             {"source", source(m.provider.range)}};
    out["result_shape"] = std::string(resultShapeName(m.shape));
    out["unit"] = m.unit.empty() ? Json(nullptr) : Json(m.unit);
    out["interval_ms"] = optionalJson(m.intervalMs);
    out["count"] = optionalJson(m.count);
    out["effective_count"] = optionalJson(m.effectiveCount()); // null: unbounded
    out["count_unbounded"] = !m.effectiveCount().has_value();
    putEffective(out, "initial_delay_ms", "initial_delay_default",
                 orDefault(m.initialDelayMs, kDefaultInitialDelayMs));
    out["success_condition"] = m.successText.empty() ? Json(nullptr) : Json(m.successText);
    out["success_source"] = source(m.successRange);
    out["failure_condition"] = m.failureText.empty() ? Json(nullptr) : Json(m.failureText);
    out["failure_source"] = source(m.failureRange);
    putEffective(out, "failure_limit", orDefault(m.failureLimit, kDefaultFailureLimit));
    putEffective(out, "inconclusive_limit",
                 orDefault(m.inconclusiveLimit, kDefaultInconclusiveLimit));
    putEffective(out, "consecutive_error_limit",
                 orDefault(m.consecutiveErrorLimit, kDefaultConsecutiveErrorLimit));
    putEffective(out, "consecutive_success_limit",
                 orDefault(m.consecutiveSuccessLimit, kDefaultConsecutiveSuccessLimit));
    out["dry_run"] = m.dryRun;
    putEffective(out, "keep_measurements", orDefault(m.keepMeasurements, kDefaultMeasurementsKept));
    if (!m.flagger.empty()) out["flagger"] = m.flagger;
    if (!m.textSettings.empty()) {
      out["text_settings"] = Json::object();
      for (const TextSetting &setting : m.textSettings) out["text_settings"][setting.field] = setting.text;
    }
    if (!m.extraProviders.empty()) {
      out["extra_providers"] = Json::array();
      for (const Provider &extra : m.extraProviders) out["extra_providers"].push_back(extra.kind);
    }
    return out;
  }

  const Plan &plan_;
  const SourceManager &sources_;
};

} // namespace

std::string printPlan(const Plan &plan, const SourceManager &sources) {
  return TextPrinter(plan, sources).run();
}

nlohmann::ordered_json planToJson(const Plan &plan, const SourceManager &sources) {
  return JsonBuilder(plan, sources).build();
}

} // namespace rwd::plan
