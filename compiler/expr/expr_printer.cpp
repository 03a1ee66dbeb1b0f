// This file implements the printer of condition expression trees as expr-lang text.
#include "compiler/expr/expr_printer.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>
#include <system_error>

namespace rwd::expr {

namespace {

constexpr int kTernaryPrecedence = 0;
constexpr int kNotPrecedence = 50;
constexpr int kSignPrecedence = 90;
constexpr int kPrimaryPrecedence = 1000;

int binaryPrecedence(BinaryOp op) {
  switch (op) {
  case BinaryOp::Or: return 10;
  case BinaryOp::And: return 15;
  case BinaryOp::Equal:
  case BinaryOp::NotEqual:
  case BinaryOp::Less:
  case BinaryOp::LessEqual:
  case BinaryOp::Greater:
  case BinaryOp::GreaterEqual:
  case BinaryOp::In:
  case BinaryOp::NotIn:
  case BinaryOp::Matches:
  case BinaryOp::Contains:
  case BinaryOp::StartsWith:
  case BinaryOp::EndsWith: return 20;
  case BinaryOp::Range: return 25;
  case BinaryOp::Add:
  case BinaryOp::Subtract: return 30;
  case BinaryOp::Multiply:
  case BinaryOp::Divide:
  case BinaryOp::Modulo: return 60;
  case BinaryOp::Power: return 100;
  case BinaryOp::Coalesce: return 500;
  }
  return kPrimaryPrecedence;
}

bool isOrderingComparison(BinaryOp op) {
  return op == BinaryOp::Less || op == BinaryOp::LessEqual || op == BinaryOp::Greater ||
         op == BinaryOp::GreaterEqual;
}

bool isNegativeLiteral(const Expr &e) {
  if (e.unit != LiteralUnit::None) return false;
  if (e.kind == ExprKind::Int) return e.intValue < 0;
  if (e.kind == ExprKind::Float) return std::signbit(e.floatValue) && !std::isnan(e.floatValue);
  return false;
}

/// How tightly the printed form of `e` binds, in expr-lang's precedence scale.
int precedenceOf(const Expr &e) {
  switch (e.kind) {
  case ExprKind::Conditional: return kTernaryPrecedence;
  case ExprKind::Binary: return binaryPrecedence(e.binaryOp);
  case ExprKind::Unary: return e.unaryOp == UnaryOp::Not ? kNotPrecedence : kSignPrecedence;
  case ExprKind::Int:
  case ExprKind::Float: return isNegativeLiteral(e) ? kSignPrecedence : kPrimaryPrecedence;
  default: return kPrimaryPrecedence;
  }
}

bool isIdentifierName(std::string_view name) {
  if (name.empty()) return false;
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!letter(name[0])) return false;
  for (char c : name)
    if (!letter(c) && !(c >= '0' && c <= '9')) return false;
  // Word operators and literals lex as themselves, not as names.
  static constexpr std::string_view kWords[] = {
      "not", "in", "and", "or", "matches", "contains", "startsWith", "endsWith",
      "let", "if", "else", "true", "false", "nil"};
  for (std::string_view word : kWords)
    if (name == word) return false;
  return true;
}

std::string quoteString(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '\a': out += "\\a"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    case '\v': out += "\\v"; break;
    default:
      if (u < 0x20 || u == 0x7F) {
        out += "\\x";
        out += kHex[u >> 4];
        out += kHex[u & 0xF];
      } else {
        out += c;
      }
    }
  }
  out += '"';
  return out;
}

std::string formatFloat(double value) {
  if (std::isnan(value)) return "(0.0 / 0.0)";
  if (std::isinf(value)) return value > 0 ? "(1.0 / 0.0)" : "(-1.0 / 0.0)";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc()) return "0.0";
  std::string text(buffer, end);
  if (text.find_first_of(".e") == std::string::npos) text += ".0"; // keep it a float literal
  return text;
}

