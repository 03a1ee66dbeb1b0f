// This file implements the diagnostic data model: severities, the closed registry of kinds, notes.
#pragma once

#include "compiler/source/source_manager.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rwd {

enum class Severity : uint8_t { Error, Warning, Note };

/// Every diagnostic Rewind can produce. The registry is closed: add an entry to
/// diagnostic_kinds.def (with its severity and format string) before reporting a new problem.
enum class DiagKind : uint16_t {
#define REWIND_DIAG(Name, Sev, Format) Name,
#include "compiler/diag/diagnostic_kinds.def"
#undef REWIND_DIAG
};

inline constexpr size_t kDiagKindCount = 0
#define REWIND_DIAG(Name, Sev, Format) +1
#include "compiler/diag/diagnostic_kinds.def"
#undef REWIND_DIAG
    ;

/// How Argo Rollouts treats what a diagnostic located in Argo YAML reports (argo_classes.def).
enum class ArgoClass : uint8_t {
  Unlisted,       // never located in Argo YAML: the registered severity
  Rejected,       // Argo rejects the object: an error (the registered severity)
  FailsAtRunTime, // accepted, certain to fail when it runs: an error for `check`, else a warning
  Ignored,        // accepted and ignored: a warning
  Lint,           // accepted and run as written; Rewind's advice: a warning (the registered severity)
  RewindLimit,    // beyond what Rewind reads or the command needs: an error (the registered severity)
};

struct DiagKindInfo {
  std::string_view name;
  Severity severity;
  std::string_view format;
};

const DiagKindInfo &diagKindInfo(DiagKind kind);
/// The class of `kind` on Argo YAML.
ArgoClass argoClass(DiagKind kind);
/// Why Argo treats `kind` so, with the upstream source ("" when the class says it all).
std::string_view argoClassReason(DiagKind kind);
/// "rejected", "fails at run time", "ignored", "lint", "Rewind's limit" or "not on Argo YAML".
std::string_view argoClassName(ArgoClass argoClass);
std::string_view severityName(Severity severity);
/// The kind called `name` (as printed in `[Name]`), if any.
std::optional<DiagKind> findDiagKind(std::string_view name);

struct Note {
  DiagKind kind;
  SourceRange range;
  std::string message;
};

/// A suggested edit: replace the text of `range` with `replacement` (a GCC fix-it hint; SARIF's
/// `fixes`). Only made where applying it yields what the diagnostic suggests.
struct FixIt {
  SourceRange range;
  std::string replacement;
};

struct Diagnostic {
  DiagKind kind;
  Severity severity;
  SourceRange range;
  std::string message;
  std::vector<Note> notes;
  std::vector<FixIt> fixes;
};

} // namespace rwd
