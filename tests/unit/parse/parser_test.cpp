// This file implements the unit tests of the parser and transformer: literals, strings, ranges,
// precedence and the input checks that run before ANTLR sees a byte.
#include "compiler/diag/text_renderer.h"
#include "compiler/expr/expr_printer.h"
#include "compiler/parse/parser.h"
#include "compiler/source/line_length.h"

#include <catch2/catch.hpp>
#include <string>

namespace {

struct Parsed {
  rwd::SourceManager sources;
  rwd::DiagnosticEngine diags;
  std::unique_ptr<rwd::ast::PolicyFile> file;
  std::string rendered() {
    rwd::RenderOptions options;
    return rwd::renderDiagnostics(diags.sorted(), sources, options);
  }
};

std::unique_ptr<Parsed> parse(std::string text) {
  auto p = std::make_unique<Parsed>();
  rwd::FileId id = p->sources.addBuffer("t.rwd", std::move(text));
  p->file = rwd::parse::parseFile(p->sources.file(id), p->diags);
  return p;
}

/// The first metric of the first analysis.
const rwd::ast::Metric &firstMetric(const Parsed &p) {
  REQUIRE(p.file);
  REQUIRE_FALSE(p.file->analyses.empty());
  REQUIRE_FALSE(p.file->analyses[0].metrics.empty());
  return p.file->analyses[0].metrics[0];
}

std::string printed(const std::string &condition) {
  auto p = parse("analysis a { metric m { prometheus \"q\" success when " + condition + " } }");
  INFO(p->rendered());
  const rwd::ast::Metric &m = firstMetric(*p);
  REQUIRE(m.success);
  return rwd::expr::printExpr(*m.success->expr);
}

} // namespace

TEST_CASE("Parser: block strings drop their common indentation", "[parse]") {
  auto p = parse("analysis a {\n  metric m {\n    prometheus \"\"\"\n      sum(rate(x[5m]))\n        / sum(rate(y[5m]))\n    \"\"\"\n  }\n}\n");
  const rwd::ast::Metric &m = firstMetric(*p);
  REQUIRE(m.providers.size() == 1);
  CHECK(m.providers[0].query->value == "sum(rate(x[5m]))\n  / sum(rate(y[5m]))");
}

TEST_CASE("Parser: string escapes", "[parse]") {
  SECTION("valid escapes decode") {
    auto p = parse(R"(analysis a { metric m { prometheus "a\"b\\c\n\u00e9" } })");
    CHECK(firstMetric(*p).providers[0].query->value == "a\"b\\c\n\xC3\xA9");
  }
  SECTION("an invalid escape is located") {
    auto p = parse(R"(analysis a { metric m { prometheus "5\d\d" } })");
    CHECK(p->diags.hasErrors());
    CHECK(p->rendered().find("t.rwd:1:38: error: invalid escape sequence `\\d`") != std::string::npos);
  }
}

TEST_CASE("Parser: percentages are exact ratios", "[parse]") {
  auto p = parse("analysis a { metric m { prometheus \"q\" success when result[0] >= 99.9% } }");
  const rwd::ast::Metric &m = firstMetric(*p);
  const rwd::expr::Expr &literal = *m.success->expr->children[1];
  CHECK(literal.unit == rwd::expr::LiteralUnit::Percent);
  CHECK(literal.floatValue == 0.999); // 99.9 / 100 would be 0.9990000000000001
}

TEST_CASE("Parser: durations are milliseconds", "[parse]") {
  auto p = parse("rollout r { canary { pause 1h30m pause 2.5s } }");
  REQUIRE(p->file);
  const auto &steps = p->file->rollouts[0].canary->steps;
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].duration.value == 5'400'000);
  CHECK(steps[1].duration.value == 2'500);
}

TEST_CASE("Parser: operator precedence follows expr-lang", "[parse]") {
  CHECK(printed("a.b ?? 1 + 2 > 3") == "(a.b ?? 1) + 2 > 3");
  CHECK(printed("-2 ** 2 < 0 and not false or true") == "-2 ** 2 < 0 and not false or true");
  CHECK(printed("!(a > 1) && (b || c)") == "!(a > 1) && (b || c)");
  CHECK(printed("result[0] >= 0.95 ? true : false") == "result[0] >= 0.95 ? true : false");
  CHECK(printed("all(result, {# < 1}) && len(result) > 0") == "all(result, {# < 1}) && len(result) > 0");
}

TEST_CASE("Parser: every node carries its source range", "[parse]") {
  auto p = parse("rollout r {\n  canary {\n    weight 10%\n  }\n}\n");
  REQUIRE(p->file);
  const auto &step = p->file->rollouts[0].canary->steps[0];
  const rwd::SourceFile &file = p->sources.file(0);
  CHECK(file.lineColumn(step.range.begin).line == 3);
  CHECK(file.lineColumn(step.range.begin).column == 5);
  CHECK(file.lineColumn(step.weight.range.begin).column == 12);
}

TEST_CASE("Parser: a byte order mark does not shift columns", "[parse]") {
  auto p = parse("\xEF\xBB\xBFrollout r {\n  canary {\n    weigth 10%\n  }\n}\n");
  CHECK(p->rendered().rfind("t.rwd:3:5: error:", 0) == 0);
}

