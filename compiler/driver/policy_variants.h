// This file implements the policy variants `rewind tune` replays: each setting found in the checked
// policy, the plan of the policy with chosen values (the AST edited in place, checked and lowered
// exactly as if those values had been written in the files, then restored: nothing is read again),
// and the policy lines a person changes to adopt them.
#pragma once

#include "compiler/driver/frontend.h"
#include "compiler/driver/setting_values.h"
#include "compiler/plan/plan.h"
#include "compiler/source/line_edit.h"
#include "compiler/source/source_manager.h"

#include <optional>
#include <string>
#include <vector>

namespace rwd::driver {

/// A setting found in the policy, with its values.
struct TunedSetting {
  SettingSpec spec;
  SettingKind kind = SettingKind::Integer;
  std::vector<SettingValue> values;
  /// The index of its analysis in the plan's templates (the same in every variant).
  size_t planTemplate = 0;
  ast::Analysis *analysis = nullptr;
  ast::Parameter *parameter = nullptr; // a parameter default
  ast::Metric *metric = nullptr;       // a metric field
};

/// Finds `spec` in the checked policy of `frontend` and expands its values. Nullopt and `error` when
/// the policy has no such analysis, parameter or metric, when the rollout never uses the analysis,
/// or when no replay could depend on the setting: a parameter every use passes explicitly, read
/// from a Secret, or used by no condition (a replay answers queries from the trace, whatever their
/// text).
std::optional<TunedSetting> resolveSetting(FrontendResult &frontend, const SettingSpec &spec,
                                           std::string &error);

/// The plan of the policy with setting i at `settings[i].values[choice[i]]`. Nullopt and `error`
/// (the first error, as `rewind check` words it) when the policy with those values is invalid,
/// e.g. a count below the failure limit. The AST is restored before returning.
std::optional<plan::Plan> lowerVariant(FrontendResult &frontend, const std::vector<TunedSetting> &settings,
                                       const std::vector<size_t> &choice, std::string &error);

/// The policy lines to change so that the files hold the values `choice` (none for a value the
/// policy already has), in file and line order.
std::vector<LineEdit> policyEdits(const SourceManager &sources, const std::vector<TunedSetting> &settings,
                                  const std::vector<size_t> &choice);

} // namespace rwd::driver
