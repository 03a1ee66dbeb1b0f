// This file implements the diagnostic engine: phases report into it; nothing is thrown for user input.
#pragma once

#include "compiler/diag/diagnostic.h"

#include <fmt/format.h>
#include <set>
#include <string>
#include <vector>

namespace rwd {

/// Collects diagnostics from every phase. The driver checks hasErrors() between phases.
class DiagnosticEngine {
public:
  /// Handle returned by report(); lets the caller attach notes to the diagnostic just reported.
  class Builder {
  public:
    explicit Builder(Diagnostic *diag) : diag_(diag) {}
    template <typename... Args>
    Builder &note(DiagKind kind, SourceRange range, Args &&...args) {
      if (diag_)
        diag_->notes.push_back(
            {kind, range, fmt::vformat(diagKindInfo(kind).format, fmt::make_format_args(args...))});
      return *this;
    }
    /// A "did you mean `replacement`?" note at `range`, with the edit that applies it.
    Builder &suggest(SourceRange range, std::string_view replacement) {
      note(DiagKind::DidYouMean, range, replacement);
      if (diag_) diag_->fixes.push_back({range, std::string(replacement)});
      return *this;
    }

  private:
    Diagnostic *diag_;
  };

  template <typename... Args> Builder report(DiagKind kind, SourceRange range, Args &&...args) {
    return add(kind, range,
               fmt::vformat(diagKindInfo(kind).format, fmt::make_format_args(args...)));
  }

  Builder add(DiagKind kind, SourceRange range, std::string message);

  /// Diagnostics located in `file` follow Argo's classes (argo_classes.def): the file is Argo YAML.
  void markArgoYaml(FileId file) { argoYaml_.insert(file); }
  /// `rewind check` sets this: on Argo YAML, what Argo accepts but fails at run time is an error;
  /// for every other command it is a warning and the command goes on.
  void setRunTimeFailuresAreErrors(bool on) { runTimeFailuresAreErrors_ = on; }

  /// Warnings of these kinds are dropped (`--no-warn=Kind`).
  void disableWarning(DiagKind kind) { disabled_.insert(kind); }
  void setWarningsAsErrors(bool on) { warningsAsErrors_ = on; }

  bool hasErrors() const { return errorCount_ > 0; }
  /// Errors that must stop the pipeline between phases: every error except the run-time failures
  /// `check` raises to errors, since Argo accepts those objects and later phases can still check them.
  bool hasBlockingErrors() const { return errorCount_ > runTimeFailureErrors_; }
  size_t errorCount() const { return errorCount_; }
  size_t warningCount() const { return warningCount_; }
  /// Diagnostics sorted by (file, offset, severity, kind), capped at kMaxDiagnostics errors.
  std::vector<Diagnostic> sorted() const;
  const std::vector<Diagnostic> &all() const { return diags_; }
  void clear();

  static constexpr size_t kMaxErrors = 50;

private:
  std::vector<Diagnostic> diags_;
  std::set<DiagKind> disabled_;
  std::set<FileId> argoYaml_;
  bool warningsAsErrors_ = false;
  bool runTimeFailuresAreErrors_ = false;
  size_t errorCount_ = 0;
  size_t runTimeFailureErrors_ = 0;
  size_t warningCount_ = 0;
};

} // namespace rwd
