// This file implements the unit tests of the block scanner of plain records: which lines it
// yields, where their fields are on both sides of a 64-byte block boundary, where it stops, and
// that it never reads past its slack.
#include "simulator/plain_record_scanner.h"

#include "compiler/source/line_length.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace rwd::sim;

namespace {

struct Scan {
  std::vector<std::vector<std::string>> records; // the three fields of each record yielded
  uint32_t stoppedAt = 0;
};

Scan scan(const std::string &text, uint32_t begin = 0, uint32_t maxLine = rwd::kMaxLineBytes) {
  Scan result;
  PlainRecordScanner scanner(text, begin, maxLine);
  PlainRecord record;
  while (scanner.next(record)) {
    REQUIRE(record.next <= text.size());
    result.records.push_back({text.substr(record.begin, record.firstComma - record.begin),
                              text.substr(record.firstComma + 1, record.secondComma - record.firstComma - 1),
                              text.substr(record.secondComma + 1, record.end - record.secondComma - 1)});
  }
  result.stoppedAt = scanner.position();
  return result;
}

/// Plain rows, then `tail` (what the scanner must stop at), then padding past its slack.
std::string rows(size_t count, size_t pad, const std::string &tail = "") {
  std::string text;
  for (size_t i = 0; i < count; ++i)
    text += std::to_string(1795168800 + i) + "," + std::string(pad + i % 3, 'm') + "," + std::to_string(i) + ".5\n";
  return text + tail + std::string(PlainRecordScanner::kBlockBytes + PlainRecordScanner::kSlackBytes, '\n');
}

} // namespace

TEST_CASE("PlainRecordScanner: records across every block boundary", "[trace]") {
  for (size_t pad = 0; pad < 70; ++pad) {
    for (const char *ending : {"\n", "\r\n"}) {
      std::string text;
      std::vector<std::vector<std::string>> expected;
      for (size_t i = 0; i < 9; ++i) {
        std::string metric(pad + i, 'm');
        text += std::to_string(i) + "," + metric + "," + std::to_string(i * 7) + ending;
        expected.push_back({std::to_string(i), metric, std::to_string(i * 7)});
      }
      const auto end = static_cast<uint32_t>(text.size());
      text += "stop\n" + std::string(100, 'x');
      INFO("pad " << pad << " ending " << (ending[0] == '\r' ? "CRLF" : "LF"));
      Scan result = scan(text);
      CHECK(result.records == expected);
      CHECK(result.stoppedAt == end);
    }
  }
}

TEST_CASE("PlainRecordScanner: empty fields are plain", "[trace]") {
  Scan result = scan(rows(0, 0, ",,\n1,m,\n,m,1\nx"));
  CHECK(result.records == std::vector<std::vector<std::string>>{{"", "", ""}, {"1", "m", ""}, {"", "m", "1"}});
}

TEST_CASE("PlainRecordScanner: stops at the first line of another shape", "[trace]") {
  for (const std::string &odd : std::vector<std::string>{
           "1,m,1,2\n", "1,m\n", "1\n", "\n", "1,m,\"1\"\n", "1, m,1\n", "1,m,1 \n", "1,m,1\t\n",
           "1,\xC3\xA9,1\n", "1,m,1\rx\n", "1,m,1\r\r\n", std::string("1,m,\0,1\n", 8), "1,m,\x7F\n",
           "# a comment\n", "#a,b,c d\n", "   \n", "\r\n"}) {
    for (size_t before = 0; before < 6; ++before) {
      std::string text = rows(before, 5, odd);
      const auto at = static_cast<uint32_t>(text.size() - odd.size() - PlainRecordScanner::kBlockBytes -
                                            PlainRecordScanner::kSlackBytes);
      INFO("before " << before << ": " << odd);
      Scan result = scan(text);
      CHECK(result.records.size() == before);
      CHECK(result.stoppedAt == at);
    }
  }
}

TEST_CASE("PlainRecordScanner: a special byte ends the run at its own line only", "[trace]") {
  // The quote sits in a later line of the same block: the lines before it are still records.
  std::string text = "1,a,1\n2,b,2\n3,\"c\",3\n4,d,4\n" + std::string(100, '\n');
  Scan result = scan(text);
  CHECK(result.records.size() == 2);
  CHECK(result.stoppedAt == 12);
}

TEST_CASE("PlainRecordScanner: the line length limit", "[trace]") {
  std::string text = "1,m," + std::string(200, '7') + "\n" + std::string(100, '\n');
  CHECK(scan(text, 0, 204).records.size() == 1);
  CHECK(scan(text, 0, 203).records.empty());
}

TEST_CASE("PlainRecordScanner: stops where fewer than a block and its slack are left", "[trace]") {
  const std::string row = "1795168800,m,0.5\n"; // 17 bytes
  for (size_t count = 0; count < 12; ++count) {
    std::string text;
    for (size_t i = 0; i < count; ++i) text += row;
    Scan result = scan(text);
    INFO(count);
    // Every record yielded lies in a block that ends at least kSlackBytes before the text does.
    const size_t limit = PlainRecordScanner::kBlockBytes + PlainRecordScanner::kSlackBytes;
    CHECK(result.records.size() <= (text.size() >= limit ? (text.size() - PlainRecordScanner::kSlackBytes) / row.size() : 0));
    CHECK(result.stoppedAt == result.records.size() * row.size());
  }
  // From an offset near the end: nothing.
  std::string text = rows(10, 3);
  CHECK(scan(text, static_cast<uint32_t>(text.size() - 20)).records.empty());
}
