// This file implements what Rewind knows about each metric provider: its Argo key, required
// fields and the shape of `result` (argo-semantics §2.8 and §8).
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/plan/plan.h"

#include <optional>
#include <string>
#include <vector>

namespace rwd::sema {

struct ProviderInfo {
  const char *name;       // as written in a policy and in Argo YAML (`newRelic`, `cloudWatch`)
  plan::ResultShape shape; // default shape of `result`
  std::vector<std::vector<const char *>> required; // each entry: one of these fields is required
};

const ProviderInfo *findProvider(const std::string &name);
std::string knownProviderList();

/// The shape of `result` for a metric: the provider's default, a `scalar(...)` Prometheus query,
/// or the metric's `returns` override.
plan::ResultShape resultShapeOf(const ast::Metric &metric);

} // namespace rwd::sema
