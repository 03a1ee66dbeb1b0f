// This file implements the edit distance behind every "did you mean" note.
#include "compiler/support/edit_distance.h"

#include <algorithm>
#include <vector>

namespace rwd {

size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t previous = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t current = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] != b[j - 1] ? 1 : 0)});
      previous = current;
    }
  }
  return row[b.size()];
}

} // namespace rwd
