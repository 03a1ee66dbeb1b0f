// This file implements the annotations both backends write for irreversible marks: documentation
// for the people reading the manifest (no controller acts on them).
#pragma once

#include "compiler/emit/yaml_writer.h"
#include "compiler/plan/plan.h"

namespace rwd::emit {

/// Adds `rewind.dev/irreversible-before-step-N` (canary) or `rewind.dev/irreversible-at-promotion`
/// (blue-green) to `annotations`, notes of one key joined by `; `, keys in first-mark order.
void addIrreversibleAnnotations(const plan::Plan &plan, YamlNode &annotations);

} // namespace rwd::emit
