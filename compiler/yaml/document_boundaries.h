// This file implements the check that every YAML document in a file starts where YAML says a
// document may start, run with yaml-cpp's own parser before any node is built.
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/source/source_manager.h"

namespace rwd::yaml {

/// Reports the first document after the first that begins neither at a `---` marker nor after a
/// `...` marker, at the token it begins with, and returns false.
///
/// Such a document is always a misreading of malformed text: yaml-cpp 0.7 ends a node early and
/// starts a "document" at whatever follows it (`"a"x` reads as two). Where no node can start with
/// that token (a `,` after a complete node), its LoadAll never returns: each new document
/// consumes nothing, so the same empty document repeats forever. Kubernetes' decoder refuses all of
/// these. A parser error is left for the node-building pass to report, with its own message.
bool checkDocumentBoundaries(const SourceFile &file, DiagnosticEngine &diags);

} // namespace rwd::yaml
