// This file implements the HTML report of a replay: header, step band and one chart per metric.
// Every chart shares the band's time axis and plot margins, so instants line up down the page.
#include "render/report_html.h"

#include "compiler/expr/expr_printer.h"
#include "render/chart_scale.h"
#include "render/condition_thresholds.h"
#include "render/html_document.h"
#include "simulator/timestamp.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

namespace rwd::render {

namespace {

using runtime::EntryKind;
using runtime::Phase;
using runtime::TimelineEntry;

//===-- geometry --------------------------------------------------------------===//

constexpr double kWidth = 800;     // SVG user units; the page scales it to the column width
constexpr double kLeft = 72;       // room for value labels and row names
constexpr double kRight = 44;      // room for the weight labels
constexpr double kPlotWidth = kWidth - kLeft - kRight;
constexpr double kChartTop = 22;   // room for the decision label
constexpr double kChartPlot = 190; // plot height of a metric chart
constexpr double kChartHeight = kChartTop + kChartPlot + 44;
constexpr size_t kMaxPointsPerSeries = 2400; // beyond this a series is thinned per pixel column
constexpr size_t kMaxSeriesPerChart = 8;     // vector results: the first 8 elements get a line

std::string num(double v) { return fmt::format("{:.1f}", v); }

/// The shared time scale: milliseconds since the start → x.
struct TimeScale {
  Axis axis;
  double x(int64_t ms) const { return kLeft + axis.fraction(static_cast<double>(ms)) * kPlotWidth; }
};

std::string outcomeTitle(runtime::OutcomeKind kind) {
  switch (kind) {
  case runtime::OutcomeKind::Promoted: return "Promoted";
  case runtime::OutcomeKind::RolledBack: return "Rolled back";
  case runtime::OutcomeKind::Paused: return "Paused";
  case runtime::OutcomeKind::Incomplete: return "Incomplete";
  }
  return "";
}

std::string outcomeIcon(runtime::OutcomeKind kind) {
  switch (kind) {
  case runtime::OutcomeKind::Promoted: return "✔";
  case runtime::OutcomeKind::RolledBack: return "✖";
  case runtime::OutcomeKind::Paused: return "॥";
  case runtime::OutcomeKind::Incomplete: return "◌";
  }
  return "";
}

/// `+9m (2026-11-14T13:39:00Z)`.
std::string instantText(const ReportInput &input, int64_t ms) {
  return fmt::format("+{} ({})", timeLabel(ms), sim::formatTimestamp(input.replay.startMs + ms));
}

/// The decision's vertical line and its label, over a plot from `top` to `bottom`.
std::string decisionLine(const ReportInput &input, const TimeScale &scale, double top, double bottom) {
  const runtime::Outcome &outcome = input.replay.result.outcome;
  if (outcome.kind == runtime::OutcomeKind::Incomplete) return "";
  double x = scale.x(outcome.decidedAtMs);
  std::string label = fmt::format("{} {}", outcomeTitle(outcome.kind), timeLabel(outcome.decidedAtMs));
  bool leftOfLine = x > kLeft + kPlotWidth * 0.7;
  return fmt::format("<line class=\"decision\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>"
                     "<text class=\"decision-label\" x=\"{3}\" y=\"{4}\" text-anchor=\"{5}\">{6}</text>\n",
                     num(x), num(top), num(bottom), num(leftOfLine ? x - 4 : x + 4), num(top - 6),
                     leftOfLine ? "end" : "start", htmlEscape(label));
}

std::string timeTicks(const TimeScale &scale, double top, double bottom, bool labels) {
  std::string out;
  for (double t : scale.axis.ticks) {
    double x = scale.x(static_cast<int64_t>(t));
    out += fmt::format("<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>", num(x), num(top),
                       num(bottom));
    if (labels)
      out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", num(x), num(bottom + 16),
                         timeLabel(static_cast<int64_t>(t)));
  }
  return out + "\n";
}

//===-- header ----------------------------------------------------------------===//

std::string fact(std::string_view label, const std::string &valueHtml) {
  return fmt::format("<dt>{}</dt><dd>{}</dd>\n", label, valueHtml);
}

std::string headerHtml(const ReportInput &input, std::string_view heading) {
  const runtime::Outcome &o = input.replay.result.outcome;
  const plan::Plan &plan = input.plan;
  bool canary = plan.strategy == plan::Strategy::Canary;
  std::string out = fmt::format("<h1>{}</h1>\n", htmlEscape(heading.empty() ? plan.rollout : heading));
  out += fmt::format("<p class=\"meta\">{} rollout <code>{}</code> · replayed from <code>{}</code> · started {}</p>\n",
                     canary ? "Canary" : "Blue-green", htmlEscape(plan.rollout), htmlEscape(input.source),
                     sim::formatTimestamp(input.replay.startMs));
  std::string outcome(runtime::outcomeName(o.kind));
  out += "<div class=\"summary\">\n";
  out += fmt::format("<div><span class=\"badge {}\" data-outcome=\"{}\">{} {}</span></div>\n", outcome, outcome,
                     outcomeIcon(o.kind), outcomeTitle(o.kind));
  out += "<dl class=\"facts\">\n";
  if (!o.reason.empty()) out += fact("Reason", fmt::format("<code>{}</code>", htmlEscape(o.reason)));
  out += fact(o.kind == runtime::OutcomeKind::Incomplete ? "Trace ends" : "Decided", instantText(input, o.decidedAtMs));
  if (canary && o.stepIndex)
    out += fact("Step", fmt::format("{} of {} (weight {}%)", *o.stepIndex, plan.canary.steps.size(), o.weight));
  if (o.trigger) {
    const runtime::Trigger &t = *o.trigger;
    out += fact("Trigger", fmt::format("<code>{}/{}</code> measurement #{} = <code>{}</code> ({}{})",
                                       htmlEscape(t.analysis), htmlEscape(t.metric), t.measurement,
                                       htmlEscape(runtime::formatValue(t.value)), runtime::phaseName(t.phase),
                                       t.message.empty() ? "" : ": " + htmlEscape(t.message)));
  }
  if (o.rollback) {
    std::string what = o.rollback->action == "abort" ? "abort: traffic back on the stable version"
                       : o.rollback->revision ? fmt::format("undo to revision {}", *o.rollback->revision)
                                              : "undo to the previous revision";
    for (const std::string &note : o.rollback->crossedIrreversible) what += "; crossed irreversible: " + note;
    out += fact("Rollback", htmlEscape(what));
  }
  out += "</dl>\n</div>\n";
  return out;
}

//===-- step band -------------------------------------------------------------===//

/// A labelled block from `fromMs` to `toMs` in a band row; the label only where it fits.
std::string block(const TimeScale &scale, int64_t fromMs, int64_t toMs, double y, double h,
                  const std::string &cls, const std::string &label, const std::string &tip) {
  double x0 = scale.x(fromMs), x1 = std::max(scale.x(toMs), x0 + 3);
  std::string out = fmt::format("<g class=\"block {}\" tabindex=\"0\" data-tip=\"{}\"><title>{}</title>"
                                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\"/>",
                                cls, htmlEscape(tip), htmlEscape(tip), num(x0), num(y), num(x1 - x0), num(h));
  if (static_cast<double>(label.size()) * 6.6 + 8 < x1 - x0)
    out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>", num(x0 + 5), num(y + h / 2 + 4), htmlEscape(label));
  return out + "</g>\n";
}

/// A step's label in the band: `10%`, `pause 3m`, `analysis`.
std::string stepLabel(const TimelineEntry &e) {
  if (e.message.rfind("setWeight ", 0) == 0) return e.message.substr(10) + "%";
  return e.message;
}

std::string stepClass(const TimelineEntry &e) {
  if (e.message.rfind("setWeight", 0) == 0) return "weight";
  if (e.message.rfind("pause", 0) == 0) return "pause";
  if (e.message.rfind("analysis", 0) == 0) return "analysis";
  return "other";
}

/// A short label for a blue-green phase message (`preview ready`).
std::string phaseLabel(const std::string &message) {
  size_t cut = message.find_first_of(";(");
  std::string label = message.substr(0, cut);
  while (!label.empty() && label.back() == ' ') label.pop_back();
  return label;
}

struct EventGlyph {
  std::string cls, symbol, tip;
};

std::optional<EventGlyph> eventGlyph(const TimelineEntry &e) {
  switch (e.kind) {
  case EntryKind::Event:
    return EventGlyph{e.action == "abort" || e.action == "undo" ? "bad" : "good", "»",
                      fmt::format("operator: {}{}", e.action, e.argument.empty() ? "" : " " + e.argument)};
  case EntryKind::Pause: return EventGlyph{"pause", "॥", "paused: " + e.message};
  case EntryKind::Resume: return EventGlyph{"good", "▶", "resumed: " + e.message};
  case EntryKind::Abort: return EventGlyph{"bad", "✖", fmt::format("abort ({}): {}", e.reason, e.message)};
  case EntryKind::Rollback: return EventGlyph{"bad", "↩", "rollback: " + e.message};
  case EntryKind::Note:
    if (e.message.rfind("rollback crosses", 0) == 0) return EventGlyph{"bad", "⚠", e.message};
    return std::nullopt;
  default: return std::nullopt;
  }
}

std::string stepBand(const ReportInput &input, const TimeScale &scale) {
  const auto &timeline = input.replay.result.timeline;
  const runtime::Outcome &outcome = input.replay.result.outcome;
  bool canary = input.plan.strategy == plan::Strategy::Canary;
  int64_t endMs = static_cast<int64_t>(scale.axis.max);
  int64_t stopMs = outcome.kind == runtime::OutcomeKind::Incomplete ? endMs : outcome.decidedAtMs;
  // Blue-green has no weight row: the rows below move up.
  const double stepsY = 24, weightY = 62, weightH = 54, runsY = canary ? 140 : 62, eventsY = runsY + 38;
  const double height = eventsY + 28;
  std::string out = fmt::format("<svg class=\"chart band\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">\n",
                                num(kWidth), num(height), canary ? "steps, weight, analysis runs and events over time"
                                                                 : "phases, analysis runs and events over time");
  out += timeTicks(scale, stepsY - 4, eventsY + 8, true);

  // Row 1: steps (canary) or phases (blue-green), each until the next one starts.
  out += fmt::format("<text class=\"row-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", num(kLeft - 8),
                     num(stepsY + 15), canary ? "steps" : "phases");
  std::vector<const TimelineEntry *> starts;
  for (const TimelineEntry &e : timeline)
    if (e.kind == (canary ? EntryKind::Step : EntryKind::BlueGreen)) starts.push_back(&e);
  for (size_t i = 0; i < starts.size(); ++i) {
    const TimelineEntry &e = *starts[i];
    int64_t to = i + 1 < starts.size() ? starts[i + 1]->tMs : stopMs;
    if (canary) {
      std::string tip = fmt::format("step {}/{}: {}\n+{} → +{}", e.stepIndex, input.plan.canary.steps.size(),
                                    e.message, timeLabel(e.tMs), timeLabel(to));
      out += block(scale, e.tMs, to, stepsY, 22, stepClass(e), stepLabel(e), tip);
    } else {
      out += block(scale, e.tMs, to, stepsY, 22, "other", phaseLabel(e.message),
                   fmt::format("{}\n+{}", e.message, timeLabel(e.tMs)));
    }
  }

  // Row 2: the canary weight over time (a step function; an abort sends traffic back to 0).
  if (canary) {
    out += fmt::format("<text class=\"row-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">weight</text>\n",
                       num(kLeft - 8), num(weightY + weightH / 2 + 4));
    for (int w : {0, 50, 100}) {
      double y = weightY + weightH * (1 - w / 100.0);
      out += fmt::format("<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>"
                         "<text x=\"{3}\" y=\"{4}\">{5}%</text>\n",
                         num(kLeft), num(y), num(kLeft + kPlotWidth), num(kLeft + kPlotWidth + 6), num(y + 4), w);
    }
    auto yOf = [&](int weight) { return weightY + weightH * (1 - std::clamp(weight, 0, 100) / 100.0); };
    int weight = 0;
    std::string points = fmt::format("{},{}", num(scale.x(0)), num(yOf(0)));
    std::string labels;
    auto moveTo = [&](int64_t t, int w) {
      points += fmt::format(" {},{} {},{}", num(scale.x(t)), num(yOf(weight)), num(scale.x(t)), num(yOf(w)));
      weight = w;
      labels += fmt::format("<text class=\"weight-label\" x=\"{}\" y=\"{}\">{}%</text>", num(scale.x(t) + 4),
                            num(yOf(w) - 4), w);
    };
    for (const TimelineEntry &e : timeline) {
      if ((e.kind == EntryKind::Step || e.kind == EntryKind::StepComplete) && e.weight >= 0 && e.weight != weight)
        moveTo(e.tMs, e.weight);
      else if (e.kind == EntryKind::Abort && weight != 0)
        moveTo(e.tMs, 0);
      else if (e.kind == EntryKind::Decision && outcome.kind == runtime::OutcomeKind::Promoted && weight != 100)
        moveTo(e.tMs, 100);
    }
    points += fmt::format(" {},{} {},{}", num(scale.x(endMs)), num(yOf(weight)), num(scale.x(endMs)), num(yOf(0)));
    out += fmt::format("<polygon class=\"weight-area\" points=\"{}\"/>\n{}\n", points, labels);
  }

  // Row 3: analysis runs, from creation to completion, coloured by their phase.
  out += fmt::format("<text class=\"row-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">analysis</text>\n",
                     num(kLeft - 8), num(runsY + 15));
  std::map<std::string, const TimelineEntry *> open;
  auto closeRun = [&](const TimelineEntry &start, int64_t to, std::optional<Phase> phase, const std::string &msg) {
    std::string phaseText = phase ? std::string(runtime::phaseName(*phase)) : "Running";
    std::string tip = fmt::format("{} analysis: {}\n+{} → +{}: {}{}", start.run, start.analysis, timeLabel(start.tMs),
                                  timeLabel(to), phaseText, msg.empty() ? "" : "\n" + msg);
    out += block(scale, start.tMs, to, runsY, 22, "run " + phaseText, start.run + ": " + start.analysis, tip);
  };
  for (const TimelineEntry &e : timeline) {
    if (e.kind == EntryKind::AnalysisStart) open[e.run] = &e;
    if (e.kind == EntryKind::AnalysisEnd)
      if (auto it = open.find(e.run); it != open.end()) {
        closeRun(*it->second, e.tMs, e.phase, e.message);
        open.erase(it);
      }
  }
  for (const auto &[run, start] : open) closeRun(*start, stopMs, std::nullopt, "");

  // Row 4: what people and the controller did.
  out += fmt::format("<text class=\"row-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">events</text>\n",
                     num(kLeft - 8), num(eventsY + 4));
  double lastX = -100;
  for (const TimelineEntry &e : timeline)
    if (std::optional<EventGlyph> glyph = eventGlyph(e)) {
      std::string tip = fmt::format("+{}: {}", timeLabel(e.tMs), glyph->tip);
      // Events of one instant sit side by side (the tooltip has the exact time).
      double x = std::max(scale.x(e.tMs), lastX + 18);
      lastX = x;
      out += fmt::format("<g class=\"event {}\" tabindex=\"0\" data-tip=\"{}\"><title>{}</title>"
                         "<circle class=\"shape\" cx=\"{}\" cy=\"{}\" r=\"8\"/>"
                         "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" style=\"fill:var(--bg);font-size:11px\">{}</text></g>\n",
                         glyph->cls, htmlEscape(tip), htmlEscape(tip), num(x), num(eventsY), num(x), num(eventsY + 4),
                         glyph->symbol);
    }
  out += decisionLine(input, scale, stepsY - 4, eventsY + 10);
  out += "</svg>\n";
  return out;
}

//===-- metric charts ---------------------------------------------------------===//

struct Counters {
  int successful = 0, failed = 0, inconclusive = 0, error = 0, consecutiveErrors = 0;
};

/// One measurement as the chart shows it.
struct Mark {
  int64_t tMs = 0;
  std::optional<double> value; // what is plotted; none for no data or an error
  Phase phase = Phase::Successful;
  std::string tip;
  bool trigger = false;
};

/// The number a measurement plots: a number, or the first element of a vector.
std::optional<double> plotted(const std::optional<runtime::Value> &value) {
  if (!value) return std::nullopt;
  if (value->isNumber()) return value->toDouble();
  if (value->isList() && !value->asList().empty() && value->asList().front().isNumber())
    return value->asList().front().toDouble();
  return std::nullopt;
}

/// Every measurement of `metric` in analysis `analysis`, with the run's counters as they stood after it.
std::vector<Mark> marksOf(const ReportInput &input, const plan::Template &analysis, const plan::Metric &metric) {
  const runtime::Outcome &outcome = input.replay.result.outcome;
  std::map<std::string, Counters> counters; // per run
  std::vector<Mark> marks;
  std::optional<size_t> triggerIndex;
  for (const TimelineEntry &e : input.replay.result.timeline) {
    if (e.kind == EntryKind::AnalysisStart) counters.erase(e.run);
    if (e.kind != EntryKind::Measurement || e.analysis != analysis.name || e.metric != metric.name || !e.phase)
      continue;
    Counters &c = counters[e.run];
    switch (*e.phase) {
    case Phase::Successful: ++c.successful; break;
    case Phase::Failed: ++c.failed; break;
    case Phase::Inconclusive: ++c.inconclusive; break;
    case Phase::Error: ++c.error; break;
    default: break;
    }
    c.consecutiveErrors = *e.phase == Phase::Error ? c.consecutiveErrors + 1 : 0;
    Mark mark;
    mark.tMs = e.tMs;
    mark.value = plotted(e.value);
    mark.phase = *e.phase;
    std::string value = e.value ? runtime::formatValue(*e.value) : "no value";
    mark.tip = fmt::format("+{} · {} #{}\nvalue {}\n{}{}{}\nsuccessful {} · failed {} · inconclusive {} · errors {} "
                           "({} in a row)",
                           timeLabel(e.tMs), e.run, e.measurement, value, runtime::phaseName(*e.phase),
                           e.dryRun ? " (dry-run)" : "", e.message.empty() ? "" : ": " + e.message, c.successful,
                           c.failed, c.inconclusive, c.error, c.consecutiveErrors);
    if (outcome.trigger && outcome.trigger->analysis == e.analysis && outcome.trigger->metric == e.metric &&
        outcome.trigger->measurement == e.measurement && e.tMs <= outcome.decidedAtMs)
      triggerIndex = marks.size();
    marks.push_back(std::move(mark));
  }
  if (triggerIndex) marks[*triggerIndex].trigger = true;
  return marks;
}

/// The trace's values for `metric` as polylines (one per vector element), in [0, span], thinned to
/// the first, lowest, highest and last point per pixel column when very long.
std::vector<std::vector<std::pair<int64_t, double>>> seriesOf(const ReportInput &input, const plan::Template &analysis,
                                                              const plan::Metric &metric, int64_t spanMs) {
  std::vector<std::vector<std::pair<int64_t, double>>> lines;
  if (!input.trace) return lines;
  const sim::Series *series = input.trace->resolveSeries(analysis.name, metric.name);
  if (!series) return lines;
  for (const sim::Sample &sample : *series) {
    int64_t t = sample.timeMillis - input.replay.startMs;
    if (t < 0 || t > spanMs) continue;
    for (size_t i = 0; i < sample.values.size() && i < kMaxSeriesPerChart; ++i) {
      if (lines.size() <= i) lines.resize(i + 1);
      if (std::isfinite(sample.values[i])) lines[i].push_back({t, sample.values[i]});
    }
  }
  for (auto &line : lines) {
    if (line.size() <= kMaxPointsPerSeries) continue;
    std::vector<std::pair<int64_t, double>> thin;
    double perColumn = static_cast<double>(spanMs) / kPlotWidth;
    size_t i = 0;
    while (i < line.size()) {
      auto column = static_cast<int64_t>(static_cast<double>(line[i].first) / perColumn);
      size_t j = i, lo = i, hi = i;
      while (j < line.size() && static_cast<int64_t>(static_cast<double>(line[j].first) / perColumn) == column) {
        if (line[j].second < line[lo].second) lo = j;
        if (line[j].second > line[hi].second) hi = j;
        ++j;
      }
      std::vector<size_t> keep = {i, lo, hi, j - 1};
      std::sort(keep.begin(), keep.end());
      keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
      for (size_t k : keep) thin.push_back(line[k]);
      i = j;
    }
    line = std::move(thin);
  }
  return lines;
}

/// The mark's shape: a circle (Successful), a cross (Failed), a triangle (Error), a diamond
/// (Inconclusive), a square (anything else), centred on (x, y).
std::string shape(Phase phase, double x, double y) {
  switch (phase) {
  case Phase::Successful: return fmt::format("<circle class=\"shape\" cx=\"{}\" cy=\"{}\" r=\"5.5\"/>", num(x), num(y));
  case Phase::Failed:
    return fmt::format("<path class=\"shape\" d=\"M{0} {1}l3.5 3.5 3.5-3.5 2.5 2.5-3.5 3.5 3.5 3.5-2.5 2.5-3.5-3.5"
                       "-3.5 3.5-2.5-2.5 3.5-3.5-3.5-3.5z\"/>",
                       num(x - 3.5), num(y - 6));
  case Phase::Error:
    return fmt::format("<path class=\"shape\" d=\"M{} {}l6.5 11h-13z\"/>", num(x), num(y - 7));
  case Phase::Inconclusive:
    return fmt::format("<path class=\"shape\" d=\"M{} {}l6.5 6.5-6.5 6.5-6.5-6.5z\"/>", num(x), num(y - 6.5));
  default:
    return fmt::format("<rect class=\"shape\" x=\"{}\" y=\"{}\" width=\"10\" height=\"10\"/>", num(x - 5), num(y - 5));
  }
}

std::string legendSwatch(const std::string &svg) {
  return "<svg viewBox=\"0 0 22 14\" aria-hidden=\"true\">" + svg + "</svg>";
}

std::string opText(const std::string &op) {
  if (op == ">=") return "≥";
  if (op == "<=") return "≤";
  if (op == "!=") return "≠";
  return op;
}

struct DrawnThreshold {
  std::string kind; // success | failure
  Threshold threshold;
};

std::string metricChart(const ReportInput &input, const TimeScale &scale, const plan::Template &analysis,
                        const plan::Metric &metric, size_t index) {
  int64_t spanMs = static_cast<int64_t>(scale.axis.max);
  std::vector<Mark> marks = marksOf(input, analysis, metric);
  auto lines = seriesOf(input, analysis, metric, spanMs);
  std::vector<DrawnThreshold> thresholds;
  if (metric.success)
    for (const Threshold &t : conditionThresholds(*metric.success)) thresholds.push_back({"success", t});
  if (metric.failure)
    for (const Threshold &t : conditionThresholds(*metric.failure)) thresholds.push_back({"failure", t});

  std::string out = fmt::format("<article class=\"card metric\" id=\"metric-{}\" data-metric=\"{}/{}\">\n", index,
                                htmlEscape(analysis.name), htmlEscape(metric.name));
  std::string unit = metric.unit.empty() ? "" : " (" + metric.unit + ")";
  out += fmt::format("<div class=\"card-head\"><h3><code>{}</code> / <code>{}</code></h3><span class=\"meta\">{} "
                     "measurement{}{}</span></div>\n",
                     htmlEscape(analysis.name), htmlEscape(metric.name), marks.size(), marks.size() == 1 ? "" : "s",
                     metric.dryRun ? " · dry-run" : "");
  out += "<div class=\"conditions\">";
  if (!metric.successText.empty())
    out += fmt::format("<div>success when <code>{}</code></div>", htmlEscape(metric.successText));
  if (!metric.failureText.empty())
    out += fmt::format("<div>failure when <code>{}</code></div>", htmlEscape(metric.failureText));
  out += "</div>\n";

  double lo = INFINITY, hi = -INFINITY;
  for (const auto &line : lines)
    for (const auto &[t, v] : line) lo = std::min(lo, v), hi = std::max(hi, v);
  for (const Mark &m : marks)
    if (m.value && std::isfinite(*m.value)) lo = std::min(lo, *m.value), hi = std::max(hi, *m.value);
  for (const DrawnThreshold &d : thresholds)
    if (std::isfinite(d.threshold.value)) lo = std::min(lo, d.threshold.value), hi = std::max(hi, d.threshold.value);
  if (lo > hi) {
    out += "<p class=\"nodata-note\">No measurements and no trace data for this metric in the replayed window.</p>\n";
    return out + "</article>\n";
  }
  Axis values = valueAxis(lo, hi);
  auto y = [&](double v) { return kChartTop + (1 - values.fraction(v)) * kChartPlot; };
  double bottom = kChartTop + kChartPlot;

  out += fmt::format("<div class=\"plot\"><svg class=\"chart\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{} "
                     "over time: {} measurements\">\n",
                     num(kWidth), num(kChartHeight), htmlEscape(metric.name), marks.size());
  for (double v : values.ticks)
    out += fmt::format("<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>"
                       "<text x=\"{3}\" y=\"{4}\" text-anchor=\"end\">{5}</text>\n",
                       num(kLeft), num(y(v)), num(kLeft + kPlotWidth), num(kLeft - 8), num(y(v) + 4),
                       valueLabel(v, values.step));
  out += timeTicks(scale, kChartTop, bottom, true);
  out += fmt::format("<line class=\"axis-line\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>\n", num(kLeft),
                     num(bottom), num(kLeft + kPlotWidth));
  out += fmt::format("<text class=\"axis-title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" transform=\"rotate(-90 {} "
                     "{})\">result{}</text>\n",
                     num(16), num(kChartTop + kChartPlot / 2), num(16), num(kChartTop + kChartPlot / 2),
                     htmlEscape(unit));
  out += fmt::format("<text class=\"axis-title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">time since the rollout "
                     "started</text>\n",
                     num(kLeft + kPlotWidth / 2), num(bottom + 36));

  for (const DrawnThreshold &d : thresholds) {
    double ty = y(d.threshold.value);
    std::string label = fmt::format("{} {} {}", d.kind, opText(d.threshold.op), numberText(d.threshold.value));
    out += fmt::format("<line class=\"threshold {0}\" x1=\"{1}\" y1=\"{2}\" x2=\"{3}\" y2=\"{2}\"/>"
                       "<text class=\"threshold-label {0}\" x=\"{4}\" y=\"{5}\" text-anchor=\"end\">{6}</text>\n",
                       d.kind, num(kLeft), num(ty), num(kLeft + kPlotWidth), num(kLeft + kPlotWidth - 4), num(ty - 5),
                       htmlEscape(label));
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    std::string points;
    for (const auto &[t, v] : lines[i]) points += fmt::format("{}{},{}", points.empty() ? "" : " ", num(scale.x(t)), num(y(v)));
    out += fmt::format("<polyline class=\"series{}\" points=\"{}\"/>\n", i == 0 ? "" : " alt", points);
  }
  out += decisionLine(input, scale, kChartTop, bottom);
  for (const Mark &m : marks) {
    double mx = scale.x(m.tMs);
    double my = m.value && std::isfinite(*m.value) ? y(*m.value) : bottom;
    std::string phase(runtime::phaseName(m.phase));
    out += fmt::format("<g class=\"mark {}{}\" tabindex=\"0\" data-phase=\"{}\" data-tip=\"{}\"><title>{}</title>{}{}</g>\n",
                       phase, m.value ? "" : " nodata", phase, htmlEscape(m.tip), htmlEscape(m.tip), shape(m.phase, mx, my),
                       m.trigger ? fmt::format("<circle class=\"ring\" cx=\"{}\" cy=\"{}\" r=\"10\"/>", num(mx), num(my)) : "");
  }
  out += "</svg></div>\n";

  // The legend names only what the chart shows.
  out += "<ul class=\"legend\">";
  if (!lines.empty())
    out += "<li>" + legendSwatch("<line class=\"series\" x1=\"1\" y1=\"7\" x2=\"21\" y2=\"7\"/>") +
           (lines.size() > 1 ? fmt::format("trace ({} series)", lines.size()) : std::string("trace")) + "</li>";
  for (Phase phase : {Phase::Successful, Phase::Failed, Phase::Error, Phase::Inconclusive})
    if (std::any_of(marks.begin(), marks.end(), [&](const Mark &m) { return m.phase == phase && m.value; }))
      out += fmt::format("<li>{}{}</li>", legendSwatch(fmt::format("<g class=\"mark {}\">{}</g>",
                                                                    runtime::phaseName(phase), shape(phase, 11, 7))),
                         runtime::phaseName(phase));
  if (std::any_of(marks.begin(), marks.end(), [](const Mark &m) { return !m.value; }))
    out += "<li>" + legendSwatch("<g class=\"mark nodata Error\">" + shape(Phase::Error, 11, 7) + "</g>") +
           "no value (drawn on the axis)</li>";
  for (const char *kind : {"success", "failure"})
    if (std::any_of(thresholds.begin(), thresholds.end(), [&](const DrawnThreshold &d) { return d.kind == kind; }))
      out += fmt::format("<li>{}{} threshold</li>",
                         legendSwatch(fmt::format("<line class=\"threshold {}\" x1=\"1\" y1=\"7\" x2=\"21\" y2=\"7\"/>", kind)),
                         kind);
  if (input.replay.result.outcome.trigger &&
      std::any_of(marks.begin(), marks.end(), [](const Mark &m) { return m.trigger; }))
    out += "<li>" + legendSwatch("<circle cx=\"11\" cy=\"7\" r=\"5\" style=\"fill:none;stroke:var(--fg);stroke-width:2\"/>") +
           "the measurement that decided</li>";
  out += "</ul>\n";
  if (thresholds.empty() && (!metric.successText.empty() || !metric.failureText.empty()))
    out += "<p class=\"nodata-note\">The condition is not a simple comparison with a number, so no threshold is "
           "drawn.</p>\n";
  return out + "</article>\n";
}

//===-- events table ----------------------------------------------------------===//

std::string eventsTable(const ReportInput &input) {
  std::string rows;
  for (const TimelineEntry &e : input.replay.result.timeline) {
    std::string what;
    switch (e.kind) {
    case EntryKind::Step: what = fmt::format("step {}: {}", e.stepIndex, e.message); break;
    case EntryKind::AnalysisStart: what = fmt::format("{} analysis started: {}", e.run, e.analysis); break;
    case EntryKind::MetricEnd:
      what = fmt::format("{} metric {} → {}{}", e.run, e.metric, runtime::phaseName(*e.phase),
                         e.message.empty() ? "" : ": " + e.message);
      break;
    case EntryKind::AnalysisEnd:
      what = fmt::format("{} analysis {}{}", e.run, runtime::phaseName(*e.phase), e.message.empty() ? "" : ": " + e.message);
      break;
    case EntryKind::Event: what = fmt::format("operator: {}{}", e.action, e.argument.empty() ? "" : " " + e.argument); break;
    case EntryKind::Notification: what = fmt::format("notify {} {} ({})", e.action, e.argument, e.reason); break;
    case EntryKind::Decision:
      what = fmt::format("decision: {}{}", runtime::outcomeName(input.replay.result.outcome.kind),
                         e.reason.empty() ? "" : " (" + e.reason + ")");
      break;
    case EntryKind::Measurement:
    case EntryKind::StepComplete: continue;
    default: what = e.message; break;
    }
    rows += fmt::format("<tr><td class=\"num\">+{}</td><td>{}</td></tr>\n", timeLabel(e.tMs), htmlEscape(what));
  }
  return "<details><summary>Timeline (measurements are in the charts)</summary>\n<table>\n<thead><tr><th>time</th>"
         "<th>what happened</th></tr></thead>\n<tbody>\n" +
         rows + "</tbody>\n</table>\n</details>\n";
}

} // namespace

