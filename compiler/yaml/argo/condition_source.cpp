// This file implements the parsing of an Argo condition scalar (successCondition, failureCondition)
// with its `{{args.x}}` placeholders, so every range points into the YAML.
#include "compiler/yaml/argo/condition_source.h"

#include "compiler/parse/parser.h"
#include "compiler/yaml/argo/expr_lang_syntax.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <set>

namespace rwd::yaml::argo {

namespace {

using expr::BinaryOp;
using expr::Expr;
using expr::ExprKind;

bool isArgName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  return true;
}

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

/// Does `text` end with an identifier (not a number such as `1e`)? expr-lang's identifiers have no
/// hyphens, so a `-` right after one is a minus, which Rewind's grammar would take into the name.
bool endsWithIdentifier(const std::string &text) {
  size_t start = text.size();
  while (start > 0 && isWordChar(text[start - 1])) --start;
  return start < text.size() && !std::isdigit(static_cast<unsigned char>(text[start]));
}

bool isOrdering(BinaryOp op) {
  return op == BinaryOp::Less || op == BinaryOp::LessEqual || op == BinaryOp::Greater ||
         op == BinaryOp::GreaterEqual;
}

/// A child written in parentheses starts after its parent: `(a ?? b) > c`.
bool parenthesizedLeft(const Expr &parent) {
  return parent.child(0) && parent.child(0)->range.begin != parent.range.begin;
}

std::string spelling(const Expr &e) {
  if (e.binaryOp == BinaryOp::And) return e.wordOperator ? "and" : "&&";
  if (e.binaryOp == BinaryOp::Or) return e.wordOperator ? "or" : "||";
  if (e.binaryOp == BinaryOp::Power && !e.text.empty()) return e.text;
  return std::string(expr::binaryOpSpelling(e.binaryOp));
}

/// Reads the tree as expr-lang's parser does with the same text. Returns the first node expr-lang
/// could not parse (with its message in `message`), or null.
class ExprLangReading {
public:
  ExprLangReading(const std::string &text, const std::vector<uint32_t> &positions,
                  const std::set<uint32_t> &placeholders)
      : text_(text), positions_(positions), placeholders_(placeholders) {}

  /// `message` is expr-lang's error, `why` says it in Rewind's words.
  const Expr *apply(Expr &e, std::string &message, std::string &why) {
    if (e.kind == ExprKind::Binary && e.binaryOp != BinaryOp::Coalesce && e.child(0) &&
        e.child(0)->kind == ExprKind::Binary && e.child(0)->binaryOp == BinaryOp::Coalesce &&
        !parenthesizedLeft(e)) {
      message = fmt::format("Operator ({}) and coalesce expressions (?\?) cannot be mixed. Wrap "
                            "either by parentheses.",
                            spelling(e));
      why = fmt::format("expr-lang refuses `?\?` followed by `{}` without parentheses; write `(a ?\? b) {} c`",
                        spelling(e), spelling(e));
      return &e;
    }
    unchainComparisons(e);
    for (auto &child : e.children)
      if (child)
        if (const Expr *bad = apply(*child, message, why)) return bad;
    if (e.unit != expr::LiteralUnit::None) {
      // `95%` and `500ms` are Rewind's unit literals; expr-lang reads a number and an operator
      // (`95 %`) or refuses the number (`bad number syntax: "500ms"`).
      size_t at = textIndex(e.unit == expr::LiteralUnit::Percent ? e.range.end : e.range.begin);
      message = exprLangSyntaxError(text_, at);
      why = fmt::format("`{}` is a Rewind unit literal, which Argo's expr-lang does not read; write the "
                        "plain number in the metric's unit",
                        e.text);
      return &e;
    }
    if (e.kind == ExprKind::Identifier && e.text == "args" && !placeholders_.count(e.range.begin))
      e.argoUnbound = true;
    return nullptr;
  }

  /// parseComparison: `a < b <= c` is `a < b && b <= c` (the middle operand is evaluated twice).
  static void unchainComparisons(Expr &e) {
    std::vector<Expr *> chain; // the orderings from the outermost to the innermost
    for (Expr *node = &e; node->kind == ExprKind::Binary && isOrdering(node->binaryOp);) {
      chain.push_back(node);
      Expr *left = node->children[0].get();
      if (!left || left->kind != ExprKind::Binary || !isOrdering(left->binaryOp) ||
          parenthesizedLeft(*node))
        break;
      node = left;
    }
    if (chain.size() < 2) return;
    expr::ExprPtr root = std::move(chain[chain.size() - 2]->children[0]); // `a < b`
    const Expr *previousRight = root->child(1);
    for (size_t k = chain.size() - 1; k-- > 0;) {
      auto comparison = std::make_unique<Expr>();
      comparison->kind = ExprKind::Binary;
      comparison->binaryOp = chain[k]->binaryOp;
      comparison->range = chain[k]->range;
      comparison->children.push_back(previousRight->clone());
      comparison->children.push_back(std::move(chain[k]->children[1]));
      previousRight = comparison->child(1);
      auto conjunction = std::make_unique<Expr>();
      conjunction->kind = ExprKind::Binary;
      conjunction->binaryOp = BinaryOp::And;
      conjunction->range = chain[k]->range;
      conjunction->children.push_back(std::move(root));
      conjunction->children.push_back(std::move(comparison));
      root = std::move(conjunction);
    }
    e = std::move(*root);
  }

