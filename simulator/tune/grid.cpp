// This file implements the numbering of a tuning grid's combinations.
#include "simulator/tune/grid.h"

namespace rwd::sim::tune {

std::optional<size_t> gridSize(const std::vector<size_t> &valueCounts, size_t limit) {
  size_t size = 1;
  for (size_t count : valueCounts) {
    if (count == 0) return 0;
    if (size > limit / count) return std::nullopt;
    size *= count;
  }
  return size <= limit ? std::optional<size_t>(size) : std::nullopt;
}

std::vector<size_t> gridChoice(size_t index, const std::vector<size_t> &valueCounts) {
  std::vector<size_t> choice(valueCounts.size());
  for (size_t i = valueCounts.size(); i-- > 0;) {
    choice[i] = index % valueCounts[i];
    index /= valueCounts[i];
  }
  return choice;
}

} // namespace rwd::sim::tune
