// This file implements the Flagger backend: a plan becomes one Canary (flagger.app/v1beta1) and one
// MetricTemplate per metric Flagger queries through a provider, as a multi-document YAML stream.
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/emit/yaml_writer.h"
#include "compiler/plan/plan.h"

#include <vector>

namespace rwd::emit {

/// The Canary first, then the MetricTemplates by name. What Flagger cannot express is refused at
/// its policy line (plan::deriveFlaggerAnalysis); the result is then empty.
std::vector<YamlNode> emitFlaggerDocuments(const plan::Plan &plan, DiagnosticEngine &diags);

} // namespace rwd::emit
