// This file implements the parsing of an Argo condition scalar (successCondition, failureCondition)
// with its `{{args.x}}` placeholders, so every range points into the YAML.
#pragma once

#include "compiler/yaml/scalar_source.h"
#include "compiler/diag/diagnostic_engine.h"
#include "compiler/expr/expr.h"

#include <set>
#include <string>

namespace rwd::yaml::argo {

/// Parses `value` (the decoded scalar; `source` maps its bytes into `file`). Each `{{ args.x }}`
/// outside a string literal becomes the expression `args.x`, and a string literal that is only a
/// placeholder (`'{{args.x}}'`) becomes `args.x` too: Argo substitutes text, Rewind references
/// the parameter. The rewrite is done on a copy whose bytes keep their original file offsets, so
/// diagnostics land on the YAML line and column. Other placeholders are errors. The names of the
/// arguments used as a whole string literal go to `quotedArgs` when given: Argo substitutes their
/// text inside quotes, so they are strings.
expr::ExprPtr parseCondition(const SourceFile &file, const std::string &value, ScalarSource source,
                             DiagnosticEngine &diags, std::set<std::string> *quotedArgs = nullptr);

} // namespace rwd::yaml::argo
