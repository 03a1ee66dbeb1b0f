// This file implements the checks on a YAML file's raw text before yaml-cpp sees it: encoding and
// nesting depth (yaml-cpp recurses once per level, so a hostile `[[[[...` must be refused first).
#include "compiler/yaml/text_checks.h"

#include "compiler/source/encoding.h"
#include "compiler/yaml/limits.h"

#include <fmt/format.h>

namespace rwd::yaml {

bool checkEncoding(const SourceFile &file, DiagnosticEngine &diags) {
  std::optional<EncodingError> error = findEncodingError(file.text());
  if (!error) return true;
  uint32_t at = static_cast<uint32_t>(error->offset);
  SourceRange where{file.id(), at, at + 1};
  if (error->nul) diags.report(DiagKind::NulByte, where);
  else diags.report(DiagKind::InvalidUtf8, where, static_cast<unsigned char>(file.text()[error->offset]));
  return false;
}

bool checkControlCharacters(const SourceFile &file, DiagnosticEngine &diags) {
  std::string_view text = file.text();
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c >= 0x20 && c != 0x7F) || c == '\t' || c == '\n') continue;
    uint32_t at = static_cast<uint32_t>(i);
    if (c == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') continue;
      // A carriage return alone is a line break to yaml-cpp but not to the line tables or to the
      // guards here, and yaml-cpp 0.7 may never return after one (`&\rn,` is a fuzzer finding).
      diags.report(DiagKind::YamlSyntaxError, SourceRange{file.id(), at, at + 1},
                   "a carriage return without a line feed: write lines ending in LF or CRLF");
      return false;
    }
    diags.report(DiagKind::YamlSyntaxError, SourceRange{file.id(), at, at + 1},
                 fmt::format("control character U+{:04X} is not allowed in YAML", c));
    return false;
  }
  return true;
}

bool checkNesting(const SourceFile &file, int limit, DiagnosticEngine &diags) {
  std::string_view text = file.text();
  int depth = 0;
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    char prev = i > 0 ? text[i - 1] : '\n';
    if (quote) {
      if (quote == '"' && c == '\\') ++i;
      else if (c == quote) {
        if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') ++i; // `''` escape
        else quote = 0;
      }
      continue;
    }
    bool boundary = prev == ' ' || prev == '\t' || prev == '\n' || prev == '\r' || prev == '[' ||
                    prev == '{' || prev == ',' || prev == ':' || prev == '-';
    if (c == '#' && (prev == ' ' || prev == '\t' || prev == '\n' || prev == '\r')) {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    if ((c == '"' || c == '\'') && boundary) {
      quote = c;
      continue;
    }
    if (c == '[' || c == '{') {
      if (++depth > limit) {
        uint32_t at = static_cast<uint32_t>(i);
        diags.report(DiagKind::NestingTooDeep, SourceRange{file.id(), at, at + 1}, limit);
        return false;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

bool checkYamlText(const SourceFile &file, DiagnosticEngine &diags) {
  return checkEncoding(file, diags) && checkControlCharacters(file, diags) &&
         checkNesting(file, Limits::kMaxNesting, diags);
}

} // namespace rwd::yaml
