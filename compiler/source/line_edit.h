// This file implements the description of a change to one line of a source file, as a person would
// make it by hand: what `rewind tune` prints for its best combination.
#pragma once

#include <cstdint>
#include <string>

namespace rwd {

struct LineEdit {
  /// The file, as given.
  std::string path;
  /// 1-based line: the line to change, or the line after which a new line goes.
  uint32_t line = 0;
  /// The line as it is; empty when a line is added.
  std::string before;
  /// The line as it becomes, or the line to add.
  std::string after;
  /// For an added line, where it belongs (`add to metric `error-rate``).
  std::string note;
  /// For an added line, the line it goes after (line `line`), shown as context.
  std::string context;
};

} // namespace rwd
