// This file implements `rewind compile --into MANIFEST`: the compiled strategy and templates merged
// into a user's existing Kubernetes manifest, everything else in it left as it was.
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/emit/yaml_writer.h"
#include "compiler/source/source_manager.h"

#include <optional>
#include <string>
#include <vector>

namespace rwd::emit {

/// Merges `compiled` (a Rollout followed by its templates, as emitArgoDocuments returns them) into
/// the manifest `manifest`:
/// - the target is the Rollout named like the compiled one, else the file's only Rollout, else the
///   Deployment of that name or the only Deployment, which becomes a Rollout (apiVersion, kind);
/// - in the target, `spec.strategy` is replaced, the spec fields the policy sets (replicas,
///   minReadySeconds, progressDeadline*, rollbackWindow, `argo {}` extras) and Rewind's
///   annotations are set; the pod template, selector, labels and every other field stay;
///   a `workloadRef` is added only when the target has neither a template nor a workloadRef;
/// - a template with the same kind and name is replaced where it stands, others are appended.
/// Documents that are not changed are copied byte for byte (comments included); changed documents
/// are rewritten with their keys in the original order. Returns nullopt after reporting a
/// located error (invalid YAML, no or several candidate targets).
std::optional<std::string> mergeIntoManifest(const SourceFile &manifest, const std::vector<YamlNode> &compiled,
                                             DiagnosticEngine &diags);

} // namespace rwd::emit
