// This file implements the policy formatter: Rewind's AST written back as idiomatic `.rwd` text.
//
// `rewind import` reads Argo Rollouts YAML into the AST and prints it with this formatter, so the
// result is a policy a person would write (percentages, durations, `pause until promoted`, block
// strings for multi-line queries), not a transliteration of the YAML. What the formatter writes
// parses back to the same AST values: `compile(import(X)) == compile(X)`.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic_engine.h"
#include "compiler/source/source_manager.h"

#include <string>
#include <vector>

namespace rwd::format {

struct FormatOptions {
  /// Comment lines written at the top (without `//`), e.g. where the policy was imported from.
  std::vector<std::string> header;
};

/// Writes the rollouts, then the analyses, of `files` (in the order given) as one policy. A value
/// the language cannot spell (a name that is not an identifier, a negative or non-finite config
/// number) is reported as NotExpressibleInTarget at its source range and
/// the result is then empty.
std::string formatPolicy(const std::vector<const ast::PolicyFile *> &files, DiagnosticEngine &diags,
                         const FormatOptions &options = {});

/// Writes one `.rwd` file in Rewind's canonical style (`rewind fmt`): its imports, rollouts and
/// analyses as formatPolicy writes them, with the file's comments kept where they stand (before
/// the statement they precede, or after the one whose line they end) and single blank lines between
/// statements kept. Formatting its own output changes nothing. Empty after a refusal, as above.
std::string formatFile(const ast::PolicyFile &file, const SourceFile &source, DiagnosticEngine &diags);

} // namespace rwd::format
