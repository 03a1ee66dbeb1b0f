// This file implements the unit tests of the expr-lang printer of condition trees.
#include "compiler/expr/expr_printer.h"

#include "tests/unit/runtime/expr_test_helpers.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

using rwd::expr::BinaryOp;
using rwd::expr::Expr;
using rwd::expr::ExprKind;
using rwd::expr::ExprPtr;
using rwd::expr::printExpr;
using rwd::expr::UnaryOp;
using rwd::test::parseCondition;

namespace {

/// Structural equality of two trees (ranges and literal spellings ignored).
bool sameTree(const Expr *a, const Expr *b) {
  if (!a || !b) return a == b;
  if (a->kind != b->kind || a->children.size() != b->children.size()) return false;
  switch (a->kind) {
  case ExprKind::Bool: if (a->boolValue != b->boolValue) return false; break;
  case ExprKind::Int: if (a->intValue != b->intValue) return false; break;
  case ExprKind::Float:
    if (a->floatValue != b->floatValue || a->unit != b->unit) return false;
    break;
  case ExprKind::String:
  case ExprKind::Identifier:
  case ExprKind::Call:
    if (a->text != b->text) return false;
    break;
  case ExprKind::Member:
    if (a->text != b->text || a->optional != b->optional) return false;
    break;
  case ExprKind::Unary:
    if (a->unaryOp != b->unaryOp || a->wordOperator != b->wordOperator) return false;
    break;
  case ExprKind::Binary:
    if (a->binaryOp != b->binaryOp || a->wordOperator != b->wordOperator) return false;
    break;
  case ExprKind::Map:
    if (a->mapKeys != b->mapKeys) return false;
    break;
  default: break;
  }
  for (size_t i = 0; i < a->children.size(); ++i)
    if (!sameTree(a->children[i].get(), b->children[i].get())) return false;
  return true;
}

/// Parses `text`, prints it, and checks that the printed text parses back to the same tree.
std::string roundTrip(std::string_view text) {
  ExprPtr tree = parseCondition(text);
  std::string printed = printExpr(*tree);
  ExprPtr again = parseCondition(printed);
  INFO("printed: " << printed);
  CHECK(sameTree(tree.get(), again.get()));
  CHECK(printExpr(*again) == printed);
  return printed;
}

ExprPtr leaf(ExprKind kind) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  return e;
}

ExprPtr intLit(int64_t v) {
  auto e = leaf(ExprKind::Int);
  e->intValue = v;
  return e;
}

ExprPtr floatLit(double v) {
  auto e = leaf(ExprKind::Float);
  e->floatValue = v;
  return e;
}

ExprPtr name(std::string text) {
  auto e = leaf(ExprKind::Identifier);
  e->text = std::move(text);
  return e;
}

ExprPtr binary(BinaryOp op, ExprPtr l, ExprPtr r) {
  auto e = leaf(ExprKind::Binary);
  e->binaryOp = op;
  e->children.push_back(std::move(l));
  e->children.push_back(std::move(r));
  return e;
}

} // namespace

TEST_CASE("Printer: literals", "[expr]") {
  CHECK(roundTrip("nil") == "nil");
  CHECK(roundTrip("true") == "true");
  CHECK(roundTrip("42") == "42");
  CHECK(roundTrip("0.95") == "0.95");
  CHECK(roundTrip("95.0") == "95.0");
  CHECK(roundTrip("1e21") == "1e+21");
  CHECK(roundTrip("'say \"hi\"\\n'") == "\"say \\\"hi\\\"\\n\"");
  CHECK(roundTrip("[1, 'a', nil]") == "[1, \"a\", nil]");
  CHECK(roundTrip("{a: 1, 'b-c': 2}") == "{a: 1, \"b-c\": 2}");
  CHECK(roundTrip("result") == "result");
}

TEST_CASE("Printer: floats stay floats and print shortest", "[expr]") {
  CHECK(printExpr(*floatLit(95)) == "95.0");
  CHECK(printExpr(*floatLit(0.1 + 0.2)) == "0.30000000000000004");
  CHECK(printExpr(*floatLit(1e-7)) == "1e-07");
  CHECK(printExpr(*floatLit(-0.0)) == "-0.0");
  CHECK(printExpr(*floatLit(std::numeric_limits<double>::quiet_NaN())) == "(0.0 / 0.0)");
  CHECK(printExpr(*floatLit(std::numeric_limits<double>::infinity())) == "(1.0 / 0.0)");
  CHECK(printExpr(*floatLit(-std::numeric_limits<double>::infinity())) == "(-1.0 / 0.0)");
  CHECK(printExpr(*intLit(std::numeric_limits<int64_t>::min())) == "(-9223372036854775807 - 1)");
}