std::string formatInt(int64_t value) {
  // -9223372036854775808 would lex as the negation of an out-of-range literal.
  if (value == std::numeric_limits<int64_t>::min()) return "(-9223372036854775807 - 1)";
  return std::to_string(value);
}

std::string formatUnitLiteral(const Expr &e) {
  if (!e.text.empty()) return e.text;
  if (e.unit == LiteralUnit::Percent) return formatFloat(e.floatValue * 100) + "%";
  return formatFloat(e.floatValue) + "ms";
}

/// `service-name`: a Rewind name (expr-lang has no hyphenated identifiers).
bool isHyphenatedName(std::string_view name) {
  size_t start = 0;
  while (true) {
    size_t dash = name.find('-', start);
    std::string_view part = name.substr(start, dash == std::string_view::npos ? std::string_view::npos : dash - start);
    if (part.empty()) return false;
    for (char c : part)
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
    if (dash == std::string_view::npos) break;
    start = dash + 1;
  }
  return isIdentifierName(name.substr(0, name.find('-')));
}

class Printer {
public:
  explicit Printer(bool rewindNames = false) : rewindNames_(rewindNames) {}

  std::string print(const Expr &e) {
    std::string out;
    write(out, e);
    return out;
  }

private:
  bool rewindNames_;

  void write(std::string &out, const Expr &e);
  void writeOperand(std::string &out, const Expr *e, bool parenthesize) {
    if (!e) {
      out += "nil";
      return;
    }
    if (parenthesize) out += '(';
    write(out, *e);
    if (parenthesize) out += ')';
  }
  /// A postfix base (`x` of `x.y`, `x[i]`, `x[a:b]`) must be a primary.
  void writePostfixBase(std::string &out, const Expr *base, bool isMember) {
    bool numeric = base && (base->kind == ExprKind::Int || base->kind == ExprKind::Float);
    writeOperand(out, base,
                 base && (precedenceOf(*base) < kPrimaryPrecedence || (isMember && numeric)));
  }
  void writeBinary(std::string &out, const Expr &e);
  void writeMember(std::string &out, const Expr &e);
};

void Printer::writeBinary(std::string &out, const Expr &e) {
  const Expr *left = e.child(0);
  const Expr *right = e.child(1);
  int precedence = binaryPrecedence(e.binaryOp);
  bool rightAssociative = e.binaryOp == BinaryOp::Power;
  bool leftParens = false;
  bool rightParens = false;
  if (left) {
    int p = precedenceOf(*left);
    leftParens = p < precedence || (p == precedence && rightAssociative);
    bool leftIsBinary = left->kind == ExprKind::Binary;
    if (leftIsBinary && isOrderingComparison(e.binaryOp) && isOrderingComparison(left->binaryOp))
      leftParens = true; // `a < b < c` would parse as `a < b && b < c`
    if (leftIsBinary && left->binaryOp == BinaryOp::Coalesce && e.binaryOp != BinaryOp::Coalesce)
      leftParens = true; // expr-lang refuses `a ?? b + c`
  }
  if (right) {
    int p = precedenceOf(*right);
    rightParens = p < precedence || (p == precedence && !rightAssociative);
  }
  writeOperand(out, left, leftParens);
  std::string_view spelling = binaryOpSpelling(e.binaryOp);
  if (e.wordOperator && e.binaryOp == BinaryOp::And) spelling = "and";
  if (e.wordOperator && e.binaryOp == BinaryOp::Or) spelling = "or";
  out += ' ';
  out += spelling;
  out += ' ';
  writeOperand(out, right, rightParens);
}

void Printer::writeMember(std::string &out, const Expr &e) {
  const Expr *base = e.child(0);
  bool identifier = isIdentifierName(e.text) || (rewindNames_ && isHyphenatedName(e.text));
  if (base && base->kind == ExprKind::Element && identifier && !e.optional) {
    out += '.'; // `.field` is the predicate element's field
    out += e.text;
    return;
  }
  writePostfixBase(out, base, true);
  if (identifier) {
    out += e.optional ? "?." : ".";
    out += e.text;
  } else {
    out += e.optional ? "?.[" : "[";
    out += quoteString(e.text);
    out += ']';
  }
}

