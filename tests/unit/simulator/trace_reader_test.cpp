// This file implements the unit tests of the trace reader and the trace's instant lookup.
#include "simulator/trace_reader.h"

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/diag/text_renderer.h"
#include "compiler/source/line_length.h"
#include "compiler/source/source_manager.h"
#include "simulator/trace.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace rwd;
using namespace rwd::sim;

namespace {

constexpr int64_t kNov20 = 1795168800000; // 2026-11-20T10:00:00Z

struct TraceResult {
  std::optional<Trace> trace;
  std::string diagnostics; // rendered, without colour
  size_t errors = 0;
};

TraceResult readText(std::string text, const TraceReadOptions &options = {}) {
  SourceManager sources;
  FileId id = sources.addBuffer("trace.csv", std::move(text));
  DiagnosticEngine diags;
  TraceResult result;
  result.trace = readTrace(sources.file(id), diags, options);
  result.diagnostics = renderDiagnostics(diags.sorted(), sources, RenderOptions{false, true});
  result.errors = diags.errorCount();
  return result;
}

std::vector<double> valuesOf(const std::optional<Sample> &sample) {
  REQUIRE(sample.has_value());
  return {sample->values.begin(), sample->values.end()};
}

} // namespace

TEST_CASE("TraceReader: reads the contract example", "[trace]") {
  auto result = readText("# comment lines start with '#'; blank lines are ignored\n"
                         "timestamp,metric,value\n"
                         "2026-11-20T10:00:00Z,success-rate,0.991\n"
                         "2026-11-20T10:00:00Z,latency-p95,212\n"
                         "\n"
                         "2026-11-20T10:00:15Z,success-rate,NaN\n"
                         "2026-11-20T10:00:15Z,latency-p95,\n");
  CHECK(result.diagnostics == "");
  REQUIRE(result.trace);
  const Trace &trace = *result.trace;
  CHECK(trace.rowCount() == 4);
  CHECK(trace.sampleCount() == 4);
  CHECK(trace.firstTimestamp() == kNov20);
  CHECK(trace.lastTimestamp() == kNov20 + 15000);
  CHECK(trace.metricKeys() == std::vector<std::string>{"latency-p95", "success-rate"});

  CHECK(valuesOf(trace.sampleAt("", "success-rate", kNov20, 300000)) == std::vector<double>{0.991});
  CHECK(valuesOf(trace.sampleAt("", "latency-p95", kNov20 + 14999, 300000)) ==
        std::vector<double>{212});
  auto nan = valuesOf(trace.sampleAt("", "success-rate", kNov20 + 15000, 300000));
  REQUIRE(nan.size() == 1);
  CHECK(std::isnan(nan[0]));
}

TEST_CASE("TraceReader: empty value is no data", "[trace]") {
  auto result = readText("timestamp,metric,value\n"
                         "0,m,1\n"
                         "10,m,\n"
                         "20,m,\"\"\n");
  REQUIRE(result.trace);
  const Trace &trace = *result.trace;
  CHECK(trace.rowCount() == 3);
  SECTION("an empty row is a sample with no values") {
    std::optional<Sample> sample = trace.sampleAt("", "m", 10000, 300000);
    REQUIRE(sample.has_value());
    CHECK(sample->timeMillis == 10000);
    CHECK(sample->values.empty());
  }
  SECTION("a quoted empty value is no data too") {
    std::optional<Sample> sample = trace.sampleAt("", "m", 25000, 300000);
    REQUIRE(sample.has_value());
    CHECK(sample->timeMillis == 20000);
    CHECK(sample->values.empty());
  }
  SECTION("an empty row hides the older value") {
    CHECK(valuesOf(trace.sampleAt("", "m", 9999, 300000)) == std::vector<double>{1});
  }
}

TEST_CASE("TraceReader: rows of one instant form a vector in file order", "[trace]") {
  auto result = readText("timestamp,metric,value\n"
                         "0,m,3\n"
                         "0,other,9\n"
                         "0,m,1\n"
                         "0,m,\n"
                         "0,m,2\n"
                         "5,m,7\n");
  REQUIRE(result.trace);
  CHECK(result.trace->rowCount() == 6);
  SECTION("empty rows add no element") {
    CHECK(valuesOf(result.trace->sampleAt("", "m", 0, 0)) == std::vector<double>{3, 1, 2});
  }
  SECTION("the next instant replaces the vector") {
    CHECK(valuesOf(result.trace->sampleAt("", "m", 5000, 0)) == std::vector<double>{7});
  }
  SECTION("fractional timestamps in the same millisecond are one instant") {
    auto fractions = readText("timestamp,metric,value\n1.0001,m,1\n1.0009,m,2\n");
    REQUIRE(fractions.trace);
    CHECK(valuesOf(fractions.trace->sampleAt("", "m", 1000, 0)) == std::vector<double>{1, 2});
  }
}

