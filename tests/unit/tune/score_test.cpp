// This file implements the unit tests of tuning's scores, ranking and grid numbering.
#include "simulator/tune/grid.h"
#include "simulator/tune/score.h"

#include <catch2/catch.hpp>

using namespace rwd;
using namespace rwd::sim::tune;
using rwd::runtime::OutcomeKind;

namespace {

CaseMark mark(OutcomeKind expected, OutcomeKind got, int64_t decidedAtMs) {
  sim::suite::Expectation expect;
  expect.outcome = expected;
  runtime::Outcome outcome;
  outcome.kind = got;
  outcome.decidedAtMs = decidedAtMs;
  return markCase(expect, outcome);
}

} // namespace

TEST_CASE("Tune score: passed, false and missed rollbacks, mean time to detect", "[tune]") {
  Score score;
  score.add(mark(OutcomeKind::Promoted, OutcomeKind::Promoted, 1'000'000));
  score.add(mark(OutcomeKind::Promoted, OutcomeKind::RolledBack, 300'000));   // a good deploy lost
  score.add(mark(OutcomeKind::RolledBack, OutcomeKind::RolledBack, 240'000));
  score.add(mark(OutcomeKind::RolledBack, OutcomeKind::Promoted, 1'200'000)); // an incident let through
  score.add(mark(OutcomeKind::Paused, OutcomeKind::RolledBack, 60'000));
  CHECK(score.passed == 2);
  CHECK(score.failed == 3);
  CHECK(score.falseRollbacks == 2);
  CHECK(score.missedRollbacks == 1);
  // The cases expected to roll back, whatever they did: (240 + 1200) / 2.
  CHECK(score.meanDetectSeconds() == Approx(720.0));
  CHECK_FALSE(Score{}.meanDetectSeconds());
}

TEST_CASE("Tune ranking: more passed first, then faster detection, then grid order", "[tune]") {
  auto score = [](size_t passed, int64_t detectSumMs) {
    Score s;
    s.passed = passed;
    s.detectSumMs = detectSumMs;
    s.detectCount = 2;
    return s;
  };
  std::vector<Score> scores = {score(3, 500), score(4, 900), score(4, 700), score(4, 700), score(2, 1)};
  CHECK(rankScores(scores) == std::vector<size_t>{2, 3, 1, 0, 4});
}

TEST_CASE("Tune grid: combinations numbered with the first setting slowest", "[tune]") {
  std::vector<size_t> counts = {2, 3};
  CHECK(gridSize(counts, 100) == 6);
  CHECK(gridChoice(0, counts) == std::vector<size_t>{0, 0});
  CHECK(gridChoice(1, counts) == std::vector<size_t>{0, 1});
  CHECK(gridChoice(3, counts) == std::vector<size_t>{1, 0});
  CHECK(gridChoice(5, counts) == std::vector<size_t>{1, 2});
  CHECK_FALSE(gridSize({1000, 1000, 1000}, 100'000));
  CHECK_FALSE(gridSize({SIZE_MAX, 3}, SIZE_MAX)); // overflow is refused, not wrapped
  CHECK(gridSize({}, 10) == 1);
}
