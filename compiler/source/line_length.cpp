// This file implements the line-length limit every input file shares (policy, trace, events).
#include "compiler/source/line_length.h"

#include <cstring>

namespace rwd {

bool checkLineLengths(const SourceFile &file, uint32_t begin, uint32_t end, DiagnosticEngine &diags) {
  const char *text = file.text().data();
  uint32_t lineStart = begin;
  while (lineStart < end) {
    const void *newline = std::memchr(text + lineStart, '\n', end - lineStart);
    uint32_t lineEnd = newline ? static_cast<uint32_t>(static_cast<const char *>(newline) - text) : end;
    uint32_t length = lineEnd - lineStart;
    if (length > 0 && text[lineEnd - 1] == '\r' && newline) --length;
    if (length > kMaxLineBytes) {
      uint32_t at = lineStart + kMaxLineBytes;
      diags.report(DiagKind::LineTooLong, SourceRange{file.id(), at, at + 1}, kMaxLineBytes);
      return false;
    }
    lineStart = lineEnd + 1;
  }
  return true;
}

} // namespace rwd