TEST_CASE("TraceReader: special values", "[trace]") {
  auto result = readText("timestamp,metric,value\n"
                         "0,m,NaN\n0,m,+Inf\n0,m,-Inf\n0,m,Inf\n0,m,nan\n0,m,inf\n0,m,-infinity\n"
                         "0,m,+1.5\n0,m,-2\n0,m,1e3\n0,m,.5\n0,m,5.\n0,m,-0\n0,m,1E-3\n"
                         "0,m,1e-320\n0,m,  7  \n0,m,\"8\"\n");
  REQUIRE(result.diagnostics == "");
  auto values = valuesOf(result.trace->sampleAt("", "m", 0, 0));
  REQUIRE(values.size() == 17);
  CHECK(std::isnan(values[0]));
  CHECK(values[1] == INFINITY);
  CHECK(values[2] == -INFINITY);
  CHECK(values[3] == INFINITY);
  CHECK(std::isnan(values[4]));
  CHECK(values[5] == INFINITY);
  CHECK(values[6] == -INFINITY);
  CHECK(values[7] == 1.5);
  CHECK(values[8] == -2);
  CHECK(values[9] == 1000);
  CHECK(values[10] == 0.5);
  CHECK(values[11] == 5);
  CHECK(values[12] == 0);
  CHECK(std::signbit(values[12]));
  CHECK(values[13] == 0.001);
  CHECK(values[14] > 0);
  CHECK(values[14] < 1e-300);
  CHECK(values[15] == 7);
  CHECK(values[16] == 8);
}

TEST_CASE("TraceReader: lookback boundary", "[trace]") {
  auto result = readText("timestamp,metric,value\n100,m,1\n");
  REQUIRE(result.trace);
  const Trace &trace = *result.trace;
  const int64_t at = 100000;
  const int64_t lookback = 300000;
  SECTION("before the first sample there is no data") {
    CHECK(trace.sampleAt("", "m", at - 1, lookback) == std::nullopt);
  }
  SECTION("at the sample's own instant it is visible") {
    CHECK(trace.sampleAt("", "m", at, lookback).has_value());
  }
  SECTION("exactly lookback ago is visible") {
    CHECK(trace.sampleAt("", "m", at + lookback, lookback).has_value());
  }
  SECTION("one millisecond more is no data") {
    CHECK(trace.sampleAt("", "m", at + lookback + 1, lookback) == std::nullopt);
  }
  SECTION("a zero lookback sees only the exact instant") {
    CHECK(trace.sampleAt("", "m", at, 0).has_value());
    CHECK(trace.sampleAt("", "m", at + 1, 0) == std::nullopt);
  }
  SECTION("a negative lookback sees nothing") {
    CHECK(trace.sampleAt("", "m", at, -1) == std::nullopt);
  }
  SECTION("extreme instants do not overflow") {
    CHECK(trace.sampleAt("", "m", INT64_MAX, INT64_MAX).has_value());
    CHECK(trace.sampleAt("", "m", INT64_MAX, lookback) == std::nullopt);
    CHECK(trace.sampleAt("", "m", INT64_MIN, INT64_MAX) == std::nullopt);
  }
  SECTION("unknown metrics have no data") {
    CHECK(trace.sampleAt("", "other", at, lookback) == std::nullopt);
    CHECK(trace.resolveSeries("", "other") == nullptr);
  }
}

TEST_CASE("TraceReader: template/metric wins over the bare metric", "[trace]") {
  auto result = readText("timestamp,metric,value\n"
                         "0,latency,1\n"
                         "0,canary-check/latency,2\n"
                         "600,latency,3\n");
  REQUIRE(result.trace);
  const Trace &trace = *result.trace;
  SECTION("the qualified series is used by its template") {
    CHECK(valuesOf(trace.sampleAt("canary-check", "latency", 0, 300000)) ==
          std::vector<double>{2});
    CHECK(trace.resolveSeries("canary-check", "latency")->key == "canary-check/latency");
  }
  SECTION("other templates use the bare series") {
    CHECK(valuesOf(trace.sampleAt("other", "latency", 0, 300000)) == std::vector<double>{1});
    CHECK(valuesOf(trace.sampleAt("", "latency", 600000, 300000)) == std::vector<double>{3});
  }
  SECTION("the qualified series wins even where only the bare one has data") {
    CHECK(trace.sampleAt("canary-check", "latency", 600000, 300000) == std::nullopt);
  }
  SECTION("keys are listed sorted and found exactly") {
    CHECK(trace.metricKeys() == std::vector<std::string>{"canary-check/latency", "latency"});
    CHECK(trace.findSeries("canary-check/latency") != nullptr);
    CHECK(trace.findSeries("canary-check") == nullptr);
  }
}

