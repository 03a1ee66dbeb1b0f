// This file implements one AnalysisRun with Argo's exact semantics (analysis/analysis.go).
#include "runtime/analysis_run.h"

#include "runtime/measurement_eval.h"
#include "runtime/run_spec.h"

#include <fmt/format.h>
#include <string_view>

namespace rwd::runtime {

namespace {

Value argumentValue(const plan::Value &value) {
  switch (value.type) {
  case plan::ParamType::Number: {
    // Argo substitutes the text into the condition: `5` is an int literal there, `0.5` a float.
    std::string_view digits = value.text;
    if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) digits.remove_prefix(1);
    bool integer = !digits.empty() && digits.size() <= 18 &&
                   digits.find_first_not_of("0123456789") == std::string_view::npos;
    if (integer) return Value::integer(static_cast<int64_t>(value.number));
    return Value::number(value.number);
  }
  case plan::ParamType::Bool: return Value::boolean(value.boolean);
  case plan::ParamType::String:
  case plan::ParamType::Duration: return Value::string(value.text);
  }
  return Value::string(value.text);
}

/// Job and Kayenta decide the phase themselves (argo-semantics §2.1). A trace records a job as 1
/// (complete) or 0 (failed), and a Kayenta canary score.
std::pair<Phase, std::string> providerDecidedPhase(const plan::Metric &metric, const Value &result) {
  if (result.isNil() || (result.isList() && result.asList().empty()))
    return {Phase::Error, "no result recorded for this measurement"};
  double value = result.isList() ? result.asList().front().toDouble() : result.toDouble();
  if (metric.provider.kind == "job") {
    if (value == 1) return {Phase::Successful, ""};
    if (value == 0) return {Phase::Failed, "job failed"};
    return {Phase::Inconclusive, "job did not start its pods"};
  }
  // kayenta: score >= pass ⇒ Successful; marginal <= score < pass ⇒ Inconclusive; else Failed.
  const auto &threshold = metric.provider.config.value("threshold", plan::Config::object());
  double pass = threshold.value("pass", 0.0), marginal = threshold.value("marginal", 0.0);
  if (value >= pass) return {Phase::Successful, ""};
  if (value >= marginal) return {Phase::Inconclusive, ""};
  return {Phase::Failed, ""};
}

} // namespace

std::pair<Phase, std::string> assessMetric(const MetricState &state, bool terminating) {
  if (isCompleted(state.phase)) return {state.phase, state.message};
  if (state.measurements == 0) return {terminating ? Phase::Successful : Phase::Pending, ""};
  const plan::Metric &metric = state.resolved();
  Phase phase = Phase::Pending;
  std::string message;
  int64_t failureLimit = metric.failureLimit.value_or(0);
  if (failureLimit >= 0 && state.failed > failureLimit) {
    phase = Phase::Failed;
    message = fmt::format("failed ({}) > failureLimit ({})", state.failed, failureLimit);
  }
  int64_t inconclusiveLimit = metric.inconclusiveLimit.value_or(0);
  if (state.inconclusive > inconclusiveLimit) {
    phase = Phase::Inconclusive;
    message = fmt::format("inconclusive ({}) > inconclusiveLimit ({})", state.inconclusive, inconclusiveLimit);
  }
  int64_t errorLimit = metric.consecutiveErrorLimit.value_or(kDefaultConsecutiveErrorLimit);
  if (state.consecutiveError > errorLimit) {
    phase = Phase::Error;
    message = fmt::format("consecutiveErrors ({}) > consecutiveErrorLimit ({})", state.consecutiveError,
                          errorLimit);
  }
  if (phase != Phase::Pending) return {phase, message}; // later checks override earlier ones
  int64_t successLimit = metric.consecutiveSuccessLimit.value_or(0);
  if (successLimit > 0 && state.consecutiveSuccess >= successLimit)
    return {Phase::Successful, fmt::format("consecutiveSuccess ({}) >= consecutiveSuccessLimit ({})",
                                           state.consecutiveSuccess, successLimit)};
  std::optional<int64_t> effective = metric.effectiveCount();
  if (effective && state.count >= *effective) {
    bool failureApplicable = !metric.failureLimit || failureLimit >= 0;
    bool successApplicable = successLimit > 0;
    if (failureApplicable && successApplicable)
      return {Phase::Inconclusive, fmt::format("count ({}) reached without consecutiveSuccessLimit ({})",
                                               state.count, successLimit)};
    if (successApplicable)
      return {Phase::Failed, fmt::format("count ({}) reached without consecutiveSuccessLimit ({})",
                                         state.count, successLimit)};
    return {Phase::Successful, ""};
  }
  if (terminating) return {Phase::Successful, ""};
  return {Phase::Running, ""};
}

