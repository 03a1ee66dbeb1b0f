// This file implements the parser's error strategy: messages in Rewind's words ("expected X, found Y").
#pragma once

#include "antlr4-runtime.h"

namespace rwd::parse {

/// Rewords ANTLR's reports so the goldens pin our wording: `expected a duration, found 'x'`.
class ErrorStrategy : public antlr4::DefaultErrorStrategy {
protected:
  void reportNoViableAlternative(antlr4::Parser *parser, const antlr4::NoViableAltException &e) override;
  void reportInputMismatch(antlr4::Parser *parser, const antlr4::InputMismatchException &e) override;
  void reportFailedPredicate(antlr4::Parser *parser, const antlr4::FailedPredicateException &e) override;
  void reportUnwantedToken(antlr4::Parser *parser) override;
  void reportMissingToken(antlr4::Parser *parser) override;

private:
  void reportUnexpectedCurrentToken(antlr4::Parser *parser);
};

/// `'rollout'` → "`rollout`", IDENT → "a name", EOF → "end of file".
std::string describeTokenType(const antlr4::dfa::Vocabulary &vocabulary, size_t type);
std::string describeFoundToken(antlr4::Token *token);

} // namespace rwd::parse
