// This file implements the scoring and ranking of tuning combinations.
#include "simulator/tune/score.h"

#include "simulator/suite/expectation.h"

#include <algorithm>
#include <numeric>

namespace rwd::sim::tune {

CaseMark markCase(const suite::Expectation &expect, const runtime::Outcome &outcome) {
  return {suite::judge(expect, outcome).passed, expect.outcome == runtime::OutcomeKind::RolledBack,
          outcome.kind == runtime::OutcomeKind::RolledBack, outcome.decidedAtMs};
}

void Score::add(const CaseMark &mark) {
  mark.passed ? ++passed : ++failed;
  if (mark.rolledBack && !mark.expectedRollback) ++falseRollbacks;
  if (mark.expectedRollback && !mark.rolledBack) ++missedRollbacks;
  if (mark.expectedRollback) {
    detectSumMs += mark.decidedAtMs;
    ++detectCount;
  }
}

std::optional<double> Score::meanDetectSeconds() const {
  if (detectCount == 0) return std::nullopt;
  return static_cast<double>(detectSumMs) / static_cast<double>(detectCount) / 1000.0;
}

std::vector<size_t> rankScores(const std::vector<Score> &scores) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), size_t{0});
  // Every combination replays the same cases, so detectCount is the same for all: comparing the
  // integer sums compares the means exactly.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (scores[a].passed != scores[b].passed) return scores[a].passed > scores[b].passed;
    return scores[a].detectSumMs < scores[b].detectSumMs;
  });
  return order;
}

} // namespace rwd::sim::tune
