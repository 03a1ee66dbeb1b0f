// This file implements the fuzz harness of `rewind test --merge` input: bytes → readSuiteReport;
// a report that is read must render back to JSON that reads as the same report, and merge alone.
#include "fuzz/fuzz_support.h"
#include "render/suite_report.h"
#include "simulator/suite/report_merge.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace rwd;
  SourceManager sources;
  DiagnosticEngine diags;
  const SourceFile &file = fuzz::addInput(sources, "shard.json", data, size);
  std::optional<sim::suite::SuiteReport> report = sim::suite::readSuiteReport(file, diags);
  if (report) {
    if (diags.hasErrors()) fuzz::invariantBroken("a report was returned despite errors");
    std::string json = render::renderSuiteJson(*report);
    FileId again = sources.addBuffer("again.json", json);
    std::optional<sim::suite::SuiteReport> reread = sim::suite::readSuiteReport(sources.file(again), diags);
    if (!reread || render::renderSuiteJson(*reread) != json) fuzz::invariantBroken("a report does not read back");
    (void)render::renderSuiteText(*report, true, true);
    (void)render::renderSuiteJunit(*report);
    (void)sim::suite::mergeReports({*report}, {file.id()}, diags);
  }
  fuzz::renderAll(diags, sources);
  return 0;
}
