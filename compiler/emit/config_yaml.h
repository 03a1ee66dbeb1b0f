// This file implements the conversion of a plan's verbatim settings (provider configs, `argo { }`
// and `flagger { }` blocks) into YAML nodes, keys in written order, for every backend.
#pragma once

#include "compiler/emit/yaml_writer.h"
#include "compiler/plan/plan.h"

namespace rwd::emit {

/// `json` as a YAML node: objects keep their key order, numbers their integer or float kind.
YamlNode configToYaml(const plan::Config &json);

} // namespace rwd::emit
