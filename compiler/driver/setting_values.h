// This file implements the settings `rewind tune` varies (CONTRACT §8): `--vary SETTING=VALUES`
// parsed into the analysis, metric and field or parameter it names, and VALUES (a comma list or a
// range `LO..HI/STEP`) expanded into literals read exactly as the policy language reads them, so a
// tuned value equals the same value written in the policy.
#pragma once

#include "compiler/ast/ast.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rwd::driver {

/// The metric fields a setting may vary, by their `--vary` names.
enum class MetricField : uint8_t {
  FailureLimit,            // failure-limit: failureLimit (`none` is -1)
  InconclusiveLimit,       // inconclusive-limit
  ConsecutiveErrorLimit,   // consecutive-error-limit (`error limit`)
  ConsecutiveSuccessLimit, // consecutive-success-limit (`success streak`)
  Count,                   // count
  Interval,                // interval (`every`)
  InitialDelay,            // initial-delay
};

/// The `--vary` name of a field (`failure-limit`).
std::string_view metricFieldName(MetricField field);

/// What a setting's values are.
enum class SettingKind : uint8_t {
  Integer,  // a metric's limits and count; failure-limit also takes `none`
  Duration, // interval, initial delay, a duration parameter: `30s`, `1m30s`
  Number,   // a number parameter: `5`, `0.05`, `5%`
  String,   // a string parameter, written without quotes
  Bool,     // a bool parameter: `true`, `false`
};

/// A `--vary` argument as written.
struct SettingSpec {
  /// The setting's name, `ANALYSIS.PARAM` or `ANALYSIS/METRIC.FIELD`, as written.
  std::string name;
  std::string analysis;
  /// Set for a metric field.
  std::optional<std::string> metric;
  std::optional<MetricField> field;
  /// The parameter's name, for a parameter default.
  std::string parameter;
  /// VALUES as written.
  std::string values;
};

/// Parses `SETTING=VALUES`. The member is after the last `.` (analysis names may hold dots); a
/// metric field needs `ANALYSIS/METRIC`. Nullopt and `error` for anything else.
std::optional<SettingSpec> parseSettingSpec(std::string_view text, std::string &error);

/// One value of a setting.
struct SettingValue {
  /// The value as the policy language reads it (the kind of literal the same text would be in a
  /// `.rwd` file: Int, Float, Percent, Duration, String or Bool).
  ast::Literal literal;
  /// Its spelling in reports: `2%`, `1m30s`, `3`, `none`, `canary`.
  std::string text;
};

/// Most values one setting may take, and combinations a tuning run may have.
inline constexpr size_t kMaxSettingValues = 10'000;
inline constexpr size_t kMaxCombinations = 100'000;

/// Expands VALUES for a setting of `kind`: a comma list (`1%,2%,5%`) or an inclusive range
/// `LO..HI/STEP` (`0..4/1`, `1m..5m/1m`, `0.5%..2%/0.5%`) of integers, durations or decimal numbers,
/// computed exactly in decimal. A value given twice, an empty value, a value of another kind, or a
/// range that is empty, has a step of 0 or more than kMaxSettingValues values is an error.
std::optional<std::vector<SettingValue>> expandSettingValues(std::string_view values, SettingKind kind,
                                                             std::string &error);

} // namespace rwd::driver
