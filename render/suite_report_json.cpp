// This file implements the JSON report of `rewind test` (CONTRACT §7), the format the merge of shard
// reports reads back.
#include "render/json_writer.h"
#include "render/report.h"
#include "render/suite_report.h"

namespace rwd::render {

std::string renderSuiteJson(const sim::suite::SuiteReport &report) {
  std::string out;
  {
    // A file name need not be UTF-8; the writer replaces such bytes rather than failing the report.
    JsonWriter json(out);
    json.beginObject();
    json.key("passed"), json.integer(static_cast<int64_t>(report.passed()));
    json.key("failed"), json.integer(static_cast<int64_t>(report.failed()));
    json.key("cases"), json.beginArray();
    for (const sim::suite::CaseResult &c : report.cases) {
      json.beginObject();
      json.key("name"), json.string(c.name);
      json.key("trace"), json.string(c.trace);
      json.key("outcome"), json.string(runtime::outcomeName(c.outcome.kind));
      json.key("reason");
      if (c.outcome.reason.empty()) json.null();
      else json.string(c.outcome.reason);
      json.key("decided_at_s"), writeSeconds(json, c.outcome.decidedAtMs);
      json.key("passed"), json.boolean(c.passed);
      json.key("why");
      if (c.passed) json.null();
      else json.string(c.why);
      json.key("index"), json.integer(static_cast<int64_t>(c.index));
      json.key("suite"), json.string(c.suite);
      json.endObject();
    }
    json.endArray();
    json.key("total_cases"), json.integer(static_cast<int64_t>(report.totalCases));
    json.key("shard");
    if (report.shard) {
      json.beginObject();
      json.key("index"), json.integer(static_cast<int64_t>(report.shard->index));
      json.key("count"), json.integer(static_cast<int64_t>(report.shard->count));
      json.endObject();
    } else {
      json.null();
    }
    json.endObject();
  }
  out += '\n';
  return out;
}

} // namespace rwd::render