TEST_CASE("TraceReader: unsorted rows are sorted by time", "[trace]") {
  auto result = readText("timestamp,metric,value\n"
                         "30,m,3\n"
                         "10,m,1a\n"
                         "20,m,2\n");
  CHECK_FALSE(result.trace); // 1a is invalid
  auto sorted = readText("timestamp,metric,value\n"
                         "30,m,3\n"
                         "10,m,1\n"
                         "2026-11-20T10:00:00Z,n,5\n"
                         "20,m,2\n"
                         "10,m,4\n"
                         "1970-01-01T00:00:20+00:00,m,6\n");
  REQUIRE(sorted.trace);
  const Trace &trace = *sorted.trace;
  const Series *series = trace.findSeries("m");
  REQUIRE(series != nullptr);
  REQUIRE(series->size() == 3);
  CHECK((*series)[0].timeMillis == 10000);
  CHECK((*series)[1].timeMillis == 20000);
  CHECK((*series)[2].timeMillis == 30000);
  SECTION("rows of one instant keep file order even when apart") {
    CHECK(valuesOf((*series)[0]) == std::vector<double>{1, 4});
    CHECK(valuesOf((*series)[1]) == std::vector<double>{2, 6});
  }
  SECTION("first and last span all series") {
    CHECK(trace.firstTimestamp() == 10000);
    CHECK(trace.lastTimestamp() == kNov20);
  }
  SECTION("lookup between samples takes the latest before") {
    CHECK(valuesOf(trace.sampleAt("", "m", 25000, 300000)) == std::vector<double>{2, 6});
  }
}

TEST_CASE("TraceReader: CSV dialect", "[trace]") {
  SECTION("CRLF line ends") {
    auto result = readText("timestamp,metric,value\r\n0,m,1\r\n1,m,\r\n");
    CHECK(result.diagnostics == "");
    REQUIRE(result.trace);
    CHECK(valuesOf(result.trace->sampleAt("", "m", 0, 0)) == std::vector<double>{1});
    CHECK(result.trace->sampleAt("", "m", 1000, 0)->values.empty());
  }
  SECTION("no newline at the end of the file") {
    auto result = readText("timestamp,metric,value\n0,m,1");
    REQUIRE(result.trace);
    CHECK(result.trace->rowCount() == 1);
  }
  SECTION("quoted fields with escaped quotes and commas") {
    auto result = readText("\"timestamp\",\"metric\",\"value\"\n"
                           "\"0\",\"a \"\"quoted\"\", name\",\"1\"\n"
                           "0,  \"tmpl/m\"  ,2\n");
    CHECK(result.diagnostics == "");
    REQUIRE(result.trace);
    CHECK(result.trace->metricKeys() ==
          std::vector<std::string>{"a \"quoted\", name", "tmpl/m"});
  }
  SECTION("comments, blank lines and a byte order mark") {
    auto result = readText("\xEF\xBB\xBF# exported\n\n   \n  # indented comment\n"
                           "timestamp,metric,value\n# between\n0,m,1\n\t\n");
    CHECK(result.diagnostics == "");
    REQUIRE(result.trace);
    CHECK(result.trace->rowCount() == 1);
  }
  SECTION("columns in any order, any case, with extra columns ignored") {
    auto result = readText("Pod, VALUE ,Metric,TimeStamp,notes\n"
                           "pod-1,1,m,0,first\n"
                           "pod-2,2,m,0\n");
    CHECK(result.diagnostics == "");
    REQUIRE(result.trace);
    CHECK(valuesOf(result.trace->sampleAt("", "m", 0, 0)) == std::vector<double>{1, 2});
  }
  SECTION("blanks around fields are ignored") {
    auto result = readText("timestamp , metric , value\n 2026-11-20T10:00:00Z , m , 1 \n");
    CHECK(result.diagnostics == "");
    REQUIRE(result.trace);
    CHECK(result.trace->firstTimestamp() == kNov20);
  }
}

