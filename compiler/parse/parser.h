// This file implements the public face of the policy parser: text → AST. It exposes no ANTLR types.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic_engine.h"
#include "compiler/expr/expr.h"
#include "compiler/source/source_manager.h"

#include <memory>

namespace rwd::parse {

/// Parses a whole `.rwd` file. Returns null after any syntax error (diagnostics are reported).
std::unique_ptr<ast::PolicyFile> parseFile(const SourceFile &file, DiagnosticEngine &diags);

/// Parses one condition expression (Rewind syntax, a superset of Argo's expr-lang) that occupies
/// bytes [begin, end) of `file`, e.g. a successCondition string inside a YAML file. Ranges in the
/// result point into `file`. Returns null after a syntax error.
expr::ExprPtr parseExpression(const SourceFile &file, uint32_t begin, uint32_t end,
                              DiagnosticEngine &diags);

/// Parses a condition whose text is not a verbatim slice of `file`: a quoted or block YAML scalar
/// after unescaping, or one with `{{args.x}}` rewritten to `args.x`. `positions[i]` is the file
/// offset of byte i of `text` (one more entry for the end), so ranges still point into `file`.
expr::ExprPtr parseExpression(const SourceFile &file, std::string_view text,
                              std::vector<uint32_t> positions, DiagnosticEngine &diags);

} // namespace rwd::parse
