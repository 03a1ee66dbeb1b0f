// This file implements the lookup table behind the diagnostic kind registry.
#include "compiler/diag/diagnostic.h"

#include <array>

namespace rwd {

namespace {
constexpr DiagKindInfo kInfos[] = {
#define REWIND_DIAG(Name, Sev, Format) {#Name, Severity::Sev, Format},
#include "compiler/diag/diagnostic_kinds.def"
#undef REWIND_DIAG
};
} // namespace

const DiagKindInfo &diagKindInfo(DiagKind kind) { return kInfos[static_cast<size_t>(kind)]; }

std::optional<DiagKind> findDiagKind(std::string_view name) {
  for (size_t k = 0; k < kDiagKindCount; ++k)
    if (kInfos[k].name == name) return static_cast<DiagKind>(k);
  return std::nullopt;
}

std::string_view severityName(Severity severity) {
  switch (severity) {
  case Severity::Error: return "error";
  case Severity::Warning: return "warning";
  case Severity::Note: return "note";
  }
  return "error";
}

} // namespace rwd