TEST_CASE("TraceReader: malformed fields are located", "[trace]") {
  SECTION("bad value") {
    auto result = readText("timestamp,metric,value\n"
                           "2026-11-20T10:00:00Z,success-rate,0.991\n"
                           "2026-11-20T10:00:00Z,latency,abc\n");
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics ==
          "trace.csv:3:30: error: invalid value `abc`: expected a number, NaN, +Inf, -Inf, Inf "
          "or an empty field [TraceBadValue]\n"
          "2026-11-20T10:00:00Z,latency,abc\n"
          "                             ^~~\n");
  }
  SECTION("values from_chars would half-accept") {
    for (const char *bad : {"+-1", "++1", "1,5", "0x10", "1e", "nan(1)", "1 2", "- 1", "+", "-",
                            "infinit", "1_000", "e5", "--1"}) {
      INFO(bad);
      auto result = readText(std::string("timestamp,metric,value\n0,m,\"") + bad + "\"\n");
      CHECK_FALSE(result.trace);
      CHECK(result.diagnostics.find("[TraceBadValue]") != std::string::npos);
    }
  }
  SECTION("value out of range") {
    auto result = readText("timestamp,metric,value\n0,m,1e999\n");
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics ==
          "trace.csv:2:5: error: value `1e999` is outside the range of a 64-bit floating-point "
          "number [TraceValueOutOfRange]\n"
          "0,m,1e999\n"
          "    ^~~~~\n");
  }
  SECTION("bad timestamp") {
    auto result = readText("timestamp,metric,value\n2026-11-31T10:00:00Z,m,1\n");
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics ==
          "trace.csv:2:1: error: invalid timestamp `2026-11-31T10:00:00Z`: expected RFC 3339 "
          "(2026-11-20T10:00:00Z) or Unix seconds [TraceBadTimestamp]\n"
          "2026-11-31T10:00:00Z,m,1\n"
          "^~~~~~~~~~~~~~~~~~~~\n");
  }
  SECTION("empty timestamp") {
    auto result = readText("metric,value,timestamp\nm,1,\n");
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics ==
          "trace.csv:2:5: error: invalid timestamp ``: expected RFC 3339 "
          "(2026-11-20T10:00:00Z) or Unix seconds [TraceBadTimestamp]\n"
          "m,1,\n"
          "    ^\n");
  }
  SECTION("empty metric") {
    auto result = readText("timestamp,metric,value\n0,,1\n");
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics == "trace.csv:2:3: error: metric name is empty [TraceEmptyMetric]\n"
                                "0,,1\n"
                                "  ^\n");
  }
  SECTION("bad metric names") {
    for (const char *bad : {"/m", "t/", "a/b/c", "/"}) {
      INFO(bad);
      auto result = readText(std::string("timestamp,metric,value\n0,") + bad + ",1\n");
      CHECK_FALSE(result.trace);
      CHECK(result.diagnostics.find("[TraceBadMetricName]") != std::string::npos);
    }
  }
  SECTION("missing column in a row points at the end of the row") {
    auto result = readText("timestamp,metric,value\n0,m\n");
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics ==
          "trace.csv:2:4: error: row has 2 fields, but the header needs at least 3 "
          "[TraceTooFewFields]\n"
          "0,m\n"
          "   ^\n");
  }
  SECTION("a decimal comma gives too many fields") {
    auto result = readText("timestamp,metric,value\n0,m,1,5\n");
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics ==
          "trace.csv:2:7: error: row has more fields than the 3 columns of the header; quote a "
          "field that contains `,` [TraceTooManyFields]\n"
          "0,m,1,5\n"
          "      ^\n");
  }
  SECTION("a quote inside an unquoted field") {
    auto result = readText("timestamp,metric,value\n0,m\"x,1\n");
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics == "trace.csv:2:4: error: malformed quoted field [TraceBadQuoting]\n"
                                "0,m\"x,1\n"
                                "   ^\n");
  }
  SECTION("text after a closing quote") {
    auto result = readText("timestamp,metric,value\n0,\"m\"x,1\n");
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics == "trace.csv:2:6: error: malformed quoted field [TraceBadQuoting]\n"
                                "0,\"m\"x,1\n"
                                "     ^\n");
  }
  SECTION("unterminated quote stops at the end of its line") {
    auto result = readText("timestamp,metric,value\n0,\"m,1\n0,m,zz\n");
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics ==
          "trace.csv:2:3: error: quoted field is not terminated before the end of the line "
          "[TraceUnterminatedQuote]\n"
          "0,\"m,1\n"
          "  ^~~~\n"
          "trace.csv:3:5: error: invalid value `zz`: expected a number, NaN, +Inf, -Inf, Inf or "
          "an empty field [TraceBadValue]\n"
          "0,m,zz\n"
          "    ^~\n");
  }
  SECTION("every bad field of every row is reported") {
    auto result = readText("timestamp,metric,value\n"
                           "x,m,1\n"
                           "0,m,1\n"
                           "y,,z\n");
    CHECK_FALSE(result.trace);
    CHECK(result.errors == 4);
    CHECK(result.diagnostics.find("trace.csv:2:1: error: invalid timestamp `x`") == 0);
    CHECK(result.diagnostics.find("trace.csv:4:1: error: invalid timestamp `y`") !=
          std::string::npos);
    CHECK(result.diagnostics.find("trace.csv:4:3: error: metric name is empty") !=
          std::string::npos);
    CHECK(result.diagnostics.find("trace.csv:4:4: error: invalid value `z`") !=
          std::string::npos);
  }
  SECTION("long and unprintable field text is shortened in messages") {
    auto result = readText("timestamp,metric,value\n0,m,\"" + std::string(100, 'x') + "\x1b\"\n");
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics.find("invalid value `" + std::string(40, 'x') + "...`") !=
          std::string::npos);
    auto control = readText("timestamp,metric,value\n0,m,a\x1b[31m\n");
    CHECK(control.diagnostics.find("invalid value `a\\x1B[31m`") != std::string::npos);
  }
}

TEST_CASE("TraceReader: header problems", "[trace]") {
  SECTION("empty file") {
    auto result = readText("");
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics ==
          "trace.csv:1:1: error: trace has no header row; expected columns "
          "`timestamp,metric,value` [TraceMissingHeader]\n\n^\n");
  }
  SECTION("only comments") {
    auto result = readText("# nothing here\n\n");
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics.find("[TraceMissingHeader]") != std::string::npos);
  }
  SECTION("data where the header should be") {
    auto result = readText("2026-11-20T10:00:00Z,m,1\n");
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics == "trace.csv:1:1: error: trace has no header row; expected columns "
                                "`timestamp,metric,value` [TraceMissingHeader]\n"
                                "2026-11-20T10:00:00Z,m,1\n"
                                "^~~~~~~~~~~~~~~~~~~~~~~~\n");
  }
  SECTION("a missing column") {
    auto result = readText("timestamp,value\n0,1\n");
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics == "trace.csv:1:1: error: header has no `metric` column "
                                "[TraceMissingColumn]\n"
                                "timestamp,value\n"
                                "^~~~~~~~~~~~~~~\n");
  }
  SECTION("a duplicate column") {
    auto result = readText("timestamp,metric,value,Metric\n0,m,1,n\n");
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics == "trace.csv:1:24: error: column `metric` appears more than once in "
                                "the header [TraceDuplicateColumn]\n"
                                "timestamp,metric,value,Metric\n"
                                "                       ^~~~~~\n");
  }
  SECTION("header only") {
    auto result = readText("timestamp,metric,value\n# no data yet\n");
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics == "trace.csv:1:1: error: trace has a header but no rows "
                                "[TraceNoRows]\n"
                                "timestamp,metric,value\n"
                                "^~~~~~~~~~~~~~~~~~~~~~\n");
  }
}

