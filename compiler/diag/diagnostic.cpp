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

struct ArgoClassEntry {
  ArgoClass argoClass = ArgoClass::Unlisted;
  std::string_view reason;
};

constexpr std::array<ArgoClassEntry, kDiagKindCount> makeArgoClasses() {
  std::array<ArgoClassEntry, kDiagKindCount> classes{};
#define REWIND_ARGO_CLASS(Kind, Class, ...)                                                                  \
  classes[static_cast<size_t>(DiagKind::Kind)] = {ArgoClass::Class, std::string_view("" __VA_ARGS__)};
#include "compiler/diag/argo_classes.def"
#undef REWIND_ARGO_CLASS
  return classes;
}
constexpr std::array<ArgoClassEntry, kDiagKindCount> kArgoClasses = makeArgoClasses();

} // namespace

const DiagKindInfo &diagKindInfo(DiagKind kind) { return kInfos[static_cast<size_t>(kind)]; }

ArgoClass argoClass(DiagKind kind) { return kArgoClasses[static_cast<size_t>(kind)].argoClass; }

std::string_view argoClassReason(DiagKind kind) { return kArgoClasses[static_cast<size_t>(kind)].reason; }

std::string_view argoClassName(ArgoClass argoClass) {
  switch (argoClass) {
  case ArgoClass::Unlisted: return "not on Argo YAML";
  case ArgoClass::Rejected: return "rejected";
  case ArgoClass::FailsAtRunTime: return "fails at run time";
  case ArgoClass::Ignored: return "ignored";
  case ArgoClass::Lint: return "lint";
  case ArgoClass::RewindLimit: return "Rewind's limit";
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