AnalysisRun::AnalysisRun(const plan::Plan &plan, const plan::Run &run, std::string label,
                         int64_t startMs, bool recordTimeline)
    : run_(&run), label_(std::move(label)), startMs_(startMs), recordTimeline_(recordTimeline) {
  // Arguments: template defaults, then the rollout's values (Argo MergeArgs).
  std::map<std::string, std::string> argText;
  for (size_t index : run.templates)
    for (const plan::Parameter &p : plan.templates[index].parameters)
      if (p.defaultValue && !args_.count(p.name)) {
        args_[p.name] = argumentValue(*p.defaultValue);
        argText[p.name] = p.defaultValue->text;
      }
  for (const plan::Argument &a : run.arguments) {
    std::string text;
    switch (a.kind) {
    case plan::Argument::Kind::Value: text = a.value.text; break;
    case plan::Argument::Kind::StableHash: text = "<stable-pod-template-hash>"; break;
    case plan::Argument::Kind::LatestHash: text = "<latest-pod-template-hash>"; break;
    case plan::Argument::Kind::FieldRef: text = "<" + a.fieldPath + ">"; break;
    }
    args_[a.name] = a.kind == plan::Argument::Kind::Value ? argumentValue(a.value) : Value::string(text);
    argText[a.name] = text;
  }
  RunSpec spec = resolveRunSpec(plan, run, argText);
  resolved_ = std::move(spec.metrics);
  specError_ = std::move(spec.error);
  for (size_t i = 0; i < resolved_.size(); ++i) {
    const plan::Metric &metric = resolved_[i];
    MetricState state;
    state.metric = spec.sources[i];
    state.settings = &metric;
    state.templateName = spec.templateNames[i];
    state.query = substituteArgs(metric.provider.query, argText);
    // Argo quotes the condition as written in the manifest (a YAML condition verbatim).
    state.successText =
        substituteArgs(metric.successWritten.empty() ? metric.successText : metric.successWritten, argText);
    state.failureText =
        substituteArgs(metric.failureWritten.empty() ? metric.failureText : metric.failureWritten, argText);
    state.dryRun = metric.dryRun;
    for (const std::string &name : run.dryRunMetrics) state.dryRun |= name == metric.name;
    if (!specError_) state.nextAtMs = startMs + metric.initialDelayMs.value_or(0);
    metrics_.push_back(std::move(state));
  }
}

std::optional<int64_t> AnalysisRun::nextDueMs() const {
  if (completed() || terminated_) return std::nullopt;
  if (specError_) return startMs_;
  std::optional<int64_t> next;
  for (const MetricState &m : metrics_)
    if (!isCompleted(m.phase) && m.nextAtMs && (!next || *m.nextAtMs < *next)) next = m.nextAtMs;
  return next;
}

TimelineEntry AnalysisRun::entry(int64_t tMs, EntryKind kind) const {
  TimelineEntry e;
  e.tMs = tMs;
  e.kind = kind;
  e.run = label_;
  e.origin = run_->range;
  return e;
}