TEST_CASE("TraceReader: bytes that are not text", "[trace]") {
  SECTION("a NUL byte is reported once and its line skipped") {
    static const char kText[] = "timestamp,metric,value\n0,m,1\0\n0,m\0,2\n";
    auto result = readText(std::string(kText, sizeof kText - 1));
    CHECK_FALSE(result.trace);
    CHECK(result.errors == 1);
    CHECK(result.diagnostics == "trace.csv:2:6: error: file contains a NUL byte; is it a binary "
                                "file? [NulByte]\n"
                                "0,m,1 \n"
                                "     ^\n");
  }
  SECTION("invalid UTF-8 is reported per line") {
    auto result = readText("timestamp,metric,value\n0,m\xff,1\n0,\xc3\xa9t\xc3\xa9,1\n"
                           "0,\xed\xa0\x80,1\n0,\xc0\xaf,1\n");
    CHECK_FALSE(result.trace);
    CHECK(result.errors == 3);
    CHECK(result.diagnostics.find("trace.csv:2:4: error: file is not valid UTF-8: invalid byte "
                                  "0xFF [InvalidUtf8]\n") == 0);
    CHECK(result.diagnostics.find("trace.csv:4:3: error: file is not valid UTF-8: invalid byte "
                                  "0xED") != std::string::npos); // surrogate
    CHECK(result.diagnostics.find("trace.csv:5:3: error: file is not valid UTF-8: invalid byte "
                                  "0xC0") != std::string::npos); // overlong
  }
  SECTION("valid UTF-8 names are fine") {
    auto result = readText("timestamp,metric,value\n0,\xc3\xa9t\xc3\xa9,1\n0,\xf0\x9f\x9a\x80,2\n");
    CHECK(result.diagnostics == "");
    REQUIRE(result.trace);
    CHECK(result.trace->findSeries("\xc3\xa9t\xc3\xa9") != nullptr);
  }
}

TEST_CASE("TraceReader: limits", "[trace]") {
  SECTION("too many rows") {
    TraceReadOptions options;
    options.maxRows = 2;
    auto ok = readText("timestamp,metric,value\n0,m,1\n1,m,1\n", options);
    CHECK(ok.trace);
    auto result = readText("timestamp,metric,value\n0,m,1\n1,m,1\n2,m,1\n3,m,1\n", options);
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics == "trace.csv:4:1: error: trace has more than 2 rows "
                                "[TraceTooManyRows]\n"
                                "2,m,1\n"
                                "^~~~~\n");
  }
  SECTION("too many rows in a long run of plain rows") {
    TraceReadOptions options;
    options.maxRows = 100;
    std::string text = "timestamp,metric,value\n";
    for (int i = 0; i < 100; ++i) text += std::to_string(1795168800 + i) + ",m,0.5\n";
    CHECK(readText(text, options).trace);
    for (int i = 100; i < 200; ++i) text += std::to_string(1795168800 + i) + ",m,0.5\n";
    auto result = readText(text, options);
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics.rfind("trace.csv:102:1: error: trace has more than 100 rows", 0) == 0);
  }
  SECTION("rows exactly at the limit and one past it") {
    TraceReadOptions options;
    options.maxRows = 3;
    CHECK(readText("timestamp,metric,value\n0,m,1\n1,m,1\n2,m,\n", options).trace);
    auto past = readText("timestamp,metric,value\n0,m,1\n1,m,1\n2,m,\n3,m,1\n", options);
    CHECK_FALSE(past.trace);
    CHECK(past.diagnostics.rfind("trace.csv:5:1: error: trace has more than 3 rows", 0) == 0);
  }
  SECTION("line length exactly at the limit and one past it") {
    // "0,m,1,<pad>": an ignored fourth column pads the row to the wanted length.
    auto trace = [](size_t rowBytes) {
      return "timestamp,metric,value,note\n0,m,1," + std::string(rowBytes - 6, 'x') + "\n1,m,2,\n";
    };
    auto at = readText(trace(kMaxLineBytes));
    INFO(at.diagnostics);
    CHECK(at.trace);
    auto past = readText(trace(kMaxLineBytes + 1));
    CHECK_FALSE(past.trace);
    CHECK(past.diagnostics.rfind("trace.csv:2:65537: error: line is longer than the limit of 65536 "
                                 "bytes [LineTooLong]\n", 0) == 0);
  }
  SECTION("errors stop being collected after the cap") {
    std::string text = "timestamp,metric,value\n";
    for (int i = 0; i < 100000; ++i) text += "0,m,x\n";
    auto result = readText(text);
    CHECK_FALSE(result.trace);
    CHECK(result.errors == DiagnosticEngine::kMaxErrors + 1);
    CHECK(result.diagnostics.find("too many errors; stopping after 50") != std::string::npos);
  }
}

