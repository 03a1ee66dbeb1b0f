// This file implements the suite file reader: the YAML walk, path resolution and glob expansion.
#include "simulator/suite/suite_reader.h"

#include "compiler/support/duration.h"
#include "compiler/yaml/node_reader.h"
#include "simulator/suite/expectation.h"
#include "simulator/suite/path_glob.h"
#include "simulator/timestamp.h"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <map>

namespace rwd::sim::suite {

namespace {

/// A string with where it is written.
struct Located {
  std::string value;
  SourceRange range;
};

/// A case as written, before its glob is expanded.
struct CaseEntry {
  Located name;
  std::optional<Located> trace, traces, events;
  std::optional<int64_t> startMs;
  Expectation expect;
  bool valid = true;
};

/// `a, b or c` (each in backticks when `code`).
template <typename Items> std::string orList(const Items &items, bool code) {
  std::string out;
  size_t i = 0;
  for (std::string_view item : items) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += code ? fmt::format("`{}`", item) : std::string(item);
    ++i;
  }
  return out;
}

/// `traces/a.trace.csv` → `traces/a.events.csv`: the events file a glob's trace takes beside it.
std::string eventsBeside(const std::string &tracePath) {
  std::string base = tracePath;
  for (std::string_view suffix : {".trace.csv", ".csv"})
    if (base.size() > suffix.size() && base.compare(base.size() - suffix.size(), suffix.size(), suffix) == 0) {
      base.resize(base.size() - suffix.size());
      break;
    }
  return base + ".events.csv";
}

class SuiteReader : public yaml::NodeReader {
public:
  SuiteReader(const SourceFile &file, DiagnosticEngine &diags, const SuiteReadOptions &options)
      : NodeReader(file, diags), options_(options) {}

  std::optional<Suite> read() {
    std::optional<std::vector<YAML::Node>> docs = yaml::loadDocuments(file_, diags_);
    if (!docs) return std::nullopt;
    size_t errors = diags_.errorCount();
    suite_.path = file_.path();
    try {
      std::vector<const YAML::Node *> present;
      for (const YAML::Node &doc : *docs)
        if (!doc.IsNull()) present.push_back(&doc);
      if (present.empty()) {
        diags_.report(DiagKind::SuiteNoCases, SourceRange{file_.id(), 0, 0});
        return std::nullopt;
      }
      for (size_t i = 1; i < present.size(); ++i)
        diags_.report(DiagKind::SuiteSeveralDocuments, range(*present[i]));
      readRoot(*present.front());
    } catch (const YAML::Exception &e) {
      yaml::reportYamlException(file_, e, diags_);
    } catch (const std::exception &e) {
      diags_.report(DiagKind::YamlSyntaxError, SourceRange{file_.id(), 0, 0}, e.what());
    }
    if (stopped() || diags_.errorCount() > errors) return std::nullopt;
    return std::move(suite_);
  }

private:
  std::optional<Located> string(const YAML::Node &node, std::string_view field) {
    if (!visit(node)) return std::nullopt;
    if (!node.IsScalar()) {
      diags_.report(DiagKind::YamlWrongShape, range(node), field, "a string", describe(node));
      return std::nullopt;
    }
    return Located{node.Scalar(), range(node)};
  }

  /// A non-empty path.
  std::optional<Located> path(const YAML::Node &node, std::string_view field) {
    std::optional<Located> text = string(node, field);
    if (text && text->value.empty()) {
      diags_.report(DiagKind::YamlWrongShape, text->range, field, "a path", "an empty string");
      return std::nullopt;
    }
    return text;
  }

  std::optional<int64_t> duration(const YAML::Node &node, std::string_view field) {
    std::optional<Located> text = string(node, field);
    if (!text) return std::nullopt;
    std::string error;
    std::optional<int64_t> millis = parseDuration(text->value, &error);
    if (!millis) {
      if (text->value.find_first_not_of("0123456789.") == std::string::npos)
        error = "a bare number has no unit; write `600s` or `10m`";
      diags_.report(DiagKind::InvalidDuration, text->range, text->value, error);
    }
    return millis;
  }

  void unknownKey(const YAML::Node &key, std::string_view where, std::initializer_list<std::string_view> known) {
    diags_.report(DiagKind::SuiteUnknownKey, range(key), key.Scalar(), where, orList(known, true));
  }

