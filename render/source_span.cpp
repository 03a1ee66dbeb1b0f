// This file implements source spans for machine formats (JSON diagnostics, SARIF).
#include "render/source_span.h"

#include <algorithm>

namespace rwd::render {

namespace {

/// The column of byte `offset` on its line in `unit`.
uint32_t columnOf(const SourceFile &file, uint32_t offset, ColumnUnit unit) {
  LineColumn lc = file.lineColumn(offset);
  if (unit == ColumnUnit::Bytes) return lc.column;
  std::string_view text = file.text();
  uint32_t column = 1;
  for (uint32_t i = file.lineStart(lc.line); i < offset && i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column; // skip UTF-8 continuations
  return column;
}

} // namespace

std::optional<SourceSpan> sourceSpan(const SourceManager &sources, SourceRange range, ColumnUnit unit) {
  if (!range.valid()) return std::nullopt;
  const SourceFile &file = sources.file(range.file);
  auto size = static_cast<uint32_t>(file.text().size());
  uint32_t begin = std::min(range.begin, size);
  uint32_t end = std::clamp(range.end, begin, size);
  if (end == begin && begin < size && file.text()[begin] != '\n') ++end;
  SourceSpan span;
  span.path = file.path();
  span.startLine = file.lineColumn(begin).line;
  span.startColumn = columnOf(file, begin, unit);
  span.endLine = file.lineColumn(end).line;
  span.endColumn = columnOf(file, end, unit);
  return span;
}

} // namespace rwd::render
