// This file implements the streaming JSON writer.
#include "render/json_writer.h"

#include "compiler/source/encoding.h"
#include "runtime/value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

namespace rwd::render {

namespace {

/// True for a byte a JSON string holds as it is and that cannot start invalid UTF-8: printable
/// ASCII (and DEL) but `"` and `\`.
bool plainStringByte(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

} // namespace

void JsonWriter::finish() {
  out_.append(buffer_, used_);
  used_ = 0;
}

void JsonWriter::put(std::string_view text) {
  if (text.size() > kBufferBytes) {
    finish();
    out_.append(text);
    return;
  }
  std::memcpy(room(text.size()), text.data(), text.size());
  used_ += text.size();
}

char *JsonWriter::newlineAt(char *at) const {
  const size_t indent = nonEmpty_.size() * 2;
  *at++ = '\n';
  // A report is a few levels deep: 32 spaces in two fixed stores (room() reserved them), not a
  // call to memset per line.
  static constexpr char kSpaces[kInlineSpaces + 1] = "                                ";
  if (indent <= kInlineSpaces) std::memcpy(at, kSpaces, kInlineSpaces);
  else std::memset(at, ' ', indent);
  return at + indent;
}

void JsonWriter::newline() {
  const size_t indent = nonEmpty_.size() * 2;
  if (indent + 1 <= kMaxInlineIndent) {
    char *begin = room(std::max(indent, kInlineSpaces) + 1);
    used_ += static_cast<size_t>(newlineAt(begin) - begin);
    return;
  }
  // Absurdly deep values (a query result nested hundreds of levels): the indentation in pieces.
  static constexpr std::string_view kSpaces = "                                ";
  put("\n");
  for (size_t left = indent; left > 0;) {
    const size_t piece = std::min(left, kSpaces.size());
    put(kSpaces.substr(0, piece));
    left -= piece;
  }
}

void JsonWriter::beforeValue() {
  if (afterKey_) {
    afterKey_ = false;
    return;
  }
  if (nonEmpty_.empty()) return; // the top-level value
  if (nonEmpty_.back()) put(",");
  nonEmpty_.back() = true;
  newline();
}

void JsonWriter::open(char bracket) {
  beforeValue();
  put({&bracket, 1});
  nonEmpty_.push_back(false);
}

void JsonWriter::close(char bracket) {
  const bool any = nonEmpty_.back();
  nonEmpty_.pop_back();
  if (any) newline();
  put({&bracket, 1});
}

void JsonWriter::key(std::string_view name) {
  // A report writes a key per field: separator, indentation and a plain key (no byte that needs
  // escaping) go into the buffer in one step, the key checked as it is copied.
  const size_t indent = nonEmpty_.size() * 2;
  if (indent + name.size() + 6 <= kMaxInlineIndent) {
    char *begin = room(std::max(indent, kInlineSpaces) + name.size() + 6);
    char *at = begin;
    if (nonEmpty_.back()) *at++ = ',';
    at = newlineAt(at);
    *at++ = '"';
    size_t i = 0;
    for (; i < name.size() && plainStringByte(static_cast<unsigned char>(name[i])); ++i) *at++ = name[i];
    if (i == name.size()) {
      *at++ = '"';
      *at++ = ':';
      *at++ = ' ';
      nonEmpty_.back() = true;
      afterKey_ = true;
      used_ += static_cast<size_t>(at - begin);
      return;
    }
  }
  beforeValue();
  std::string quoted;
  appendJsonString(quoted, name);
  put(quoted);
  put(": ");
  afterKey_ = true;
}

void JsonWriter::string(std::string_view text) {
  beforeValue();
  // Names, phases and messages are plain ASCII: copied as they are, checked on the way.
  if (text.size() + 2 <= kBufferBytes) {
    char *begin = room(text.size() + 2);
    char *at = begin;
    *at++ = '"';
    size_t i = 0;
    for (; i < text.size() && plainStringByte(static_cast<unsigned char>(text[i])); ++i) *at++ = text[i];
    if (i == text.size()) {
      *at++ = '"';
      used_ += static_cast<size_t>(at - begin);
      return;
    }
  }
  std::string quoted;
  appendJsonString(quoted, text);
  put(quoted);
}

void JsonWriter::integer(int64_t value) {
  beforeValue();
  char *begin = room(24);
  auto [end, ec] = std::to_chars(begin, begin + 24, value);
  (void)ec;
  used_ += static_cast<size_t>(end - begin);
}

void JsonWriter::number(double value) {
  beforeValue();
  if (!std::isfinite(value)) {
    put("null");
    return;
  }
  // nlohmann's own Grisu2 conversion, as appendJsonNumber: at most 25 bytes.
  char *begin = room(64);
  char *end = nlohmann::detail::to_chars(begin, begin + 64, value);
  used_ += static_cast<size_t>(end - begin);
}

void JsonWriter::boolean(bool value) {
  beforeValue();
  put(value ? "true" : "false");
}

void JsonWriter::null() {
  beforeValue();
  put("null");
}

void appendJsonNumber(std::string &out, double value) {
  // nlohmann's own Grisu2 conversion, so every number is byte-identical to nlohmann's dump().
  char buffer[64];
  char *end = nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, end);
}

void appendJsonString(std::string &out, std::string_view text) {
  out += '"';
  for (;;) {
    std::optional<EncodingError> error = findEncodingError(text);
    runtime::appendJsonEscaped(out, text.substr(0, error ? error->offset : text.size()));
    if (!error) break;
    // A NUL is a control byte like any other; a byte that is not UTF-8 becomes U+FFFD.
    out += error->nul ? "\\u0000" : "\xEF\xBF\xBD";
    text.remove_prefix(error->offset + 1);
  }
  out += '"';
}

} // namespace rwd::render
