// This file implements helpers for the runtime tests: parse a condition's text into a tree (as
// lowering leaves it), build vector results, evaluate, and show an outcome as a comparable string.
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/expr/expr.h"
#include "compiler/parse/parser.h"
#include "compiler/sema/condition_checker.h"
#include "compiler/source/source_manager.h"
#include "runtime/expr_eval.h"
#include "runtime/value.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace rwd::test {

/// Parses `text` as one condition (Rewind's expr-lang superset). Fails the test on a syntax error.
inline expr::ExprPtr parseCondition(std::string_view text) {
  SourceManager sources;
  FileId id = sources.addBuffer("<condition>", std::string(text));
  DiagnosticEngine diags;
  expr::ExprPtr tree =
      parse::parseExpression(sources.file(id), 0, static_cast<uint32_t>(text.size()), diags);
  INFO("condition: " << text);
  REQUIRE(tree);
  REQUIRE_FALSE(diags.hasErrors());
  return tree;
}

/// A condition as lowering leaves it: parsed, with unit literals resolved (metric of no unit).
inline std::shared_ptr<const expr::Expr> resolvedCondition(std::string_view text) {
  return sema::resolveUnits(*parseCondition(text), "");
}

/// A list of floats, as a Prometheus vector result.
inline runtime::Value floats(std::initializer_list<double> values) {
  runtime::Value::ListItems items;
  for (double v : values) items.push_back(runtime::Value::number(v));
  return runtime::Value::list(std::move(items));
}

/// Evaluates `text` with `result` bound (nil when null) and `args`.
inline runtime::EvalOutcome
evalCondition(std::string_view text, const runtime::Value *result = nullptr,
              const std::map<std::string, runtime::Value> *args = nullptr) {
  expr::ExprPtr tree = parseCondition(text);
  return runtime::evaluate(*tree, runtime::EvalEnv{result, args});
}

/// The outcome as text: formatValue(value), or "error: <message>".
inline std::string show(std::string_view text, const runtime::Value *result = nullptr,
                        const std::map<std::string, runtime::Value> *args = nullptr) {
  runtime::EvalOutcome outcome = evalCondition(text, result, args);
  return outcome.ok ? runtime::formatValue(outcome.value) : "error: " + outcome.error;
}

inline std::string show(std::string_view text, const runtime::Value &result) {
  return show(text, &result);
}

/// The outcome's type name ("int", "float", "[]any", ...), or "error".
inline std::string typeOf(std::string_view text, const runtime::Value *result = nullptr) {
  runtime::EvalOutcome outcome = evalCondition(text, result);
  return outcome.ok ? runtime::typeName(outcome.value) : "error";
}

} // namespace rwd::test