TEST_CASE("Printer: minimal parentheses by precedence", "[expr]") {
  CHECK(roundTrip("1 + 2 * 3") == "1 + 2 * 3");
  CHECK(roundTrip("(1 + 2) * 3") == "(1 + 2) * 3");
  CHECK(roundTrip("(((result[0])))") == "result[0]");
  CHECK(roundTrip("1 - (2 - 3)") == "1 - (2 - 3)");
  CHECK(roundTrip("(1 - 2) - 3") == "1 - 2 - 3");
  CHECK(roundTrip("a || b && c") == "a || b && c");
  CHECK(roundTrip("(a || b) && c") == "(a || b) && c");
  CHECK(roundTrip("a == (b == c)") == "a == (b == c)");
  CHECK(roundTrip("(1 + 2) .. 5") == "1 + 2 .. 5");
  CHECK(roundTrip("x in 1 .. 3") == "x in 1 .. 3");
}

TEST_CASE("Printer: power is right-associative", "[expr]") {
  CHECK(roundTrip("2 ** 3 ** 2") == "2 ** 3 ** 2");
  CHECK(roundTrip("(2 ** 3) ** 2") == "(2 ** 3) ** 2");
  CHECK(roundTrip("-2 ** 2") == "-2 ** 2");
  CHECK(roundTrip("(-2) ** 2") == "(-2) ** 2");
}

TEST_CASE("Printer: unary operators", "[expr]") {
  CHECK(roundTrip("not a") == "not a");
  CHECK(roundTrip("!a") == "!a");
  CHECK(roundTrip("!(a && b)") == "!(a && b)");
  CHECK(roundTrip("not (a == b)") == "not (a == b)");
  CHECK(roundTrip("not a == b") == "not a == b");
  CHECK(roundTrip("-(1 + 2)") == "-(1 + 2)");
  CHECK(roundTrip("-result[0]") == "-result[0]");
  CHECK(roundTrip("- -x") == "-(-x)");
  CHECK(roundTrip("a * -b") == "a * -b");
}

TEST_CASE("Printer: word operators keep their spelling", "[expr]") {
  CHECK(roundTrip("a and b or not c") == "a and b or not c");
  CHECK(roundTrip("a && b || !c") == "a && b || !c");
  CHECK(roundTrip("x not in [1, 2]") == "x not in [1, 2]");
  CHECK(roundTrip("s matches '^a' and s contains 'b'") == "s matches \"^a\" and s contains \"b\"");
  CHECK(roundTrip("s startsWith 'a' || s endsWith 'b'") ==
        "s startsWith \"a\" || s endsWith \"b\"");
}

TEST_CASE("Printer: ternary is lowest", "[expr]") {
  CHECK(roundTrip("a ? 1 : 2") == "a ? 1 : 2");
  CHECK(roundTrip("(a ? 1 : 2) + 3") == "(a ? 1 : 2) + 3");
  CHECK(roundTrip("a ? b : c ? d : e") == "a ? b : c ? d : e");
  CHECK(roundTrip("(a ? b : c) ? d : e") == "(a ? b : c) ? d : e");
  CHECK(roundTrip("a || b ? 1 : 2") == "a || b ? 1 : 2");
}

TEST_CASE("Printer: nil coalescing", "[expr]") {
  CHECK(roundTrip("a ?? b") == "a ?? b");
  CHECK(roundTrip("a ?? b ?? c") == "a ?? b ?? c");
  CHECK(roundTrip("(a ?? 0) + 1") == "(a ?? 0) + 1");
  CHECK(roundTrip("1 + (a ?? 0)") == "1 + a ?? 0");
  CHECK(roundTrip("(a ?? 0) < 0.5") == "(a ?? 0) < 0.5");
  CHECK(roundTrip("(a + 1) ?? 0") == "(a + 1) ?? 0");
}

