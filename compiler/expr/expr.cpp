// This file implements cloning and operator spellings of the condition expression tree.
#include "compiler/expr/expr.h"

namespace rwd::expr {

std::unique_ptr<Expr> Expr::clone() const {
  auto copy = std::make_unique<Expr>();
  copy->kind = kind;
  copy->range = range;
  copy->boolValue = boolValue;
  copy->intValue = intValue;
  copy->floatValue = floatValue;
  copy->unit = unit;
  copy->text = text;
  copy->unaryOp = unaryOp;
  copy->binaryOp = binaryOp;
  copy->optional = optional;
  copy->wordOperator = wordOperator;
  copy->argoUnbound = argoUnbound;
  copy->mapKeys = mapKeys;
  copy->children.reserve(children.size());
  for (const auto &c : children) copy->children.push_back(c ? c->clone() : nullptr);
  return copy;
}

std::string_view binaryOpSpelling(BinaryOp op) {
  switch (op) {
  case BinaryOp::Or: return "||";
  case BinaryOp::And: return "&&";
  case BinaryOp::Equal: return "==";
  case BinaryOp::NotEqual: return "!=";
  case BinaryOp::Less: return "<";
  case BinaryOp::LessEqual: return "<=";
  case BinaryOp::Greater: return ">";
  case BinaryOp::GreaterEqual: return ">=";
  case BinaryOp::In: return "in";
  case BinaryOp::NotIn: return "not in";
  case BinaryOp::Matches: return "matches";
  case BinaryOp::Contains: return "contains";
  case BinaryOp::StartsWith: return "startsWith";
  case BinaryOp::EndsWith: return "endsWith";
  case BinaryOp::Range: return "..";
  case BinaryOp::Add: return "+";
  case BinaryOp::Subtract: return "-";
  case BinaryOp::Multiply: return "*";
  case BinaryOp::Divide: return "/";
  case BinaryOp::Modulo: return "%";
  case BinaryOp::Power: return "**";
  case BinaryOp::Coalesce: return "??";
  }
  return "?";
}

std::string_view unaryOpSpelling(UnaryOp op, bool word) {
  switch (op) {
  case UnaryOp::Not: return word ? "not " : "!";
  case UnaryOp::Negate: return "-";
  case UnaryOp::Plus: return "+";
  }
  return "?";
}

} // namespace rwd::expr
