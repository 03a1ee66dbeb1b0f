// This file implements lowering: a checked policy (AST) → the plan, with defaults and units resolved.
#pragma once

#include "compiler/plan/plan.h"
#include "compiler/sema/checker.h"

namespace rwd::lower {

/// Lowers a checked policy with a rollout. Never fails: sema has rejected everything lowering
/// cannot express.
plan::Plan lowerToPlan(const sema::CheckedPolicy &policy);

} // namespace rwd::lower
