// This file implements the machine-readable renderings of diagnostics: JSON and SARIF 2.1.0
// (`rewind check --format json|sarif`). The text rendering lives with the diagnostics themselves
// (compiler/diag/text_renderer.h), since every command prints it.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_manager.h"

#include <string>
#include <string_view>
#include <vector>

namespace rwd::render {

/// The diagnostic formats of `check --format`.
inline const std::vector<std::string> kDiagnosticFormats = {"text", "json", "sarif"};

/// One JSON object: `{"diagnostics": [...], "errors": N, "warnings": N}`; each diagnostic with its
/// kind, severity, message, location (columns in bytes, as the text form), notes and fixes.
std::string renderDiagnosticsJson(const std::vector<Diagnostic> &diags, const SourceManager &sources);

/// A SARIF 2.1.0 log with one run: every diagnostic kind as a rule (with its help text), one result
/// per diagnostic, notes as related locations, suggestions as fixes. `toolVersion` is Rewind's.
std::string renderDiagnosticsSarif(const std::vector<Diagnostic> &diags, const SourceManager &sources,
                                   std::string_view toolVersion);

} // namespace rwd::render
