// This file implements the dynamic values conditions compute on, and their text forms.
#include "runtime/value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>
#include <unordered_map>

namespace rwd::runtime {

namespace {

const std::string kEmptyString;
const Value::ListItems kEmptyList;
const Value::MapEntries kEmptyMap;

/// Shortest round-trip text of `value` in `format` (fixed or scientific); no NaN/Inf handling.
std::string toChars(double value, std::chars_format format) {
  // Fixed notation of 1e308 needs 309 digits plus sign and fraction.
  char buffer[400];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, format);
  if (ec != std::errc()) return "0";
  return std::string(buffer, end);
}

std::string nonFiniteText(double value) {
  if (std::isnan(value)) return "NaN";
  return value > 0 ? "+Inf" : "-Inf";
}

/// The element type name shared by every item of a list, or empty when mixed or empty.
std::string commonElementType(const Value::ListItems &items, std::string (*name)(const Value &)) {
  if (items.empty()) return {};
  std::string first = name(items.front());
  for (const Value &item : items)
    if (name(item) != first) return {};
  return first;
}

void appendFormatted(std::string &out, const Value &value, bool nested) {
  switch (value.kind()) {
  case ValueKind::Nil: out += "nil"; return;
  case ValueKind::Bool: out += value.asBool() ? "true" : "false"; return;
  case ValueKind::Int: out += std::to_string(value.asInt()); return;
  case ValueKind::Float: {
    double f = value.asFloat();
    out += std::isfinite(f) ? toChars(f, std::chars_format::fixed) : nonFiniteText(f);
    return;
  }
  case ValueKind::String:
    out += nested ? jsonQuote(value.asString()) : value.asString();
    return;
  case ValueKind::List: {
    out += '[';
    bool first = true;
    for (const Value &item : value.asList()) {
      if (!first) out += ',';
      first = false;
      appendFormatted(out, item, true);
    }
    out += ']';
    return;
  }
  case ValueKind::Map: {
    out += '{';
    bool first = true;
    for (const auto &[key, item] : value.asMap()) {
      if (!first) out += ',';
      first = false;
      out += jsonQuote(key);
      out += ':';
      appendFormatted(out, item, true);
    }
    out += '}';
    return;
  }
  }
}

void appendGo(std::string &out, const Value &value) {
  switch (value.kind()) {
  case ValueKind::Nil: out += "<nil>"; return;
  case ValueKind::Bool: out += value.asBool() ? "true" : "false"; return;
  case ValueKind::Int: out += std::to_string(value.asInt()); return;
  case ValueKind::Float: out += goFormatFloat(value.asFloat()); return;
  case ValueKind::String: out += value.asString(); return;
  case ValueKind::List: {
    out += '[';
    bool first = true;
    for (const Value &item : value.asList()) {
      if (!first) out += ' ';
      first = false;
      appendGo(out, item);
    }
    out += ']';
    return;
  }
  case ValueKind::Map: {
    // fmt prints maps with their keys sorted.
    std::vector<const Value::MapEntry *> entries;
    for (const auto &entry : value.asMap()) entries.push_back(&entry);
    std::sort(entries.begin(), entries.end(),
              [](const auto *a, const auto *b) { return a->first < b->first; });
    out += "map[";
    bool first = true;
    for (const auto *entry : entries) {
      if (!first) out += ' ';
      first = false;
      out += entry->first;
      out += ':';
      appendGo(out, entry->second);
    }
    out += ']';
    return;
  }
  }
}

} // namespace

Value Value::boolean(bool value) {
  Value v;
  v.storage_ = value;
  return v;
}

Value Value::integer(int64_t value) {
  Value v;
  v.storage_ = value;
  return v;
}

Value Value::number(double value) {
  Value v;
  v.storage_ = value;
  return v;
}

Value Value::string(std::string value) {
  Value v;
  v.storage_ = std::make_shared<const std::string>(std::move(value));
  return v;
}

Value Value::list(ListItems items) {
  Value v;
  v.storage_ = std::make_shared<const ListItems>(std::move(items));
  return v;
}

Value Value::asFloat64List() const {
  Value v = *this;
  v.float64List_ = isList();
  return v;
}