bool AnalysisRun::advance(int64_t tMs, MetricSource &source, std::vector<TimelineEntry> &timeline,
                          std::string &failure) {
  if (completed() || terminated_) return true;
  if (specError_) {
    // The controller validates the spec before any measurement and ends the run in Error with
    // no metric result (reconcileAnalysisRun).
    phase_ = Phase::Error;
    message_ = *specError_;
    if (!recordTimeline_) return true;
    TimelineEntry e = entry(tMs, EntryKind::AnalysisEnd);
    e.phase = phase_;
    e.message = message_;
    timeline.push_back(std::move(e));
    return true;
  }
  bool measured = false;
  for (MetricState &state : metrics_) {
    if (isCompleted(state.phase) || !state.nextAtMs || *state.nextAtMs > tMs) continue;
    MeasurementRequest request{*state.metric, state.templateName, state.query, tMs};
    ProviderResult response = source.measure(request);
    if (response.status == ProviderResult::Status::ToolFailure) {
      failure = response.message;
      return false;
    }
    measure(state, tMs, response, timeline);
    measured = true;
  }
  if (measured) assess(tMs, false, timeline);
  return true;
}

void AnalysisRun::measure(MetricState &state, int64_t tMs, const ProviderResult &response,
                          std::vector<TimelineEntry> &timeline) {
  const plan::Metric &metric = *state.metric;
  Phase phase;
  std::string message;
  if (response.status == ProviderResult::Status::ProviderError) {
    phase = Phase::Error;
    message = response.message;
  } else if (metric.shape == plan::ResultShape::None) {
    std::tie(phase, message) = providerDecidedPhase(metric, response.result);
  } else {
    // Metric providers hand expr-lang a []float64; decoded JSON is a []interface {}.
    ResultListType lists = metric.shape == plan::ResultShape::Dynamic ? ResultListType::Any
                                                                      : ResultListType::Float64;
    MeasurementVerdict verdict = evaluateMeasurement(
        ConditionSpec{metric.success.get(), state.successText, metric.successCompileError, &state.successCompiled},
        ConditionSpec{metric.failure.get(), state.failureText, metric.failureCompileError, &state.failureCompiled},
        response.result, args_, lists);
    phase = verdict.phase;
    message = verdict.message;
  }
  // Counters (argo-semantics §2.2): an Error never consumes `count`.
  switch (phase) {
  case Phase::Successful:
    ++state.count, ++state.successful, ++state.consecutiveSuccess;
    state.consecutiveError = 0;
    break;
  case Phase::Failed:
    ++state.count, ++state.failed;
    state.consecutiveError = state.consecutiveSuccess = 0;
    break;
  case Phase::Inconclusive:
    ++state.count, ++state.inconclusive;
    state.consecutiveError = state.consecutiveSuccess = 0;
    break;
  default:
    ++state.errors, ++state.consecutiveError;
    state.consecutiveSuccess = 0;
    break;
  }
  if (recordTimeline_) {
    TimelineEntry e = entry(tMs, EntryKind::Measurement);
    e.analysis = state.templateName;
    e.metric = metric.name;
    e.measurement = state.measurements;
    e.value = response.status == ProviderResult::Status::Ok ? std::optional<Value>(response.result)
                                                            : std::nullopt;
    e.phase = phase;
    e.message = message;
    e.dryRun = state.dryRun;
    e.origin = metric.range;
    timeline.push_back(std::move(e));
  }
  ++state.measurements;
  state.lastValue = response.result;
  state.lastPhase = phase;
  state.lastMessage = message;
  // Scheduling (§2.4): 10 s after an Error, else `interval` after this one; none once count is met.
  const plan::Metric &settings = state.resolved();
  std::optional<int64_t> effective = settings.effectiveCount();
  if (phase == Phase::Error) state.nextAtMs = tMs + kErrorRetryMs;
  else if (effective && state.count >= *effective) state.nextAtMs.reset();
  else if (settings.intervalMs) state.nextAtMs = tMs + *settings.intervalMs;
  else state.nextAtMs.reset();
}

