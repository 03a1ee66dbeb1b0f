// This file implements the text report of `rewind test`, shaped like `go test`: failures with why,
// then a summary line per suite.
#include "render/palette.h"
#include "render/suite_report.h"
#include "simulator/suite/expectation.h"

#include <fmt/format.h>

namespace rwd::render {

namespace {

using sim::suite::CaseResult;
using sim::suite::SuiteReport;

std::string countText(size_t n) { return n == 1 ? "1 case" : fmt::format("{} cases", n); }

std::string summary(const std::string &subject, size_t passed, size_t failed, const Palette &p) {
  if (failed == 0) return fmt::format("{}  {}{} passed\n", p.good("ok  "), subject, countText(passed));
  return fmt::format("{}  {}{} of {} failed\n", p.bad("FAIL"), subject, failed, countText(passed + failed));
}

} // namespace

std::string renderSuiteText(const SuiteReport &report, bool verbose, bool color) {
  Palette p{color};
  std::string out;
  size_t suites = 0;
  for (size_t i = 0; i < report.cases.size();) {
    const std::string &suite = report.cases[i].suite;
    size_t passed = 0, failed = 0;
    for (; i < report.cases.size() && report.cases[i].suite == suite; ++i) {
      const CaseResult &c = report.cases[i];
      c.passed ? ++passed : ++failed;
      if (!c.passed)
        out += fmt::format("{} {} ({})\n    {}\n", p.bad("--- FAIL:"), c.name, c.trace, c.why);
      else if (verbose)
        out += fmt::format("{} {} ({})\n    {}\n", p.good("--- PASS:"), c.name, c.trace, sim::suite::describeOutcome(c.outcome, false));
    }
    out += summary(suite + "  ", passed, failed, p);
    ++suites;
  }
  std::string scope;
  if (report.shard)
    scope = fmt::format("shard {} of {} ({} of {} cases)  ", report.shard->index, report.shard->count,
                        report.cases.size(), report.totalCases);
  if (suites != 1 || report.shard) out += summary(scope, report.passed(), report.failed(), p);
  return out;
}

std::string renderSuiteReport(std::string_view format, const SuiteReport &report, const SuiteRenderOptions &options) {
  if (format == "json") return renderSuiteJson(report);
  if (format == "junit") return renderSuiteJunit(report);
  if (format == "html") return renderSuiteHtml(report, *options.sources);
  return renderSuiteText(report, options.verbose, options.color);
}

} // namespace rwd::render
