// This file implements a streaming JSON writer: values go out as they are produced,
// pretty-printed with two-space indentation, so a report needs no document tree.
//
// The layout and number format are those of nlohmann::json's dump(2) (shortest round-trip floats
// with a `.0` on whole numbers, `1e-05` exponents, escapes of `"`, `\` and control bytes only), so
// the reports are byte-identical to what the project wrote before and to anything else Rewind
// prints through nlohmann. Invalid UTF-8 in a string is written as U+FFFD.
//
// The writer collects its text in a buffer of its own and appends it to the output string 16 KiB
// at a time: a day-long report is a million and a half bytes in pieces of a few bytes each, and
// std::string's append per piece cost more than the pieces. So the output string holds everything
// written only after finish() (or the writer's end).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rwd::render {

class JsonWriter {
public:
  explicit JsonWriter(std::string &out) : out_(out) {}
  ~JsonWriter() { finish(); }
  JsonWriter(const JsonWriter &) = delete;
  JsonWriter &operator=(const JsonWriter &) = delete;

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

  /// Appends what is buffered to the output string. Writing may go on afterwards.
  void finish();

private:
  static constexpr size_t kBufferBytes = 16384;

  void open(char bracket);
  void close(char bracket);
  /// Before a value: a separator and a new line when it is an array element.
  void beforeValue();
  /// Room for `bytes` (at most kBufferBytes) more bytes at buffer_ + used_.
  char *room(size_t bytes) {
    if (used_ + bytes > kBufferBytes) finish();
    return buffer_ + used_;
  }
  void put(std::string_view text);
  /// A new line and the indentation of the current depth.
  void newline();
  /// Writes what newline() writes at `at` (room for it given); returns the end.
  char *newlineAt(char *at) const;
  /// Lines indented deeper than this (values nested over a hundred levels) are written in pieces.
  static constexpr size_t kMaxInlineIndent = 256;
  /// newlineAt writes this many spaces whatever the indentation below it (room() is asked for them).
  static constexpr size_t kInlineSpaces = 32;

  std::string &out_;
  /// Per open bracket: whether it has an element yet (bytes: cheaper to test than vector<bool>).
  std::vector<char> nonEmpty_;
  bool afterKey_ = false;
  size_t used_ = 0;
  char buffer_[kBufferBytes];
};

/// Appends `text` as a JSON string literal, quotes included.
void appendJsonString(std::string &out, std::string_view text);
/// Appends a finite double in nlohmann::json's format (`0.5`, `100.0`, `1e-05`, `-0.0`).
void appendJsonNumber(std::string &out, double value);

} // namespace rwd::render
