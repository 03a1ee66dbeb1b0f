// This file implements the Argo Rollouts backend: a plan becomes one Rollout followed by one
// AnalysisTemplate (or ClusterAnalysisTemplate) per analysis, as a multi-document YAML stream.
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/emit/yaml_writer.h"
#include "compiler/plan/plan.h"

#include <string>

namespace rwd::emit {

struct EmitOptions {
  /// The workload the Rollout manages (`spec.workloadRef`); an empty name means the rollout's.
  std::string workloadApiVersion = "apps/v1";
  std::string workloadKind = "Deployment";
  std::string workloadName;
};

/// The YAML for `plan`. Rewind constructs Argo cannot express (promotion timeouts, `on rollback
/// undo`) are refused with NotExpressibleInTarget at their policy line; the result is then "".
std::string emitArgo(const plan::Plan &plan, DiagnosticEngine &diags, const EmitOptions &options);

/// The same documents as trees: the Rollout first, then the templates by name. Empty on refusal.
std::vector<YamlNode> emitArgoDocuments(const plan::Plan &plan, DiagnosticEngine &diags, const EmitOptions &options);

} // namespace rwd::emit
