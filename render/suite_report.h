// This file implements the reports of `rewind test` (CONTRACT §7): text like `go test`, one JSON
// object, and JUnit XML as CI systems read it. All three render a SuiteReport, whether it comes
// from a run or from the merge of shard reports.
#pragma once

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

/// The formats of `rewind test --format`.
inline const std::vector<std::string> kSuiteFormats = {"text", "json", "junit"};
/// The report in `format` (one of kSuiteFormats); `verbose` and `color` apply to text only.
std::string renderSuiteReport(std::string_view format, const sim::suite::SuiteReport &report, bool verbose,
                              bool color);

} // namespace rwd::render
