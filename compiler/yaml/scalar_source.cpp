// This file implements the mapping from a YAML scalar's decoded value back to its bytes in the file.
#include "compiler/yaml/scalar_source.h"

namespace rwd::yaml {

namespace {

bool isBlank(char c) { return c == ' ' || c == '\t'; }
bool isBreak(char c) { return c == '\n' || c == '\r'; }

/// Length of a double-quoted escape starting at `s[i] == '\\'`, or 0 if unknown.
size_t escapeLength(std::string_view s, size_t i) {
  if (i + 1 >= s.size()) return 0;
  switch (s[i + 1]) {
  case 'x': return 4;
  case 'u': return 6;
  case 'U': return 10;
  default: return 2;
  }
}

/// Bytes a double-quoted escape decodes to (UTF-8), so the value cursor can skip them.
size_t decodedLength(std::string_view s, size_t i, size_t len) {
  if (len == 2) {
    char c = s[i + 1];
    if (c == 'N') return 2;                  // U+0085
    if (c == '_') return 2;                  // U+00A0
    if (c == 'L' || c == 'P') return 3;      // U+2028, U+2029
    return 1;
  }
  unsigned long code = std::stoul(std::string(s.substr(i + 2, len - 2)), nullptr, 16);
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

bool isHex(std::string_view s) {
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return !s.empty();
}

} // namespace

uint32_t markOffset(const SourceFile &file, int line, int column) {
  std::string_view text = file.text();
  if (line < 0 || column < 0) return 0;
  uint32_t start = file.lineStart(static_cast<uint32_t>(line) + 1);
  // yaml-cpp skips a byte order mark without counting it.
  if (line == 0 && text.substr(0, 3) == "\xEF\xBB\xBF") start += 3;
  uint64_t offset = static_cast<uint64_t>(start) + static_cast<uint64_t>(column);
  return static_cast<uint32_t>(std::min<uint64_t>(offset, text.size()));
}

size_t skipNodeProperties(std::string_view text, size_t at) {
  constexpr std::string_view kFlowIndicators = ",[]{}";
  size_t cur = std::min(at, text.size());
  while (cur < text.size() && (text[cur] == '&' || text[cur] == '!')) {
    while (cur < text.size() && !isBlank(text[cur]) && !isBreak(text[cur]) &&
           kFlowIndicators.find(text[cur]) == std::string_view::npos)
      ++cur;
    while (cur < text.size() && (isBlank(text[cur]) || isBreak(text[cur]))) ++cur;
  }
  return cur;
}

ScalarSource locateScalar(const SourceFile &file, uint32_t start, std::string_view value) {
  std::string_view s = file.text();
  size_t cur = skipNodeProperties(s, start);
  ScalarSource out;
  uint32_t begin = static_cast<uint32_t>(cur);
  auto fallback = [&]() {
    out.positions.assign(value.size() + 1, begin);
    size_t end = begin;
    while (end < s.size() && !isBreak(s[end])) ++end;
    out.range = {file.id(), begin, static_cast<uint32_t>(std::max<size_t>(end, begin + 1))};
    if (out.range.end > s.size()) out.range.end = static_cast<uint32_t>(s.size());
    out.exact = false;
    return out;
  };
  char style = cur < s.size() ? s[cur] : 0;
  bool dq = style == '"', sq = style == '\'', block = style == '|' || style == '>';
  if (dq || sq) ++cur;
  if (block) {
    while (cur < s.size() && !isBreak(s[cur])) ++cur; // header: indicators and a comment
  }
  out.positions.reserve(value.size() + 1);
  size_t v = 0;
  while (v < value.size()) {
    if (cur >= s.size()) return fallback();
    char want = value[v];
    char have = s[cur];
    if (dq && have == '\\') {
      if (cur + 1 < s.size() && isBreak(s[cur + 1])) { // escaped line break: nothing in the value
        cur += 2;
        if (cur < s.size() && s[cur - 1] == '\r' && s[cur] == '\n') ++cur;
        while (cur < s.size() && isBlank(s[cur])) ++cur;
        continue;
      }
      size_t len = escapeLength(s, cur);
      if (len == 0 || cur + len > s.size()) return fallback();
      if (len > 2 && !isHex(s.substr(cur + 2, len - 2))) return fallback();
      size_t bytes = decodedLength(s, cur, len);
      for (size_t k = 0; k < bytes && v < value.size(); ++k, ++v) out.positions.push_back(static_cast<uint32_t>(cur));
      cur += len;
      continue;
    }
    if (sq && have == '\'' && cur + 1 < s.size() && s[cur + 1] == '\'' && want == '\'') {
      out.positions.push_back(static_cast<uint32_t>(cur));
      ++v;
      cur += 2;
      continue;
    }
    if (have == want) {
      out.positions.push_back(static_cast<uint32_t>(cur));
      ++v;
      ++cur;
      if (want == '\n' && cur < s.size() && s[cur - 1] == '\r') {} // keep going
      continue;
    }
    if (have == '\r') { ++cur; continue; }
    // Folding: a line break (and the next line's indentation) became a space, or several breaks
    // became fewer; indentation and trailing blanks are not part of the value.
    if (isBlank(have) || isBreak(have)) {
      if ((want == ' ' || want == '\n') && isBreak(have)) {
        out.positions.push_back(static_cast<uint32_t>(cur));
        ++v;
        ++cur;
        // Skip the rest of this fold: blanks and further empty lines not mirrored in the value.
        while (cur < s.size() && isBlank(s[cur])) ++cur;
        continue;
      }
      ++cur;
      continue;
    }
    return fallback();
  }
  out.positions.push_back(static_cast<uint32_t>(cur));
  size_t end = cur;
  if ((dq && end < s.size() && s[end] == '"') || (sq && end < s.size() && s[end] == '\'')) ++end;
  if (block || (dq || sq)) {
    // Trailing blanks/breaks of a block scalar are not in the range; quoted: include the closing quote.
  }
  if (end == begin) end = std::min<size_t>(begin + 1, s.size());
  out.range = {file.id(), begin, static_cast<uint32_t>(end)};
  if (block) out.range.end = out.positions.empty() ? begin + 1 : out.positions.back();
  out.exact = true;
  return out;
}

} // namespace rwd::yaml
