// This file implements the checks on a YAML file's raw text before yaml-cpp sees it: encoding and
// nesting depth (yaml-cpp recurses once per level, so a hostile `[[[[...` must be refused first).
#include "compiler/yaml/text_checks.h"

#include "compiler/source/encoding.h"
#include "compiler/yaml/limits.h"

#include <cctype>
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

bool checkStrayCommas(const SourceFile &file, DiagnosticEngine &diags) {
  // yaml-cpp 0.7 never returns (it loops, allocating) on a `,` outside a flow collection as the
  // first token of a line, of a document, right after a quoted scalar or a closed flow
  // collection, or right after the tags and anchors that start a block node (`!x,`, `- &a ,`,
  // `key: !x,`; found by the fuzzers). In a manifest such a `,` can only be a plain scalar's
  // continuation line (`a: 1` then `  !x, y` is the scalar `1 !x, y`, refused too); the contents
  // of `|` and `>` block scalars are skipped.
  std::string_view text = file.text();
  auto refuse = [&](size_t at, const std::string &message) {
    uint32_t offset = static_cast<uint32_t>(at);
    diags.report(DiagKind::YamlSyntaxError, SourceRange{file.id(), offset, offset + 1}, message);
    return false;
  };
  auto isBlank = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; };
  int depth = 0;
  char quote = 0;
  char lastToken = 0;       // the last non-blank character outside comments
  bool afterClosed = false; // that character ended a quoted scalar or a top-level flow collection
  bool afterIndicator = false; // that character was a block indicator: `- `, `? `, `: `
  // The node being read is so far only properties: `!tag` and `&anchor` words (a `!<...>`
  // verbatim tag whole), nothing else.
  bool onlyProperties = false;
  bool firstOnLine = true;  // no token yet on this line
  size_t lineIndent = 0;
  bool inBlock = false;     // inside a block scalar: lines indented more than blockIndent
  size_t blockIndent = 0;
  // yaml-cpp skips a UTF-8 byte order mark; so does the guard (a `,` right after one is a finding).
  size_t start = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  for (size_t i = start; i < text.size(); ++i) {
    char c = text[i];
    if (i == start || text[i - 1] == '\n') {
      size_t indent = 0;
      while (i + indent < text.size() && text[i + indent] == ' ') ++indent;
      size_t next = i + indent;
      bool blank = next >= text.size() || text[next] == '\n' || text[next] == '\r';
      if (inBlock && (blank || indent > blockIndent)) {
        size_t nl = text.find('\n', i);
        if (nl == std::string_view::npos) break;
        i = nl;
        continue;
      }
      inBlock = false;
      firstOnLine = true;
      lineIndent = indent;
      if (text.substr(i, 3) == "---" && (i + 3 == text.size() || text[i + 3] == ' ' || text[i + 3] == '\n' ||
                                         text[i + 3] == '\r')) {
        // A document marker ends whatever was open: yaml-cpp starts the next document here.
        lastToken = 0;
        onlyProperties = false;
        depth = 0;
        quote = 0;
        afterClosed = false;
        afterIndicator = false;
        i += 2;
        continue;
      }
    }
    if (quote) {
      if (quote == '"' && c == '\\') ++i;
      else if (c == quote) {
        if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') ++i;
        else {
          quote = 0;
          lastToken = c;
          afterClosed = true;
          afterIndicator = false;
          firstOnLine = false; // the closing quote is a token of this line (`'` newline `'x`)
        }
      }
      continue;
    }
    if (c == '\n' && depth == 0 && (lastToken == '|' || lastToken == '>')) {
      inBlock = true;
      blockIndent = lineIndent;
    }
    if (isBlank(c)) continue;
    char prev = i > start ? text[i - 1] : '\n';
    if (c == '#' && isBlank(prev)) {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
      continue;
    }
    if (afterClosed && !firstOnLine && c != ':' && c != ',' && !(depth > 0 && (c == ']' || c == '}'))) {
      // A quoted scalar or a flow collection is a whole node: only `:` (it was a key) or, in a flow
      // collection, `,` `]` `}` may follow on its line. yaml-cpp 0.7 may never return on the rest
      // (`"""",` is a fuzzer finding).
      return refuse(i, fmt::format("`{}` right after a quoted scalar or a flow collection", c));
    }
    bool nodeStart = lastToken == 0 || firstOnLine || onlyProperties ||
                     ((lastToken == '-' || lastToken == '?' || lastToken == ':') && (prev == ' ' || prev == '\t'));
    // The first token of a line after a line that ended in plain scalar text is more of that text.
    bool continuesPlainScalar = firstOnLine && lastToken != 0 && !onlyProperties && !afterClosed &&
                                !afterIndicator && lastToken != ',' && lastToken != '[' && lastToken != '{';
    if ((c == '!' || c == '&') && depth == 0 && nodeStart) {
      // A property where a block node starts: skip its word (tags and anchors hold no `,`).
      if (c == '!' && text.substr(i, 2) == "!<") {
        size_t close = text.find('>', i);
        i = close == std::string_view::npos ? text.size() - 1 : close;
      } else {
        constexpr std::string_view kEnd = " \t\r\n,[]{}";
        // YAML's ns-tag-char (URI characters); yaml-cpp 0.7 may never return after a tag holding
        // another (`!""M` is a fuzzer finding).
        constexpr std::string_view kTagPunctuation = "-%#;/?:@&=+$_.~*'()!";
        bool tag = c == '!';
        while (i + 1 < text.size() && kEnd.find(text[i + 1]) == std::string_view::npos) {
          ++i;
          unsigned char t = static_cast<unsigned char>(text[i]);
          if (tag && !std::isalnum(t) && t < 0x80 && kTagPunctuation.find(text[i]) == std::string_view::npos) {
            return refuse(i, fmt::format("`{}` cannot appear in a tag", text[i]));
          }
        }
      }
      onlyProperties = true;
      lastToken = c;
      afterIndicator = false;
      firstOnLine = false;
      continue;
    }
    if (c == ',' && depth == 0 &&
        (firstOnLine || lastToken == 0 || onlyProperties || afterClosed)) {
      return refuse(i, "`,` outside a flow collection (`[...]` or `{...}`)");
    }
    // A quote opens a quoted scalar only where a node starts; elsewhere it is plain text
    // (`say "hi" now`, PromQL's `{team="a",...}`).
    bool quoteStart = depth > 0 ? lastToken == '[' || lastToken == '{' || lastToken == ',' || lastToken == ':'
                                : nodeStart && !continuesPlainScalar;
    if ((c == '"' || c == '\'') && quoteStart) quote = c;
    // Outside a flow collection, `[` and `{` open one only where a node starts: not inside a plain
    // scalar (`x[`, `see [docs`), nor on a line that continues one (`--` then `[`). Inside a flow
    // collection, a plain scalar cannot hold them.
    else if ((c == '[' || c == '{') && (depth > 0 || (nodeStart && !continuesPlainScalar))) ++depth;
    bool closes = (c == ']' || c == '}') && depth > 0 && quote == 0;
    if (closes) --depth;
    // `|-`, `>+`, `|2`: the indicator's modifiers do not end the block header.
    bool modifier = (c == '-' || c == '+' || (c >= '1' && c <= '9')) && (lastToken == '|' || lastToken == '>');
    if (!modifier) lastToken = c;
    // A quoted scalar that just opened is not closed; a `]` or `}` closes a node only at the top.
    afterClosed = closes && depth == 0;
    // `-`, `?` and `:` are indicators only before a blank (`--` and `a:b` are text); `-` and `?`
    // only after one too.
    char next = i + 1 < text.size() ? text[i + 1] : '\n';
    bool blankNext = isBlank(next);
    bool blankPrev = isBlank(prev);
    afterIndicator = blankNext && (c == ':' || ((c == '-' || c == '?') && blankPrev));
    firstOnLine = false;
    onlyProperties = false;
  }
  return true;
}

bool checkYamlText(const SourceFile &file, DiagnosticEngine &diags) {
  return checkEncoding(file, diags) && checkControlCharacters(file, diags) &&
         checkNesting(file, Limits::kMaxNesting, diags) && checkStrayCommas(file, diags);
}

} // namespace rwd::yaml
