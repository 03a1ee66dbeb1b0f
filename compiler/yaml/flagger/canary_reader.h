// This file implements the mapping of a Flagger `Canary` document to Rewind's AST (canary_reader.cpp).
#pragma once

#include "compiler/yaml/argo/reader.h"
#include "compiler/yaml/flagger/flagger_yaml.h"

namespace rwd::yaml::flagger {

/// Maps a Canary document (its root map) into `out.policy`; metrics with a `templateRef` are left
/// in `out.pending` for resolveFlaggerReferences.
void readCanary(argo::Reader &reader, const YAML::Node &doc, FlaggerYamlFile &out);

} // namespace rwd::yaml::flagger