Value Value::map(MapEntries entries) {
  MapEntries unique;
  unique.reserve(entries.size());
  // Views into `unique`'s keys, which never move: `unique` is reserved up front.
  std::unordered_map<std::string_view, size_t> position;
  position.reserve(entries.size());
  for (auto &entry : entries) {
    auto it = position.find(entry.first);
    if (it != position.end()) {
      unique[it->second].second = std::move(entry.second);
      continue;
    }
    unique.push_back(std::move(entry));
    position.emplace(unique.back().first, unique.size() - 1);
  }
  Value v;
  v.storage_ = std::make_shared<const MapEntries>(std::move(unique));
  return v;
}

bool Value::asBool() const {
  const bool *b = std::get_if<bool>(&storage_);
  return b ? *b : false;
}

int64_t Value::asInt() const {
  const int64_t *i = std::get_if<int64_t>(&storage_);
  return i ? *i : 0;
}

double Value::asFloat() const {
  const double *f = std::get_if<double>(&storage_);
  return f ? *f : 0.0;
}

double Value::toDouble() const {
  if (const int64_t *i = std::get_if<int64_t>(&storage_)) return static_cast<double>(*i);
  return asFloat();
}

const std::string &Value::asString() const {
  const auto *s = std::get_if<std::shared_ptr<const std::string>>(&storage_);
  return s && *s ? **s : kEmptyString;
}

const Value::ListItems &Value::asList() const {
  const auto *l = std::get_if<std::shared_ptr<const ListItems>>(&storage_);
  return l && *l ? **l : kEmptyList;
}

const Value::MapEntries &Value::asMap() const {
  const auto *m = std::get_if<std::shared_ptr<const MapEntries>>(&storage_);
  return m && *m ? **m : kEmptyMap;
}

const Value *Value::find(std::string_view key) const {
  for (const auto &entry : asMap())
    if (entry.first == key) return &entry.second;
  return nullptr;
}

std::string formatValue(const Value &value) {
  std::string out;
  appendFormatted(out, value, false);
  return out;
}

std::string typeName(const Value &value) {
  switch (value.kind()) {
  case ValueKind::Nil: return "nil";
  case ValueKind::Bool: return "bool";
  case ValueKind::Int: return "int";
  case ValueKind::Float: return "float";
  case ValueKind::String: return "string";
  case ValueKind::Map: return "map";
  case ValueKind::List: {
    std::string element = commonElementType(value.asList(), &typeName);
    return "[]" + (element.empty() ? std::string("any") : element);
  }
  }
  return "unknown";
}

std::string goTypeName(const Value &value) {
  switch (value.kind()) {
  case ValueKind::Nil: return "<nil>";
  case ValueKind::Bool: return "bool";
  case ValueKind::Int: return "int";
  case ValueKind::Float: return "float64";
  case ValueKind::String: return "string";
  case ValueKind::Map: return "map[string]interface {}";
  case ValueKind::List:
    // Providers hand Argo []float64; anything built by expr-lang itself is []interface {}.
    return value.isFloat64List() ? "[]float64" : "[]interface {}";
  }
  return "unknown";
}

std::string goFormat(const Value &value) {
  std::string out;
  appendGo(out, value);
  return out;
}

std::string goFormatFloat(double value) {
  if (!std::isfinite(value)) return nonFiniteText(value);
  // strconv.FormatFloat(f, 'g', -1, 64): the exponent form when exp < -4 || exp >= 6 (the
  // shortest-precision rule), else the fixed form; both carry the shortest round-trip digits.
  std::string scientific = toChars(value, std::chars_format::scientific);
  size_t e = scientific.find('e');
  int exponent = 0;
  if (e != std::string::npos) {
    const char *first = scientific.data() + e + 1;
    if (*first == '+') ++first;
    std::from_chars(first, scientific.data() + scientific.size(), exponent);
  }
  if (value != 0 && (exponent < -4 || exponent >= 6)) return scientific;
  return toChars(value, std::chars_format::fixed);
}

void appendJsonEscaped(std::string &out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t i = 0;
  while (i < text.size()) {
    // Copy the longest run that needs no escape in one go.
    size_t run = i;
    while (run < text.size()) {
      auto u = static_cast<unsigned char>(text[run]);
      if (u < 0x20 || u == '"' || u == '\\') break;
      ++run;
    }
    out.append(text.data() + i, run - i);
    if (run == text.size()) break;
    const char c = text[run];
    auto u = static_cast<unsigned char>(c);
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    default:
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
    i = run + 1;
  }
}

std::string jsonQuote(std::string_view text) {
  std::string out = "\"";
  appendJsonEscaped(out, text);
  out += '"';
  return out;
}

} // namespace rwd::runtime
