// This file implements a streaming JSON writer: values go straight into an output string as they
// are produced, pretty-printed with two-space indentation, so a report needs no document tree.
//
// The layout and number format are those of nlohmann::json's dump(2) (shortest round-trip floats
// with a `.0` on whole numbers, `1e-05` exponents, escapes of `"`, `\` and control bytes only), so
// the reports are byte-identical to what the project wrote before and to anything else Rewind
// prints through nlohmann. Invalid UTF-8 in a string is written as U+FFFD.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rwd::render {

class JsonWriter {
public:
  explicit JsonWriter(std::string &out) : out_(out) {}

  void beginObject() { open('{'); }
  void endObject() { close('}'); }
  void beginArray() { open('['); }
  void endArray() { close(']'); }
  /// Starts an object member; its value must follow.
  void key(std::string_view name);

  void string(std::string_view text);
  void integer(int64_t value);
  /// A finite double (callers write NaN and infinities as they see fit); `null` otherwise, as
  /// nlohmann does.
  void number(double value);
  void boolean(bool value);
  void null();

private:
  void open(char bracket);
  void close(char bracket);
  /// Before a value: a separator and a new line when it is an array element.
  void beforeValue();
  void newline();

  std::string &out_;
  /// Per open bracket: whether it has an element yet.
  std::vector<bool> nonEmpty_;
  bool afterKey_ = false;
};

/// Appends `text` as a JSON string literal, quotes included.
void appendJsonString(std::string &out, std::string_view text);
/// Appends a finite double in nlohmann::json's format (`0.5`, `100.0`, `1e-05`, `-0.0`).
void appendJsonNumber(std::string &out, double value);

} // namespace rwd::render
