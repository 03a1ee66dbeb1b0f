// This file implements the checks on a YAML file's raw text before yaml-cpp sees it: encoding and
// nesting depth (yaml-cpp recurses once per level, so a hostile `[[[[...` must be refused first).
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/source/source_manager.h"

namespace rwd::yaml {

/// Reports a NUL byte or invalid UTF-8 (at its byte) and returns false.
bool checkEncoding(const SourceFile &file, DiagnosticEngine &diags);

/// Reports a control character YAML does not allow (C0 other than tab, line feed and carriage
/// return, and DEL: outside YAML's printable set) or a carriage return without a line feed at its
/// byte and returns false. yaml-cpp 0.7 may
/// never return on one (a vertical tab where a node starts is a fuzzer finding); Kubernetes' YAML
/// decoder refuses them too.
bool checkControlCharacters(const SourceFile &file, DiagnosticEngine &diags);

/// Reports flow nesting (`[`, `{`) deeper than `limit` at the bracket that crosses it and returns
/// false. Brackets inside quoted scalars and comments are not counted; brackets inside plain
/// scalars are (they are balanced in any real manifest, and counting them errs on the safe side).
bool checkNesting(const SourceFile &file, int limit, DiagnosticEngine &diags);

/// Every check above, in order, for text about to go to yaml-cpp: false (with the diagnostic) at the
/// first that fails.
bool checkYamlText(const SourceFile &file, DiagnosticEngine &diags);

} // namespace rwd::yaml
