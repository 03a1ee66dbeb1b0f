// This file implements the parsing of an Argo condition scalar (successCondition, failureCondition)
// with its `{{args.x}}` placeholders, so every range points into the YAML.
#pragma once

#include "compiler/yaml/scalar_source.h"
#include "compiler/diag/diagnostic_engine.h"
#include "compiler/expr/expr.h"

#include <set>
#include <string>

namespace rwd::yaml::argo {

/// A condition read from Argo YAML: the tree when it is expr-lang, else expr-lang's compile error.
struct ArgoCondition {
  expr::ExprPtr expr;
  /// Set when Argo accepts the text but expr-lang cannot compile it (a syntax error, a Rewind
  /// unit literal, `??` mixed with another operator): every measurement is an Error with it.
  std::string compileError;
};

/// Parses `value` (the decoded scalar; `source` maps its bytes into `file`) as Argo does. Each
/// `{{ args.x }}` outside a string literal becomes the expression `args.x`, and a string literal
/// that is only a placeholder (`'{{args.x}}'`) becomes `args.x` too: Argo substitutes text, Rewind
/// references the parameter. Everything else reads as expr-lang: `args` written as a name is not
/// in Argo's environment (marked argoUnbound), `a-b` is a subtraction, `a < b < c` is
/// `a < b && b < c`. The rewrite is done on a copy whose bytes keep their original file offsets,
/// so diagnostics land on the YAML line and column. Placeholders Rewind cannot resolve are errors
/// (an empty result); text expr-lang cannot compile is reported as ArgoConditionSyntax and comes
/// back as compileError. The names of the arguments used as a whole string literal go to
/// `quotedArgs` when given: Argo substitutes their text inside quotes, so they are strings.
ArgoCondition parseCondition(const SourceFile &file, const std::string &value, ScalarSource source,
                             DiagnosticEngine &diags, std::set<std::string> *quotedArgs = nullptr);

} // namespace rwd::yaml::argo
