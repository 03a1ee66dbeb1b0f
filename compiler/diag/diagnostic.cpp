// This file implements the lookup tables behind the diagnostic kind registry and its Argo classes.
#include "compiler/diag/diagnostic.h"

#include <array>

namespace rwd {

namespace {
constexpr DiagKindInfo kInfos[] = {
#define REWIND_DIAG(Name, Sev, Format) {#Name, Severity::Sev, Format},
#include "compiler/diag/diagnostic_kinds.def"
#undef REWIND_DIAG
};

constexpr std::array<ArgoClass, kDiagKindCount> makeArgoClasses() {
  std::array<ArgoClass, kDiagKindCount> classes{};
  classes.fill(ArgoClass::Rejected);
#define REWIND_ARGO_CLASS(Kind, Class) classes[static_cast<size_t>(DiagKind::Kind)] = ArgoClass::Class;
#include "compiler/diag/argo_classes.def"
#undef REWIND_ARGO_CLASS
  return classes;
}
constexpr std::array<ArgoClass, kDiagKindCount> kArgoClasses = makeArgoClasses();

} // namespace

const DiagKindInfo &diagKindInfo(DiagKind kind) { return kInfos[static_cast<size_t>(kind)]; }

ArgoClass argoClass(DiagKind kind) { return kArgoClasses[static_cast<size_t>(kind)]; }

std::string_view argoClassName(ArgoClass argoClass) {
  switch (argoClass) {
  case ArgoClass::Rejected: return "rejected";
  case ArgoClass::FailsAtRunTime: return "fails at run time";
  case ArgoClass::Ignored: return "ignored";
  }
  return "rejected";
}

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
