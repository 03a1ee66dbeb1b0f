// This file implements the stable text and JSON forms of a plan (`rewind plan`, plan goldens).
#pragma once

#include "compiler/plan/plan.h"
#include "compiler/source/source_manager.h"

#include <nlohmann/json.hpp>
#include <string>

namespace rwd::plan {

/// A readable, deterministic text form: every default resolved and shown, every op with `@path:line`.
std::string printPlan(const Plan &plan, const SourceManager &sources);

/// The same content as JSON (keys in a fixed order), for scripts.
nlohmann::ordered_json planToJson(const Plan &plan, const SourceManager &sources);

} // namespace rwd::plan
