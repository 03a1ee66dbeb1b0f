// This file implements type and unit checking of conditions, and the unit resolution lowering uses.
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/expr/expr.h"
#include "compiler/plan/plan.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rwd::sema {

/// What a condition is checked against: the metric's result shape and unit, and the analysis
/// parameters reachable as `args.<name>`.
struct ConditionContext {
  plan::ResultShape shape = plan::ResultShape::Vector;
  std::string unit; // canonical metric unit ("" = undeclared)
  std::map<std::string, plan::ParamType> parameters;
  std::string metricName;
  /// Flagger Canary: a query with no data is a failed check, never an evaluation Error, so the
  /// empty-result guard lint does not apply.
  bool noDataIsFailedCheck = false;
};

/// The unit names a metric may declare, mapped to their canonical spelling.
std::optional<std::string> canonicalUnit(const std::string &written);
std::string knownUnitList();

/// Checks one condition; reports type, unit and lint diagnostics. Returns false on errors.
bool checkCondition(const expr::Expr &condition, const ConditionContext &context,
                    DiagnosticEngine &diags);

/// Returns a copy of `condition` with every unit literal (`95%`, `500ms`) converted to a plain
/// number in the metric's unit. Assumes checkCondition accepted it.
expr::ExprPtr resolveUnits(const expr::Expr &condition, const std::string &metricUnit);

} // namespace rwd::sema
