// This file implements the streaming JSON writer.
#include "render/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

namespace rwd::render {

void JsonWriter::newline() {
  out_ += '\n';
  out_.append(nonEmpty_.size() * 2, ' ');
}

void JsonWriter::beforeValue() {
  if (afterKey_) {
    afterKey_ = false;
    return;
  }
  if (nonEmpty_.empty()) return; // the top-level value
  if (nonEmpty_.back()) out_ += ',';
  nonEmpty_.back() = true;
  newline();
}

void JsonWriter::open(char bracket) {
  beforeValue();
  out_ += bracket;
  nonEmpty_.push_back(false);
}

void JsonWriter::close(char bracket) {
  bool any = nonEmpty_.back();
  nonEmpty_.pop_back();
  if (any) newline();
  out_ += bracket;
}

void JsonWriter::key(std::string_view name) {
  // A report writes a key per field: put separator, indentation and a plain key (no byte that
  // needs escaping) in place with one append.
  char buffer[160];
  const size_t indent = nonEmpty_.size() * 2;
  bool plain = indent + name.size() + 6 <= sizeof buffer;
  for (size_t i = 0; plain && i < name.size(); ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    plain = c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
  }
  const bool comma = nonEmpty_.back();
  nonEmpty_.back() = true;
  afterKey_ = true;
  if (!plain) {
    if (comma) out_ += ',';
    newline();
    appendJsonString(out_, name);
    out_ += ": ";
    return;
  }
  char *p = buffer;
  if (comma) *p++ = ',';
  *p++ = '\n';
  std::memset(p, ' ', indent);
  p += indent;
  *p++ = '"';
  std::memcpy(p, name.data(), name.size());
  p += name.size();
  *p++ = '"';
  *p++ = ':';
  *p++ = ' ';
  out_.append(buffer, static_cast<size_t>(p - buffer));
}

void JsonWriter::string(std::string_view text) {
  beforeValue();
  appendJsonString(out_, text);
}

void JsonWriter::integer(int64_t value) {
  beforeValue();
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  (void)ec;
  out_.append(buffer, end);
}

void JsonWriter::number(double value) {
  beforeValue();
  if (!std::isfinite(value)) {
    out_ += "null";
    return;
  }
  appendJsonNumber(out_, value);
}

void JsonWriter::boolean(bool value) {
  beforeValue();
  out_ += value ? "true" : "false";
}

void JsonWriter::null() {
  beforeValue();
  out_ += "null";
}

void appendJsonNumber(std::string &out, double value) {
  // nlohmann's own Grisu2 conversion, so every number is byte-identical to nlohmann's dump().
  char buffer[64];
  char *end = nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

namespace {

/// Length of the well-formed UTF-8 sequence at `s[i]` (overlong forms, surrogates and code points
/// above U+10FFFF are not), or 0.
size_t utf8SequenceLength(std::string_view s, size_t i) {
  auto at = [&s](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = at(i);
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    else if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    else if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size() || at(i + 1) < lo || at(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k)
    if ((at(i + k) & 0xC0) != 0x80) return 0;
  return len;
}

} // namespace

void appendJsonString(std::string &out, std::string_view text) {
  out += '"';
  size_t i = 0;
  while (i < text.size()) {
    // Copy the longest run that needs no escape in one go.
    size_t run = i;
    while (run < text.size()) {
      auto c = static_cast<unsigned char>(text[run]);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
      ++run;
    }
    out.append(text.data() + i, run - i);
    i = run;
    if (i == text.size()) break;
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      size_t len = utf8SequenceLength(text, i);
      if (len == 0) {
        out += "\xEF\xBF\xBD";
        ++i;
      } else {
        out.append(text.data() + i, len);
        i += len;
      }
      continue;
    }
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\t': out += "\\t"; break;
    case '\n': out += "\\n"; break;
    case '\f': out += "\\f"; break;
    case '\r': out += "\\r"; break;
    default: {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
    }
    ++i;
  }
  out += '"';
}

} // namespace rwd::render
