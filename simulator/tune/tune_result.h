// This file implements the result model of a tuning run: the settings, every combination ranked
// best first with its score, the combinations the policy could not take, and the policy lines to
// change for the best; what the renderers of `rewind tune` read.
#pragma once

#include "compiler/source/line_edit.h"
#include "simulator/tune/score.h"
#include "simulator/tune/tuner.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rwd::sim::tune {

/// A setting's value as reported.
struct TuneValue {
  /// How JSON writes it: a number (`2`, `0.05`), a bool, or a string (`2%`, `1m`, `canary`).
  enum class Style : uint8_t { Number, Bool, Text };
  std::string text;
  Style style = Style::Text;
};

struct RankedCombo {
  /// Position in the grid (row-major, the first setting changing slowest).
  size_t gridIndex = 0;
  /// One value per setting, in the settings' order.
  std::vector<TuneValue> values;
  Score score;
};

/// A combination the policy cannot take (Argo would reject it), with the reason.
struct SkippedCombo {
  size_t gridIndex = 0;
  std::vector<TuneValue> values;
  std::string why;
};

struct TuneReport {
  /// The settings' names, as given to --vary.
  std::vector<std::string> settings;
  /// Best first.
  std::vector<RankedCombo> combos;
  /// In grid order.
  std::vector<SkippedCombo> skipped;
  /// The policy lines to change for the best combination (empty when the policy has its values).
  std::vector<LineEdit> bestEdits;
  size_t cases = 0;
  TuneStats stats;
};

} // namespace rwd::sim::tune
