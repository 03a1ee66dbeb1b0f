// This file implements the YAML writer: block style, two-space indentation, insertion order, and
// quoting that is safe for both YAML 1.1 readers (PyYAML, go-yaml v2, kubectl) and YAML 1.2 ones.
#include "compiler/emit/yaml_writer.h"

#include <array>
#include <charconv>
#include <cmath>
#include <fmt/format.h>

namespace rwd::emit {

YamlNode YamlNode::boolean(bool value) {
  YamlNode node;
  node.kind_ = Kind::Bool;
  node.text_ = value ? "true" : "false";
  return node;
}

YamlNode YamlNode::integer(int64_t value) {
  YamlNode node;
  node.kind_ = Kind::Int;
  node.text_ = std::to_string(value);
  return node;
}

YamlNode YamlNode::number(double value) {
  YamlNode node;
  node.kind_ = Kind::Float;
  node.text_ = formatYamlNumber(value);
  return node;
}

YamlNode YamlNode::string(std::string value) {
  YamlNode node;
  node.kind_ = Kind::String;
  node.text_ = std::move(value);
  return node;
}

YamlNode YamlNode::plain(std::string text) {
  YamlNode node;
  node.kind_ = Kind::Plain;
  node.text_ = std::move(text);
  return node;
}

YamlNode *YamlNode::find(std::string_view key) {
  for (auto &[name, value] : entries_)
    if (name == key) return &value;
  return nullptr;
}

bool YamlNode::erase(std::string_view key) {
  for (auto it = entries_.begin(); it != entries_.end(); ++it)
    if (it->first == key) {
      entries_.erase(it);
      return true;
    }
  return false;
}

YamlNode YamlNode::map() {
  YamlNode node;
  node.kind_ = Kind::Map;
  return node;
}

YamlNode YamlNode::seq() {
  YamlNode node;
  node.kind_ = Kind::Seq;
  return node;
}

YamlNode &YamlNode::set(std::string key, YamlNode value) {
  for (auto &[existing, stored] : entries_)
    if (existing == key) return stored = std::move(value);
  entries_.emplace_back(std::move(key), std::move(value));
  return entries_.back().second;
}

YamlNode &YamlNode::push(YamlNode value) {
  items_.push_back(std::move(value));
  return items_.back();
}

namespace {

/// Bytes that no YAML reader may see raw: C0 controls (tab and newline included, since they
/// change a plain scalar's meaning), DEL, C1 controls, and the Unicode line breaks U+0085,
/// U+2028, U+2029 that YAML 1.1 folds. Returns the length of the sequence at `i`, or 0.
size_t specialAt(std::string_view s, size_t i, uint32_t *codePoint) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x20 || c == 0x7f) {
    *codePoint = c;
    return 1;
  }
  if (c == 0xc2 && i + 1 < s.size()) {
    auto d = static_cast<unsigned char>(s[i + 1]);
    if (d >= 0x80 && d <= 0x9f) {
      *codePoint = d;
      return 2;
    }
  }
  if (c == 0xe2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    auto e = static_cast<unsigned char>(s[i + 2]);
    if (e == 0xa8 || e == 0xa9) {
      *codePoint = 0x2000u + (e - 0x80u);
      return 3;
    }
  }
  if (c == 0xef && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xbb &&
      static_cast<unsigned char>(s[i + 2]) == 0xbf) {
    *codePoint = 0xfeff;
    return 3;
  }
  return 0;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

/// True when the string cannot be written plain: another reader would take it for a different
/// type or structure, or it has characters a plain scalar cannot hold.
bool needsQuotes(std::string_view s) {
  if (s.empty()) return true;
  for (size_t i = 0; i < s.size(); ++i) {
    uint32_t cp = 0;
    if (specialAt(s, i, &cp)) return true;
  }
  if (s.front() == ' ' || s.back() == ' ' || s.back() == ':') return true;
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos) return true;
  if (s.find('"') != std::string_view::npos || s.find('\'') != std::string_view::npos) return true;
  if (std::string_view("?:,[]{}#&*!|>%@`\\").find(s.front()) != std::string_view::npos) return true;
  if (s.front() == '-' && (s.size() == 1 || s[1] == ' ')) return true;
  if (s.starts_with("---") || s.starts_with("...")) return true;
  // YAML 1.1 and 1.2 null and boolean spellings, special floats, the 1.1 value and merge keys.
  static constexpr std::array<std::string_view, 16> kReserved = {
      "null", "~",    "y",     "n",     "yes",  "no", "true", "false",
      "on",   "off", ".inf",  "+.inf", "-.inf", ".nan", "=",  "<<"};
  for (std::string_view word : kReserved)
    if (equalsIgnoreCase(s, word)) return true;
  // Anything that starts like a number: ints (0x10, 0o7, 1_000, 190:20:30), floats, timestamps,
  // durations and percentages. Quoting a few strings too many is harmless; too few is not.
  size_t i = s.front() == '+' || s.front() == '-' ? 1 : 0;
  if (i < s.size() && (isDigit(s[i]) || (s[i] == '.' && i + 1 < s.size() && isDigit(s[i + 1]))))
    return true;
  return false;
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t n = specialAt(s, i, &cp);
    if (n == 0) {
      if (s[i] == '"') out += "\\\"";
      else if (s[i] == '\\') out += "\\\\";
      else out += s[i];
      ++i;
      continue;
    }
    switch (cp) {
    case '\n': out += "\\n"; break;
    case '\t': out += "\\t"; break;
    case '\r': out += "\\r"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    default: out += fmt::format("\\u{:04x}", cp); break;
    }
    i += n;
  }
  out += '"';
  return out;
}

