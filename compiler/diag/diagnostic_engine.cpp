// This file implements the diagnostic engine's collection, ordering and capping.
#include "compiler/diag/diagnostic_engine.h"

#include <algorithm>
#include <tuple>

namespace rwd {

DiagnosticEngine::Builder DiagnosticEngine::add(DiagKind kind, SourceRange range,
                                                std::string message) {
  Severity severity = diagKindInfo(kind).severity;
  ArgoClass argo = ArgoClass::Unlisted;
  if (severity != Severity::Note && argoYaml_.count(range.file)) argo = argoClass(kind);
  if (argo == ArgoClass::FailsAtRunTime) severity = runTimeFailuresAreErrors_ ? Severity::Error : Severity::Warning;
  if (argo == ArgoClass::Ignored) severity = Severity::Warning;
  if (severity == Severity::Warning) {
    if (disabled_.count(kind)) return Builder(nullptr);
    if (warningsAsErrors_) severity = Severity::Error;
  }
  if (severity == Severity::Error) ++errorCount_;
  if (severity == Severity::Error && argo == ArgoClass::FailsAtRunTime) ++runTimeFailureErrors_;
  if (severity == Severity::Warning) ++warningCount_;
  // Past the cap, keep counting but stop storing: a hostile file must not make us print millions.
  if (severity == Severity::Error && errorCount_ > kMaxErrors) return Builder(nullptr);
  diags_.push_back({kind, severity, range, std::move(message), {}, {}});
  Builder builder(&diags_.back());
  // Say why an Argo manifest's problem is not (or only in `check`) an error.
  if (argo == ArgoClass::FailsAtRunTime) builder.note(DiagKind::ArgoAcceptsButFails, range);
  if (argo == ArgoClass::Ignored) builder.note(DiagKind::ArgoAcceptsAndIgnores, range);
  return builder;
}

std::vector<Diagnostic> DiagnosticEngine::sorted() const {
  std::vector<Diagnostic> out = diags_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic &a, const Diagnostic &b) {
    return std::make_tuple(a.range.file, a.range.begin, a.severity, a.kind) <
           std::make_tuple(b.range.file, b.range.begin, b.severity, b.kind);
  });
  if (errorCount_ > kMaxErrors)
    out.push_back({DiagKind::TooManyErrors, Severity::Note, SourceRange{}, 
                   fmt::format("too many errors; stopping after {}", kMaxErrors), {}, {}});
  return out;
}

void DiagnosticEngine::clear() {
  diags_.clear();
  errorCount_ = warningCount_ = runTimeFailureErrors_ = 0;
}

} // namespace rwd