TEST_CASE("TraceReader: hostile input does not crash or hang", "[trace]") {
  auto start = std::chrono::steady_clock::now();
  SECTION("a multi-megabyte line") {
    std::string text = "timestamp,metric,value\n0,m," + std::string(8 << 20, '7') + "x\n";
    auto result = readText(text);
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics.find("[LineTooLong]") != std::string::npos);
    CHECK(result.diagnostics.size() < 1000); // message and snippet are clipped
  }
  SECTION("a long value within the line limit") {
    std::string text = "timestamp,metric,value\n0,m," + std::string(60000, '7') + "x\n";
    auto result = readText(text);
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics.find("[TraceBadValue]") != std::string::npos);
    CHECK(result.diagnostics.size() < 1000);
  }
  SECTION("a multi-megabyte unterminated quote") {
    std::string text = "timestamp,metric,value\n0,\"" + std::string(8 << 20, 'm') + "\n0,m,1\n";
    auto result = readText(text);
    CHECK_FALSE(result.trace);
    CHECK(result.errors == 1);
  }
  SECTION("thirty thousand columns in the header") {
    std::string text = "timestamp,metric,value";
    for (int i = 0; i < 30000; ++i) text += ",c";
    text += "\n0,m,1\n";
    auto result = readText(text);
    CHECK(result.diagnostics == "");
    REQUIRE(result.trace);
    CHECK(result.trace->rowCount() == 1);
  }
  SECTION("a million columns in the header") {
    std::string text = "timestamp,metric,value";
    for (int i = 0; i < 1000000; ++i) text += ",c";
    text += "\n0,m,1\n";
    auto result = readText(text);
    CHECK_FALSE(result.trace);
    CHECK(result.errors == 1);
    CHECK(result.diagnostics.find("[LineTooLong]") != std::string::npos);
  }
  SECTION("sixty thousand fields in a row") {
    std::string text = "timestamp,metric,value\n0,m,1";
    for (int i = 0; i < 60000; ++i) text += ",";
    text += "\n";
    auto result = readText(text);
    CHECK_FALSE(result.trace);
    CHECK(result.errors == 1);
    CHECK(result.diagnostics.find("[TraceTooManyFields]") != std::string::npos);
  }
  SECTION("random binary junk") {
    std::mt19937 random(42);
    for (int round = 0; round < 20; ++round) {
      std::string text(1 << 16, '\0');
      for (char &c : text) c = static_cast<char>(random() & 0xFF);
      auto result = readText(text);
      CHECK_FALSE(result.trace);
      CHECK(result.errors > 0);
    }
  }
  SECTION("random CSV-ish junk") {
    std::mt19937 random(7);
    const char alphabet[] = "0123456789,\"\n\r .eE+-#aNnIif/:TZ";
    for (int round = 0; round < 200; ++round) {
      std::string text = "timestamp,metric,value\n";
      size_t length = random() % 2000;
      for (size_t i = 0; i < length; ++i) text += alphabet[random() % (sizeof alphabet - 1)];
      auto result = readText(text); // must simply return
      CHECK((result.trace.has_value() == (result.errors == 0)));
    }
  }
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(elapsed < std::chrono::seconds(10));
}

TEST_CASE("TraceReader: a one-day one-second trace loads quickly", "[trace]") {
  // 4 metrics x 86,400 s = 345,600 rows, the size the simulator is designed for.
  std::string text = "timestamp,metric,value\n";
  text.reserve(16 << 20);
  const char *metrics[] = {"success-rate", "latency-p95", "error-rate", "canary/success-rate"};
  for (int64_t s = 0; s < 86400; ++s) {
    std::string ts = std::to_string(1795168800 + s);
    for (int m = 0; m < 4; ++m) {
      text += ts;
      text += ',';
      text += metrics[m];
      text += ',';
      text += std::to_string(0.9 + static_cast<double>((s * 7 + m) % 100) / 1000);
      text += '\n';
    }
  }
  auto start = std::chrono::steady_clock::now();
  auto result = readText(std::move(text));
  auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE(result.trace);
  CHECK(result.trace->rowCount() == 345600);
  CHECK(result.trace->sampleCount() == 345600);
  CHECK(result.trace->lastTimestamp() - result.trace->firstTimestamp() == 86399000);
  // The target is well under 0.5 s in an optimised build; leave room for debug and sanitizer runs.
  CHECK(elapsed < std::chrono::seconds(5));
}