std::string pad(int indent) { return std::string(static_cast<size_t>(indent), ' '); }

/// Whether a multi-line string can be a literal block: nothing that needs an escape except line
/// breaks and tabs, no whitespace-only line (a reader would drop it), some content.
bool literalBlockFits(std::string_view s) {
  if (s.find('\n') == std::string_view::npos) return false;
  size_t lineStart = 0;
  bool anyContent = false;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '\n') {
      std::string_view line = s.substr(lineStart, i - lineStart);
      if (!line.empty()) {
        if (line.find_first_not_of(" \t") == std::string_view::npos) return false;
        anyContent = true;
      }
      lineStart = i + 1;
      continue;
    }
    uint32_t cp = 0;
    if (s[i] != '\t' && specialAt(s, i, &cp)) return false;
  }
  return anyContent;
}

/// ` |-` etc. and the indented lines, for a string that literalBlockFits(); `indent` is the
/// indentation of the owning mapping.
void writeLiteralBlock(std::string_view s, int indent, std::string &out) {
  size_t trailing = 0;
  while (trailing < s.size() && s[s.size() - 1 - trailing] == '\n') ++trailing;
  std::string_view body = s.substr(0, s.size() - trailing);
  out += " |";
  if (body.empty() || body.front() == ' ' || body.front() == '\n') out += "2";
  out += trailing == 0 ? "-" : trailing == 1 ? "" : "+";
  out += '\n';
  size_t lineStart = 0;
  for (size_t i = 0; i <= body.size(); ++i) {
    if (i < body.size() && body[i] != '\n') continue;
    std::string_view line = body.substr(lineStart, i - lineStart);
    if (!line.empty()) out += pad(indent + 2);
    out += line;
    out += '\n';
    lineStart = i + 1;
  }
  for (size_t k = 1; k < trailing; ++k) out += '\n';
}

std::string inlineScalar(const YamlNode &node) {
  switch (node.kind()) {
  case YamlNode::Kind::Null: return "null";
  case YamlNode::Kind::String: return formatYamlString(node.text());
  case YamlNode::Kind::Map: return "{}";
  case YamlNode::Kind::Seq: return "[]";
  default: return node.text();
  }
}

void writeBody(const YamlNode &node, int indent, std::string &out);

void writeMapBody(const YamlNode &map, int indent, std::string &out) {
  for (const auto &[key, value] : map.entries()) {
    out += pad(indent);
    out += formatYamlString(key);
    out += ':';
    if (value.isCollection() && !value.empty()) {
      out += '\n';
      writeBody(value, indent + 2, out);
    } else if (value.kind() == YamlNode::Kind::String && literalBlockFits(value.text())) {
      writeLiteralBlock(value.text(), indent, out);
    } else {
      out += ' ';
      out += inlineScalar(value);
      out += '\n';
    }
  }
}

void writeSeqBody(const YamlNode &seq, int indent, std::string &out) {
  for (const YamlNode &item : seq.items()) {
    if (item.isCollection() && !item.empty()) {
      // The item's own block, with its first indentation replaced by the dash.
      std::string nested;
      writeBody(item, indent + 2, nested);
      nested.replace(0, static_cast<size_t>(indent) + 2, pad(indent) + "- ");
      out += nested;
    } else {
      out += pad(indent);
      out += "- ";
      out += inlineScalar(item);
      out += '\n';
    }
  }
}

void writeBody(const YamlNode &node, int indent, std::string &out) {
  if (node.kind() == YamlNode::Kind::Map && !node.empty()) return writeMapBody(node, indent, out);
  if (node.kind() == YamlNode::Kind::Seq && !node.empty()) return writeSeqBody(node, indent, out);
  out += pad(indent);
  out += inlineScalar(node);
  out += '\n';
}

} // namespace

std::string formatYamlString(std::string_view text) {
  return needsQuotes(text) ? quote(text) : std::string(text);
}

std::string formatYamlNumber(double value) {
  if (std::isnan(value)) return ".nan";
  if (std::isinf(value)) return value > 0 ? ".inf" : "-.inf";
  if (value == 0 && std::signbit(value)) return "-0.0";
  std::array<char, 64> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  (void)ec;
  std::string text(buffer.data(), end);
  // YAML 1.1 reads `1e+21` as a string: its floats need a dot.
  size_t exponent = text.find('e');
  if (exponent != std::string::npos && text.find('.') == std::string::npos) text.insert(exponent, ".0");
  return text;
}

std::string writeYaml(const YamlNode &document) {
  std::string out;
  writeBody(document, 0, out);
  return out;
}

std::string writeYamlDocuments(const std::vector<YamlNode> &documents) {
  std::string out;
  for (size_t i = 0; i < documents.size(); ++i) {
    if (i > 0) out += "---\n";
    out += writeYaml(documents[i]);
  }
  return out;
}

} // namespace rwd::emit
