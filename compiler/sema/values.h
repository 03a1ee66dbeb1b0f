// This file implements the typing of literals and parameters shared by sema and lowering.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/plan/plan.h"

#include <optional>
#include <string>

namespace rwd::sema {

std::optional<plan::ParamType> parseParamType(const std::string &name);
plan::ParamType literalType(const ast::Literal &literal);
/// The typed value of a literal; `text` is what Argo substitutes for `{{args.x}}`.
plan::Value literalValue(const ast::Literal &literal);
/// Shortest round-trip decimal text of a double (`0.95`, `3`, `1e-07`).
std::string formatNumber(double value);

} // namespace rwd::sema