TEST_CASE("TraceBuilder: builds a trace from rows in any order", "[trace]") {
  TraceBuilder builder;
  builder.addRow("b", 20, 2.0);
  builder.addRow("a", 10, std::nullopt);
  builder.addRow("b", 10, 1.0);
  builder.addRow("b", 10, std::nan("7")); // NaN payloads are canonicalised
  CHECK(builder.rowCount() == 4);
  Trace trace = builder.build();
  CHECK(builder.rowCount() == 0);
  CHECK(trace.rowCount() == 4);
  CHECK(trace.metricKeys() == std::vector<std::string>{"a", "b"});
  CHECK(trace.sampleAt("", "a", 10, 0)->values.empty());
  auto values = valuesOf(trace.sampleAt("", "b", 10, 0));
  REQUIRE(values.size() == 2);
  CHECK(values[0] == 1.0);
  CHECK(std::isnan(values[1]));
  SECTION("a moved trace keeps its samples") {
    Trace moved = std::move(trace);
    CHECK(valuesOf(moved.sampleAt("", "b", 25, 10)) == std::vector<double>{2.0});
  }
  SECTION("an empty trace") {
    Trace empty = TraceBuilder().build();
    CHECK(empty.empty());
    CHECK(empty.firstTimestamp() == 0);
    CHECK(empty.sampleAt("", "a", 0, 1000) == std::nullopt);
  }
}

TEST_CASE("TraceReader: `# start:` before the header declares the rollout start", "[trace]") {
  SECTION("RFC 3339 or Unix seconds, blanks around") {
    auto result = readText("# recorded by rewind record\n"
                           "#start:   2026-11-20T10:00:00Z  \n"
                           "timestamp,metric,value\n"
                           "2026-11-20T10:00:15Z,m,1\n");
    INFO(result.diagnostics);
    REQUIRE(result.trace);
    CHECK(result.trace->declaredStart() == kNov20);
    CHECK(result.trace->firstTimestamp() == kNov20 + 15000);
    auto epoch = readText("# start: 1795168800\ntimestamp,metric,value\n1795168815,m,1\n");
    REQUIRE(epoch.trace);
    CHECK(epoch.trace->declaredStart() == kNov20);
  }
  SECTION("no such line, another comment, or one after the header: no declared start") {
    CHECK_FALSE(readText("timestamp,metric,value\n0,m,1\n").trace->declaredStart());
    CHECK_FALSE(readText("# started by hand\ntimestamp,metric,value\n0,m,1\n").trace->declaredStart());
    CHECK_FALSE(readText("timestamp,metric,value\n# start: 1795168800\n0,m,1\n").trace->declaredStart());
  }
  SECTION("also before a header the general scanner reads") {
    auto result = readText("\xEF\xBB\xBF# start: 1795168800\n\"timestamp\",metric,value\n0,m,1\n");
    INFO(result.diagnostics);
    REQUIRE(result.trace);
    CHECK(result.trace->declaredStart() == kNov20);
  }
  SECTION("a malformed start is located") {
    auto result = readText("# start: yesterday\ntimestamp,metric,value\n0,m,1\n");
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics == "trace.csv:1:10: error: invalid `# start:` timestamp `yesterday`: expected "
                                "RFC 3339 (2026-11-20T10:00:00Z) or Unix seconds [TraceBadDeclaredStart]\n"
                                "# start: yesterday\n"
                                "         ^~~~~~~~~\n");
  }
  SECTION("a second start is an error") {
    auto result = readText("# start: 1\n# start: 2\ntimestamp,metric,value\n0,m,1\n");
    CHECK_FALSE(result.trace);
    CHECK(result.diagnostics.rfind("trace.csv:2:1: error: the trace declares its start more than once "
                                   "[TraceDuplicateDeclaredStart]\n",
                                   0) == 0);
  }
}

