// This file implements the Clang-style text rendering of diagnostics, clipped for hostile long lines.
#include "compiler/diag/text_renderer.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <unistd.h>

namespace rwd {

namespace {

constexpr size_t kMaxShownLine = 160; // bytes of a source line shown around the caret

const char *severityColor(Severity severity) {
  switch (severity) {
  case Severity::Error: return "\033[1;31m";
  case Severity::Warning: return "\033[1;35m";
  case Severity::Note: return "\033[1;36m";
  }
  return "";
}

bool isContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

/// Makes a source line safe to print: control bytes become spaces, invalid UTF-8 becomes '?'.
std::string sanitize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\t') {
      out += '\t';
      ++i;
    } else if (c < 0x20 || c == 0x7F) {
      out += ' ';
      ++i;
    } else if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
    } else {
      size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
      bool ok = len > 0 && c < 0xF5 && i + len <= text.size();
      for (size_t k = 1; ok && k < len; ++k)
        ok = isContinuation(static_cast<unsigned char>(text[i + k]));
      if (ok) {
        out.append(text.substr(i, len));
        i += len;
      } else {
        out += '?';
        ++i;
      }
    }
  }
  return out;
}

/// Appends the source line and the caret line for `range` to `out`.
void renderSnippet(std::string &out, const SourceFile &file, SourceRange range, bool color) {
  LineColumn start = file.lineColumn(range.begin);
  std::string_view line = file.lineText(start.line);
  size_t caretCol = start.column - 1; // byte index in line
  if (caretCol > line.size()) caretCol = line.size();
  size_t caretLen = 1;
  if (range.end > range.begin) {
    size_t lineEnd = file.lineStart(start.line) + line.size();
    size_t end = std::min<size_t>(range.end, lineEnd);
    caretLen = end > range.begin ? end - range.begin : 1;
  }
  // Clip very long lines to a window around the caret so a 5 MB line prints as ~160 bytes.
  std::string_view shown = line;
  size_t shownOffset = 0;
  std::string prefix, suffix;
  if (line.size() > kMaxShownLine) {
    shownOffset = caretCol > kMaxShownLine / 2 ? caretCol - kMaxShownLine / 2 : 0;
    while (shownOffset > 0 && isContinuation(static_cast<unsigned char>(line[shownOffset])))
      --shownOffset;
    size_t len = std::min(kMaxShownLine, line.size() - shownOffset);
    while (shownOffset + len < line.size() &&
           isContinuation(static_cast<unsigned char>(line[shownOffset + len])))
      ++len;
    shown = line.substr(shownOffset, len);
    if (shownOffset > 0) prefix = "...";
    if (shownOffset + len < line.size()) suffix = "...";
    caretLen = std::min(caretLen, shownOffset + len - caretCol);
  }
  out += prefix;
  out += sanitize(shown);
  out += suffix;
  out += '\n';
  std::string caret(prefix.size(), ' ');
  for (size_t i = shownOffset; i < caretCol && i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (c == '\t') caret += '\t';
    else if (!isContinuation(c)) caret += ' ';
  }
  if (color) caret += "\033[1;32m";
  caret += '^';
  for (size_t i = caretCol + 1; i < caretCol + caretLen && i < line.size(); ++i)
    if (!isContinuation(static_cast<unsigned char>(line[i]))) caret += '~';
  if (color) caret += "\033[0m";
  out += caret;
  out += '\n';
}

void renderOne(std::string &out, Severity severity, DiagKind kind, SourceRange range,
               const std::string &message, const SourceManager &sources,
               const RenderOptions &options) {
  if (options.color) out += "\033[1m";
  if (range.valid()) {
    const SourceFile &file = sources.file(range.file);
    LineColumn lc = file.lineColumn(range.begin);
    out += fmt::format("{}:{}:{}: ", file.path(), lc.line, lc.column);
  } else {
    out += "rewind: ";
  }
  if (options.color) out += severityColor(severity);
  out += severityName(severity);
  out += ": ";
  if (options.color) out += "\033[0m\033[1m";
  out += message;
  if (options.showKind) out += fmt::format(" [{}]", diagKindInfo(kind).name);
  if (options.color) out += "\033[0m";
  out += '\n';
  if (range.valid()) renderSnippet(out, sources.file(range.file), range, options.color);
}

} // namespace

std::string renderDiagnostic(const Diagnostic &diag, const SourceManager &sources,
                             const RenderOptions &options) {
  std::string out;
  renderOne(out, diag.severity, diag.kind, diag.range, diag.message, sources, options);
  for (const Note &note : diag.notes)
    renderOne(out, Severity::Note, note.kind, note.range, note.message, sources, options);
  return out;
}

std::string renderDiagnostics(const std::vector<Diagnostic> &diags, const SourceManager &sources,
                              const RenderOptions &options) {
  std::string out;
  for (const Diagnostic &diag : diags) out += renderDiagnostic(diag, sources, options);
  return out;
}

bool shouldUseColor(const std::string &flag, int fd) {
  if (flag == "always") return true;
  if (flag == "never") return false;
  const char *noColor = std::getenv("NO_COLOR");
  if (noColor && *noColor) return false;
  const char *force = std::getenv("CLICOLOR_FORCE");
  if (force && *force && std::strcmp(force, "0") != 0) return true;
  const char *term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return ::isatty(fd) == 1;
}

} // namespace rwd
