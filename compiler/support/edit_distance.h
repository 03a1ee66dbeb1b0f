// This file implements the edit distance behind every "did you mean" note.
#pragma once

#include <cstddef>
#include <string_view>

namespace rwd {

/// Levenshtein distance between `a` and `b`.
size_t editDistance(std::string_view a, std::string_view b);

} // namespace rwd
