// This file implements the JSON rendering of diagnostics (`rewind check --format json`): the text
// form's content as data, with lines and columns as the text form prints them (bytes, 1-based).
#include "render/diagnostics.h"

#include "render/source_span.h"

#include <nlohmann/json.hpp>

namespace rwd::render {

namespace {

using nlohmann::ordered_json;

/// `{"path", "line", "column", "end_line", "end_column"}` (end exclusive), or null for no file.
ordered_json locationJson(const SourceManager &sources, SourceRange range) {
  std::optional<SourceSpan> span = sourceSpan(sources, range, ColumnUnit::Bytes);
  if (!span) return nullptr;
  return {{"path", span->path},
          {"line", span->startLine},
          {"column", span->startColumn},
          {"end_line", span->endLine},
          {"end_column", span->endColumn}};
}

ordered_json diagnosticJson(const Diagnostic &diag, const SourceManager &sources) {
  ordered_json j;
  j["kind"] = std::string(diagKindInfo(diag.kind).name);
  j["severity"] = std::string(severityName(diag.severity));
  j["message"] = diag.message;
  j["location"] = locationJson(sources, diag.range);
  ordered_json notes = ordered_json::array();
  for (const Note &note : diag.notes)
    notes.push_back({{"kind", std::string(diagKindInfo(note.kind).name)},
                     {"message", note.message},
                     {"location", locationJson(sources, note.range)}});
  j["notes"] = std::move(notes);
  ordered_json fixes = ordered_json::array();
  for (const FixIt &fix : diag.fixes)
    fixes.push_back({{"location", locationJson(sources, fix.range)}, {"replacement", fix.replacement}});
  j["fixes"] = std::move(fixes);
  return j;
}

} // namespace

std::string renderDiagnosticsJson(const std::vector<Diagnostic> &diags, const SourceManager &sources) {
  ordered_json list = ordered_json::array();
  size_t errors = 0, warnings = 0;
  for (const Diagnostic &diag : diags) {
    list.push_back(diagnosticJson(diag, sources));
    errors += diag.severity == Severity::Error;
    warnings += diag.severity == Severity::Warning;
  }
  ordered_json out;
  out["diagnostics"] = std::move(list);
  out["errors"] = errors;
  out["warnings"] = warnings;
  return out.dump(2) + "\n";
}

} // namespace rwd::render