void Printer::write(std::string &out, const Expr &e) {
  if (e.unit != LiteralUnit::None && (e.kind == ExprKind::Float || e.kind == ExprKind::Int)) {
    out += formatUnitLiteral(e);
    return;
  }
  switch (e.kind) {
  case ExprKind::Nil: out += "nil"; return;
  case ExprKind::Bool: out += e.boolValue ? "true" : "false"; return;
  case ExprKind::Int: out += formatInt(e.intValue); return;
  case ExprKind::Float: out += formatFloat(e.floatValue); return;
  case ExprKind::String: out += quoteString(e.text); return;
  case ExprKind::Identifier: out += e.text; return;
  case ExprKind::Element: out += '#'; return;
  case ExprKind::Unary: {
    const Expr *operand = e.child(0);
    out += unaryOpSpelling(e.unaryOp, e.wordOperator);
    int precedence = e.unaryOp == UnaryOp::Not ? kNotPrecedence : kSignPrecedence;
    bool parens = operand && precedenceOf(*operand) < precedence;
    // `- -x` and `-(-1)`: keep two signs apart and readable.
    if (operand && e.unaryOp != UnaryOp::Not &&
        ((operand->kind == ExprKind::Unary && operand->unaryOp != UnaryOp::Not) ||
         isNegativeLiteral(*operand)))
      parens = true;
    writeOperand(out, operand, parens);
    return;
  }
  case ExprKind::Binary: writeBinary(out, e); return;
  case ExprKind::Conditional: {
    const Expr *condition = e.child(0);
    writeOperand(out, condition, condition && condition->kind == ExprKind::Conditional);
    out += " ? ";
    writeOperand(out, e.child(1), false);
    out += " : ";
    writeOperand(out, e.child(2), false);
    return;
  }
  case ExprKind::Member: writeMember(out, e); return;
  case ExprKind::Index:
    writePostfixBase(out, e.child(0), false);
    out += e.optional ? "?.[" : "[";
    writeOperand(out, e.child(1), false);
    out += ']';
    return;
  case ExprKind::Slice:
    writePostfixBase(out, e.child(0), false);
    out += '[';
    if (e.child(1)) write(out, *e.child(1));
    out += ':';
    if (e.child(2)) write(out, *e.child(2));
    out += ']';
    return;
  case ExprKind::Call: {
    out += e.text;
    out += '(';
    for (size_t i = 0; i < e.children.size(); ++i) {
      if (i > 0) out += ", ";
      writeOperand(out, e.children[i].get(), false);
    }
    out += ')';
    return;
  }
  case ExprKind::Predicate:
    out += '{';
    writeOperand(out, e.child(0), false);
    out += '}';
    return;
  case ExprKind::List:
    out += '[';
    for (size_t i = 0; i < e.children.size(); ++i) {
      if (i > 0) out += ", ";
      writeOperand(out, e.children[i].get(), false);
    }
    out += ']';
    return;
  case ExprKind::Map:
    out += '{';
    for (size_t i = 0; i < e.children.size(); ++i) {
      if (i > 0) out += ", ";
      std::string_view key = i < e.mapKeys.size() ? std::string_view(e.mapKeys[i]) : "";
      out += isIdentifierName(key) ? std::string(key) : quoteString(key);
      out += ": ";
      writeOperand(out, e.children[i].get(), false);
    }
    out += '}';
    return;
  }
}

} // namespace

std::string printExpr(const Expr &expr) { return Printer().print(expr); }

std::string printRewindExpr(const Expr &expr) { return Printer(true).print(expr); }

} // namespace rwd::expr
