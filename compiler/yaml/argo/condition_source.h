// This file implements the parsing of an Argo condition scalar (successCondition, failureCondition)
// with its `{{args.x}}` placeholders, so every range points into the YAML.
#pragma once

#include "compiler/yaml/scalar_source.h"
#include "compiler/diag/diagnostic_engine.h"
#include "compiler/expr/expr.h"

#include <string>

namespace rwd::yaml::argo {

/// Parses `value` (the decoded scalar; `source` maps its bytes into `file`). Each `{{ args.x }}`
/// outside a string literal becomes the expression `args.x`, and a string literal that is only a
/// placeholder (`'{{args.x}}'`) becomes `args.x` too: Argo substitutes text, Rewind references
/// the parameter. The rewrite is done on a copy whose bytes keep their original file offsets, so
/// diagnostics land on the YAML line and column. Other placeholders are errors.
expr::ExprPtr parseCondition(const SourceFile &file, const std::string &value, ScalarSource source,
                             DiagnosticEngine &diags);

} // namespace rwd::yaml::argo
