// This file implements the JSON report of a simulation (CONTRACT §6), written in one pass straight
// into the output string: a day-long replay has tens of thousands of timeline entries, and a
// document tree of them cost more than the replay itself.
#include "render/json_writer.h"
#include "render/report.h"

#include "simulator/timestamp.h"

#include <cmath>
#include <fmt/format.h>

namespace rwd::render {

void writeSeconds(JsonWriter &json, int64_t millis) {
  if (millis % 1000 == 0) json.integer(millis / 1000);
  else json.number(static_cast<double>(millis) / 1000.0);
}

void writeValue(JsonWriter &json, const runtime::Value &value) {
  using runtime::ValueKind;
  switch (value.kind()) {
  case ValueKind::Nil: json.null(); return;
  case ValueKind::Bool: json.boolean(value.asBool()); return;
  case ValueKind::Int: json.integer(value.asInt()); return;
  case ValueKind::Float: {
    double v = value.asFloat();
    if (std::isnan(v)) json.string("NaN");
    else if (std::isinf(v)) json.string(v > 0 ? "+Inf" : "-Inf");
    else json.number(v);
    return;
  }
  case ValueKind::String: json.string(value.asString()); return;
  case ValueKind::List:
    json.beginArray();
    for (const auto &item : value.asList()) writeValue(json, item);
    json.endArray();
    return;
  case ValueKind::Map:
    json.beginObject();
    for (const auto &[key, item] : value.asMap()) {
      json.key(key);
      writeValue(json, item);
    }
    json.endObject();
    return;
  }
  json.null();
}

std::string sourceLocation(const SourceManager &sources, SourceRange range) {
  if (!range.valid()) return "";
  const SourceFile &file = sources.file(range.file);
  return fmt::format("{}:{}", file.path(), file.lineColumn(range.begin).line);
}

namespace {

/// Writes `text`, or null when it is empty.
void stringOrNull(JsonWriter &json, const std::string &text) {
  if (text.empty()) json.null();
  else json.string(text);
}

void writeEntry(JsonWriter &json, const runtime::TimelineEntry &e, const ReportInput &input) {
  using runtime::EntryKind;
  auto member = [&json](std::string_view name, std::string_view text) {
    json.key(name);
    json.string(text);
  };
  auto integer = [&json](std::string_view name, int64_t value) {
    json.key(name);
    json.integer(value);
  };
  json.beginObject();
  json.key("t_s");
  writeSeconds(json, e.tMs);
  member("kind", runtime::entryKindName(e.kind));
  switch (e.kind) {
  case EntryKind::Step:
  case EntryKind::StepComplete:
    integer("step_index", e.stepIndex);
    integer("weight", e.weight);
    if (!e.message.empty()) member("description", e.message);
    break;
  case EntryKind::AnalysisStart:
    member("run", e.run);
    member("analysis", e.analysis);
    break;
  case EntryKind::Measurement:
    member("run", e.run);
    member("analysis", e.analysis);
    member("metric", e.metric);
    integer("measurement", e.measurement);
    json.key("value");
    if (e.value) writeValue(json, *e.value);
    else json.null();
    member("phase", runtime::phaseName(*e.phase));
    if (!e.message.empty()) member("message", e.message);
    if (e.dryRun) {
      json.key("dry_run");
      json.boolean(true);
    }
    break;
  case EntryKind::MetricEnd:
    member("run", e.run);
    member("analysis", e.analysis);
    member("metric", e.metric);
    member("phase", runtime::phaseName(*e.phase));
    if (!e.message.empty()) member("message", e.message);
    if (e.dryRun) {
      json.key("dry_run");
      json.boolean(true);
    }
    break;
  case EntryKind::AnalysisEnd:
    member("run", e.run);
    member("phase", runtime::phaseName(*e.phase));
    if (!e.message.empty()) member("message", e.message);
    if (!e.reason.empty()) member("reason", e.reason);
    break;
  case EntryKind::Event:
    member("action", e.action);
    json.key("argument");
    stringOrNull(json, e.argument);
    break;
  case EntryKind::Pause:
    member("reason", e.reason);
    if (!e.run.empty()) member("run", e.run);
    member("message", e.message);
    break;
  case EntryKind::Abort:
    member("reason", e.reason);
    member("message", e.message);
    if (e.stepIndex >= 0) integer("step_index", e.stepIndex);
    break;
  case EntryKind::Rollback:
    member("action", e.action);
    json.key("revision");
    if (e.argument.empty()) json.null();
    else json.integer(std::stoll(e.argument));
    member("message", e.message);
    break;
  case EntryKind::Notification:
    member("trigger", e.reason);
    member("service", e.action);
    member("recipient", e.argument);
    break;
  case EntryKind::Decision:
    member("outcome", e.action);
    json.key("reason");
    stringOrNull(json, e.reason);
    break;
  default:
    if (!e.action.empty()) member("action", e.action);
    member("message", e.message);
    break;
  }
  if (e.kind == EntryKind::Step || e.kind == EntryKind::AnalysisStart ||
      e.kind == EntryKind::Event || e.kind == EntryKind::Rollback) {
    std::string at = sourceLocation(input.sources, e.origin);
    if (!at.empty()) member("source", at);
  }
  json.endObject();
}

} // namespace

std::string renderJsonReport(const ReportInput &input) {
  const runtime::Outcome &outcome = input.replay.result.outcome;
  const auto &timeline = input.replay.result.timeline;
  std::string out;
  // About 240 bytes per timeline entry (the day benchmark's): one allocation for most reports.
  out.reserve(1024 + timeline.size() * 256);
  JsonWriter json(out);
  auto member = [&json](std::string_view name, std::string_view text) {
    json.key(name);
    json.string(text);
  };
  json.beginObject();
  member("rollout", input.plan.rollout);
  member("strategy", input.plan.strategy == plan::Strategy::Canary ? "canary" : "bluegreen");
  member("controller", input.replay.result.controller); // whose semantics replayed it: argo | flagger
  member("source", input.source);
  member("start", sim::formatTimestamp(input.replay.startMs));
  member("outcome", runtime::outcomeName(outcome.kind));
  json.key("decided_at_s");
  writeSeconds(json, outcome.decidedAtMs);
  json.key("reason");
  stringOrNull(json, outcome.reason);
  json.key("trigger");
  if (outcome.trigger) {
    json.beginObject();
    member("analysis", outcome.trigger->analysis);
    member("metric", outcome.trigger->metric);
    json.key("measurement");
    json.integer(outcome.trigger->measurement);
    json.key("value");
    writeValue(json, outcome.trigger->value);
    member("phase", runtime::phaseName(outcome.trigger->phase));
    member("message", outcome.trigger->message);
    json.endObject();
  } else {
    json.null();
  }
  json.key("step_index");
  if (outcome.stepIndex) json.integer(*outcome.stepIndex);
  else json.null();
  json.key("rollback");
  if (outcome.rollback) {
    json.beginObject();
    member("action", outcome.rollback->action);
    json.key("revision");
    if (outcome.rollback->revision) json.integer(*outcome.rollback->revision);
    else json.null();
    json.key("crossed_irreversible");
    json.beginArray();
    for (const std::string &note : outcome.rollback->crossedIrreversible) json.string(note);
    json.endArray();
    json.endObject();
  } else {
    json.null();
  }
  json.key("timeline");
  json.beginArray();
  for (const runtime::TimelineEntry &e : timeline) writeEntry(json, e, input);
  json.endArray();
  json.endObject();
  json.finish();
  out += '\n';
  return out;
}

} // namespace rwd::render
