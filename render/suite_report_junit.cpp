// This file implements the JUnit XML report of `rewind test`: one `testsuite` per suite file, one
// `testcase` per case and a `failure` element with why for each failed one, the shape Jenkins,
// GitLab and GitHub test reporters read. No times are written: the report is byte-stable.
#include "render/suite_report.h"
#include "simulator/suite/expectation.h"

#include <fmt/format.h>

namespace rwd::render {

namespace {

using sim::suite::CaseResult;

/// Length of the valid UTF-8 sequence at text[i], or 0 when the bytes there are not one.
size_t utf8Length(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  return length;
}

/// Text as XML 1.0 character data or attribute value: markup escaped, and what XML cannot hold at
/// all (control characters, bytes that are not UTF-8) replaced by U+FFFD.
std::string xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length = utf8Length(text, i);
    if (length == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
      out += "\xEF\xBF\xBD";
      i += length == 0 ? 1 : length;
      continue;
    }
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\n': out += "&#10;"; break; // kept inside attribute values too
    case '\r': out += "&#13;"; break;
    case '\t': out += "&#9;"; break;
    default: out.append(text.substr(i, length)); break;
    }
    i += length;
  }
  return out;
}

} // namespace

std::string renderSuiteJunit(const sim::suite::SuiteReport &report) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"rewind test\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
                     report.cases.size(), report.failed());
  for (size_t i = 0; i < report.cases.size();) {
    const std::string &suite = report.cases[i].suite;
    size_t end = i, failed = 0;
    for (; end < report.cases.size() && report.cases[end].suite == suite; ++end) failed += !report.cases[end].passed;
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
                       xml(suite), end - i, failed);
    for (; i < end; ++i) {
      const CaseResult &c = report.cases[i];
      out += fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\">\n", xml(c.name), xml(suite),
                         xml(c.trace));
      if (!c.passed)
        out += fmt::format("      <failure message=\"{}\" type=\"ExpectationFailed\">{}</failure>\n", xml(c.why),
                           xml(c.why));
      out += fmt::format("      <system-out>{}</system-out>\n", xml(sim::suite::describeOutcome(c.outcome, false)));
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

} // namespace rwd::render
