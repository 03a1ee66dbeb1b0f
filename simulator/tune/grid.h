// This file implements the grid of a tuning run: every combination of the settings' values, numbered
// in row-major order (the first setting changes slowest), so that combination k is the same
// whichever way the work is split.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace rwd::sim::tune {

/// The number of combinations of settings with `valueCounts` values each; nullopt past `limit`.
std::optional<size_t> gridSize(const std::vector<size_t> &valueCounts, size_t limit);

/// Which value of each setting combination `index` takes.
std::vector<size_t> gridChoice(size_t index, const std::vector<size_t> &valueCounts);

} // namespace rwd::sim::tune
