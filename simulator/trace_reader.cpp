// This file implements the trace file reader: the header, then one sample row per record, validated
// field by field, into a TraceBuilder.
//
// Two paths read the same rows. The fast path takes the common shape: a header
// `timestamp,metric,value` and records of plain ASCII fields whose values all check out. Runs of
// such records go through the block scanner (plain_record_scanner.h), which finds their fields
// from bitmasks of 64 bytes at a time; comments and blank lines, and the last few lines of the
// file, through the per-line scanner (csv_fast_path.h). Any line both decline (a quote, a blank, a
// bad field, UTF-8, a long line) goes to the general CsvScanner, which reads it and reports
// exactly what it always did; reading then goes back to the fast path.
// The general path runs the file's line-length check over the rest of the file the first time it
// is entered: every line before that was a fast line, short and clean, so the diagnostics are
// those of a reader that checked the whole file first.
#include "simulator/trace_reader.h"

#include "compiler/source/line_length.h"
#include "simulator/csv_fast_path.h"
#include "simulator/csv_scanner.h"
#include "simulator/plain_record_scanner.h"
#include "simulator/short_decimal.h"
#include "simulator/short_equal.h"
#include "simulator/swar_digits.h"
#include "simulator/timestamp.h"
#include "simulator/trace_value.h"

#include <algorithm>
#include <bit>
#include <string_view>

namespace rwd::sim {

namespace {

/// True for `metric` and `template/metric` (both parts non-empty, one `/` at most).
bool validMetricKey(std::string_view key) {
  size_t slash = key.find('/');
  if (slash == std::string_view::npos) return true;
  return slash > 0 && slash + 1 < key.size() && key.find('/', slash + 1) == std::string_view::npos;
}

/// Reads a timestamp of 9 to 16 digits, Unix seconds as machine-written traces hold them, eight
/// digits at a time; false for any other text, which parseTimestampMillis then reads. Where both
/// read a text, they agree (seconds up to kMaxEpochSeconds, in milliseconds).
bool parseEpochSecondsDigits(const char *text, uint32_t size, int64_t &millis) {
  if constexpr (std::endian::native != std::endian::little) return false;
  if (size < 9 || size > 16) return false;
  const uint64_t low = swar::load8(text + size - 8);
  const uint64_t high = swar::rightAlignDigits(swar::load8(text), size - 8);
  if (!swar::eightDigits(low) || !swar::eightDigits(high)) return false;
  const uint64_t seconds = swar::eightDigitsValue(high) * 100'000'000 + swar::eightDigitsValue(low);
  if (seconds > static_cast<uint64_t>(kMaxEpochSeconds)) return false;
  millis = static_cast<int64_t>(seconds) * 1000;
  return true;
}

constexpr CsvColumnSpec kColumns[] = {{"timestamp", true}, {"metric", true}, {"value", true}};
enum Column : size_t { kTimestamp, kMetric, kValue };

/// Rows read before the builder is told how many to expect (see TraceBuilder::reserveFor).
constexpr size_t kRowsBeforeEstimate = 4096;
/// How much of the file is read between two SourceFile::releasePages calls.
constexpr uint32_t kReleaseEvery = 4u << 20;

class TraceFileReader {
public:
  TraceFileReader(const SourceFile &file, DiagnosticEngine &diags, const TraceReadOptions &options)
      : file_(file), text_(file.text()), diags_(diags), options_(options), scanner_(file, diags) {}

  std::optional<Trace> read();

private:
  bool readHeader();
  bool readRows();
  bool readGeneralRecord();
  void takeRow(const CsvField (&fields)[3]);
  std::optional<int64_t> timestampOf(std::string_view text);
  bool takeFastRecord(const FastLine &line);
  [[gnu::noinline]] void readPlainRecords(uint32_t until, size_t recordsUntil);
  bool checkLineLengthsOnce(uint32_t from);
  void readDeclaredStart(SourceRange comment);
  void estimateRows(uint32_t pos);

  const SourceFile &file_;
  std::string_view text_;
  DiagnosticEngine &diags_;
  const TraceReadOptions &options_;
  CsvScanner scanner_;
  TraceBuilder builder_;

