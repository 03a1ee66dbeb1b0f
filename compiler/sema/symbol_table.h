// This file implements the symbol table of a policy: analyses by name, across all its files.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/support/edit_distance.h"

#include <map>
#include <string>
#include <vector>

namespace rwd::sema {

class SymbolTable {
public:
  /// Adds an analysis; returns the earlier declaration if the name is taken.
  const ast::Analysis *addAnalysis(const ast::Analysis &analysis);
  const ast::Analysis *findAnalysis(const std::string &name) const;
  /// The declared name closest to `name` (for "did you mean"), or "" if none is close.
  std::string closestAnalysis(const std::string &name) const;
  const std::map<std::string, const ast::Analysis *> &analyses() const { return analyses_; }

private:
  std::map<std::string, const ast::Analysis *> analyses_;
};

} // namespace rwd::sema
