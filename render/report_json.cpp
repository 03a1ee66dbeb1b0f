// This file implements the JSON report of a simulation (CONTRACT §6).
#include "render/report.h"

#include "simulator/timestamp.h"

#include <cmath>
#include <fmt/format.h>

namespace rwd::render {

using nlohmann::ordered_json;

ordered_json secondsJson(int64_t millis) {
  if (millis % 1000 == 0) return millis / 1000;
  return static_cast<double>(millis) / 1000.0;
}

ordered_json valueJson(const runtime::Value &value) {
  using runtime::ValueKind;
  switch (value.kind()) {
  case ValueKind::Nil: return nullptr;
  case ValueKind::Bool: return value.asBool();
  case ValueKind::Int: return value.asInt();
  case ValueKind::Float: {
    double v = value.asFloat();
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    return v;
  }
  case ValueKind::String: return value.asString();
  case ValueKind::List: {
    ordered_json list = ordered_json::array();
    for (const auto &item : value.asList()) list.push_back(valueJson(item));
    return list;
  }
  case ValueKind::Map: {
    ordered_json object = ordered_json::object();
    for (const auto &[key, item] : value.asMap()) object[key] = valueJson(item);
    return object;
  }
  }
  return nullptr;
}

std::string sourceLocation(const SourceManager &sources, SourceRange range) {
  if (!range.valid()) return "";
  const SourceFile &file = sources.file(range.file);
  return fmt::format("{}:{}", file.path(), file.lineColumn(range.begin).line);
}

namespace {

ordered_json entryJson(const runtime::TimelineEntry &e, const ReportInput &input) {
  using runtime::EntryKind;
  ordered_json j;
  j["t_s"] = secondsJson(e.tMs);
  j["kind"] = std::string(runtime::entryKindName(e.kind));
  switch (e.kind) {
  case EntryKind::Step:
  case EntryKind::StepComplete:
    j["step_index"] = e.stepIndex;
    j["weight"] = e.weight;
    if (!e.message.empty()) j["description"] = e.message;
    break;
  case EntryKind::AnalysisStart:
    j["run"] = e.run;
    j["analysis"] = e.analysis;
    break;
  case EntryKind::Measurement:
    j["run"] = e.run;
    j["analysis"] = e.analysis;
    j["metric"] = e.metric;
    j["measurement"] = e.measurement;
    j["value"] = e.value ? valueJson(*e.value) : ordered_json(nullptr);
    j["phase"] = std::string(runtime::phaseName(*e.phase));
    if (!e.message.empty()) j["message"] = e.message;
    if (e.dryRun) j["dry_run"] = true;
    break;
  case EntryKind::MetricEnd:
    j["run"] = e.run;
    j["analysis"] = e.analysis;
    j["metric"] = e.metric;
    j["phase"] = std::string(runtime::phaseName(*e.phase));
    if (!e.message.empty()) j["message"] = e.message;
    if (e.dryRun) j["dry_run"] = true;
    break;
  case EntryKind::AnalysisEnd:
    j["run"] = e.run;
    j["phase"] = std::string(runtime::phaseName(*e.phase));
    if (!e.message.empty()) j["message"] = e.message;
    if (!e.reason.empty()) j["reason"] = e.reason;
    break;
  case EntryKind::Event:
    j["action"] = e.action;
    j["argument"] = e.argument.empty() ? ordered_json(nullptr) : ordered_json(e.argument);
    break;
  case EntryKind::Pause:
    j["reason"] = e.reason;
    if (!e.run.empty()) j["run"] = e.run;
    j["message"] = e.message;
    break;
  case EntryKind::Abort:
    j["reason"] = e.reason;
    j["message"] = e.message;
    if (e.stepIndex >= 0) j["step_index"] = e.stepIndex;
    break;
  case EntryKind::Rollback:
    j["action"] = e.action;
    j["revision"] = e.argument.empty() ? ordered_json(nullptr) : ordered_json(std::stoll(e.argument));
    j["message"] = e.message;
    break;
  case EntryKind::Notification:
    j["trigger"] = e.reason;
    j["service"] = e.action;
    j["recipient"] = e.argument;
    break;
  case EntryKind::Decision:
    j["outcome"] = e.action;
    j["reason"] = e.reason.empty() ? ordered_json(nullptr) : ordered_json(e.reason);
    break;
  default:
    if (!e.action.empty()) j["action"] = e.action;
    j["message"] = e.message;
    break;
  }
  std::string at = sourceLocation(input.sources, e.origin);
  if (!at.empty() && (e.kind == EntryKind::Step || e.kind == EntryKind::AnalysisStart ||
                      e.kind == EntryKind::Event || e.kind == EntryKind::Rollback))
    j["source"] = at;
  return j;
}

} // namespace

std::string renderJsonReport(const ReportInput &input) {
  const runtime::Outcome &outcome = input.replay.result.outcome;
  ordered_json report;
  report["rollout"] = input.plan.rollout;
  report["strategy"] = input.plan.strategy == plan::Strategy::Canary ? "canary" : "bluegreen";
  report["controller"] = input.replay.result.controller; // whose semantics replayed it: argo | flagger
  report["source"] = input.source;
  report["start"] = sim::formatTimestamp(input.replay.startMs);
  report["outcome"] = std::string(runtime::outcomeName(outcome.kind));
  report["decided_at_s"] = secondsJson(outcome.decidedAtMs);
  report["reason"] = outcome.reason.empty() ? ordered_json(nullptr) : ordered_json(outcome.reason);
  if (outcome.trigger) {
    ordered_json trigger;
    trigger["analysis"] = outcome.trigger->analysis;
    trigger["metric"] = outcome.trigger->metric;
    trigger["measurement"] = outcome.trigger->measurement;
    trigger["value"] = valueJson(outcome.trigger->value);
    trigger["phase"] = std::string(runtime::phaseName(outcome.trigger->phase));
    trigger["message"] = outcome.trigger->message;
    report["trigger"] = trigger;
  } else {
    report["trigger"] = nullptr;
  }
  report["step_index"] = outcome.stepIndex ? ordered_json(*outcome.stepIndex) : ordered_json(nullptr);
  if (outcome.rollback) {
    ordered_json rollback;
    rollback["action"] = outcome.rollback->action;
    rollback["revision"] = outcome.rollback->revision ? ordered_json(*outcome.rollback->revision)
                                                      : ordered_json(nullptr);
    rollback["crossed_irreversible"] = outcome.rollback->crossedIrreversible;
    report["rollback"] = rollback;
  } else {
    report["rollback"] = nullptr;
  }
  ordered_json timeline = ordered_json::array();
  for (const runtime::TimelineEntry &e : input.replay.result.timeline)
    timeline.push_back(entryJson(e, input));
  report["timeline"] = timeline;
  return report.dump(2) + "\n";
}

} // namespace rwd::render