  /// The index in the rewritten text of the byte at file offset `offset`.
  size_t textIndex(uint32_t offset) const {
    auto it = std::lower_bound(positions_.begin(), positions_.end() - 1, offset);
    return static_cast<size_t>(it - positions_.begin());
  }

private:
  const std::string &text_;
  const std::vector<uint32_t> &positions_;
  const std::set<uint32_t> &placeholders_;
};

} // namespace

ArgoCondition parseCondition(const SourceFile &file, const std::string &value, ScalarSource source,
                             DiagnosticEngine &diags, std::set<std::string> *quotedArgs) {
  const std::vector<uint32_t> &pos = source.positions;
  auto at = [&](size_t i, size_t j) {
    return SourceRange{file.id(), pos[i], std::max(pos[i] + 1, pos[std::min(j, value.size())])};
  };
  std::string text;
  std::vector<uint32_t> positions;
  std::set<uint32_t> placeholders; // file offsets where a `{{args.x}}`'s `args` starts
  text.reserve(value.size());
  positions.reserve(value.size() + 1);
  char quote = 0;
  size_t quoteStart = 0;
  bool ok = true;
  for (size_t i = 0; i < value.size();) {
    char c = value[i];
    if (quote && c == '\\' && i + 1 < value.size()) {
      text.append(value, i, 2);
      positions.push_back(pos[i]);
      positions.push_back(pos[i + 1]);
      i += 2;
      continue;
    }
    if (c == '{' && i + 1 < value.size() && value[i + 1] == '{') {
      size_t close = value.find("}}", i + 2);
      if (close != std::string::npos) {
        size_t b = i + 2, e = close;
        while (b < e && std::isspace(static_cast<unsigned char>(value[b]))) ++b;
        while (e > b && std::isspace(static_cast<unsigned char>(value[e - 1]))) --e;
        std::string_view inner(value.data() + b, e - b);
        if (inner.rfind("args.", 0) != 0 || !isArgName(inner.substr(5))) {
          diags.report(DiagKind::UnresolvedPlaceholder, at(i, close + 2), value.substr(i, close + 2 - i));
          ok = false;
          i = close + 2;
          continue;
        }
        bool wholeLiteral = quote && quoteStart + 1 == i && close + 2 < value.size() && value[close + 2] == quote;
        if (quote && !wholeLiteral) {
          diags.report(DiagKind::ArgoInvalidValue, at(i, close + 2),
                       fmt::format("`{}` inside a longer string cannot be expressed in a Rewind condition; "
                                   "compare with the parameter itself (`args.{}`)",
                                   value.substr(i, close + 2 - i), inner.substr(5)));
          ok = false;
          i = close + 2;
          continue;
        }
        if (wholeLiteral) { // drop the opening quote already copied
          text.pop_back();
          positions.pop_back();
          if (quotedArgs) quotedArgs->insert(std::string(inner.substr(5)));
        }
        placeholders.insert(pos[b]);
        for (size_t k = b; k < e; ++k) {
          text.push_back(value[k]);
          positions.push_back(pos[k]);
        }
        i = close + 2;
        if (wholeLiteral) {
          ++i; // the closing quote
          quote = 0;
        }
        continue;
      }
    }
    if (quote && c == quote) quote = 0;
    else if (!quote && (c == '\'' || c == '"')) {
      quote = c;
      quoteStart = i;
    } else if (!quote && c == '-' && i + 1 < value.size() && isWordChar(value[i + 1]) &&
               endsWithIdentifier(text)) {
      // `max-rate` is `max - rate` in expr-lang: keep Rewind's lexer from reading one name.
      text.push_back(' ');
      positions.push_back(pos[i]);
    }
    text.push_back(c);
    positions.push_back(pos[i]);
    ++i;
  }
  if (!ok) return {};
  // The end (where "found end of input" points) is just past the last non-blank byte, not on
  // the line after a block scalar.
  size_t last = text.find_last_not_of(" \t\r\n");
  positions.push_back(last == std::string::npos ? pos[value.size()] : positions[last] + 1);
  // An expression that is only blanks: point at the scalar.
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    diags.report(DiagKind::SyntaxError, source.range, "condition is empty");
    return {};
  }

  // A syntax error is expr-lang's too: Argo accepts the manifest and every evaluation fails.
  DiagnosticEngine syntax;
  ArgoCondition condition;
  std::vector<uint32_t> offsets = positions;
  condition.expr = parse::parseExpression(file, text, std::move(offsets), syntax);
  ExprLangReading reading(text, positions, placeholders);
  if (!condition.expr || syntax.hasErrors()) {
    condition.expr.reset();
    SourceRange where = source.range;
    std::string what = "invalid condition";
    if (!syntax.all().empty()) {
      where = syntax.all().front().range;
      what = syntax.all().front().message;
    }
    condition.compileError = exprLangSyntaxError(text, reading.textIndex(where.begin));
    diags.report(DiagKind::ArgoConditionSyntax, where, what)
        .note(DiagKind::ArgoMeasurementError, where, condition.compileError);
    return condition;
  }
  std::string message, why;
  if (const Expr *bad = reading.apply(*condition.expr, message, why)) {
    diags.report(DiagKind::ArgoConditionSyntax, bad->range, why)
        .note(DiagKind::ArgoMeasurementError, bad->range, message);
    condition.expr.reset();
    condition.compileError = message;
  }
  return condition;
}

} // namespace rwd::yaml::argo
