// This file implements the CSV scanner shared by the trace and events readers: one line per
// record, located fields, and linear-time checks so hostile input (huge lines, junk) stays cheap.
#include "simulator/csv_scanner.h"

#include <cstring>
#include <fmt/format.h>

namespace rwd::sim {

namespace {

bool isBlank(char c) { return c == ' ' || c == '\t'; }

char lowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// Returns the offset of the first NUL byte in `text`, or npos.
size_t findNul(std::string_view text) {
  const void *hit = std::memchr(text.data(), '\0', text.size());
  return hit ? static_cast<size_t>(static_cast<const char *>(hit) - text.data())
             : std::string_view::npos;
}

/// Returns the offset of the first byte of `text` that does not start a well-formed UTF-8 sequence
/// (overlong forms, surrogates and code points above U+10FFFF included), or npos.
size_t findInvalidUtf8(std::string_view text) {
  const auto *s = reinterpret_cast<const unsigned char *>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    // Fast path: eight ASCII bytes at a time.
    if (i + 8 <= n) {
      uint64_t chunk;
      std::memcpy(&chunk, s + i, 8);
      if ((chunk & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;      // overlong
      else if (c == 0xED) hi = 0x9F; // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;      // overlong
      else if (c == 0xF4) hi = 0x8F; // above U+10FFFF
    } else {
      return i;
    }
    if (i + len > n || s[i + 1] < lo || s[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k)
      if ((s[i + k] & 0xC0) != 0x80) return i;
    i += len;
  }
  return std::string_view::npos;
}

} // namespace

CsvScanner::CsvScanner(const SourceFile &file, DiagnosticEngine &diags)
    : file_(file), diags_(diags), text_(file.text()) {
  // Skip a UTF-8 byte order mark (spreadsheet exports write one).
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") nextLine_ = 3;
}

bool CsvScanner::checkBytes(uint32_t begin, uint32_t end) {
  std::string_view line = text_.substr(begin, end - begin);
  size_t nul = findNul(line);
  if (nul != std::string_view::npos) {
    if (!nulReported_) {
      nulReported_ = true;
      uint32_t at = begin + static_cast<uint32_t>(nul);
      report(DiagKind::NulByte, file_.range(at, at + 1));
    }
    return false;
  }
  size_t bad = findInvalidUtf8(line);
  if (bad != std::string_view::npos) {
    uint32_t at = begin + static_cast<uint32_t>(bad);
    report(DiagKind::InvalidUtf8, file_.range(at, at + 1),
           static_cast<unsigned>(static_cast<unsigned char>(text_[at])));
    return false;
  }
  return true;
}

bool CsvScanner::nextRecord() {
  const auto size = static_cast<uint32_t>(text_.size());
  while (nextLine_ < size && !tooManyErrors()) {
    uint32_t begin = nextLine_;
    const void *newline = std::memchr(text_.data() + begin, '\n', size - begin);
    uint32_t lineEnd =
        newline ? static_cast<uint32_t>(static_cast<const char *>(newline) - text_.data()) : size;
    nextLine_ = newline ? lineEnd + 1 : size;
    uint32_t end = lineEnd;
    if (end > begin && text_[end - 1] == '\r') --end;

    if (!checkBytes(begin, lineEnd)) continue;
    uint32_t first = begin;
    while (first < end && isBlank(text_[first])) ++first;
    if (first < end && text_[first] == '#' && commentSink_) commentSink_->push_back(file_.range(first, end));
    if (first == end || text_[first] == '#') continue; // blank or comment line

    recordBegin_ = begin;
    recordEnd_ = end;
    pos_ = begin;
    fieldIndex_ = 0;
    done_ = false;
    failed_ = false;
    return true;
  }
  done_ = true;
  return false;
}

void CsvScanner::seek(uint32_t offset) {
  nextLine_ = offset == 0 && text_.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : offset;
  done_ = true;
}

bool CsvScanner::nextField(CsvField &field, std::string &scratch) {
  if (done_) return false;
  uint32_t p = pos_;
  const uint32_t end = recordEnd_;
  while (p < end && isBlank(text_[p])) ++p;

  if (p < end && text_[p] == '"') {
    const uint32_t open = p;
    const uint32_t contentBegin = p + 1;
    bool escaped = false;
    uint32_t close = 0;
    p = contentBegin;
    for (;;) {
      const void *quote = std::memchr(text_.data() + p, '"', end - p);
      if (!quote) {
        report(DiagKind::TraceUnterminatedQuote, file_.range(open, end));
        failed_ = done_ = true;
        return false;
      }
      uint32_t q = static_cast<uint32_t>(static_cast<const char *>(quote) - text_.data());
      if (q + 1 < end && text_[q + 1] == '"') {
        escaped = true;
        p = q + 2;
        continue;
      }
      close = q;
      break;
    }
    std::string_view content = text_.substr(contentBegin, close - contentBegin);
    if (escaped) {
      scratch.clear();
      for (size_t i = 0; i < content.size(); ++i) {
        scratch += content[i];
        if (content[i] == '"') ++i; // skip the second quote of `""`
      }
      field.text = scratch;
    } else {
      field.text = content;
    }
    field.range = file_.range(open, close + 1);
    p = close + 1;
    while (p < end && isBlank(text_[p])) ++p;
    if (p < end && text_[p] != ',') {
      report(DiagKind::TraceBadQuoting, file_.range(p, p + 1));
      failed_ = done_ = true;
      return false;
    }
  } else {
    const uint32_t begin = p;
    // Fields are short: one pass that stops at the comma or at a stray quote is cheaper than two
    // memchr calls per field, and this loop runs for every field of a million-row trace.
    uint32_t stop = begin;
    while (stop < end && text_[stop] != ',' && text_[stop] != '"') ++stop;
    if (stop < end && text_[stop] == '"') {
      report(DiagKind::TraceBadQuoting, file_.range(stop, stop + 1));
      failed_ = done_ = true;
      return false;
    }
    uint32_t fieldEnd = stop;
    while (fieldEnd > begin && isBlank(text_[fieldEnd - 1])) --fieldEnd;
    field.text = text_.substr(begin, fieldEnd - begin);
    field.range = file_.range(begin, fieldEnd);
    p = stop;
  }

  if (p >= end) done_ = true;
  else pos_ = p + 1; // past the comma; a comma at the end of the line leaves one empty field
  ++fieldIndex_;
  return true;
}

std::optional<CsvHeader> readCsvHeader(CsvScanner &scanner, std::span<const CsvColumnSpec> specs,
                                       const CsvHeaderKinds &kinds) {
  if (!scanner.nextRecord()) {
    // Nothing but blank lines and comments (or an empty file): point at the end of the file.
    auto size = static_cast<uint32_t>(scanner.file().text().size());
    scanner.report(kinds.missingHeader, scanner.file().range(size, size));
    return std::nullopt;
  }
  CsvHeader header;
  header.columns.assign(specs.size(), std::nullopt);
  header.range = scanner.recordRange();
  bool ok = true;
  CsvField field;
  std::string scratch;
  while (scanner.nextField(field, scratch)) {
    for (size_t i = 0; i < specs.size(); ++i) {
      if (!equalsIgnoreCase(field.text, specs[i].name)) continue;
      if (header.columns[i]) {
        scanner.report(kinds.duplicateColumn, field.range, specs[i].name);
        ok = false;
      } else {
        header.columns[i] = scanner.fieldIndex() - 1; // the field just read
      }
    }
  }
  if (scanner.failed()) return std::nullopt;
  header.fieldCount = scanner.fieldIndex();

  bool any = false;
  for (const auto &column : header.columns) any = any || column.has_value();
  if (!any) {
    scanner.report(kinds.missingHeader, header.range);
    return std::nullopt;
  }
  for (size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].required && !header.columns[i]) {
      scanner.report(kinds.missingColumn, header.range, specs[i].name);
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return header;
}

std::string displayField(std::string_view text) {
  constexpr size_t kMaxShown = 40;
  bool cut = false;
  if (text.size() > kMaxShown) {
    size_t len = kMaxShown;
    while (len > 0 && (static_cast<unsigned char>(text[len]) & 0xC0) == 0x80) --len;
    text = text.substr(0, len);
    cut = true;
  }
  std::string out;
  out.reserve(text.size() + 3);
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) out += fmt::format("\\x{:02X}", static_cast<unsigned>(u));
    else out += c;
  }
  if (cut) out += "...";
  return out;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lowerAscii(a[i]) != lowerAscii(b[i])) return false;
  return true;
}

bool readRecordColumns(CsvScanner &scanner, const size_t (&columnOf)[3], size_t headerFields,
                       size_t needed, CsvField (&fields)[3], std::string (&scratch)[4]) {
  CsvField field;
  for (;;) {
    size_t index = scanner.fieldIndex();
    int slot = 3;
    for (int c = 0; c < 3; ++c)
      if (columnOf[c] == index) slot = c;
    if (!scanner.nextField(field, scratch[slot])) break;
    if (index >= headerFields) {
      SourceRange extra = field.range;
      extra.end = scanner.endOfRecord().end;
      scanner.report(DiagKind::TraceTooManyFields, extra, headerFields);
      return false;
    }
    if (slot < 3) fields[slot] = field;
  }
  if (scanner.failed()) return false;
  if (scanner.fieldIndex() < needed) {
    scanner.report(DiagKind::TraceTooFewFields, scanner.endOfRecord(), scanner.fieldIndex(), needed);
    return false;
  }
  return true;
}

} // namespace rwd::sim