  uint32_t pos_ = 0;
  bool fastRows_ = false;
  bool lineLengthsChecked_ = false;
  size_t columnOf_[3] = {0, 1, 2};
  size_t headerFields_ = 3;
  size_t needed_ = 3;
  SourceRange headerRange_;
  uint32_t dataBegin_ = 0;
  size_t records_ = 0;
  bool estimated_ = false;
  std::vector<SourceRange> comments_; // before the header, for `# start:`
  bool declaredStartSeen_ = false;
  // Consecutive rows usually share a timestamp; remember the last one parsed (text of the file).
  std::string_view lastTimestampText_;
  int64_t lastTimestamp_ = 0;
  std::string scratch_[4]; // one per held field, plus one for ignored columns
};

bool TraceFileReader::checkLineLengthsOnce(uint32_t from) {
  if (lineLengthsChecked_) return true;
  lineLengthsChecked_ = true;
  return checkLineLengths(file_, from, static_cast<uint32_t>(text_.size()), diags_);
}

bool TraceFileReader::readHeader() {
  const auto size = static_cast<uint32_t>(text_.size());
  // Comments and blank lines before the header, then a plain `timestamp,metric,value` header.
  while (options_.fastPath && pos_ < size) {
    FastLine line = scanFastLine(text_, pos_, kMaxLineBytes);
    if (line.kind == FastLineKind::Comment) comments_.push_back(file_.range(pos_, line.end));
    if (line.kind == FastLineKind::Comment || line.kind == FastLineKind::Blank) {
      pos_ = line.next;
      continue;
    }
    if (line.kind == FastLineKind::Record && line.fieldCount == 3) {
      bool standard = true;
      for (int i = 0; i < 3; ++i)
        standard = standard && equalsIgnoreCase(text_.substr(line.fieldBegin[i],
                                                             line.fieldEnd[i] - line.fieldBegin[i]),
                                                kColumns[i].name);
      if (standard) {
        headerRange_ = file_.range(pos_, line.end);
        pos_ = line.next;
        fastRows_ = true;
        return true;
      }
    }
    break;
  }

  if (!checkLineLengthsOnce(pos_)) return false;
  scanner_.seek(pos_);
  scanner_.setCommentSink(&comments_);
  auto header = readCsvHeader(
      scanner_, kColumns,
      {DiagKind::TraceMissingHeader, DiagKind::TraceMissingColumn, DiagKind::TraceDuplicateColumn});
  scanner_.setCommentSink(nullptr);
  if (!header) return false;
  for (size_t c = 0; c < 3; ++c) columnOf_[c] = *header->columns[c];
  needed_ = std::max({columnOf_[0], columnOf_[1], columnOf_[2]}) + 1;
  headerFields_ = header->fieldCount;
  headerRange_ = header->range;
  fastRows_ = options_.fastPath && headerFields_ == 3 && columnOf_[kTimestamp] == 0 &&
              columnOf_[kMetric] == 1 && columnOf_[kValue] == 2;
  pos_ = scanner_.nextLineOffset();
  return true;
}

void TraceFileReader::readDeclaredStart(SourceRange comment) {
  // `# start: 2026-11-24T10:00:00Z`: blanks around each part are allowed.
  std::string_view text = text_.substr(comment.begin, comment.end - comment.begin);
  auto skipBlanks = [&text] {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  };
  text.remove_prefix(1); // '#'
  skipBlanks();
  constexpr std::string_view kDirective = "start:";
  if (text.substr(0, kDirective.size()) != kDirective) return;
  text.remove_prefix(kDirective.size());
  skipBlanks();
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  auto begin = static_cast<uint32_t>(text.data() - text_.data());
  SourceRange range = file_.range(begin, begin + static_cast<uint32_t>(text.size()));
  if (declaredStartSeen_) {
    scanner_.report(DiagKind::TraceDuplicateDeclaredStart, comment);
    return;
  }
  declaredStartSeen_ = true;
  if (std::optional<int64_t> start = parseTimestampMillis(text)) builder_.setDeclaredStart(*start);
  else scanner_.report(DiagKind::TraceBadDeclaredStart, range, displayField(text));
}

std::optional<int64_t> TraceFileReader::timestampOf(std::string_view text) {
  // Consecutive rows usually share a timestamp: the last one parsed is compared first.
  if (!lastTimestampText_.empty() && shortEqual(text, lastTimestampText_)) return lastTimestamp_;
  std::optional<int64_t> parsed = parseTimestampMillis(text);
  if (!parsed) return std::nullopt;
  lastTimestamp_ = *parsed;
  // Fields that are the file's own bytes can be kept; an unquoted copy cannot.
  bool inFile = text.data() >= text_.data() && text.data() < text_.data() + text_.size();
  lastTimestampText_ = inFile ? text : std::string_view();
  return parsed;
}

void TraceFileReader::takeRow(const CsvField (&fields)[3]) {
  bool ok = true;
  const CsvField &ts = fields[kTimestamp];
  std::optional<int64_t> millis = timestampOf(ts.text);
  if (!millis) {
    scanner_.report(DiagKind::TraceBadTimestamp, ts.range, displayField(ts.text));
    ok = false;
  }

  const CsvField &metric = fields[kMetric];
  if (metric.text.empty()) {
    scanner_.report(DiagKind::TraceEmptyMetric, metric.range);
    ok = false;
  } else if (!validMetricKey(metric.text)) {
    scanner_.report(DiagKind::TraceBadMetricName, metric.range, displayField(metric.text));
    ok = false;
  }

  const CsvField &valueField = fields[kValue];
  double value = 0;
  std::optional<double> sampleValue;
  switch (parseTraceValue(valueField.text, value)) {
  case ValueStatus::Ok: sampleValue = value; break;
  case ValueStatus::Empty: break;
  case ValueStatus::Invalid:
    scanner_.report(DiagKind::TraceBadValue, valueField.range, displayField(valueField.text));
    ok = false;
    break;
  case ValueStatus::OutOfRange:
    scanner_.report(DiagKind::TraceValueOutOfRange, valueField.range,
                    displayField(valueField.text));
    ok = false;
    break;
  }

  // After the first error rows are still checked (to report more problems) but no longer kept.
  if (ok && scanner_.errorCount() == 0)
    builder_.addRow(metric.text, *millis, sampleValue, metric.range);
}

bool TraceFileReader::takeFastRecord(const FastLine &line) {
  // The checks of takeRow, without reports: a row that fails one is declined, and takeRow then
  // reads it again through the general scanner and reports it.
  if (line.fieldCount != 3 || records_ >= options_.maxRows) return false;
  auto field = [&](int i) {
    return text_.substr(line.fieldBegin[i], line.fieldEnd[i] - line.fieldBegin[i]);
  };
  std::optional<int64_t> millis = timestampOf(field(kTimestamp));
  if (!millis) return false;
  const std::string_view metric = field(kMetric);
  // A key seen before was checked when it was first seen.
  uint32_t series = builder_.knownSeries(metric);
  if (series == TraceBuilder::kNoSeries && (metric.empty() || !validMetricKey(metric))) return false;
  double value = 0;
  ValueStatus status = parseTraceValue(field(kValue), value);
  if (status != ValueStatus::Ok && status != ValueStatus::Empty) return false;
  ++records_;
  if (scanner_.errorCount() > 0) return true;
  if (series == TraceBuilder::kNoSeries)
    series = builder_.seriesFor(metric, file_.range(line.fieldBegin[kMetric], line.fieldEnd[kMetric]));
  builder_.addRowTo(series, *millis,
                    status == ValueStatus::Ok ? std::optional<double>(value) : std::nullopt);
  return true;
}

void TraceFileReader::readPlainRecords(uint32_t until, size_t recordsUntil) {
  // Records of three plain fields, as long as they come and check out, until the reader passes
  // `until` or has read `recordsUntil` records (readRows has work to do there). The block
  // scanner finds a batch of records, then this loop makes the checks of takeFastRecord with the
  // reader's state in locals; the value is read eight bytes at a time (the block scanner leaves
  // readable bytes after a record).
  constexpr uint32_t kBatch = 128;
  PlainRecordScanner scanner(text_, pos_, kMaxLineBytes);
  PlainRecord batch[kBatch];
  const char *base = text_.data();
  uint32_t pos = pos_;
  size_t count = records_;
  std::string_view lastTime = lastTimestampText_;
  int64_t millis = lastTimestamp_;
  bool more = true;
  while (more && pos < until && count < recordsUntil) {
    const auto wanted = static_cast<uint32_t>(std::min<size_t>(kBatch, recordsUntil - count));
    const uint32_t found = scanner.fill(batch, wanted);
    more = found == wanted;
    for (uint32_t i = 0; i < found; ++i) {
      const PlainRecord &record = batch[i];
      const std::string_view time(base + record.begin, record.firstComma - record.begin);
      if (lastTime.empty() || !shortEqual(time, lastTime)) {
        if (!parseEpochSecondsDigits(time.data(), static_cast<uint32_t>(time.size()), millis)) {
          std::optional<int64_t> parsed = parseTimestampMillis(time);
          if (!parsed) {
            more = false;
            break;
          }
          millis = *parsed;
        }
        lastTime = time;
      }
      const uint32_t metricBegin = record.firstComma + 1;
      const std::string_view metric(base + metricBegin, record.secondComma - metricBegin);
      uint32_t series = builder_.knownSeries(metric);
      if (series == TraceBuilder::kNoSeries && (metric.empty() || !validMetricKey(metric))) {
        more = false;
        break;
      }
      const uint32_t valueBegin = record.secondComma + 1;
      double value = 0;
      ValueStatus status = ValueStatus::Ok;
      if (!parseShortDecimal(base + valueBegin, record.end - valueBegin, value)) {
        status = parseTraceValue({base + valueBegin, record.end - valueBegin}, value);
        if (status != ValueStatus::Ok && status != ValueStatus::Empty) {
          more = false;
          break;
        }
      }
      if (series == TraceBuilder::kNoSeries)
        series = builder_.seriesFor(metric, file_.range(metricBegin, record.secondComma));
      builder_.addRowTo(series, millis, status == ValueStatus::Ok ? std::optional<double>(value) : std::nullopt);
      ++count;
      pos = record.next;
    }
  }
  pos_ = pos;
  records_ = count;
  lastTimestampText_ = lastTime;
  lastTimestamp_ = millis;
}

bool TraceFileReader::readGeneralRecord() {
  if (++records_ > options_.maxRows) {
    scanner_.report(DiagKind::TraceTooManyRows, scanner_.recordRange(), options_.maxRows);
    return false;
  }
  CsvField fields[3];
  if (readRecordColumns(scanner_, columnOf_, headerFields_, needed_, fields, scratch_))
    takeRow(fields);
  return true;
}

void TraceFileReader::estimateRows(uint32_t pos) {
  // The columns grow by doubling, which would leave a long trace with up to twice the memory it
  // needs and a copy at every step: once the first rows show how long a row is, reserve for all.
  estimated_ = true;
  if (pos <= dataBegin_) return;
  double bytesPerRow = static_cast<double>(pos - dataBegin_) / static_cast<double>(records_);
  auto expected = static_cast<size_t>(static_cast<double>(text_.size() - dataBegin_) / bytesPerRow);
  builder_.reserveFor(std::min(expected, options_.maxRows));
}

bool TraceFileReader::readRows() {
  const auto size = static_cast<uint32_t>(text_.size());
  dataBegin_ = pos_;
  uint32_t released = 0;
  while (pos_ < size && !scanner_.tooManyErrors()) {
    if (!estimated_ && records_ >= kRowsBeforeEstimate) estimateRows(pos_);
    if (pos_ - released >= kReleaseEvery) {
      // What was read is not needed again (a diagnostic reads its line back), so a long file
      // never occupies more than a window of memory.
      file_.releasePages(released, pos_);
      released = pos_;
    }
    if (fastRows_) {
      const uint32_t from = pos_;
      // Runs of plain records (while every row is kept: after an error takeFastRecord counts them).
      if (scanner_.errorCount() == 0)
        readPlainRecords(released + kReleaseEvery,
                         std::min(options_.maxRows, estimated_ ? options_.maxRows : kRowsBeforeEstimate));
      if (pos_ != from) continue;
      FastLine line = scanFastLine(text_, pos_, kMaxLineBytes);
      if (line.kind == FastLineKind::Comment || line.kind == FastLineKind::Blank ||
          (line.kind == FastLineKind::Record && takeFastRecord(line))) {
        pos_ = line.next;
        continue;
      }
    }
    // The general path reads this line (and any it skips before the next record).
    if (!checkLineLengthsOnce(pos_)) return false;
    scanner_.seek(pos_);
    if (!scanner_.nextRecord()) break;
    if (!readGeneralRecord()) break;
    pos_ = scanner_.nextLineOffset();
  }
  return true;
}

std::optional<Trace> TraceFileReader::read() {
  if (text_.size() >= UINT32_MAX) {
    diags_.report(DiagKind::FileTooLarge, SourceRange{}, UINT32_MAX - 1);
    return std::nullopt;
  }
  if (!readHeader()) return std::nullopt;
  if (!readRows()) return std::nullopt;
  for (SourceRange comment : comments_) readDeclaredStart(comment);
  if (scanner_.errorCount() > 0) return std::nullopt;
  if (records_ == 0) {
    scanner_.report(DiagKind::TraceNoRows, headerRange_);
    return std::nullopt;
  }
  return builder_.build();
}

} // namespace

std::optional<Trace> readTrace(const SourceFile &file, DiagnosticEngine &diags,
                               const TraceReadOptions &options) {
  return TraceFileReader(file, diags, options).read();
}

} // namespace rwd::sim
