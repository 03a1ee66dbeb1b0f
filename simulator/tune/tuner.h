// This file implements the replays of a tuning run: every case under every combination, the cases
// spread over threads, each case's trace parsed once and shared read-only by all its replays. Work a
// combination cannot change is skipped: a replay reads the settings of the analyses it instantiates
// and nothing else, so a combination that agrees with an earlier one on every setting an earlier
// replay of the case read gets that replay's result without replaying.
#pragma once

#include "compiler/plan/flagger_analysis.h"
#include "compiler/plan/plan.h"
#include "simulator/suite/runner.h"
#include "simulator/tune/score.h"

#include <atomic>
#include <cstddef>
#include <map>
#include <memory>
#include <vector>

namespace rwd::sim::tune {

/// A case of the suite: parsed once, shared by every replay.
struct TuneCase {
  const suite::PreparedCase *prepared = nullptr;
  const suite::Expectation *expect = nullptr;
};

/// One combination: which value of each setting, and the plan of the policy with those values
/// (with its Flagger view when the cases replay with Flagger's semantics).
struct Variant {
  std::vector<size_t> choice;
  std::shared_ptr<const plan::Plan> plan;
  std::shared_ptr<const plan::FlaggerAnalysis> flagger;
};

struct TuneStats {
  size_t replays = 0; // replays run
  size_t reused = 0;  // results taken from a replay of another combination
};

class Tuner {
public:
  /// `settingTemplates[i]` is the plan template that setting i belongs to.
  Tuner(std::vector<TuneCase> cases, std::vector<size_t> settingTemplates, unsigned jobs);

  /// The scores of `variants`, in their order. Batches of one grid may be scored one after the
  /// other: what is known of earlier batches is reused.
  std::vector<Score> score(const std::vector<Variant> &variants, std::atomic<size_t> *finished = nullptr);

  TuneStats stats() const;

private:
  /// What is known of one case: its replays grouped by the settings they read.
  struct CaseMemo {
    struct Group {
      std::vector<bool> settingsRead;
      /// Keyed by the choice of the settings read (the others marked SIZE_MAX).
      std::map<std::vector<size_t>, CaseMark> marks;
    };
    std::vector<Group> groups;
    size_t replays = 0, reused = 0;
  };

  CaseMark markOf(size_t caseIndex, const Variant &variant);

  std::vector<TuneCase> cases_;
  std::vector<size_t> settingTemplates_;
  unsigned jobs_;
  std::vector<CaseMemo> memos_;
};

} // namespace rwd::sim::tune
