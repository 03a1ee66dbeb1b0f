// This file implements a small YAML writer for the backends: a document tree in insertion order,
// printed in block style with two-space indentation. It owns every quoting and escaping decision,
// so that what a backend puts in is exactly what a YAML 1.1 or 1.2 reader gets back.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rwd::emit {

/// One YAML node: a scalar, a mapping (keys kept in insertion order) or a sequence.
class YamlNode {
public:
  enum class Kind : uint8_t { Null, Bool, Int, Float, String, Plain, Map, Seq };

  YamlNode() = default;
  static YamlNode null() { return YamlNode(); }
  static YamlNode boolean(bool value);
  static YamlNode integer(int64_t value);
  static YamlNode number(double value);
  static YamlNode string(std::string value);
  /// A plain scalar copied from a document Rewind read (`--into`): printed exactly as it was written,
  /// so a reader resolves it as before.
  static YamlNode plain(std::string text);
  static YamlNode map();
  static YamlNode seq();

  Kind kind() const { return kind_; }
  bool isCollection() const { return kind_ == Kind::Map || kind_ == Kind::Seq; }
  bool empty() const { return entries_.empty() && items_.empty(); }

  /// Adds `key: value` to a mapping (replacing an existing key in place); returns the stored value.
  YamlNode &set(std::string key, YamlNode value);
  /// Appends to a sequence; returns the stored item.
  YamlNode &push(YamlNode value);

  const std::vector<std::pair<std::string, YamlNode>> &entries() const { return entries_; }
  const std::vector<YamlNode> &items() const { return items_; }
  std::vector<std::pair<std::string, YamlNode>> &entries() { return entries_; }
  /// The value of `key` in a mapping, or null.
  YamlNode *find(std::string_view key);
  /// Removes `key` from a mapping; false when absent.
  bool erase(std::string_view key);
  /// Text of a scalar as written (before quoting): `true`, `42`, `1.5`, the string itself.
  const std::string &text() const { return text_; }

private:
  Kind kind_ = Kind::Null;
  std::string text_;
  std::vector<std::pair<std::string, YamlNode>> entries_;
  std::vector<YamlNode> items_;
};

/// A string scalar as it must appear on one line: plain when no reader could take it for anything
/// else, otherwise double-quoted with JSON-style escapes.
std::string formatYamlString(std::string_view text);

/// Shortest text that reads back as exactly `value` (`.inf`, `-.inf`, `.nan` for the specials).
std::string formatYamlNumber(double value);

/// Prints one document (no `---`).
std::string writeYaml(const YamlNode &document);

/// Prints a stream of documents separated by `---` lines.
std::string writeYamlDocuments(const std::vector<YamlNode> &documents);

} // namespace rwd::emit
