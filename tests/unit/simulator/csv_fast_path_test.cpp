// This file implements the unit tests of the CSV fast path: which lines it takes, and where their
// fields are, on both sides of its sixteen-byte steps.
#include "simulator/csv_fast_path.h"

#include "compiler/source/line_length.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using namespace rwd::sim;

namespace {

FastLine scan(const std::string &text, uint32_t begin = 0, uint32_t maxLine = rwd::kMaxLineBytes) {
  return scanFastLine(text, begin, maxLine);
}

std::vector<std::string> fields(const std::string &text, const FastLine &line) {
  std::vector<std::string> out;
  for (int i = 0; i < line.fieldCount; ++i)
    out.push_back(text.substr(line.fieldBegin[i], line.fieldEnd[i] - line.fieldBegin[i]));
  return out;
}

} // namespace

TEST_CASE("CsvFastPath: plain records at every length and position", "[trace]") {
  for (size_t pad = 0; pad < 40; ++pad) {
    std::string prefix = "x\n";
    std::string row = "1795168800," + std::string(pad, 'm') + ",0.5";
    for (const char *ending : {"\n", "\r\n", ""}) {
      std::string text = prefix + row + ending + (std::string(ending).empty() ? "" : "next\n");
      FastLine line = scan(text, 2);
      INFO(text);
      REQUIRE(line.kind == FastLineKind::Record);
      CHECK(fields(text, line) == std::vector<std::string>{"1795168800", std::string(pad, 'm'), "0.5"});
      CHECK(line.end == 2 + row.size());
      CHECK(line.next == line.end + std::string(ending).size());
    }
  }
}

TEST_CASE("CsvFastPath: empty fields and fewer fields are records", "[trace]") {
  std::string text = "1,m,\n";
  CHECK(fields(text, scan(text)) == std::vector<std::string>{"1", "m", ""});
  text = ",,\n";
  CHECK(fields(text, scan(text)) == std::vector<std::string>{"", "", ""});
  text = "1,m\n";
  CHECK(scan(text).fieldCount == 2);
}

TEST_CASE("CsvFastPath: what it declines", "[trace]") {
  for (const std::string &text : std::vector<std::string>{"1,m,1,2\n", "1,m,\"1\"\n", "1, m,1\n", "1,m,1 \n", "1,m,1\t\n", "1,\xC3\xA9,1\n", "1,m,1\r",
        "1,m,1\rx\n", std::string("1,m,\0,1\n", 8), "1,m,\x7F\n", std::string(40, 'a') + "\"" + "\n"}) {
    INFO(text);
    CHECK(scan(text).kind == FastLineKind::Other);
  }
  SECTION("a line longer than the limit") {
    std::string text = "1,m," + std::string(100, '7') + "\n";
    CHECK(scan(text, 0, 100).kind == FastLineKind::Other);
    CHECK(scan(text, 0, 104).kind == FastLineKind::Record);
    std::string comment = "#" + std::string(100, 'c') + "\n";
    CHECK(scan(comment, 0, 100).kind == FastLineKind::Other);
  }
}

TEST_CASE("CsvFastPath: comments and blank lines", "[trace]") {
  CHECK(scan("# start: 1795168800\nx").kind == FastLineKind::Comment);
  CHECK(scan("# start: 1795168800\nx").next == 20);
  CHECK(scan("#\tnote\r\n").kind == FastLineKind::Comment);
  CHECK(scan("#").kind == FastLineKind::Comment);
  CHECK(scan("# caf\xC3\xA9\n").kind == FastLineKind::Other); // UTF-8 is checked by the scanner
  CHECK(scan("\n").kind == FastLineKind::Blank);
  CHECK(scan(" \t \r\n").kind == FastLineKind::Blank);
  CHECK(scan("  # indented\n").kind == FastLineKind::Other);
}
