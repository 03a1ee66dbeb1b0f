// This file implements the unit tests of the HTML report's pieces: chart scales, the thresholds a
// chart draws from a condition, escaping, and the suite summary a test runner puts above its cases.
#include "compiler/source/source_manager.h"
#include "render/chart_scale.h"
#include "render/condition_thresholds.h"
#include "render/html_document.h"
#include "render/report_html.h"
#include "compiler/diag/diagnostic_engine.h"
#include "compiler/parse/parser.h"

#include <catch2/catch.hpp>

using namespace rwd;

namespace {

std::vector<render::Threshold> thresholdsOf(const std::string &condition) {
  SourceManager sources;
  DiagnosticEngine diags;
  FileId id = sources.addBuffer("c", condition);
  expr::ExprPtr e = parse::parseExpression(sources.file(id), 0, static_cast<uint32_t>(condition.size()), diags);
  REQUIRE(e);
  return render::conditionThresholds(*e);
}

} // namespace

TEST_CASE("Chart scale: value ticks step by 1, 2, 2.5 or 5 times a power of ten", "[render]") {
  render::Axis axis = render::valueAxis(0.9265, 0.992);
  CHECK(axis.step == Approx(0.02));
  CHECK(axis.min == Approx(0.92));
  CHECK(axis.max == Approx(1.0));
  CHECK(render::valueLabel(0.94, axis.step) == "0.94");
  render::Axis wide = render::valueAxis(0, 900);
  CHECK(wide.step == Approx(250));
  CHECK(render::valueLabel(250, wide.step) == "250");
  render::Axis flat = render::valueAxis(1, 1);
  CHECK(flat.min < 1);
  CHECK(flat.max > 1);
  CHECK(render::valueLabel(-0.0001, 0.01) == "0.00");
}

TEST_CASE("Chart scale: time ticks fall on whole seconds, minutes and hours", "[render]") {
  render::Axis minutes = render::timeAxis(12 * 60'000);
  CHECK(minutes.step == 120'000);
  CHECK(minutes.ticks.size() == 7);
  CHECK(render::timeLabel(0) == "0");
  CHECK(render::timeLabel(90'000) == "1m30s");
  CHECK(render::timeAxis(5 * 3'600'000).step == 3'600'000);
}

TEST_CASE("Thresholds: simple comparisons are drawn, guards set aside, the rest is text", "[render]") {
  auto guarded = thresholdsOf("len(result) == 0 || result[0] >= 0.95");
  REQUIRE(guarded.size() == 1);
  CHECK(guarded[0].op == ">=");
  CHECK(guarded[0].value == Approx(0.95));
  auto flipped = thresholdsOf("500 < result[0]");
  REQUIRE(flipped.size() == 1);
  CHECK(flipped[0].op == ">");
  CHECK(thresholdsOf("result[0] > 1 && result[0] < -5").size() == 2);
  CHECK(thresholdsOf("!isNaN(result[0]) && result[0] <= 3").size() == 1);
  CHECK(thresholdsOf("all(result, {# < 1})").empty());
  CHECK(thresholdsOf("result[0] > result[1]").empty());
  CHECK(thresholdsOf("len(result) == 0").empty());
}

TEST_CASE("HTML: text is escaped, and a suite summary links its cases", "[render]") {
  CHECK(render::htmlEscape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  std::vector<render::HtmlSuiteRow> rows = {
      {"outage", true, "rolled_back", "analysis_failed", 540'000, "", "case-0"},
      {"good <1>", false, "rolled_back", "analysis_failed", 60'000, "expected promoted, got rolled_back", ""}};
  std::string html = render::renderHtmlSuiteSummary("suite.yaml", rows);
  CHECK(html.find("1 passed, 1 failed") != std::string::npos);
  CHECK(html.find("<a href=\"#case-0\">outage</a>") != std::string::npos);
  CHECK(html.find("good &lt;1&gt;") != std::string::npos);
  CHECK(html.find("✖ expected promoted, got rolled_back") != std::string::npos);
  std::string page = render::renderHtmlDocument("t", html);
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(page.find("http") == std::string::npos); // self-contained: no URL to fetch
}
