// This file implements the front-end pipeline the subcommands share: load → parse → check → lower.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic_engine.h"
#include "compiler/plan/plan.h"
#include "compiler/sema/checker.h"
#include "compiler/source/source_manager.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rwd::driver {

struct FrontendOptions {
  bool requireRollout = true; // false for `rewind check` of an analysis library
  bool lower = true;
  /// `--rollout NAME`: the rollout to work on when the files declare several.
  std::string rollout;
  /// Check every rollout the files declare (`rewind check`); `plan` is then the first one's.
  bool everyRollout = false;
};

/// Everything the front end produced. `plan` is set only when there were no errors and a rollout.
struct FrontendResult {
  std::vector<std::unique_ptr<ast::PolicyFile>> files; // command-line files first, then imports
  std::optional<sema::CheckedPolicy> checked;
  std::optional<plan::Plan> plan;
  /// Command-line files that could not be read: a usage error (exit 2), not a diagnostic.
  std::vector<std::string> unreadable;
  /// The rollout came from a Flagger Canary: `simulate` then replays with Flagger's semantics.
  bool flaggerCanary = false;
};

/// True for a Kubernetes YAML policy file (`.yaml`, `.yml`, any case); anything else is `.rwd`.
bool isYamlPath(const std::string &path);

/// Loads the given policy files and their imports, parses, checks and (optionally) lowers them.
/// Diagnostics go to `diags`; nothing is thrown.
FrontendResult runFrontend(const std::vector<std::string> &paths, SourceManager &sources,
                           DiagnosticEngine &diags, const FrontendOptions &options);

} // namespace rwd::driver
