// This file implements the JSON report of `rewind test` (CONTRACT §7), the format the merge of shard
// reports reads back.
#include "render/report.h"
#include "render/suite_report.h"

#include <nlohmann/json.hpp>

namespace rwd::render {

using nlohmann::ordered_json;

std::string renderSuiteJson(const sim::suite::SuiteReport &report) {
  ordered_json out;
  out["passed"] = report.passed();
  out["failed"] = report.failed();
  ordered_json cases = ordered_json::array();
  for (const sim::suite::CaseResult &c : report.cases) {
    ordered_json j;
    j["name"] = c.name;
    j["trace"] = c.trace;
    j["outcome"] = std::string(runtime::outcomeName(c.outcome.kind));
    j["reason"] = c.outcome.reason.empty() ? ordered_json(nullptr) : ordered_json(c.outcome.reason);
    j["decided_at_s"] = secondsJson(c.outcome.decidedAtMs);
    j["passed"] = c.passed;
    j["why"] = c.passed ? ordered_json(nullptr) : ordered_json(c.why);
    j["index"] = c.index;
    j["suite"] = c.suite;
    cases.push_back(std::move(j));
  }
  out["cases"] = std::move(cases);
  out["total_cases"] = report.totalCases;
  if (report.shard) out["shard"] = {{"index", report.shard->index}, {"count", report.shard->count}};
  else out["shard"] = nullptr;
  // A file name need not be UTF-8; such bytes are replaced rather than failing the report.
  return out.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

} // namespace rwd::render
