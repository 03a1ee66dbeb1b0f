// This file implements the symbol table of a policy and the edit distance behind "did you mean".
#include "compiler/sema/symbol_table.h"

#include <algorithm>

namespace rwd::sema {

const ast::Analysis *SymbolTable::addAnalysis(const ast::Analysis &analysis) {
  auto [it, inserted] = analyses_.emplace(analysis.name.value, &analysis);
  return inserted ? nullptr : it->second;
}

const ast::Analysis *SymbolTable::findAnalysis(const std::string &name) const {
  auto it = analyses_.find(name);
  return it == analyses_.end() ? nullptr : it->second;
}

std::string SymbolTable::closestAnalysis(const std::string &name) const {
  std::string best;
  size_t bestDistance = std::max<size_t>(2, name.size() / 3) + 1;
  for (const auto &[candidate, _] : analyses_) {
    size_t d = editDistance(name, candidate);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

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

} // namespace rwd::sema
