// This file implements one AnalysisRun with Argo's exact semantics: measurement scheduling, counters,
// metric phases, dry-run, early termination and the run phase (argo-semantics §2.2–§2.6, §12).
#pragma once

#include "compiler/plan/plan.h"
#include "compiler/support/placeholders.h"
#include "runtime/measurement_eval.h"
#include "runtime/metric_source.h"
#include "runtime/phase.h"
#include "runtime/timeline.h"
#include "runtime/value.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rwd::runtime {

/// Argo's DefaultErrorRetryInterval: after an Error the next measurement is 10 s later.
inline constexpr int64_t kErrorRetryMs = 10'000;
/// Argo's DefaultConsecutiveErrorLimit.
inline constexpr int64_t kDefaultConsecutiveErrorLimit = 4;

/// A metric's counters and phase inside a run (Argo's MetricResult).
struct MetricState {
  const plan::Metric *metric = nullptr;   // the plan's metric
  const plan::Metric *settings = nullptr; // as this run resolved it (text settings), when it differs
  /// The metric's counts, limits and durations as this run sees them.
  const plan::Metric &resolved() const { return settings ? *settings : *metric; }
  std::string templateName;
  std::string query; // args substituted
  std::string successText, failureText; // conditions as Argo reports them, args substituted
  // The conditions' checks per Go type of the result, with this run's arguments: computed at the
  // first measurement of each type, not at every one.
  CompiledConditions successCompiled, failureCompiled;
  bool dryRun = false;
  Phase phase = Phase::Pending;
  std::string message;
  int64_t count = 0, successful = 0, failed = 0, inconclusive = 0, errors = 0;
  int64_t consecutiveError = 0, consecutiveSuccess = 0;
  int64_t measurements = 0; // every measurement taken, errors included
  std::optional<int64_t> nextAtMs;
  std::optional<int64_t> completedAtMs;
  Value lastValue;
  Phase lastPhase = Phase::Pending;
  std::string lastMessage;
};

/// Argo's assessMetricStatus + assessMetricFailureInconclusiveOrError for one metric.
/// Returns the phase and, for a limit that tripped, Argo's message.
std::pair<Phase, std::string> assessMetric(const MetricState &state, bool terminating);

class AnalysisRun {
public:
  /// Creates the run at `startMs`: flattens the templates, binds arguments (explicit values over
  /// template defaults), resolves text settings, and schedules each metric's first measurement
  /// after its initial delay. A spec Argo finds invalid puts the run in Error at its first advance.
  /// Without `recordTimeline` nothing is added to the timelines it is given (the counters, phases
  /// and messages are the same).
  AnalysisRun(const plan::Plan &plan, const plan::Run &run, std::string label, int64_t startMs,
              bool recordTimeline = true);
  // Metric states point into this run's own resolved metrics.
  AnalysisRun(const AnalysisRun &) = delete;
  AnalysisRun &operator=(const AnalysisRun &) = delete;

  /// The earliest pending measurement, or nullopt when nothing is scheduled.
  std::optional<int64_t> nextDueMs() const;

  /// Takes every measurement due at `tMs` (metric order), then assesses metrics and the run.
  /// Returns false if the metric source failed (ToolFailure); `failure` then says why.
  bool advance(int64_t tMs, MetricSource &source, std::vector<TimelineEntry> &timeline,
               std::string &failure);

  /// Argo's `spec.terminate`: no more measurements; metrics assessed as terminating.
  void terminate(int64_t tMs, std::vector<TimelineEntry> &timeline, const std::string &why);

  Phase phase() const { return phase_; }
  bool completed() const { return isCompleted(phase_); }
  const std::string &label() const { return label_; }
  const std::string &message() const { return message_; }
  const plan::Run &planRun() const { return *run_; }
  const std::vector<MetricState> &metrics() const { return metrics_; }
  const std::map<std::string, Value> &arguments() const { return args_; }
  /// The metric that decided a Failed/Error/Inconclusive run (the first to reach the run's phase).
  const MetricState *decisiveMetric() const;

private:
  void measure(MetricState &state, int64_t tMs, const ProviderResult &response,
               std::vector<TimelineEntry> &timeline);
  void assess(int64_t tMs, bool explicitTerminate, std::vector<TimelineEntry> &timeline);
  TimelineEntry entry(int64_t tMs, EntryKind kind) const;

  const plan::Run *run_;
  std::string label_;
  std::vector<plan::Metric> resolved_; // the run's metrics with text settings resolved
  std::optional<std::string> specError_; // Argo finds the spec invalid: Error at creation
  int64_t startMs_ = 0;
  std::vector<MetricState> metrics_;
  std::map<std::string, Value> args_;
  Phase phase_ = Phase::Running;
  std::string message_;
  bool terminated_ = false;
  bool recordTimeline_ = true;
};

using ::rwd::substituteArgs; // compiler/support/placeholders.h

} // namespace rwd::runtime
