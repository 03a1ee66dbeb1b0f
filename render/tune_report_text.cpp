// This file implements the text report of `rewind tune`: a ranked table, the skipped combinations,
// and the best combination spelled as the policy lines to change.
#include "compiler/support/duration.h"
#include "render/palette.h"
#include "render/tune_report.h"

#include <cmath>
#include <fmt/format.h>

namespace rwd::render {

namespace {

using sim::tune::RankedCombo;
using sim::tune::TuneReport;
using sim::tune::TuneValue;

std::string meanDetect(const sim::tune::Score &score) {
  if (score.detectCount == 0) return "-";
  return formatDuration(std::llround(static_cast<double>(score.detectSumMs) / static_cast<double>(score.detectCount)));
}

/// `a=1, b=2%`
std::string assignments(const std::vector<std::string> &settings, const std::vector<TuneValue> &values) {
  std::string out;
  for (size_t i = 0; i < settings.size(); ++i) out += fmt::format("{}{}={}", i ? ", " : "", settings[i], values[i].text);
  return out;
}

std::string table(const TuneReport &report, size_t rows) {
  std::vector<std::string> header = {"rank"};
  for (const std::string &s : report.settings) header.push_back(s);
  for (const char *h : {"passed", "false rollbacks", "missed rollbacks", "mean time to detect"}) header.push_back(h);
  std::vector<std::vector<std::string>> cells = {header};
  for (size_t r = 0; r < rows; ++r) {
    const RankedCombo &combo = report.combos[r];
    std::vector<std::string> row = {std::to_string(r + 1)};
    for (const TuneValue &value : combo.values) row.push_back(value.text);
    row.push_back(fmt::format("{}/{}", combo.score.passed, combo.score.passed + combo.score.failed));
    row.push_back(std::to_string(combo.score.falseRollbacks));
    row.push_back(std::to_string(combo.score.missedRollbacks));
    row.push_back(meanDetect(combo.score));
    cells.push_back(std::move(row));
  }
  std::vector<size_t> widths(header.size(), 0);
  for (const auto &row : cells)
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  size_t settingsEnd = 1 + report.settings.size(); // settings are text: left-aligned; counts right-aligned
  std::string out;
  for (const auto &row : cells) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      bool left = c >= 1 && c < settingsEnd;
      line += (c ? "  " : "") + (left ? fmt::format("{:<{}}", row[c], widths[c]) : fmt::format("{:>{}}", row[c], widths[c]));
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

} // namespace

std::string renderTuneText(const TuneReport &report, size_t top, bool color) {
  Palette p{color};
  size_t combos = report.combos.size() + report.skipped.size();
  std::string out = fmt::format("rewind tune: {} {} x {} {}: {} replays run, {} results reused\n\n", report.cases,
                                report.cases == 1 ? "case" : "cases", combos,
                                combos == 1 ? "combination" : "combinations", report.stats.replays, report.stats.reused);
  size_t rows = std::min(top, report.combos.size());
  out += table(report, rows);
  if (rows < report.combos.size())
    out += p.dim(fmt::format("... {} more (--top {} lists every one)", report.combos.size() - rows, report.combos.size())) + "\n";
  if (!report.skipped.empty()) {
    out += fmt::format("\n{} skipped: the policy cannot take {}\n",
                       report.skipped.size() == 1 ? "1 combination" : fmt::format("{} combinations", report.skipped.size()),
                       report.skipped.size() == 1 ? "it" : "them");
    for (const sim::tune::SkippedCombo &skipped : report.skipped)
      out += fmt::format("  {}: {}\n", assignments(report.settings, skipped.values), skipped.why);
  }
  if (report.combos.empty()) return out;
  const RankedCombo &best = report.combos.front();
  out += fmt::format("\n{} {} ({} of {} cases passed)\n", p.bold("best:"), assignments(report.settings, best.values),
                     best.score.passed, best.score.passed + best.score.failed);
  if (report.bestEdits.empty()) {
    out += "the policy already has these values\n";
    return out;
  }
  out += "change these policy lines:\n";
  for (const LineEdit &edit : report.bestEdits) {
    out += fmt::format("  {}:{}{}\n", edit.path, edit.line, edit.note.empty() ? "" : " (" + edit.note + ")");
    if (!edit.before.empty()) out += p.bad("  - " + edit.before) + "\n";
    else out += "    " + edit.context + "\n"; // the line the new one goes after
    out += p.good("  + " + edit.after) + "\n";
  }
  return out;
}

} // namespace rwd::render
