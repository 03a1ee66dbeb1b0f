// This file implements the reports of `rewind test` (CONTRACT §7): text like `go test`, one JSON
// object, JUnit XML as CI systems read it, and an HTML page. All render a SuiteReport, whether it comes
// from a run or from the merge of shard reports.
#pragma once

#include "compiler/source/source_manager.h"
#include "simulator/suite/suite_result.h"

#include <string>
#include <string_view>
#include <vector>

namespace rwd::render {

/// One line per failed case (`--- FAIL: NAME (TRACE)`) with why, indented; every case with
/// `verbose` (`--- PASS: ...` with its outcome); then a summary line per suite and, for several
/// suites, one for the run. Colour when `color`.
std::string renderSuiteText(const sim::suite::SuiteReport &report, bool verbose, bool color);

/// `{"passed", "failed", "cases": [{"name", "trace", "outcome", "reason", "decided_at_s", "passed",
/// "why", "index", "suite"}], "total_cases", "shard"}`; `shard` is `{"index", "count"}` or null.
/// `rewind test --merge` reads this back (sim::suite::readSuiteReport).
std::string renderSuiteJson(const sim::suite::SuiteReport &report);

/// JUnit XML: a `testsuite` per suite file, a `testcase` per case, a `failure` for a failed one.
std::string renderSuiteJunit(const sim::suite::SuiteReport &report);

/// One self-contained HTML page: each suite's table of cases, then the replay of every case the run
/// kept (CaseResult::drawn: the failed ones, or all with --verbose) drawn as `simulate --format html`
/// draws it, linked from its row. `sources` locates the plans' lines.
std::string renderSuiteHtml(const sim::suite::SuiteReport &report, const SourceManager &sources);

/// The formats of `rewind test --format`.
inline const std::vector<std::string> kSuiteFormats = {"text", "json", "junit", "html"};

struct SuiteRenderOptions {
  bool verbose = false; // text: every case, not only the failed ones
  bool color = false;   // text
  const SourceManager *sources = nullptr; // html: required
};
/// The report in `format` (one of kSuiteFormats).
std::string renderSuiteReport(std::string_view format, const sim::suite::SuiteReport &report,
                              const SuiteRenderOptions &options);

} // namespace rwd::render
