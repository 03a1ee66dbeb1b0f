// This file implements the score of a tuning combination (CONTRACT §8) and the ranking: cases
// passed (more is better), then the mean decision time of the cases expected to roll back (less is
// better), then the grid order, so that the ranking is total and the same on every run.
#pragma once

#include "runtime/timeline.h"
#include "simulator/suite/suite.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace rwd::sim::tune {

/// How one case fared under one combination: all a score needs of its replay.
struct CaseMark {
  bool passed = false;
  bool expectedRollback = false;
  bool rolledBack = false;
  int64_t decidedAtMs = 0;
};

/// Judges `outcome` against `expect`.
CaseMark markCase(const suite::Expectation &expect, const runtime::Outcome &outcome);

struct Score {
  size_t passed = 0;
  size_t failed = 0;
  /// Cases that rolled back although they were not expected to (good deploys lost).
  size_t falseRollbacks = 0;
  /// Cases expected to roll back that did not (incidents let through).
  size_t missedRollbacks = 0;
  /// decided_at of the cases expected to roll back, summed (milliseconds), and how many they are.
  int64_t detectSumMs = 0;
  size_t detectCount = 0;

  /// Adds one case.
  void add(const CaseMark &mark);
  /// The mean decided_at of the cases expected to roll back, in seconds; nullopt when none is.
  std::optional<double> meanDetectSeconds() const;
};

/// The combinations' indices, best first.
std::vector<size_t> rankScores(const std::vector<Score> &scores);

} // namespace rwd::sim::tune