void AnalysisRun::assess(int64_t tMs, bool explicitTerminate, std::vector<TimelineEntry> &timeline) {
  auto settle = [&](MetricState &state, bool terminating) {
    if (isCompleted(state.phase)) return;
    auto [phase, message] = assessMetric(state, terminating);
    if (phase == Phase::Pending && state.measurements > 0) phase = Phase::Running;
    state.phase = phase;
    if (!isCompleted(phase)) return;
    state.message = message;
    state.completedAtMs = tMs;
    state.nextAtMs.reset();
    if (!recordTimeline_) return;
    TimelineEntry e = entry(tMs, EntryKind::MetricEnd);
    e.analysis = state.templateName;
    e.metric = state.metric->name;
    e.phase = phase;
    e.message = message;
    e.dryRun = state.dryRun;
    e.origin = state.metric->range;
    timeline.push_back(std::move(e));
  };
  for (MetricState &state : metrics_)
    if (!(explicitTerminate && state.measurements == 0)) settle(state, explicitTerminate);
  // One Failed/Error/Inconclusive non-dry-run metric terminates the whole run (§2.5).
  bool terminating = explicitTerminate;
  for (const MetricState &state : metrics_)
    if (!state.dryRun && (state.phase == Phase::Failed || state.phase == Phase::Error ||
                          state.phase == Phase::Inconclusive))
      terminating = true;
  if (terminating && !explicitTerminate)
    for (MetricState &state : metrics_) {
      if (state.measurements == 0) continue; // never measured: no result to assess
      settle(state, true);
    }

  std::optional<Phase> worst;
  const MetricState *worstMetric = nullptr;
  bool everythingCompleted = true;
  for (const MetricState &state : metrics_) {
    if (!isCompleted(state.phase)) {
      everythingCompleted = false;
      continue;
    }
    if (state.dryRun) continue;
    if (!worst || isWorse(*worst, state.phase)) {
      worst = state.phase;
      worstMetric = &state;
    }
  }
  Phase runPhase;
  if (terminating) runPhase = worst.value_or(Phase::Successful);
  else if (!everythingCompleted) runPhase = Phase::Running;
  else runPhase = worst.value_or(Phase::Successful);
  if (terminating) terminated_ = true;
  if (!isCompleted(runPhase)) return;
  phase_ = runPhase;
  if (worstMetric && worstMetric->phase != Phase::Successful) {
    message_ = fmt::format("Metric \"{}\" assessed {} due to {}", worstMetric->metric->name,
                           phaseName(worstMetric->phase), worstMetric->message);
    // assessRunStatus quotes the metric's last measurement message (an Error's cause).
    if (!worstMetric->lastMessage.empty())
      message_ += fmt::format(": \"Error Message: {}\"", worstMetric->lastMessage);
  } else if (explicitTerminate)
    message_ = "Run Terminated";
  for (MetricState &state : metrics_) state.nextAtMs.reset();
  if (!recordTimeline_) return;
  TimelineEntry e = entry(tMs, EntryKind::AnalysisEnd);
  e.phase = phase_;
  e.message = message_;
  timeline.push_back(std::move(e));
}

void AnalysisRun::terminate(int64_t tMs, std::vector<TimelineEntry> &timeline, const std::string &why) {
  if (completed()) return;
  terminated_ = true;
  assess(tMs, true, timeline);
  if (!timeline.empty() && timeline.back().kind == EntryKind::AnalysisEnd && !why.empty())
    timeline.back().reason = why;
}

const MetricState *AnalysisRun::decisiveMetric() const {
  const MetricState *best = nullptr;
  for (const MetricState &state : metrics_) {
    if (state.dryRun || state.phase != phase_ || !state.completedAtMs) continue;
    if (!best || *state.completedAtMs < *best->completedAtMs) best = &state;
  }
  return best;
}

} // namespace rwd::runtime
