// This file implements what a chart can draw of a metric's condition: the thresholds of a simple
// comparison of the result with a number (`result[0] >= 0.95`), guards such as `len(result) == 0`
// set aside; anything else is shown as the condition's text only.
#pragma once

#include "compiler/expr/expr.h"

#include <string>
#include <vector>

namespace rwd::render {

/// `result OP value`, with the result on the left (`0.95 <= result[0]` reads `>= 0.95`).
struct Threshold {
  std::string op; // "<", "<=", ">", ">=", "==", "!="
  double value = 0;
};

/// The thresholds of `condition` when it is only comparisons of the result with numbers, joined by
/// `&&`/`||` and mixed with empty-result or NaN guards; empty otherwise (nothing simple to draw).
std::vector<Threshold> conditionThresholds(const expr::Expr &condition);

} // namespace rwd::render
