// This file implements the parser's error strategy: messages in Rewind's words.
#include "compiler/parse/error_strategy.h"

#include "PolicyParser.h"
#include "compiler/support/edit_distance.h"

#include <fmt/format.h>

namespace rwd::parse {

namespace {

using P = grammar::PolicyParser;

/// What a rule expects, when listing every token would be noise.
std::string describeRule(size_t ruleIndex) {
  switch (ruleIndex) {
  case P::RulePolicyFile:
  case P::RuleTopLevelItem: return "`rollout`, `analysis` or `import`";
  case P::RuleRolloutDecl:
  case P::RuleRolloutItem: return "a rollout setting (canary, bluegreen, replicas, on rollback, notify, ...) or `}`";
  case P::RuleCanaryDecl:
  case P::RuleCanaryItem: return "a canary step or setting (weight, pause, analyze, background analyze, ...) or `}`";
  case P::RuleBluegreenDecl:
  case P::RuleBluegreenItem: return "a blue-green setting (active service, preview service, promote, ...) or `}`";
  case P::RuleAnalysisDecl:
  case P::RuleAnalysisItem: return "`metric` or `}`";
  case P::RuleMetricDecl:
  case P::RuleMetricItem: return "a metric setting (prometheus, provider, every, success when, failure limit, ...) or `}`";
  case P::RuleExpr:
  case P::RulePrimary:
  case P::RuleConditionOnly:
  case P::RuleCallArgument: return "an expression";
  case P::RuleConfigValue: return "a value (string, number, object or list)";
  case P::RuleLiteral:
  case P::RuleArgumentValue: return "a value";
  case P::RuleName: return "a name";
  default: return "";
  }
}

std::string describeExpected(antlr4::Parser *parser, const antlr4::misc::IntervalSet &expected) {
  const auto &vocabulary = parser->getVocabulary();
  std::vector<size_t> types;
  bool nameExpected = expected.contains(static_cast<ssize_t>(P::IDENT));
  for (const auto &interval : expected.getIntervals())
    for (ssize_t t = interval.a; t <= interval.b; ++t) {
      // Where a name may stand, the soft keywords may too; listing them all would bury the point.
      std::string literal = vocabulary.getLiteralName(static_cast<size_t>(t));
      bool softKeyword = literal.size() > 2 && std::isalpha(static_cast<unsigned char>(literal[1])) &&
                         literal != "'true'" && literal != "'false'" && literal != "'nil'" &&
                         literal != "'not'" && literal != "'and'" && literal != "'or'" &&
                         literal != "'in'";
      if (nameExpected && softKeyword) continue;
      types.push_back(static_cast<size_t>(t));
    }
  if (types.size() > 4) {
    std::string rule = describeRule(static_cast<size_t>(parser->getContext()->getRuleIndex()));
    if (!rule.empty()) return rule;
  }
  std::string out;
  for (size_t i = 0; i < types.size(); ++i) {
    if (i == 6) {
      out += ", ...";
      break;
    }
    if (i) out += i + 1 == types.size() ? " or " : ", ";
    out += describeTokenType(vocabulary, types[i]);
  }
  return out;
}

} // namespace

std::string describeTokenType(const antlr4::dfa::Vocabulary &vocabulary, size_t type) {
  if (type == antlr4::Token::EOF) return "end of file";
  switch (type) {
  case P::IDENT: return "a name";
  case P::STRING: return "a string";
  case P::INT: return "an integer";
  case P::FLOAT: return "a number";
  case P::PERCENT: return "a percentage";
  case P::DURATION: return "a duration (such as 30s or 5m)";
  default: break;
  }
  std::string literal = vocabulary.getLiteralName(type);
  if (literal.size() >= 2 && literal.front() == '\'')
    return fmt::format("`{}`", literal.substr(1, literal.size() - 2));
  return vocabulary.getDisplayName(type);
}

std::string describeFoundToken(antlr4::Token *token) {
  if (!token || token->getType() == antlr4::Token::EOF) return "end of file";
  std::string text = token->getText();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return fmt::format("'{}'", text);
}

namespace {

/// "expected X, found 'y'", plus "did you mean `weight`?" when `y` is a misspelled keyword that
/// could stand here.
std::string expectedFound(antlr4::Parser *parser, const antlr4::misc::IntervalSet &expected,
                          antlr4::Token *found) {
  std::string message = fmt::format("expected {}, found {}", describeExpected(parser, expected),
                                    describeFoundToken(found));
  if (!found || found->getType() != P::IDENT) return message;
  std::string text = found->getText();
  std::string best;
  size_t bestDistance = text.size() > 3 ? 3 : 2;
  for (const auto &interval : expected.getIntervals())
    for (ssize_t t = interval.a; t <= interval.b; ++t) {
      std::string literal = parser->getVocabulary().getLiteralName(static_cast<size_t>(t));
      if (literal.size() < 3 || !std::isalpha(static_cast<unsigned char>(literal[1]))) continue;
      std::string keyword = literal.substr(1, literal.size() - 2);
      if (size_t d = editDistance(text, keyword); d < bestDistance) {
        bestDistance = d;
        best = keyword;
      }
    }
  if (!best.empty()) message += fmt::format("; did you mean `{}`?", best);
  return message;
}

} // namespace

void ErrorStrategy::reportNoViableAlternative(antlr4::Parser *parser,
                                              const antlr4::NoViableAltException &e) {
  antlr4::Token *found = e.getOffendingToken();
  std::string expected = describeExpected(parser, parser->getExpectedTokens());
  parser->notifyErrorListeners(found,
                               expected.empty()
                                   ? fmt::format("unexpected {}", describeFoundToken(found))
                                   : expectedFound(parser, parser->getExpectedTokens(), found),
                               std::make_exception_ptr(e));
}

void ErrorStrategy::reportInputMismatch(antlr4::Parser *parser,
                                        const antlr4::InputMismatchException &e) {
  antlr4::Token *found = e.getOffendingToken();
  parser->notifyErrorListeners(
      found,
      expectedFound(parser, e.getExpectedTokens(), found),
      std::make_exception_ptr(e));
}

void ErrorStrategy::reportFailedPredicate(antlr4::Parser *parser,
                                          const antlr4::FailedPredicateException &e) {
  parser->notifyErrorListeners(e.getOffendingToken(),
                               fmt::format("unexpected {}", describeFoundToken(e.getOffendingToken())),
                               std::make_exception_ptr(e));
}

// ANTLR distinguishes a token too many from a token missing; to the user both are "expected X,
// found Y" at the current token.
void ErrorStrategy::reportUnexpectedCurrentToken(antlr4::Parser *parser) {
  if (inErrorRecoveryMode(parser)) return;
  beginErrorCondition(parser);
  antlr4::Token *found = parser->getCurrentToken();
  parser->notifyErrorListeners(found, expectedFound(parser, getExpectedTokens(parser), found), nullptr);
}

void ErrorStrategy::reportUnwantedToken(antlr4::Parser *parser) { reportUnexpectedCurrentToken(parser); }

void ErrorStrategy::reportMissingToken(antlr4::Parser *parser) { reportUnexpectedCurrentToken(parser); }

} // namespace rwd::parse
