// This file implements the condition-expression fuzz harness: bytes → parse::parseExpression →
// printing back as expr-lang text → runtime evaluation against the shapes `result` takes (nil,
// scalars, vectors, a map) with string and number `args`; and the same bytes read as an Argo YAML
// condition (expr-lang's reading: placeholders, chained comparisons, its lexer's messages).
#include "compiler/expr/expr_printer.h"
#include "compiler/parse/parser.h"
#include "compiler/yaml/argo/condition_source.h"
#include "fuzz/fuzz_support.h"
#include "runtime/expr_eval.h"

#include <cmath>
#include <limits>

namespace {

using rwd::runtime::Value;

const std::vector<Value> &results() {
  static const std::vector<Value> values = [] {
    std::vector<Value> v;
    v.push_back(Value::nil());
    v.push_back(Value::number(0.97));
    v.push_back(Value::number(std::numeric_limits<double>::quiet_NaN()));
    v.push_back(Value::number(-std::numeric_limits<double>::infinity()));
    v.push_back(Value::integer(INT64_MIN));
    v.push_back(Value::string("ok"));
    v.push_back(Value::list({}));
    v.push_back(Value::list({Value::number(1.5), Value::number(0), Value::integer(-3)}));
    v.push_back(Value::map({{"a", Value::number(2)}, {"b", Value::boolean(true)}}));
    return v;
  }();
  return values;
}

const std::map<std::string, Value> &args() {
  static const std::map<std::string, Value> values = {
      {"service", Value::string("checkout")}, {"threshold", Value::number(0.95)},
      {"n", Value::integer(3)}, {"pattern", Value::string("^(a+)+$")}};
  return values;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace rwd;
  SourceManager sources;
  DiagnosticEngine diags;
  const SourceFile &file = fuzz::addInput(sources, "fuzz.expr", data, size);
  expr::ExprPtr tree = parse::parseExpression(file, 0, static_cast<uint32_t>(size), diags);
  if (tree) {
    (void)expr::printExpr(*tree);
    for (const Value &result : results()) {
      runtime::EvalEnv env{&result, &args()};
      runtime::EvalOutcome outcome = runtime::evaluate(*tree, env);
      if (!outcome.ok && outcome.error.empty()) fuzz::invariantBroken("an evaluation error has no message");
    }
  }
  // As an Argo YAML condition: every byte maps to itself in the file.
  std::string text(reinterpret_cast<const char *>(data), size);
  yaml::ScalarSource source;
  source.range = SourceRange{file.id(), 0, static_cast<uint32_t>(size)};
  for (uint32_t i = 0; i <= size; ++i) source.positions.push_back(i);
  source.exact = true;
  yaml::argo::ArgoCondition argo = yaml::argo::parseCondition(file, text, std::move(source), diags);
  if (argo.expr && !argo.compileError.empty()) fuzz::invariantBroken("a compiled condition has a compile error");
  if (argo.expr)
    for (const Value &result : results()) {
      runtime::EvalEnv env{&result, &args(), runtime::ResultListType::Any};
      runtime::EvalOutcome outcome = runtime::evaluate(*argo.expr, env);
      if (!outcome.ok && outcome.error.empty()) fuzz::invariantBroken("an evaluation error has no message");
    }
  fuzz::renderAll(diags, sources);
  return 0;
}
