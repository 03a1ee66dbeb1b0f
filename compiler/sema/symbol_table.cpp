// This file implements the symbol table of a policy.
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

} // namespace rwd::sema
