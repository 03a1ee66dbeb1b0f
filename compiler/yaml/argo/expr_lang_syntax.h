// This file implements expr-lang's lexer (parser/lexer, v1.17.8) as far as Argo's syntax errors
// need it: a condition that does not parse is a measurement Error whose message is expr-lang's,
// `unexpected token Operator("=")`, `literal not terminated`, `bad number syntax: "5m"`.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace rwd::yaml::argo {

/// One token of expr-lang's lexer: its kind (Identifier, Number, String, Operator, Bracket), its
/// value, and the byte range it covers in the text.
struct ExprLangToken {
  std::string kind;
  std::string value;
  size_t begin = 0;
  size_t end = 0;
};

/// expr-lang's message for a condition whose parse fails at byte `failure` of `text` (or at its
/// end): the lexer's error if lexing stops at or before that point, else `unexpected token` and
/// the token found there (`EOF` past the last one).
std::string exprLangSyntaxError(std::string_view text, size_t failure);

/// Splits `text` into expr-lang tokens up to the first lexer error (set in `error`).
std::vector<ExprLangToken> exprLangTokens(std::string_view text, std::string &error);

} // namespace rwd::yaml::argo
