// This file implements the HTML report of `rewind test`: one page with each suite's summary table
// (every case, its outcome, decision time and verdict) and, below, the drawn replays of the cases
// the run kept (the failed ones, or every one with --verbose), each with its step band and metric
// charts, linked from its row.
#include "render/html_document.h"
#include "render/report_html.h"
#include "render/suite_report.h"

#include <fmt/format.h>

namespace rwd::render {

using sim::suite::CaseResult;
using sim::suite::SuiteReport;

std::string renderSuiteHtml(const SuiteReport &report, const SourceManager &sources) {
  std::string summaries, sections;
  bool undrawnFailures = false;
  for (size_t i = 0; i < report.cases.size();) {
    const std::string &suite = report.cases[i].suite;
    std::vector<HtmlSuiteRow> rows;
    for (; i < report.cases.size() && report.cases[i].suite == suite; ++i) {
      const CaseResult &c = report.cases[i];
      HtmlSuiteRow row;
      row.name = c.name;
      row.passed = c.passed;
      row.outcome = runtime::outcomeName(c.outcome.kind);
      row.reason = c.outcome.reason;
      row.decidedAtMs = c.outcome.decidedAtMs;
      row.why = c.why;
      if (c.drawn) {
        // The case's index is unique in the whole run (every suite, every shard).
        row.anchor = fmt::format("case-{}", c.index);
        ReportInput input{*c.drawn->plan, c.drawn->replay, sources, c.trace, &c.drawn->trace};
        // The row above says why it failed; the section's own header says how the replay went.
        std::string heading = fmt::format("{} {}", c.passed ? "✔" : "✖", c.name);
        sections += renderHtmlCase(input, row.anchor, heading);
      } else if (!c.passed) {
        undrawnFailures = true;
      }
      rows.push_back(std::move(row));
    }
    summaries += renderHtmlSuiteSummary(suite, rows);
  }
  if (report.shard)
    summaries += fmt::format("<p class=\"meta\">Shard {} of {}: {} of the run's {} cases.</p>\n", report.shard->index,
                             report.shard->count, report.cases.size(), report.totalCases);
  if (undrawnFailures)
    summaries += "<p class=\"meta\">A report merged from shard reports holds outcomes only: the replays of its "
                 "failed cases are drawn by the shards' own HTML reports or by <code>rewind simulate</code>.</p>\n";
  std::string title = fmt::format("Rewind: {} of {} cases passed", report.passed(), report.cases.size());
  return renderHtmlDocument(title, summaries + sections);
}

} // namespace rwd::render
