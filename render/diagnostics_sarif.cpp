// This file implements the SARIF 2.1.0 rendering of diagnostics, as code scanning services read it
// (../shared/guides/ecosystem.md §3): the closed registry of kinds as the driver's rules, each with
// its help text; one result per diagnostic with its physical location; notes as related locations;
// "did you mean" suggestions as fixes; a line-hash fingerprint per located result. Columns count
// Unicode code points (`columnKind`).
#include "render/diagnostics.h"

#include "compiler/diag/diagnostic_help.h"
#include "render/source_span.h"

#include <cctype>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>

namespace rwd::render {

namespace {

using nlohmann::ordered_json;

constexpr const char *kSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF's levels are Rewind's severity names (error, warning, note).
std::string sarifLevel(Severity severity) { return std::string(severityName(severity)); }

/// A kind's message format with its placeholders as `…` (`unknown analysis `…``). A format that
/// is nothing but a placeholder reads as the kind's name in words (SyntaxError → "syntax error").
std::string shortDescription(const DiagKindInfo &info) {
  std::string text;
  size_t letters = 0;
  for (size_t i = 0; i < info.format.size(); ++i) {
    char c = info.format[i];
    if ((c == '{' || c == '}') && i + 1 < info.format.size() && info.format[i + 1] == c) {
      text += c;
      ++i;
    } else if (c == '{') {
      size_t close = info.format.find('}', i);
      if (close == std::string_view::npos) close = info.format.size() - 1;
      text += "…";
      i = close;
    } else {
      text += c;
      letters += std::isalpha(static_cast<unsigned char>(c)) ? 1 : 0;
    }
  }
  if (letters >= 3) return text;
  std::string words;
  for (char c : info.name) {
    if (std::isupper(static_cast<unsigned char>(c)) && !words.empty()) words += ' ';
    words += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return words;
}

/// A path as a URI reference: relative paths stay relative (code scanning wants repository-relative
/// ones), absolute ones become file URIs; bytes outside RFC 3986's unreserved set are escaped.
std::string pathUri(std::string_view path) {
  std::string out = !path.empty() && path.front() == '/' ? "file://" : "";
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') out += c;
    else out += fmt::format("%{:02X}", u);
  }
  return out;
}

ordered_json regionJson(const SourceSpan &span) {
  return {{"startLine", span.startLine},
          {"startColumn", span.startColumn},
          {"endLine", span.endLine},
          {"endColumn", span.endColumn}};
}

/// A `physicalLocation`: the file as a URI and the region.
ordered_json physicalLocation(const SourceSpan &span) {
  return {{"artifactLocation", {{"uri", pathUri(span.path)}}}, {"region", regionJson(span)}};
}

ordered_json ruleJson(DiagKind kind) {
  const DiagKindInfo &info = diagKindInfo(kind);
  std::string help(diagKindHelp(kind));
  ordered_json rule;
  rule["id"] = std::string(info.name);
  rule["name"] = std::string(info.name);
  rule["shortDescription"] = {{"text", shortDescription(info)}};
  rule["fullDescription"] = {{"text", help}};
  rule["help"] = {{"text", help}};
  rule["defaultConfiguration"] = {{"level", sarifLevel(info.severity)}};
  return rule;
}

/// 64-bit FNV-1a: a fixed hash, so fingerprints are the same on every machine and release.
uint64_t fnv1a(std::string_view bytes, uint64_t hash = 0xcbf29ce484222325ULL) {
  for (unsigned char c : bytes) hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}

/// Gives each result `partialFingerprints.primaryLocationLineHash`, as code scanning uses it to
/// follow one alert across commits: a hash of the rule and of the located line's text without
/// blanks (so the alert survives lines added above it and re-indentation), and `:N` counting the
/// results of one file that hash alike, in output order.
class Fingerprints {
public:
  explicit Fingerprints(const SourceManager &sources) : sources_(sources) {}

  std::string of(const Diagnostic &diag, const SourceSpan &span) {
    std::string_view line = sources_.file(diag.range.file).lineText(span.startLine);
    std::string compact;
    for (char c : line)
      if (c != ' ' && c != '\t' && c != '\r') compact += c;
    uint64_t hash = fnv1a(compact, fnv1a(std::string(diagKindInfo(diag.kind).name) + '\0'));
    std::string key = fmt::format("{:016x}", hash);
    size_t occurrence = ++seen_[{diag.range.file, key}];
    return fmt::format("{}:{}", key, occurrence);
  }

private:
  const SourceManager &sources_;
  std::map<std::pair<FileId, std::string>, size_t> seen_;
};

ordered_json resultJson(const Diagnostic &diag, const SourceManager &sources, Fingerprints &fingerprints) {
  ordered_json result;
  result["ruleId"] = std::string(diagKindInfo(diag.kind).name);
  result["ruleIndex"] = static_cast<size_t>(diag.kind);
  result["level"] = sarifLevel(diag.severity);
  result["message"] = {{"text", diag.message}};
  if (auto span = sourceSpan(sources, diag.range, ColumnUnit::CodePoints)) {
    result["locations"] = ordered_json::array({{{"physicalLocation", physicalLocation(*span)}}});
    result["partialFingerprints"] = {{"primaryLocationLineHash", fingerprints.of(diag, *span)}};
  }
  if (!diag.notes.empty()) {
    ordered_json related = ordered_json::array();
    for (size_t i = 0; i < diag.notes.size(); ++i) {
      const Note &note = diag.notes[i];
      ordered_json location;
      location["id"] = i;
      if (auto span = sourceSpan(sources, note.range, ColumnUnit::CodePoints))
        location["physicalLocation"] = physicalLocation(*span);
      location["message"] = {{"text", note.message}};
      related.push_back(std::move(location));
    }
    result["relatedLocations"] = std::move(related);
  }
  ordered_json fixes = ordered_json::array();
  for (const FixIt &fix : diag.fixes) {
    auto span = sourceSpan(sources, fix.range, ColumnUnit::CodePoints);
    if (!span) continue;
    ordered_json replacement = {{"deletedRegion", regionJson(*span)},
                                {"insertedContent", {{"text", fix.replacement}}}};
    ordered_json change = {{"artifactLocation", {{"uri", pathUri(span->path)}}},
                           {"replacements", ordered_json::array({replacement})}};
    fixes.push_back({{"description", {{"text", fmt::format("replace with `{}`", fix.replacement)}}},
                     {"artifactChanges", ordered_json::array({change})}});
  }
  if (!fixes.empty()) result["fixes"] = std::move(fixes);
  return result;
}

} // namespace

std::string renderDiagnosticsSarif(const std::vector<Diagnostic> &diags, const SourceManager &sources,
                                   std::string_view toolVersion) {
  ordered_json rules = ordered_json::array();
  for (size_t k = 0; k < kDiagKindCount; ++k) rules.push_back(ruleJson(static_cast<DiagKind>(k)));
  ordered_json driver;
  driver["name"] = "rewind";
  driver["version"] = std::string(toolVersion);
  driver["rules"] = std::move(rules);
  ordered_json results = ordered_json::array();
  Fingerprints fingerprints(sources);
  for (const Diagnostic &diag : diags) results.push_back(resultJson(diag, sources, fingerprints));
  ordered_json run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = std::move(results);
  ordered_json log;
  log["$schema"] = kSchemaUri;
  log["version"] = "2.1.0";
  log["runs"] = ordered_json::array({std::move(run)});
  return log.dump(2) + "\n";
}

} // namespace rwd::render