TEST_CASE("TraceReader: the fast path gives the general scanner's trace and diagnostics", "[trace]") {
  // Files that mix the common row shape with every kind of line the fast path declines; each is
  // read with and without the fast path, and the results must not differ in any way.
  std::mt19937 random(12);
  const std::vector<std::string> lines = {
      "1795168800,a,0.5",       "1795168801,b,1e-3",      "1795168801,b,2",
      "2026-11-20T10:00:02Z,a,NaN", "1795168803,t/a,-Inf", "1795168804,a,",
      "1795168805,a,\"7\"",     " 1795168806,a,8",        "1795168807 ,a,9",
      "1795168808,a,x",         "1795168809,,1",          "1795168810,a/b/c,1",
      "bad,a,1",                "1795168811,a,1,extra",   "1795168812,a",
      "# a comment",            "",                       "   ",
      "1795168813,\xC3\xA9t\xC3\xA9,1", "1795168814,a,1e999", "1795168815,a,0.1\r",
      "1795168816,a,\"unterminated", "1795168700,a,3",     "1795168817,a,00012.50000",
      "1795168818,a,.5",        "1795168819,a,5.",        "1795168820,a,+1",
      "1795168821,a,123456789012345678901234567890", "1795168822,a,0x10",
      "1795168823.250,a,1",     "0001795168824,a,1",      "1795168825,a,4.9406564584124654e-324",
      // Shapes at the edges of the eight-digit value and timestamp readers of the block scanner.
      "1795168826,a,12345678",  "1795168827,a,1234.5678", "1795168828,a,123456789",
      "1795168829,a,12345678.", "1795168830,a,-0.000001", "1795168831,a,+.5",
      "1795168832,a,.",         "1795168833,a,-",         "1795168834,a,1.2.3",
      "1795168835,a,00000000.5", "1795168836,a,nan",      "1795168837,a,-0",
      "0000001795168838,a,1",   "00000001795168839,a,1",  "253402300799,a,1",
      "253402300800,a,1",       "99999999999999,a,1",     "179516884,a,1",
      "1795168840,a,1\r",       "1795168841,a,1\r\r",     "#x,y,z",
      "1795168842,,",           ",a,1",                   "1795168843,b/,1",
  };
  // Runs of common rows, so that the block scanner reads many records between the odd lines.
  const std::vector<std::string> common = {"1795168900,a,0.99695", "1795168900,b,0.2002",
                                           "1795168900,t/a,46.26", "1795168900,c,1"};
  for (int round = 0; round < 400; ++round) {
    std::string text = round % 7 == 0 ? "# start: 1795168800\n" : "";
    text += round % 5 == 0 ? "metric,timestamp,value\n" : "timestamp,metric,value\n";
    size_t count = random() % (round % 4 == 0 ? 300 : 40);
    const bool crlf = round % 11 == 0;
    for (size_t i = 0; i < count; ++i) {
      if (round % 2 == 0 && random() % 4 != 0) {
        std::string row = common[i % common.size()];
        row.replace(7, 3, std::to_string(100 + i / common.size() % 900)); // a later second
        text += row;
      } else {
        text += lines[random() % lines.size()];
      }
      text += crlf || random() % 9 == 0 ? "\r\n" : "\n";
    }
    if (random() % 3 == 0 && !text.empty()) text.pop_back(); // no newline at the end
    TraceReadOptions general;
    general.fastPath = false;
    TraceResult fast = readText(text);
    TraceResult slow = readText(text, general);
    INFO(text);
    CHECK(fast.diagnostics == slow.diagnostics);
    REQUIRE(fast.trace.has_value() == slow.trace.has_value());
    if (!fast.trace) continue;
    CHECK(fast.trace->declaredStart() == slow.trace->declaredStart());
    CHECK(fast.trace->rowCount() == slow.trace->rowCount());
    REQUIRE(fast.trace->metricKeys() == slow.trace->metricKeys());
    for (size_t s = 0; s < fast.trace->series().size(); ++s) {
      const Series &a = fast.trace->series()[s];
      const Series &b = slow.trace->series()[s];
      REQUIRE(a.size() == b.size());
      for (size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].timeMillis == b[i].timeMillis);
        std::vector<double> va(a[i].values.begin(), a[i].values.end());
        std::vector<double> vb(b[i].values.begin(), b[i].values.end());
        REQUIRE(va.size() == vb.size());
        for (size_t k = 0; k < va.size(); ++k)
          CHECK((va[k] == vb[k] || (std::isnan(va[k]) && std::isnan(vb[k]))));
      }
    }
  }
}

TEST_CASE("TraceBuilder: a series that goes back in time keeps file order within an instant",
          "[trace]") {
  TraceBuilder builder;
  builder.addRow("m", 10, 1.0);
  builder.addRow("m", 10, std::nullopt);
  builder.addRow("m", 20, 2.0);
  builder.addRow("m", 30, std::nullopt);
  builder.addRow("m", 10, 3.0); // back in time: from here the rows are sorted at build()
  builder.addRow("m", 20, 4.0);
  Trace trace = builder.build();
  const Series *series = trace.findSeries("m");
  REQUIRE(series != nullptr);
  REQUIRE(series->size() == 3);
  CHECK(valuesOf((*series)[0]) == std::vector<double>{1, 3});
  CHECK(valuesOf((*series)[1]) == std::vector<double>{2, 4});
  CHECK((*series)[2].values.empty());
  std::vector<int64_t> times;
  for (Sample sample : *series) times.push_back(sample.timeMillis);
  CHECK(times == std::vector<int64_t>{10, 20, 30});
  CHECK(series->timeAt(2) == 30);
}

TEST_CASE("TraceBuilder: instants on a grid and off it are found alike", "[trace]") {
  // 0, 10, ..., 90 on a grid; then 95 and 200 leave it. Every lookup must match a plain search.
  std::vector<int64_t> times = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 200};
  for (size_t cut : {size_t{1}, size_t{2}, size_t{10}, times.size()}) {
    TraceBuilder builder;
    for (size_t i = 0; i < cut; ++i) builder.addRow("m", times[i] - 50, static_cast<double>(i));
    Trace trace = builder.build();
    const Series &series = trace.series().front();
    REQUIRE(series.size() == cut);
    for (int64_t t = -70; t <= 260; ++t) {
      for (int64_t lookback : {0, 4, 1000}) {
        std::optional<Sample> expected;
        for (size_t i = 0; i < cut; ++i)
          if (times[i] - 50 <= t && t - (times[i] - 50) <= lookback) expected = series[i];
        std::optional<Sample> seen = series.sampleAt(t, lookback);
        INFO("cut " << cut << " t " << t << " lookback " << lookback);
        REQUIRE(seen.has_value() == expected.has_value());
        if (seen) CHECK(seen->timeMillis == expected->timeMillis);
        if (seen) CHECK(valuesOf(seen) == valuesOf(expected));
      }
    }
  }
}
