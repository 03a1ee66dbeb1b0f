// This file implements the replays of a tuning run and the reuse of replays a combination cannot
// change.
#include "simulator/tune/tuner.h"

#include "simulator/suite/parallel_for.h"

#include <algorithm>

namespace rwd::sim::tune {

namespace {

std::vector<size_t> project(const std::vector<size_t> &choice, const std::vector<bool> &read) {
  std::vector<size_t> key(choice.size(), SIZE_MAX);
  for (size_t i = 0; i < choice.size(); ++i)
    if (read[i]) key[i] = choice[i];
  return key;
}

} // namespace

Tuner::Tuner(std::vector<TuneCase> cases, std::vector<size_t> settingTemplates, unsigned jobs)
    : cases_(std::move(cases)), settingTemplates_(std::move(settingTemplates)), jobs_(jobs), memos_(cases_.size()) {}

CaseMark Tuner::markOf(size_t caseIndex, const Variant &variant) {
  CaseMemo &memo = memos_[caseIndex];
  for (const CaseMemo::Group &group : memo.groups) {
    auto it = group.marks.find(project(variant.choice, group.settingsRead));
    if (it != group.marks.end()) {
      ++memo.reused;
      return it->second;
    }
  }
  const TuneCase &c = cases_[caseIndex];
  DiagnosticEngine scratch; // the case's warnings were reported when it was prepared
  ReplayOptions options = c.prepared->options;
  options.recordTimeline = false; // a score needs the outcome only
  options.flagger = variant.flagger.get();
  Replay replay = replayTrace(*variant.plan, c.prepared->trace, c.prepared->events, options, scratch);
  ++memo.replays;
  CaseMark mark = markCase(*c.expect, replay.result.outcome);
  std::vector<bool> read(settingTemplates_.size());
  for (size_t i = 0; i < read.size(); ++i) read[i] = replay.result.templatesInstantiated[settingTemplates_[i]];
  auto group = std::find_if(memo.groups.begin(), memo.groups.end(),
                            [&](const CaseMemo::Group &g) { return g.settingsRead == read; });
  if (group == memo.groups.end()) group = memo.groups.insert(memo.groups.end(), CaseMemo::Group{read, {}});
  group->marks.emplace(project(variant.choice, read), mark);
  return mark;
}

std::vector<Score> Tuner::score(const std::vector<Variant> &variants, std::atomic<size_t> *finished) {
  // marks[c * variants + v]: written by the one thread that runs case c.
  std::vector<CaseMark> marks(cases_.size() * variants.size());
  suite::parallelFor(cases_.size(), jobs_, [&](size_t c) {
    for (size_t v = 0; v < variants.size(); ++v) {
      marks[c * variants.size() + v] = markOf(c, variants[v]);
      if (finished) finished->fetch_add(1, std::memory_order_relaxed);
    }
  });
  std::vector<Score> scores(variants.size());
  for (size_t c = 0; c < cases_.size(); ++c)
    for (size_t v = 0; v < variants.size(); ++v) scores[v].add(marks[c * variants.size() + v]);
  return scores;
}

TuneStats Tuner::stats() const {
  TuneStats stats;
  for (const CaseMemo &memo : memos_) {
    stats.replays += memo.replays;
    stats.reused += memo.reused;
  }
  return stats;
}

} // namespace rwd::sim::tune
