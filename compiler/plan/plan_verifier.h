// This file implements the plan verifier: invariants every lowered plan must hold.
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/plan/plan.h"

namespace rwd::plan {

/// Reports a PlanInvalid diagnostic (at the offending op's range) for each broken invariant.
/// A failure here is a bug in sema or lowering, never the user's fault. Returns true when valid.
bool verifyPlan(const Plan &plan, DiagnosticEngine &diags);

} // namespace rwd::plan