  void readRoot(const YAML::Node &root) {
    if (!visit(root) || !expectMap(root, "the suite")) return;
    std::optional<YAML::Node> cases; // a handle: the iterator's node does not outlive the entry
    bool havePolicy = false;
    entries(root, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
      if (key == "policy") {
        havePolicy = true;
        readPolicies(v);
      } else if (key == "cases") {
        cases = v;
      } else if (key == "controller") {
        std::optional<Located> controller = string(v, "controller");
        if (controller && controller->value != "argo" && controller->value != "flagger")
          diags_.report(DiagKind::SuiteBadController, controller->range, controller->value);
        else if (controller)
          suite_.controller = controller->value;
      } else {
        unknownKey(k, "the suite", {"policy", "controller", "cases"});
      }
    });
    if (stopped()) return;
    if (!havePolicy) diags_.report(DiagKind::YamlMissingField, range(root), "the suite", "policy");
    if (!cases) {
      diags_.report(DiagKind::YamlMissingField, range(root), "the suite", "cases");
      return;
    }
    readCases(*cases);
  }

  void readPolicies(const YAML::Node &node) {
    std::vector<YAML::Node> items;
    if (node.IsSequence()) {
      visit(node);
      for (const YAML::Node &item : node) items.push_back(item);
      if (items.empty())
        diags_.report(DiagKind::YamlWrongShape, range(node), "policy", "one or more policy files", "an empty list");
    } else {
      items.push_back(node);
    }
    for (const YAML::Node &item : items) {
      std::optional<Located> written = path(item, "policy");
      if (!written) continue;
      std::string resolved = resolveBeside(suite_.path, written->value);
      if (!isGlob(written->value)) {
        suite_.policies.push_back(resolved);
        suite_.policyRanges.push_back(written->range);
        continue;
      }
      for (const std::string &match : expand(resolved, written->range, /*limit=*/1000)) {
        suite_.policies.push_back(match);
        suite_.policyRanges.push_back(written->range);
      }
    }
  }

  /// The files matching `pattern` (reported when none do, or the file system fails).
  std::vector<std::string> expand(const std::string &pattern, SourceRange where, size_t limit) {
    GlobMatches matches = options_.glob(pattern, limit);
    if (matches.error) {
      diags_.report(DiagKind::SuiteBadGlob, where, pattern, *matches.error);
      return {};
    }
    if (matches.paths.empty()) diags_.report(DiagKind::SuiteGlobNoMatch, where, pattern);
    if (matches.paths.size() > limit) {
      diags_.report(DiagKind::SuiteTooManyCases, where, limit);
      matches.paths.clear();
    }
    return std::move(matches.paths);
  }

  void readCases(const YAML::Node &node) {
    if (!visit(node) || !expectSeq(node, "cases")) return;
    if (node.size() == 0) diags_.report(DiagKind::SuiteNoCases, range(node));
    std::map<std::string, SourceRange> names;
    for (const YAML::Node &item : node) {
      std::optional<CaseEntry> entry = readCase(item);
      if (stopped()) return;
      if (!entry || !entry->valid) continue;
      for (Case &c : expandCase(*entry)) {
        auto [it, inserted] = names.emplace(c.name, entry->name.range);
        if (!inserted) {
          diags_.report(DiagKind::SuiteDuplicateCase, entry->name.range, c.name)
              .note(DiagKind::PreviousDeclarationHere, it->second);
          continue;
        }
        if (suite_.cases.size() >= kMaxSuiteCases) {
          diags_.report(DiagKind::SuiteTooManyCases, c.traceRange, kMaxSuiteCases);
          return;
        }
        suite_.cases.push_back(std::move(c));
      }
    }
  }

