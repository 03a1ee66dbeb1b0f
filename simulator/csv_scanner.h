// This file implements the CSV layer shared by the trace and events readers: records, located
// fields, comments, the header row, and the byte-level checks (NUL, UTF-8) that hostile files need.
//
// The dialect is RFC 4180 with these documented choices:
// - A record is one line; `\n` and `\r\n` both end it. A quoted field may not span lines (no trace
//   field needs a newline, and a stray quote then costs one line, not the rest of the file).
// - Fields may be quoted with `"`; `""` inside quotes is one `"`. A `"` inside an unquoted field,
//   or anything but blanks between a closing quote and the next `,`, is an error.
// - Spaces and tabs around a field (outside the quotes) are ignored.
// - Blank lines and lines whose first non-blank byte is `#` are skipped, so a first-column value
//   that starts with `#` must be quoted. A UTF-8 byte order mark at the start is skipped.
// - A line containing a NUL byte or invalid UTF-8 is reported (NUL once per file, since one means a
//   binary file) and skipped.
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/source/source_manager.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rwd::sim {

/// One field of a record: its text (unquoted, unescaped, blanks trimmed) and where it is. The range
/// covers the field as written, quotes included; it is empty (begin == end) for an empty field.
struct CsvField {
  std::string_view text;
  SourceRange range;
};

/// Walks a file record by record and field by field. Reports CSV-level problems itself and counts
/// the errors its reader reports through it, so that a reader can stop once nothing more would be
/// shown (DiagnosticEngine::kMaxErrors).
class CsvScanner {
public:
  CsvScanner(const SourceFile &file, DiagnosticEngine &diags);

  /// Moves to the next record, skipping blank, comment and unreadable lines. False at end of file.
  bool nextRecord();

  /// Continues at byte `offset`, which must start a line (a fast reader hands lines over here).
  void seek(uint32_t offset);
  /// Where the line after the current record starts.
  uint32_t nextLineOffset() const { return nextLine_; }
  /// While set, every comment line nextRecord skips (once its bytes passed the checks) is appended
  /// to `sink` as the range of its text.
  void setCommentSink(std::vector<SourceRange> *sink) { commentSink_ = sink; }

  /// Reads the current record's next field. When the field is quoted and holds `""`, its text is
  /// unescaped into `scratch` (so keep one scratch string per field you hold at once). Returns
  /// false when the record has no more fields, or after reporting a quoting error (then failed()
  /// is true).
  bool nextField(CsvField &field, std::string &scratch);

  /// True if the current record had a quoting error; its fields must not be used.
  bool failed() const { return failed_; }
  /// The current record's text, without its line terminator.
  SourceRange recordRange() const { return file_.range(recordBegin_, recordEnd_); }
  /// An empty range at the end of the current record, where a missing field would go.
  SourceRange endOfRecord() const { return file_.range(recordEnd_, recordEnd_); }
  /// Fields read so far from the current record.
  size_t fieldIndex() const { return fieldIndex_; }

  /// Reports an error (or warning) and counts it.
  template <typename... Args> void report(DiagKind kind, SourceRange range, Args &&...args) {
    if (diagKindInfo(kind).severity == Severity::Error) ++errors_;
    diags_.report(kind, range, std::forward<Args>(args)...);
  }
  size_t errorCount() const { return errors_; }
  /// True once more errors were reported than the engine shows; readers stop there.
  bool tooManyErrors() const { return errors_ > DiagnosticEngine::kMaxErrors; }

  const SourceFile &file() const { return file_; }

private:
  bool checkBytes(uint32_t begin, uint32_t end);

  const SourceFile &file_;
  DiagnosticEngine &diags_;
  std::string_view text_;
  uint32_t nextLine_ = 0;
  uint32_t recordBegin_ = 0;
  uint32_t recordEnd_ = 0;
  uint32_t pos_ = 0;
  size_t fieldIndex_ = 0;
  bool done_ = true;
  bool failed_ = false;
  bool nulReported_ = false;
  size_t errors_ = 0;
  std::vector<SourceRange> *commentSink_ = nullptr;
};

/// A column a reader looks for in the header row.
struct CsvColumnSpec {
  std::string_view name;
  bool required = true;
};

/// The header row: for each CsvColumnSpec the index of its column (nullopt if absent).
struct CsvHeader {
  std::vector<std::optional<size_t>> columns;
  size_t fieldCount = 0;
  SourceRange range;
};

/// The diagnostics a reader wants for header problems (trace and events files word them apart).
struct CsvHeaderKinds {
  DiagKind missingHeader;   // no args
  DiagKind missingColumn;   // {} = column name
  DiagKind duplicateColumn; // {} = column name
};

/// Reads the first record as the header. Column names match case-insensitively; unknown columns are
/// allowed (and ignored by the readers). If no known column is present at all, the first record is
/// taken for data and `missingHeader` is reported. Returns nullopt after reporting any problem.
std::optional<CsvHeader> readCsvHeader(CsvScanner &scanner, std::span<const CsvColumnSpec> specs,
                                       const CsvHeaderKinds &kinds);

/// Makes field text safe and short for a diagnostic message: at most 40 bytes (cut at a UTF-8
/// boundary, then `...`), with control bytes written as `\xNN`.
std::string displayField(std::string_view text);

/// Reads the current record's fields into `fields` (the three columns at `columnOf`; other
/// columns are skipped). Reports a record with more fields than the header or fewer than
/// `needed`, and returns false for such a record or a malformed one. `scratch` holds unquoted
/// text: one buffer per kept column plus one for the others.
bool readRecordColumns(CsvScanner &scanner, const size_t (&columnOf)[3], size_t headerFields,
                       size_t needed, CsvField (&fields)[3], std::string (&scratch)[4]);

/// True if `a` and `b` are equal ignoring ASCII case.
bool equalsIgnoreCase(std::string_view a, std::string_view b);

} // namespace rwd::sim
