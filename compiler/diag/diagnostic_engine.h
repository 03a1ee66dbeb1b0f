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

  private:
    Diagnostic *diag_;
  };

  template <typename... Args> Builder report(DiagKind kind, SourceRange range, Args &&...args) {
    return add(kind, range,
               fmt::vformat(diagKindInfo(kind).format, fmt::make_format_args(args...)));
  }

  Builder add(DiagKind kind, SourceRange range, std::string message);

  /// Warnings of these kinds are dropped (`--no-warn=Kind`).
  void disableWarning(DiagKind kind) { disabled_.insert(kind); }
  void setWarningsAsErrors(bool on) { warningsAsErrors_ = on; }

  bool hasErrors() const { return errorCount_ > 0; }
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
  bool warningsAsErrors_ = false;
  size_t errorCount_ = 0;
  size_t warningCount_ = 0;
};

} // namespace rwd