  std::optional<CaseEntry> readCase(const YAML::Node &node) {
    if (!visit(node) || !expectMap(node, "cases[]")) return std::nullopt;
    CaseEntry entry;
    bool haveName = false, haveExpect = false;
    entries(node, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
      if (key == "name") {
        if (std::optional<Located> name = string(v, "name")) {
          haveName = true;
          entry.name = *name;
          if (name->value.empty()) {
            diags_.report(DiagKind::SuiteEmptyName, name->range);
            entry.valid = false;
          }
        } else {
          entry.valid = false;
        }
      } else if (key == "trace" || key == "traces" || key == "events") {
        std::optional<Located> written = path(v, key);
        if (!written) entry.valid = false;
        (key == "trace" ? entry.trace : key == "traces" ? entry.traces : entry.events) = written;
      } else if (key == "start") {
        std::optional<Located> text = string(v, "start");
        if (text) entry.startMs = parseTimestampMillis(text->value);
        if (text && !entry.startMs) diags_.report(DiagKind::TraceBadTimestamp, text->range, text->value);
        if (!entry.startMs) entry.valid = false;
      } else if (key == "expect") {
        haveExpect = true;
        if (!readExpectation(v, entry.expect)) entry.valid = false;
      } else {
        unknownKey(k, "a case", {"name", "trace", "traces", "events", "start", "expect"});
        entry.valid = false;
      }
    });
    SourceRange where = range(node);
    if (!haveName) diags_.report(DiagKind::YamlMissingField, where, "a case", "name");
    if (!haveExpect) diags_.report(DiagKind::YamlMissingField, where, "a case", "expect");
    if (entry.trace && entry.traces)
      diags_.report(DiagKind::SuiteConflictingKeys, entry.traces->range, "a case", "trace", "traces");
    else if (!entry.trace && !entry.traces && entry.valid)
      diags_.report(DiagKind::YamlMissingField, where, "a case", "trace` or `traces");
    if (entry.traces) {
      YAML::Node events = node["events"], start = node["start"];
      if (events) diags_.report(DiagKind::SuiteGlobKeyNotAllowed, range(events), "events");
      if (start) diags_.report(DiagKind::SuiteGlobKeyNotAllowed, range(start), "start");
      if (events || start) entry.valid = false;
    }
    if (!haveName || !haveExpect || (entry.trace && entry.traces) || (!entry.trace && !entry.traces))
      entry.valid = false;
    return entry;
  }

  bool readExpectation(const YAML::Node &node, Expectation &expect) {
    if (!visit(node) || !expectMap(node, "expect")) return false;
    bool ok = true, haveOutcome = false;
    std::optional<Located> reason;
    SourceRange afterRange;
    entries(node, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
      if (key == "outcome") {
        std::optional<Located> text = string(v, "outcome");
        std::optional<runtime::OutcomeKind> outcome = text ? parseOutcome(text->value) : std::nullopt;
        if (text && !outcome) diags_.report(DiagKind::SuiteBadOutcome, text->range, text->value);
        if (outcome) expect.outcome = *outcome, haveOutcome = true;
        else ok = false;
      } else if (key == "reason") {
        reason = string(v, "reason");
        ok &= reason.has_value();
      } else if (key == "decided_before" || key == "decided_after") {
        std::optional<int64_t> millis = duration(v, key);
        (key == "decided_before" ? expect.decidedBeforeMs : expect.decidedAfterMs) = millis;
        if (key == "decided_after") afterRange = range(v);
        ok &= millis.has_value();
      } else {
        unknownKey(k, "`expect`", {"outcome", "reason", "decided_before", "decided_after"});
        ok = false;
      }
    });
    if (!haveOutcome) {
      if (ok) diags_.report(DiagKind::YamlMissingField, range(node), "`expect`", "outcome");
      return false;
    }
    if (reason) {
      const std::vector<std::string> &allowed = reasonsOf(expect.outcome);
      if (std::find(allowed.begin(), allowed.end(), reason->value) == allowed.end()) {
        diags_.report(DiagKind::SuiteBadReason, reason->range, reason->value,
                      runtime::outcomeName(expect.outcome),
                      allowed.empty() ? "no reason (it has none)" : orList(allowed, false));
        ok = false;
      }
      expect.reason = reason->value;
    }
    if (expect.decidedBeforeMs && expect.decidedAfterMs && *expect.decidedAfterMs > *expect.decidedBeforeMs) {
      diags_.report(DiagKind::SuiteImpossibleBounds, afterRange, formatDuration(*expect.decidedAfterMs),
                    formatDuration(*expect.decidedBeforeMs));
      ok = false;
    }
    return ok;
  }

  /// One Case for a `trace`, one per matching file for `traces`.
  std::vector<Case> expandCase(const CaseEntry &entry) {
    std::vector<Case> out;
    if (entry.trace) {
      Case c;
      c.name = entry.name.value;
      c.tracePath = resolveBeside(suite_.path, entry.trace->value);
      c.traceRange = entry.trace->range;
      if (entry.events) {
        c.eventsPath = resolveBeside(suite_.path, entry.events->value);
        c.eventsRange = entry.events->range;
      }
      c.startMs = entry.startMs;
      c.expect = entry.expect;
      out.push_back(std::move(c));
      return out;
    }
    std::string pattern = resolveBeside(suite_.path, entry.traces->value);
    std::vector<std::string> matches;
    if (isGlob(entry.traces->value)) {
      matches = expand(pattern, entry.traces->range, kMaxSuiteCases);
    } else {
      matches.push_back(pattern); // a plain path is a glob that matches itself
    }
    for (const std::string &match : matches) {
      Case c;
      c.name = entry.name.value + "/" + globRelativeName(pattern, match);
      c.tracePath = match;
      c.traceRange = entry.traces->range;
      std::string events = eventsBeside(match);
      std::error_code ec;
      if (std::filesystem::is_regular_file(events, ec)) {
        c.eventsPath = events;
        c.eventsRange = entry.traces->range;
      }
      c.expect = entry.expect;
      out.push_back(std::move(c));
    }
    return out;
  }

  const SuiteReadOptions &options_;
  Suite suite_;
};

} // namespace

std::optional<Suite> readSuite(const SourceFile &file, DiagnosticEngine &diags, const SuiteReadOptions &options) {
  return SuiteReader(file, diags, options).read();
}

} // namespace rwd::sim::suite
