// This file implements the reading of `rewind test` JSON reports and the merge of shard reports.
#include "simulator/suite/report_merge.h"

#include "simulator/suite/expectation.h"

#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace rwd::sim::suite {

namespace {

using nlohmann::json;

/// Reading a report's JSON; the first shape error is kept (with its JSON path) and stops the walk.
class ReportReader {
public:
  explicit ReportReader(const json &root) : root_(root) {}

  std::optional<SuiteReport> read() {
    SuiteReport report;
    if (!root_.is_object()) return fail("the file", "an object");
    std::optional<size_t> total = count(root_, "total_cases", "total_cases");
    if (!total) return std::nullopt;
    report.totalCases = *total;
    const json *shard = member(root_, "shard", "shard");
    if (!shard) return std::nullopt;
    if (!shard->is_null()) {
      if (!shard->is_object()) return fail("shard", "an object or null");
      std::optional<size_t> index = count(*shard, "index", "shard.index");
      std::optional<size_t> shards = count(*shard, "count", "shard.count");
      if (!index || !shards) return std::nullopt;
      if (*shards == 0 || *index >= *shards) return fail("shard", "an index below a non-zero count");
      report.shard = Shard{*index, *shards};
    }
    const json *cases = member(root_, "cases", "cases");
    if (!cases) return std::nullopt;
    if (!cases->is_array()) return fail("cases", "an array");
    for (size_t i = 0; i < cases->size(); ++i) {
      std::optional<CaseResult> c = readCase((*cases)[i], fmt::format("cases[{}]", i));
      if (!c) return std::nullopt;
      if (c->index >= report.totalCases)
        return fail(fmt::format("cases[{}].index", i), fmt::format("below total_cases ({})", report.totalCases));
      if (!report.cases.empty() && c->index <= report.cases.back().index)
        return fail(fmt::format("cases[{}].index", i), "greater than the index of the case before");
      report.cases.push_back(std::move(*c));
    }
    std::optional<size_t> passed = count(root_, "passed", "passed");
    std::optional<size_t> failed = count(root_, "failed", "failed");
    if (!passed || !failed) return std::nullopt;
    if (*passed != report.passed() || *failed != report.failed())
      return fail("passed and failed", "the counts of the cases' `passed`");
    return report;
  }

  const std::string &error() const { return error_; }

private:
  std::nullopt_t fail(const std::string &path, const std::string &expected) {
    if (error_.empty()) error_ = fmt::format("`{}` must be {}", path, expected);
    return std::nullopt;
  }

  const json *member(const json &object, const char *key, const std::string &path) {
    auto it = object.find(key);
    if (it == object.end()) {
      fail(path, "present");
      return nullptr;
    }
    return &*it;
  }

  std::optional<size_t> count(const json &object, const char *key, const std::string &path) {
    const json *value = member(object, key, path);
    if (!value) return std::nullopt;
    if (!value->is_number_unsigned() && !(value->is_number_integer() && value->get<int64_t>() >= 0))
      return fail(path, "a whole number");
    return value->get<size_t>();
  }

  std::optional<std::string> text(const json &object, const char *key, const std::string &path, bool nullable) {
    const json *value = member(object, key, path);
    if (!value) return std::nullopt;
    if (value->is_string()) return value->get<std::string>();
    if (nullable && value->is_null()) return std::string();
    return fail(path, nullable ? "a string or null" : "a string");
  }

  std::optional<CaseResult> readCase(const json &j, const std::string &path) {
    if (!j.is_object()) return fail(path, "an object");
    CaseResult c;
    std::optional<std::string> name = text(j, "name", path + ".name", false);
    std::optional<std::string> trace = text(j, "trace", path + ".trace", false);
    std::optional<std::string> suite = text(j, "suite", path + ".suite", false);
    std::optional<std::string> outcome = text(j, "outcome", path + ".outcome", false);
    std::optional<std::string> reason = text(j, "reason", path + ".reason", true);
    std::optional<std::string> why = text(j, "why", path + ".why", true);
    std::optional<size_t> index = count(j, "index", path + ".index");
    const json *decided = member(j, "decided_at_s", path + ".decided_at_s");
    const json *passed = member(j, "passed", path + ".passed");
    if (!name || !trace || !suite || !outcome || !reason || !why || !index || !decided || !passed)
      return std::nullopt;
    std::optional<runtime::OutcomeKind> kind = parseOutcome(*outcome);
    if (!kind) return fail(path + ".outcome", "promoted, rolled_back, paused or incomplete");
    if (!decided->is_number() || !std::isfinite(decided->get<double>()) || decided->get<double>() < 0 ||
        decided->get<double>() > 1e15)
      return fail(path + ".decided_at_s", "a number of seconds");
    if (!passed->is_boolean()) return fail(path + ".passed", "true or false");
    if (passed->get<bool>() == !why->empty()) return fail(path + ".why", "null exactly when the case passed");
    c.index = *index;
    c.name = std::move(*name);
    c.trace = std::move(*trace);
    c.suite = std::move(*suite);
    c.outcome.kind = *kind;
    c.outcome.reason = std::move(*reason);
    c.outcome.decidedAtMs = static_cast<int64_t>(std::llround(decided->get<double>() * 1000.0));
    c.passed = passed->get<bool>();
    c.why = std::move(*why);
    return c;
  }

