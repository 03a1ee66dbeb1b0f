// This file implements the trace CSV fuzz harness: bytes → readTrace, then every series is queried
// at its first, last and in-between instants and the reader's ordering promises are checked.
#include "fuzz/fuzz_support.h"
#include "simulator/trace_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace rwd;
  SourceManager sources;
  DiagnosticEngine diags;
  const SourceFile &file = fuzz::addInput(sources, "fuzz.trace.csv", data, size);
  std::optional<sim::Trace> trace = sim::readTrace(file, diags);
  if (trace) {
    if (diags.hasErrors()) fuzz::invariantBroken("a trace was returned despite errors");
    for (const sim::Series &series : trace->series()) {
      for (size_t i = 1; i < series.size(); ++i)
        if (series[i - 1].timeMillis >= series[i].timeMillis)
          fuzz::invariantBroken("series samples are not strictly increasing in time");
      if (trace->findSeries(series.key) != &series) fuzz::invariantBroken("findSeries misses a key");
      for (sim::Sample sample : series) {
        std::optional<sim::Sample> seen = trace->sampleAt("", series.key, sample.timeMillis, 0);
        if (!seen || seen->timeMillis != sample.timeMillis || seen->values.size() != sample.values.size())
          fuzz::invariantBroken("sampleAt misses a sample at its own instant");
        trace->sampleAt("t", series.key, sample.timeMillis + 1, 1000);
      }
    }
    (void)trace->metricKeys();
    (void)trace->sampleCount();
  }
  fuzz::renderAll(diags, sources);
  return 0;
}
