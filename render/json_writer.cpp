// This file implements the streaming JSON writer.
#include "render/json_writer.h"

#include "compiler/source/encoding.h"
#include "runtime/value.h"

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
