// This file implements the test suite fuzz harness: bytes → readSuite, whose suite must be
// consistent (a case per expanded trace, names unique, paths resolved, a reason the outcome has).
// Globs are answered by a made-up file list, so that no input reaches the file system.
#include "fuzz/fuzz_support.h"
#include "simulator/suite/expectation.h"
#include "simulator/suite/suite_reader.h"

#include <algorithm>
#include <set>

namespace {

/// Three made-up files per glob (none for a pattern holding `none`), under the pattern's folder.
rwd::sim::suite::GlobMatches madeUpFiles(const std::string &pattern, size_t limit) {
  rwd::sim::suite::GlobMatches matches;
  if (pattern.find("none") != std::string::npos) return matches;
  size_t slash = pattern.rfind('/');
  std::string folder = slash == std::string::npos ? "" : pattern.substr(0, slash + 1);
  for (const char *name : {"a.trace.csv", "b.trace.csv", "c.csv"})
    if (matches.paths.size() <= limit) matches.paths.push_back(folder + name);
  return matches;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace rwd;
  SourceManager sources;
  DiagnosticEngine diags;
  const SourceFile &file = fuzz::addInput(sources, "/nonexistent-rewind-fuzz/suite.yaml", data, size);
  sim::suite::SuiteReadOptions options;
  options.glob = madeUpFiles;
  std::optional<sim::suite::Suite> suite = sim::suite::readSuite(file, diags, options);
  if (suite) {
    if (diags.hasErrors()) fuzz::invariantBroken("a suite was returned despite errors");
    if (suite->cases.empty()) fuzz::invariantBroken("a suite without cases was returned");
    if (suite->policies.empty() || suite->policies.size() != suite->policyRanges.size())
      fuzz::invariantBroken("policies and their ranges disagree");
    std::set<std::string> names;
    for (const sim::suite::Case &c : suite->cases) {
      if (c.name.empty() || !names.insert(c.name).second) fuzz::invariantBroken("case names are not unique");
      if (c.tracePath.empty() || !c.traceRange.valid()) fuzz::invariantBroken("a case without a located trace");
      const std::vector<std::string> &reasons = sim::suite::reasonsOf(c.expect.outcome);
      if (c.expect.reason && std::find(reasons.begin(), reasons.end(), *c.expect.reason) == reasons.end())
        fuzz::invariantBroken("a reason the outcome does not have");
      if (c.expect.decidedAfterMs && c.expect.decidedBeforeMs && *c.expect.decidedAfterMs > *c.expect.decidedBeforeMs)
        fuzz::invariantBroken("bounds no decision can meet");
    }
  }
  fuzz::renderAll(diags, sources);
  return 0;
}
