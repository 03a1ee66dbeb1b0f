// This file implements semantic checking of a policy: names, arguments, values, Argo's validation
// rules and the lints that catch rollout policies which do not do what their author thinks.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic_engine.h"
#include "compiler/sema/symbol_table.h"

#include <cstddef>
#include <optional>
#include <vector>

namespace rwd::sema {

/// Size limits of a policy, far above any real one; each is an error at the first item past it,
/// reported before any other check (TooManySteps, TooManyMetrics, TooManyAnalyses).
inline constexpr size_t kMaxSteps = 1'000;     // canary steps of the rollout
inline constexpr size_t kMaxMetrics = 100;     // metrics of one analysis
inline constexpr size_t kMaxAnalyses = 1'000;  // analyses of the policy, imports included

struct CheckOptions {
  /// `plan` and `simulate` need exactly one rollout; `check` also accepts analysis libraries.
  bool requireRollout = true;
  /// The rollout is a Flagger Canary: its notifications are Flagger alerts, whose `on` words are
  /// severities (info, warn, error), not Argo notification triggers.
  bool flaggerCanary = false;
  /// The rollout to check when the files declare several (`--rollout NAME`); empty: there must be
  /// at most one, unless `everyRollout`.
  std::string rollout;
  /// Check every rollout the files declare (`rewind check` of a manifest of many services).
  bool everyRollout = false;
};

/// The checked policy: what lowering needs, valid only while the AST lives.
struct CheckedPolicy {
  const ast::Rollout *rollout = nullptr; // null when checking an analysis library
  /// Every rollout checked, in file order (`rollout` is the first); one unless `everyRollout`.
  std::vector<const ast::Rollout *> rollouts;
  SymbolTable symbols;
};

/// Checks every file (all errors of all files in one run). Returns nullopt if any error was reported.
std::optional<CheckedPolicy> checkPolicy(const std::vector<const ast::PolicyFile *> &files,
                                         DiagnosticEngine &diags, const CheckOptions &options);

} // namespace rwd::sema
