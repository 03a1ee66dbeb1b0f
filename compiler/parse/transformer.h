// This file implements the Transformer: ANTLR parse tree → Rewind AST, with literal checks.
// Private to compiler/parse/: it is the only code that sees both ANTLR and AST types.
#pragma once

#include "PolicyParser.h"
#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic_engine.h"
#include "compiler/parse/offset_map.h"

#include <memory>

namespace rwd::parse {

class Transformer {
public:
  Transformer(const OffsetMap &offsets, DiagnosticEngine &diags)
      : offsets_(offsets), diags_(diags) {}

  /// policyFile : topLevelItem* EOF
  std::unique_ptr<ast::PolicyFile> transformPolicyFile(grammar::PolicyParser::PolicyFileContext &ctx);
  /// conditionOnly : expr EOF
  expr::ExprPtr transformConditionOnly(grammar::PolicyParser::ConditionOnlyContext &ctx);

private:
  using P = grammar::PolicyParser;

  ast::Rollout transformRollout(P::RolloutDeclContext &ctx);
  std::unique_ptr<ast::Canary> transformCanary(P::CanaryDeclContext &ctx);
  std::unique_ptr<ast::BlueGreen> transformBlueGreen(P::BluegreenDeclContext &ctx);
  ast::Analysis transformAnalysis(P::AnalysisDeclContext &ctx);
  ast::Metric transformMetric(P::MetricDeclContext &ctx);
  /// settingText ::= name '.' name | STRING — `args.runs` becomes the text `{{args.runs}}`.
  ast::Spanned<std::string> transformSettingText(P::SettingTextContext &ctx);
  ast::AnalysisUse transformAnalysisUse(P::AnalysisRefListContext &refs,
                                        P::AnalysisOptionsContext *options,
                                        antlr4::ParserRuleContext &whole);
  ast::Argument transformArgument(P::ArgumentContext &ctx);
  ast::ConfigValue transformConfigObject(P::ConfigObjectContext &ctx);
  ast::ConfigValue transformConfigValue(P::ConfigValueContext &ctx);
  ast::Literal transformLiteral(P::LiteralContext &ctx);
  ast::ScaleDownDelay transformScaleDownDelay(P::ScaleDownDelayContext &ctx);
  ast::Workload transformWorkload(P::WorkloadItemContext &ctx);
  ast::Experiment transformExperiment(P::ExperimentStepContext &ctx);
  ast::AnalysisRef transformAnalysisRef(P::AnalysisRefContext &ctx);

  /// expr : ... (every labelled alternative)
  expr::ExprPtr transformExpr(P::ExprContext &ctx);
  expr::ExprPtr transformPrimary(P::PrimaryContext &ctx);
  expr::ExprPtr makeBinary(expr::BinaryOp op, P::ExprContext &ctx, P::ExprContext &lhs,
                           P::ExprContext &rhs, bool word = false);

  // Literal tokens, checked with the token's exact range.
  ast::Spanned<std::string> name(P::NameContext &ctx);
  ast::Spanned<std::string> stringToken(antlr4::tree::TerminalNode *node);
  ast::Spanned<int64_t> intToken(antlr4::tree::TerminalNode *node);
  ast::Spanned<int64_t> durationToken(antlr4::tree::TerminalNode *node);
  ast::Spanned<double> percentToken(antlr4::Token *token, bool allowAbove100);
  ast::Quantity quantity(antlr4::ParserRuleContext &ctx, antlr4::tree::TerminalNode *percent,
                         antlr4::tree::TerminalNode *integer);

  SourceRange range(antlr4::ParserRuleContext &ctx) const;
  SourceRange range(antlr4::Token *token) const;
  SourceRange range(antlr4::tree::TerminalNode *node) const { return range(node->getSymbol()); }

  /// Reports a second occurrence of a once-only setting.
  template <typename T>
  void setOnce(std::optional<T> &slot, T value, SourceRange where, std::string_view what,
               SourceRange previous);

  const OffsetMap &offsets_;
  DiagnosticEngine &diags_;
  int depth_ = 0;
};

} // namespace rwd::parse
