// This file implements the typing of literals and parameters shared by sema and lowering.
#include "compiler/sema/values.h"

#include "compiler/support/duration.h"

#include <charconv>
#include <cmath>

namespace rwd::sema {

std::optional<plan::ParamType> parseParamType(const std::string &name) {
  if (name == "string") return plan::ParamType::String;
  if (name == "number") return plan::ParamType::Number;
  if (name == "duration") return plan::ParamType::Duration;
  if (name == "bool") return plan::ParamType::Bool;
  return std::nullopt;
}

plan::ParamType literalType(const ast::Literal &literal) {
  switch (literal.kind) {
  case ast::Literal::Kind::String: return plan::ParamType::String;
  case ast::Literal::Kind::Int:
  case ast::Literal::Kind::Float:
  case ast::Literal::Kind::Percent: return plan::ParamType::Number;
  case ast::Literal::Kind::Duration: return plan::ParamType::Duration;
  case ast::Literal::Kind::Bool: return plan::ParamType::Bool;
  }
  return plan::ParamType::String;
}

std::string formatNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == 0) return "0";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

plan::Value literalValue(const ast::Literal &literal) {
  plan::Value value;
  value.type = literalType(literal);
  switch (literal.kind) {
  case ast::Literal::Kind::String: value.text = literal.text; break;
  case ast::Literal::Kind::Int:
  case ast::Literal::Kind::Float:
  case ast::Literal::Kind::Percent:
    value.number = literal.number;
    value.text = formatNumber(literal.number);
    break;
  case ast::Literal::Kind::Duration:
    value.millis = literal.millis;
    value.text = formatGoDuration(literal.millis);
    break;
  case ast::Literal::Kind::Bool:
    value.boolean = literal.boolean;
    value.text = literal.boolean ? "true" : "false";
    break;
  }
  return value;
}

} // namespace rwd::sema
