// This file implements the Clang-style text rendering of diagnostics: location, message, line, caret.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_manager.h"

#include <string>
#include <vector>

namespace rwd {

struct RenderOptions {
  bool color = false;
  bool showKind = true;
};

/// Renders one diagnostic (and its notes) as
/// `path:line:col: severity: message [Kind]`, the source line, and `^~~~` under the range.
std::string renderDiagnostic(const Diagnostic &diag, const SourceManager &sources,
                             const RenderOptions &options);
std::string renderDiagnostics(const std::vector<Diagnostic> &diags, const SourceManager &sources,
                              const RenderOptions &options);

/// Decides colour as the ecosystem agrees: explicit flag, then NO_COLOR, CLICOLOR_FORCE, a TTY.
bool shouldUseColor(const std::string &flag, int fd);

} // namespace rwd