std::string renderHtmlCase(const ReportInput &input, std::string_view id, std::string_view heading) {
  const runtime::Outcome &outcome = input.replay.result.outcome;
  int64_t spanMs = std::max<int64_t>({input.replay.endMs - input.replay.startMs, outcome.decidedAtMs, 1'000});
  for (const TimelineEntry &e : input.replay.result.timeline) spanMs = std::max(spanMs, e.tMs);
  TimeScale scale{timeAxis(spanMs)};
  std::string out = fmt::format("<section class=\"case\" id=\"{}\" data-outcome=\"{}\">\n", htmlEscape(id),
                                runtime::outcomeName(outcome.kind));
  out += headerHtml(input, heading);
  out += "<h2>Steps and events</h2>\n<div class=\"card\"><div class=\"plot\">\n" + stepBand(input, scale) +
         "</div></div>\n";
  out += "<h2>Metrics</h2>\n";
  size_t index = 0;
  for (const plan::Template &analysis : input.plan.templates)
    for (const plan::Metric &metric : analysis.metrics) out += metricChart(input, scale, analysis, metric, index++);
  out += eventsTable(input);
  return out + "</section>\n";
}

std::string renderHtmlSuiteSummary(std::string_view title, const std::vector<HtmlSuiteRow> &rows) {
  size_t passed = static_cast<size_t>(std::count_if(rows.begin(), rows.end(), [](const HtmlSuiteRow &r) { return r.passed; }));
  std::string out = fmt::format("<section class=\"suite\">\n<h1>{}</h1>\n<div class=\"summary\"><div><span class=\"badge "
                                "{}\">{} {} passed, {} failed</span></div>\n<table>\n<thead><tr><th>case</th><th>outcome"
                                "</th><th>decided</th><th>result</th></tr></thead>\n<tbody>\n",
                                htmlEscape(title), passed == rows.size() ? "promoted" : "rolled_back",
                                passed == rows.size() ? "✔" : "✖", passed, rows.size() - passed);
  for (const HtmlSuiteRow &row : rows) {
    std::string name = row.anchor.empty() ? htmlEscape(row.name)
                                          : fmt::format("<a href=\"#{}\">{}</a>", htmlEscape(row.anchor), htmlEscape(row.name));
    std::string outcome = row.outcome.empty() ? "–" : htmlEscape(row.outcome) + (row.reason.empty() ? "" : " (" + htmlEscape(row.reason) + ")");
    out += fmt::format("<tr class=\"{}\"><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                       row.passed ? "passed" : "failed", name, outcome,
                       row.decidedAtMs ? "+" + timeLabel(*row.decidedAtMs) : "–",
                       row.passed ? "✔ passed" : "✖ " + htmlEscape(row.why));
  }
  return out + "</tbody>\n</table>\n</div>\n</section>\n";
}

std::string renderHtmlReport(const ReportInput &input) {
  return renderHtmlDocument("Rewind: " + input.plan.rollout + " replayed", renderHtmlCase(input, "replay"));
}

} // namespace rwd::render
