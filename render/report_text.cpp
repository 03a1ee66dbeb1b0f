// This file implements the text report of a simulation: a header like `kubectl argo rollouts get
// rollout`, then the timeline, one line per step, measurement, event and decision.
#include "render/palette.h"
#include "render/report.h"

#include "compiler/support/duration.h"
#include "simulator/timestamp.h"

#include <fmt/format.h>

namespace rwd::render {

namespace {

std::string clock(int64_t ms) {
  int64_t s = ms / 1000;
  std::string out = fmt::format("+{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  if (ms % 1000) out += fmt::format(".{:03}", ms % 1000);
  return out;
}

std::string phaseIcon(runtime::Phase phase, const Palette &p) {
  switch (phase) {
  case runtime::Phase::Successful: return p.good("✔ Successful");
  case runtime::Phase::Failed: return p.bad("✖ Failed");
  case runtime::Phase::Error: return p.bad("⚠ Error");
  case runtime::Phase::Inconclusive: return p.warn("? Inconclusive");
  case runtime::Phase::Running: return "◌ Running";
  case runtime::Phase::Pending: return "◷ Pending";
  }
  return "";
}

std::string outcomeLine(const runtime::Outcome &o, const Palette &p) {
  switch (o.kind) {
  case runtime::OutcomeKind::Promoted: return p.good("✔ Promoted");
  case runtime::OutcomeKind::RolledBack: return p.bad("✖ RolledBack") + " (" + o.reason + ")";
  case runtime::OutcomeKind::Paused: return p.warn("॥ Paused") + " (" + o.reason + ")";
  case runtime::OutcomeKind::Incomplete: return "◌ Incomplete (the trace ended first)";
  }
  return "";
}

std::string describe(const runtime::TimelineEntry &e, const ReportInput &input, const Palette &p) {
  using runtime::EntryKind;
  size_t steps = input.plan.canary.steps.size();
  switch (e.kind) {
  case EntryKind::RolloutStart: return "⟳ " + e.message;
  case EntryKind::Step: return fmt::format("# step {}/{}  {}", e.stepIndex, steps, e.message);
  case EntryKind::StepComplete: return p.dim(fmt::format("  step {} complete", e.stepIndex));
  case EntryKind::BlueGreen: return "⧉ " + e.message;
  case EntryKind::AnalysisStart: return fmt::format("α {} analysis started: {}", e.run, e.analysis);
  case EntryKind::Measurement: {
    std::string value = e.value ? runtime::formatValue(*e.value) : "(provider error)";
    std::string line = fmt::format("  {} {}/{} #{} = {}  {}", e.run, e.analysis, e.metric, e.measurement,
                                   value, phaseIcon(*e.phase, p));
    if (e.dryRun) line += " (dry-run)";
    if (!e.message.empty() && *e.phase == runtime::Phase::Error) line += p.dim("  " + e.message);
    return line;
  }
  case EntryKind::MetricEnd:
    return fmt::format("  {} metric {} → {}{}{}", e.run, e.metric, phaseIcon(*e.phase, p),
                       e.message.empty() ? "" : ": " + e.message, e.dryRun ? " (dry-run)" : "");
  case EntryKind::AnalysisEnd:
    return fmt::format("α {} analysis {}{}", e.run, phaseIcon(*e.phase, p),
                       e.message.empty() ? "" : ": " + e.message);
  case EntryKind::Event:
    return p.warn(fmt::format("» {}{}", e.action, e.argument.empty() ? "" : " " + e.argument)) +
           " (operator)";
  case EntryKind::Pause: return p.warn("॥ paused: ") + e.message;
  case EntryKind::Resume: return "▶ resumed: " + e.message;
  case EntryKind::Abort: return p.bad("✖ abort (" + e.reason + "): ") + e.message;
  case EntryKind::Rollback: return p.bad("↩ rollback: ") + e.message;
  case EntryKind::Notification:
    return p.dim(fmt::format("✉ {} → {} {}", e.reason, e.action, e.argument));
  case EntryKind::Note:
    return (e.message.rfind("rollback crosses", 0) == 0 ? p.bad("⚠ ") : "• ") + e.message;
  case EntryKind::Decision: return "= " + outcomeLine(input.replay.result.outcome, p);
  }
  return e.message;
}

} // namespace

std::string renderTextReport(const ReportInput &input, bool color) {
  Palette p{color};
  const runtime::Outcome &o = input.replay.result.outcome;
  const plan::Plan &plan = input.plan;
  std::string out;
  auto field = [&](const std::string &label, const std::string &value) {
    out += fmt::format("{:<17}{}\n", label + ":", value);
  };
  field("Name", plan.rollout);
  field("Strategy", plan.strategy == plan::Strategy::Canary ? "Canary" : "BlueGreen");
  field("Controller", input.replay.result.controller == "flagger" ? "Flagger" : "Argo Rollouts");
  field("Source", input.source);
  field("Start", sim::formatTimestamp(input.replay.startMs));
  field("Status", outcomeLine(o, p));
  field("Decided", fmt::format("{} ({})", clock(o.decidedAtMs), sim::formatTimestamp(input.replay.startMs + o.decidedAtMs)));
  if (plan.strategy == plan::Strategy::Canary && o.stepIndex)
    field("  Step", fmt::format("{}/{}", *o.stepIndex, plan.canary.steps.size()));
  if (plan.strategy == plan::Strategy::Canary) field("  SetWeight", std::to_string(o.weight));
  if (o.trigger)
    field("Trigger", fmt::format("{}/{} measurement #{} = {} ({}{})", o.trigger->analysis, o.trigger->metric,
                                 o.trigger->measurement, runtime::formatValue(o.trigger->value),
                                 runtime::phaseName(o.trigger->phase),
                                 o.trigger->message.empty() ? "" : ": " + o.trigger->message));
  if (o.rollback) {
    std::string what = o.rollback->action == "abort" ? "abort (traffic back on stable)"
                       : o.rollback->revision ? fmt::format("undo to revision {}", *o.rollback->revision)
                                              : "undo to the previous revision";
    field("Rollback", what);
    for (const std::string &note : o.rollback->crossedIrreversible)
      field("  Irreversible", p.bad("crossed: " + note));
  }
  out += "\nTIME        EVENT\n";
  for (const runtime::TimelineEntry &e : input.replay.result.timeline)
    out += fmt::format("{:<11} {}\n", clock(e.tMs), describe(e, input, p));
  return out;
}

} // namespace rwd::render
