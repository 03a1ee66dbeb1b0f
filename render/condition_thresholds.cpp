// This file implements the extraction of drawable thresholds from a metric's condition.
#include "render/condition_thresholds.h"

#include <optional>

namespace rwd::render {

namespace {

using expr::BinaryOp;
using expr::Expr;
using expr::ExprKind;

bool isResult(const Expr *e) { return e && e->kind == ExprKind::Identifier && e->text == "result"; }

/// `result` or `result[N]`: the value a measurement plots.
bool isResultValue(const Expr *e) {
  if (isResult(e)) return true;
  return e && e->kind == ExprKind::Index && isResult(e->child(0)) && e->child(1) &&
         e->child(1)->kind == ExprKind::Int;
}

std::optional<double> number(const Expr *e) {
  if (!e) return std::nullopt;
  if (e->kind == ExprKind::Int) return static_cast<double>(e->intValue);
  if (e->kind == ExprKind::Float) return e->floatValue;
  if (e->kind == ExprKind::Unary && e->unaryOp == expr::UnaryOp::Negate)
    if (auto inner = number(e->child(0))) return -*inner;
  return std::nullopt;
}

std::optional<std::string> comparison(BinaryOp op, bool flipped) {
  switch (op) {
  case BinaryOp::Less: return flipped ? ">" : "<";
  case BinaryOp::LessEqual: return flipped ? ">=" : "<=";
  case BinaryOp::Greater: return flipped ? "<" : ">";
  case BinaryOp::GreaterEqual: return flipped ? "<=" : ">=";
  case BinaryOp::Equal: return "==";
  case BinaryOp::NotEqual: return "!=";
  default: return std::nullopt;
  }
}

/// `len(result) ...`, `isNaN(result[0])`, `isInf(...)`, possibly negated: a guard, not a threshold.
bool isGuard(const Expr *e) {
  if (!e) return false;
  if (e->kind == ExprKind::Unary && e->unaryOp == expr::UnaryOp::Not) return isGuard(e->child(0));
  if (e->kind == ExprKind::Call)
    return (e->text == "isNaN" || e->text == "isInf") && e->children.size() == 1 && isResultValue(e->child(0));
  if (e->kind == ExprKind::Binary && comparison(e->binaryOp, false)) {
    auto isLen = [](const Expr *c) {
      return c && c->kind == ExprKind::Call && c->text == "len" && c->children.size() == 1 && isResult(c->child(0));
    };
    return (isLen(e->child(0)) && number(e->child(1))) || (isLen(e->child(1)) && number(e->child(0)));
  }
  return false;
}

/// Collects thresholds; false when some part is neither a threshold, a guard nor `&&`/`||`.
bool collect(const Expr *e, std::vector<Threshold> &out) {
  if (!e) return false;
  if (e->kind == ExprKind::Binary && (e->binaryOp == BinaryOp::And || e->binaryOp == BinaryOp::Or))
    return collect(e->child(0), out) && collect(e->child(1), out);
  if (isGuard(e)) return true;
  if (e->kind != ExprKind::Binary) return false;
  bool flipped = !isResultValue(e->child(0));
  const Expr *valueSide = flipped ? e->child(0) : e->child(1);
  std::optional<std::string> op = comparison(e->binaryOp, flipped);
  std::optional<double> value = number(valueSide);
  if (!op || !value || !isResultValue(flipped ? e->child(1) : e->child(0))) return false;
  out.push_back({*op, *value});
  return true;
}

} // namespace

std::vector<Threshold> conditionThresholds(const expr::Expr &condition) {
  std::vector<Threshold> thresholds;
  if (!collect(&condition, thresholds)) return {};
  return thresholds;
}

} // namespace rwd::render