TEST_CASE("Printer: chained comparisons are parenthesised", "[expr]") {
  ExprPtr tree = binary(BinaryOp::Less, binary(BinaryOp::Less, name("a"), name("b")), name("c"));
  CHECK(printExpr(*tree) == "(a < b) < c");
  ExprPtr eq = binary(BinaryOp::Equal, binary(BinaryOp::Less, name("a"), name("b")), name("c"));
  CHECK(printExpr(*eq) == "a < b == c");
}

TEST_CASE("Printer: negative literals from folding", "[expr]") {
  CHECK(printExpr(*binary(BinaryOp::Subtract, name("a"), floatLit(-0.5))) == "a - -0.5");
  CHECK(printExpr(*binary(BinaryOp::Power, intLit(-2), intLit(2))) == "(-2) ** 2");
  auto negate = leaf(ExprKind::Unary);
  negate->unaryOp = UnaryOp::Negate;
  negate->children.push_back(intLit(-1));
  CHECK(printExpr(*negate) == "-(-1)");
}

TEST_CASE("Printer: postfix forms", "[expr]") {
  CHECK(roundTrip("result[0]") == "result[0]");
  CHECK(roundTrip("result[-1]") == "result[-1]");
  CHECK(roundTrip("result.successRate") == "result.successRate");
  CHECK(roundTrip("result?.successRate") == "result?.successRate");
  CHECK(roundTrip("result[1:3]") == "result[1:3]");
  CHECK(roundTrip("result[:3]") == "result[:3]");
  CHECK(roundTrip("result[1:]") == "result[1:]");
  CHECK(roundTrip("result[:]") == "result[:]");
  CHECK(roundTrip("(a + b)[0]") == "(a + b)[0]");
  CHECK(roundTrip("result[0].Values[1]") == "result[0].Values[1]");
  CHECK(roundTrip("len(result) > 0") == "len(result) > 0");
}

TEST_CASE("Printer: member names that are not identifiers use brackets", "[expr]") {
  auto member = leaf(ExprKind::Member);
  member->text = "error-rate";
  member->children.push_back(name("result"));
  CHECK(printExpr(*member) == "result[\"error-rate\"]");
  member->optional = true;
  CHECK(printExpr(*member) == "result?.[\"error-rate\"]");
  auto keyword = leaf(ExprKind::Member);
  keyword->text = "in";
  keyword->children.push_back(name("result"));
  CHECK(printExpr(*keyword) == "result[\"in\"]");
  keyword->text = "nil";
  CHECK(printExpr(*keyword) == "result[\"nil\"]");
}

TEST_CASE("Printer: map keys that are not names are quoted", "[expr]") {
  auto map = leaf(ExprKind::Map);
  for (const char *key : {"plain", "with-dash", "true", "and", ""}) {
    map->mapKeys.push_back(key);
    map->children.push_back(intLit(1));
  }
  CHECK(printExpr(*map) == "{plain: 1, \"with-dash\": 1, \"true\": 1, \"and\": 1, \"\": 1}");
}

TEST_CASE("Printer: predicates", "[expr]") {
  CHECK(roundTrip("all(result, {# < 1000})") == "all(result, {# < 1000})");
  CHECK(roundTrip("all(result, # < 1000)") == "all(result, # < 1000)");
  CHECK(roundTrip("all(result, {.Values > 1})") == "all(result, {.Values > 1})");
  CHECK(roundTrip("all(result, {all(.Values, {# <= 0.01})})") ==
        "all(result, {all(.Values, {# <= 0.01})})");
  CHECK(roundTrip("filter(result, {# > 1})[0]") == "filter(result, {# > 1})[0]");
}

TEST_CASE("Printer: typical Argo conditions print unchanged", "[expr]") {
  for (const char *text : {"result[0] >= 0.95", "len(result) == 0 || result[0] >= 0.95",
                           "isNaN(result) || result >= 0.95", "default(result, 0) < 0.05",
                           "result.successRate >= 0.95", "asFloat(result) >= 0.9",
                           "len(result[0].Values) >= 5 and all(result[0].Values, {# <= 0.01})"}) {
    CHECK(roundTrip(text) == text);
  }
}

TEST_CASE("Printer: unresolved unit literals print in Rewind syntax", "[expr]") {
  CHECK(printExpr(*parseCondition("result < 500ms")) == "result < 500ms");
  CHECK(printExpr(*parseCondition("result >= 95%")) == "result >= 95%");
}
