// This file implements the events CSV fuzz harness: bytes → readEvents, whose result must be in
// time order.
#include "fuzz/fuzz_support.h"
#include "simulator/events_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace rwd;
  SourceManager sources;
  DiagnosticEngine diags;
  const SourceFile &file = fuzz::addInput(sources, "fuzz.events.csv", data, size);
  std::optional<std::vector<sim::Event>> events = sim::readEvents(file, diags);
  if (events) {
    if (diags.hasErrors()) fuzz::invariantBroken("events were returned despite errors");
    for (size_t i = 1; i < events->size(); ++i)
      if ((*events)[i - 1].timeMillis > (*events)[i].timeMillis)
        fuzz::invariantBroken("events are not sorted by time");
    for (const sim::Event &event : *events) (void)sim::eventActionName(event.action);
  }
  fuzz::renderAll(diags, sources);
  return 0;
}