TEST_CASE("Parser: input checks run before parsing", "[parse]") {
  SECTION("NUL byte") {
    auto p = parse(std::string("rollout r {\0}", 13));
    CHECK_FALSE(p->file);
    CHECK(p->rendered().rfind("t.rwd:1:12: error: file contains a NUL byte", 0) == 0);
  }
  SECTION("invalid UTF-8") {
    auto p = parse("rollout \xC3\x28 { }");
    CHECK_FALSE(p->file);
    CHECK(p->rendered().rfind("t.rwd:1:9: error: file is not valid UTF-8: invalid byte 0xC3", 0) == 0);
  }
  SECTION("nesting past the limit") {
    std::string deep = "analysis a { metric m { prometheus \"q\" success when " + std::string(300, '(') +
                       "1" + std::string(300, ')') + " } }";
    auto p = parse(deep);
    CHECK_FALSE(p->file);
    CHECK(p->rendered().find("nesting is deeper than the limit of 256") != std::string::npos);
  }
  SECTION("nesting at the limit parses") {
    std::string ok = "analysis a { metric m { prometheus \"q\" success when " + std::string(200, '(') +
                     "true" + std::string(200, ')') + " } }";
    auto p = parse(ok);
    INFO(p->rendered());
    CHECK(p->file);
  }
  SECTION("expression nesting exactly at the limit and one past it") {
    // The two braces are levels 1 and 2, so 254 parentheses reach 256.
    auto nested = [](int parens) {
      return "analysis a { metric m { prometheus \"q\" success when " + std::string(parens, '(') +
             "true" + std::string(parens, ')') + " } }";
    };
    auto at = parse(nested(254));
    INFO(at->rendered());
    CHECK(at->file);
    auto past = parse(nested(255));
    CHECK_FALSE(past->file);
    CHECK(past->rendered().rfind("t.rwd:1:307: error: nesting is deeper than the limit of 256", 0) == 0);
  }
  SECTION("block nesting exactly at the limit and one past it") {
    // analysis, metric and provider blocks are levels 1 to 3; each `{x: ...}` object adds one.
    auto nested = [](int objects) {
      std::string text = "analysis a {\n metric m {\n provider web {\n";
      for (int i = 0; i < objects; ++i) text += "x: {";
      text += "y: 1";
      for (int i = 0; i < objects; ++i) text += "}";
      return text + "\n}\n success when true\n}\n}\n";
    };
    auto at = parse(nested(253));
    INFO(at->rendered());
    CHECK(at->file);
    auto past = parse(nested(254));
    CHECK_FALSE(past->file);
    CHECK(past->rendered().rfind("t.rwd:4:1016: error: nesting is deeper than the limit of 256", 0) == 0);
  }
  SECTION("line length exactly at the limit and one past it") {
    auto withComment = [](size_t lineBytes, const char *eol) {
      return "rollout r {\n  canary { weight 10% }\n}\n//" + std::string(lineBytes - 2, 'x') + eol +
             "analysis a { metric m { prometheus \"q\" success when true } }\n";
    };
    for (const char *eol : {"\n", "\r\n"}) {
      auto at = parse(withComment(rwd::kMaxLineBytes, eol));
      INFO(at->rendered());
      CHECK(at->file);
      auto past = parse(withComment(rwd::kMaxLineBytes + 1, eol));
      CHECK_FALSE(past->file);
      CHECK(past->rendered().rfind("t.rwd:4:65537: error: line is longer than the limit of 65536 bytes "
                                   "[LineTooLong]", 0) == 0);
    }
    // The last line, without a terminator, counts too.
    auto last = parse("//" + std::string(rwd::kMaxLineBytes, 'x'));
    CHECK_FALSE(last->file);
    CHECK(last->rendered().rfind("t.rwd:1:65537: error: line is longer", 0) == 0);
  }
  SECTION("unterminated block string") {
    auto p = parse("analysis a { metric m { prometheus \"\"\"sum(x)\n } }\n");
    CHECK_FALSE(p->file);
    CHECK(p->rendered().rfind("t.rwd:1:36: error: `\"\"\"` string is not terminated", 0) == 0);
  }
}

TEST_CASE("Parser: syntax errors say what was expected", "[parse]") {
  auto p = parse("rollout r {\n  canary {\n    pause 5x\n  }\n}\n");
  CHECK_FALSE(p->file);
  CHECK(p->rendered().rfind("t.rwd:3:11: error: expected a canary step or setting", 0) == 0);
}

TEST_CASE("Parser: standalone conditions map into their file", "[parse]") {
  rwd::SourceManager sources;
  std::string text = "successCondition: result[0] >= 0.95";
  rwd::FileId id = sources.addBuffer("t.yaml", text);
  rwd::DiagnosticEngine diags;
  auto expr = rwd::parse::parseExpression(sources.file(id), 18, static_cast<uint32_t>(text.size()), diags);
  REQUIRE(expr);
  CHECK(expr->range.begin == 18);
  CHECK(rwd::expr::printExpr(*expr) == "result[0] >= 0.95");
}