  const json &root_;
  std::string error_;
};

} // namespace

std::optional<SuiteReport> readSuiteReport(const SourceFile &file, DiagnosticEngine &diags) {
  json root;
  try {
    root = json::parse(file.text());
  } catch (const json::parse_error &e) {
    uint32_t at = static_cast<uint32_t>(std::min<size_t>(e.byte > 0 ? e.byte - 1 : 0, file.text().size()));
    diags.report(DiagKind::TestResultInvalid, SourceRange{file.id(), at, at}, "invalid JSON");
    return std::nullopt;
  } catch (const json::exception &e) {
    // A number beyond a double (`1e999`, found by the fuzzer) is out_of_range, not a parse_error.
    diags.report(DiagKind::TestResultInvalid, SourceRange{file.id(), 0, 0}, "invalid JSON (a number out of range)");
    return std::nullopt;
  }
  ReportReader reader(root);
  std::optional<SuiteReport> report = reader.read();
  if (!report) diags.report(DiagKind::TestResultInvalid, SourceRange{file.id(), 0, 0}, reader.error());
  return report;
}

std::optional<SuiteReport> mergeReports(std::vector<SuiteReport> shards, const std::vector<FileId> &files,
                                        DiagnosticEngine &diags) {
  auto at = [&](size_t i) { return SourceRange{files[i], 0, 0}; };
  if (shards.size() == 1 && !shards[0].shard) return std::move(shards[0]);
  std::vector<size_t> given; // report index per shard index, SIZE_MAX when missing
  for (size_t i = 0; i < shards.size(); ++i) {
    const SuiteReport &report = shards[i];
    if (!report.shard) {
      diags.report(DiagKind::TestShardsMismatch, at(i), "this is the report of a whole run, not of a shard");
      return std::nullopt;
    }
    const SuiteReport &first = shards[0];
    if (report.shard->count != first.shard->count || report.totalCases != first.totalCases) {
      diags.report(DiagKind::TestShardsMismatch, at(i),
                   fmt::format("this is shard {} of {} in a run of {} cases, but the first report is of "
                               "{} shards and {} cases",
                               report.shard->index, report.shard->count, report.totalCases,
                               first.shard->count, first.totalCases));
      return std::nullopt;
    }
    given.resize(report.shard->count, SIZE_MAX);
    if (given[report.shard->index] != SIZE_MAX) {
      diags.report(DiagKind::TestShardsMismatch, at(i),
                   fmt::format("shard {} of {} is given twice", report.shard->index, report.shard->count))
          .note(DiagKind::PreviousSettingHere, at(given[report.shard->index]));
      return std::nullopt;
    }
    given[report.shard->index] = i;
    for (const CaseResult &c : report.cases)
      if (!report.shard->owns(c.index)) {
        diags.report(DiagKind::TestShardsMismatch, at(i),
                     fmt::format("case `{}` (index {}) does not belong to shard {} of {}", c.name, c.index,
                                 report.shard->index, report.shard->count));
        return std::nullopt;
      }
  }
  for (size_t s = 0; s < given.size(); ++s)
    if (given[s] == SIZE_MAX) {
      diags.report(DiagKind::TestShardsMismatch, at(0),
                   fmt::format("shard {} of {} is missing; pass every shard's report", s, given.size()));
      return std::nullopt;
    }
  SuiteReport merged;
  merged.totalCases = shards[0].totalCases;
  // Shard s holds the cases at positions s, s + N, s + 2N, ...: taking them round robin restores
  // the order of the whole run.
  std::vector<size_t> next(given.size(), 0);
  for (size_t position = 0; position < merged.totalCases; ++position) {
    size_t s = position % given.size();
    std::vector<CaseResult> &cases = shards[given[s]].cases;
    if (next[s] >= cases.size() || cases[next[s]].index != position) {
      diags.report(DiagKind::TestShardsMismatch, at(given[s]),
                   fmt::format("the case at index {} is missing from shard {} of {}", position, s, given.size()));
      return std::nullopt;
    }
    merged.cases.push_back(std::move(cases[next[s]++]));
  }
  return merged;
}

} // namespace rwd::sim::suite
