// This file implements the unit tests of the policy formatter: what it refuses to write, and the
// string forms it chooses (the golden tests in tests/golden/import cover whole policies).
#include "compiler/format/policy_formatter.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace rwd;

namespace {

ast::Spanned<std::string> spanned(std::string text, uint32_t at = 0) { return {std::move(text), {FileId(0), at, at + 1}}; }

ast::Metric promMetric(std::string name, std::string query) {
  static uint32_t offset = 100;
  ast::Metric metric;
  metric.name = spanned(std::move(name), offset++);
  ast::Provider provider;
  provider.kind = spanned("prometheus");
  provider.query = spanned(std::move(query));
  metric.providers.push_back(std::move(provider));
  return metric;
}

std::string formatOne(const ast::PolicyFile &file, DiagnosticEngine &diags) {
  return format::formatPolicy({&file}, diags);
}

ast::ConfigValue scalar(ast::Literal::Kind kind, double number, uint32_t at) {
  ast::ConfigValue value;
  value.scalar.kind = kind;
  value.scalar.number = number;
  value.scalar.range = value.range = {FileId(0), at, at + 1};
  return value;
}

} // namespace

TEST_CASE("formatter writes queries in the string form that reads back unchanged", "[format]") {
  ast::PolicyFile file;
  ast::Analysis analysis;
  analysis.name = spanned("queries");
  analysis.metrics.push_back(promMetric("plain", "sum(up)"));
  analysis.metrics.push_back(promMetric("quoted", "up{job=\"a\"}"));
  analysis.metrics.push_back(promMetric("both", "up{job=\"it's\"}"));
  analysis.metrics.push_back(promMetric("lines", "sum(a)\n  /\nsum(b)\n"));
  analysis.metrics.push_back(promMetric("ends-with-quote", "a\nb=\""));
  file.analyses.push_back(std::move(analysis));
  DiagnosticEngine diags;
  std::string out = formatOne(file, diags);
  CHECK_FALSE(diags.hasErrors());
  CHECK(out.find("prometheus \"sum(up)\"") != std::string::npos);
  CHECK(out.find("prometheus 'up{job=\"a\"}'") != std::string::npos);
  CHECK(out.find("prometheus \"\"\"up{job=\"it's\"}\"\"\"") != std::string::npos);
  // A trailing newline survives as an empty last line of the block.
  CHECK(out.find("      sum(b)\n\n    \"\"\"") != std::string::npos);
  // A block cannot end with `"` (it would merge with the closing quotes).
  CHECK(out.find("prometheus 'a\\nb=\"'") != std::string::npos);
}

TEST_CASE("formatter writes a multi-line query as an indented block", "[format]") {
  ast::PolicyFile file;
  ast::Analysis analysis;
  analysis.name = spanned("queries");
  analysis.metrics.push_back(promMetric("lines", "sum(a)\n  /\nsum(b)"));
  file.analyses.push_back(std::move(analysis));
  DiagnosticEngine diags;
  CHECK(formatOne(file, diags) == "analysis queries {\n"
                               "  metric lines {\n"
                               "    prometheus \"\"\"\n"
                               "      sum(a)\n"
                               "        /\n"
                               "      sum(b)\n"
                               "    \"\"\"\n"
                               "  }\n"
                               "}\n");
}

TEST_CASE("formatter refuses names and values the language cannot spell", "[format]") {
  ast::PolicyFile file;
  ast::Analysis analysis;
  analysis.name = spanned("ok");
  analysis.metrics.push_back(promMetric("has.dot", "up"));
  analysis.metrics.push_back(promMetric("2xx", "up"));
  analysis.metrics.push_back(promMetric("in", "up"));
  ast::Metric web;
  web.name = spanned("web");
  ast::Provider provider;
  provider.kind = spanned("web");
  ast::ConfigValue config;
  config.kind = ast::ConfigValue::Kind::Object;
  config.entries.push_back({spanned("negative"), scalar(ast::Literal::Kind::Int, -3, 40)});
  config.entries.push_back({spanned("nan"), scalar(ast::Literal::Kind::Float, std::nan(""), 50)});
  provider.config = std::move(config);
  web.providers.push_back(std::move(provider));
  analysis.metrics.push_back(std::move(web));
  file.analyses.push_back(std::move(analysis));
  DiagnosticEngine diags;
  CHECK(formatOne(file, diags).empty());
  // Each refusal is reported once, although wide configs are rendered twice (flat, then tall).
  CHECK(diags.errorCount() == 5);
}

TEST_CASE("formatter keeps names that are soft keywords or hyphenated", "[format]") {
  ast::PolicyFile file;
  ast::Analysis analysis;
  analysis.name = spanned("error");
  analysis.metrics.push_back(promMetric("success-rate_5m", "up"));
  analysis.metrics.push_back(promMetric("metric", "up"));
  file.analyses.push_back(std::move(analysis));
  DiagnosticEngine diags;
  std::string out = formatOne(file, diags);
  CHECK_FALSE(diags.hasErrors());
  CHECK(out.find("analysis error {") != std::string::npos);
  CHECK(out.find("metric success-rate_5m {") != std::string::npos);
  CHECK(out.find("metric metric {") != std::string::npos);
}

TEST_CASE("formatter writes hyphenated argument names as Rewind members", "[format]") {
  ast::PolicyFile file;
  ast::Analysis analysis;
  analysis.name = spanned("errors");
  ast::Metric metric = promMetric("errors", "up");
  auto args = std::make_unique<expr::Expr>();
  args->kind = expr::ExprKind::Identifier;
  args->text = "args";
  auto member = std::make_unique<expr::Expr>();
  member->kind = expr::ExprKind::Member;
  member->text = "max-errors";
  member->children.push_back(std::move(args));
  metric.success = ast::Condition{std::move(member), {}};
  analysis.metrics.push_back(std::move(metric));
  file.analyses.push_back(std::move(analysis));
  DiagnosticEngine diags;
  CHECK(formatOne(file, diags).find("success when args.max-errors\n") != std::string::npos);
}
