// This file implements the HTML report of `rewind test`: one page with each suite's summary table
// (every case, its outcome, decision time and verdict) and, below, the drawn replays of the cases
// the run drew (the failed ones, or every one with --verbose; at most kMaxDrawnCases), each with its step band and metric
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
  size_t undrawnFailures = 0, drawn = 0;
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
        ++drawn;
      } else if (!c.passed) {
        ++undrawnFailures;
      }
      rows.push_back(std::move(row));
    }
    summaries += renderHtmlSuiteSummary(suite, rows);
  }
  if (report.shard)
    summaries += fmt::format("<p class=\"meta\">Shard {} of {}: {} of the run's {} cases.</p>\n", report.shard->index,
                             report.shard->count, report.cases.size(), report.totalCases);
  if (undrawnFailures) {
    std::string count = undrawnFailures == 1 ? std::string("1 failed case is") : fmt::format("{} failed cases are", undrawnFailures);
    // A run draws up to the limit; fewer drawn with failures left means a merged report whose
    // suites could not be replayed, and the command says why.
    std::string why = drawn == sim::suite::kMaxDrawnCases
                          ? fmt::format("a page draws at most {} replays", sim::suite::kMaxDrawnCases)
                          : !report.undrawnReason.empty() ? htmlEscape(report.undrawnReason)
                                                          : std::string("the report holds outcomes only");
    summaries += fmt::format("<p class=\"meta\">{} not drawn: {}. <code>rewind simulate POLICY --trace TRACE --format "
                             "html</code> draws any one case.</p>\n",
                             count, why);
  }
  std::string title = fmt::format("Rewind: {} of {} cases passed", report.passed(), report.cases.size());
  return renderHtmlDocument(title, summaries + sections);
}

} // namespace rwd::render
