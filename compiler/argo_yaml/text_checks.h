// This file implements the checks on a YAML file's raw text before yaml-cpp sees it: encoding and
// nesting depth (yaml-cpp recurses once per level, so a hostile `[[[[...` must be refused first).
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/source/source_manager.h"

namespace rwd::argo_yaml {

/// Reports a NUL byte or invalid UTF-8 (at its byte) and returns false.
bool checkEncoding(const SourceFile &file, DiagnosticEngine &diags);

/// Reports flow nesting (`[`, `{`) deeper than `limit` at the bracket that crosses it and returns
/// false. Brackets inside quoted scalars and comments are not counted; brackets inside plain
/// scalars are (they are balanced in any real manifest, and counting them errs on the safe side).
bool checkNesting(const SourceFile &file, int limit, DiagnosticEngine &diags);

} // namespace rwd::argo_yaml
