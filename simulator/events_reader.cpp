// This file implements the events file reader: header, then one validated event per record.
#include "simulator/events_reader.h"

#include "compiler/source/line_length.h"
#include "simulator/csv_scanner.h"
#include "simulator/timestamp.h"

#include <algorithm>
#include <fmt/format.h>
#include <string>

namespace rwd::sim {

namespace {

constexpr CsvColumnSpec kColumns[] = {
    {"timestamp", true}, {"action", true}, {"argument", false}};
enum Column : size_t { kTimestamp, kAction, kArgument };

/// Parses a revision: a positive whole number that fits int64 (no sign, no blanks).
std::optional<int64_t> parseRevision(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    if (__builtin_mul_overflow(value, 10, &value) || __builtin_add_overflow(value, c - '0', &value))
      return std::nullopt;
  }
  if (value == 0) return std::nullopt;
  return value;
}

} // namespace

std::optional<std::vector<Event>> readEvents(const SourceFile &file, DiagnosticEngine &diags) {
  if (file.text().size() >= UINT32_MAX) {
    diags.report(DiagKind::FileTooLarge, SourceRange{}, UINT32_MAX - 1);
    return std::nullopt;
  }
  if (!checkLineLengths(file, 0, static_cast<uint32_t>(file.text().size()), diags))
    return std::nullopt;
  CsvScanner scanner(file, diags);
  auto header = readCsvHeader(scanner, kColumns,
                              {DiagKind::EventsMissingHeader, DiagKind::EventsMissingColumn,
                               DiagKind::TraceDuplicateColumn});
  if (!header) return std::nullopt;

  const size_t noColumn = SIZE_MAX;
  const size_t columnOf[3] = {*header->columns[kTimestamp], *header->columns[kAction],
                              header->columns[kArgument].value_or(noColumn)};
  const size_t needed = std::max(columnOf[kTimestamp], columnOf[kAction]) + 1;
  const size_t headerFields = header->fieldCount;

  std::vector<Event> events;
  size_t records = 0;
  std::string scratch[4];

  while (scanner.nextRecord()) {
    if (++records > kMaxEvents) {
      scanner.report(DiagKind::EventsTooManyRows, scanner.recordRange(), kMaxEvents);
      break;
    }
    CsvField fields[3];
    if (!readRecordColumns(scanner, columnOf, headerFields, needed, fields, scratch)) continue;
    // A row may stop before an optional `argument` column: the argument is then empty.
    const CsvField &argument = fields[kArgument];

    Event event;
    bool ok = true;
    const CsvField &ts = fields[kTimestamp];
    if (auto millis = parseTimestampMillis(ts.text)) {
      event.timeMillis = *millis;
    } else {
      scanner.report(DiagKind::TraceBadTimestamp, ts.range, displayField(ts.text));
      ok = false;
    }

    const CsvField &actionField = fields[kAction];
    event.range = actionField.range;
    auto action = parseEventAction(actionField.text);
    if (!action) {
      scanner.report(DiagKind::EventsBadAction, actionField.range, displayField(actionField.text));
      ok = false;
    } else {
      event.action = *action;
      if (*action == EventAction::Undo) {
        if (!argument.text.empty()) {
          if (auto revision = parseRevision(argument.text)) {
            event.revision = *revision;
          } else {
            scanner.report(DiagKind::EventsBadArgument, argument.range,
                           fmt::format("invalid revision `{}`: expected a positive whole number, "
                                       "or an empty argument for the previous revision",
                                       displayField(argument.text)));
            ok = false;
          }
        }
      } else if (!argument.text.empty()) {
        scanner.report(DiagKind::EventsBadArgument, argument.range,
                       fmt::format("action `{}` takes no argument, found `{}`",
                                   eventActionName(*action), displayField(argument.text)));
        ok = false;
      }
    }
    if (ok && scanner.errorCount() == 0) events.push_back(event);
  }

  if (scanner.errorCount() > 0) return std::nullopt;
  std::stable_sort(events.begin(), events.end(),
                   [](const Event &a, const Event &b) { return a.timeMillis < b.timeMillis; });
  return events;
}

} // namespace rwd::sim
