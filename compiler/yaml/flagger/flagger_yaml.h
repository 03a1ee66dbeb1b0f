// This file implements the public face of the Flagger YAML reader: Canary and MetricTemplate
// documents (flagger.app/v1beta1) → Rewind's AST, with ranges into the YAML.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic_engine.h"
#include "compiler/source/source_manager.h"

#include <memory>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

namespace rwd::yaml::flagger {

/// A metric whose `templateRef` waits for the MetricTemplates of every file.
struct PendingTemplateRef {
  size_t analysis = 0; // index into policy->analyses
  std::string name, namespace_;
  SourceRange range;
};

/// A MetricTemplate as read: its provider and query, for the metrics that reference it.
struct MetricTemplate {
  std::string name, namespace_;
  std::string type;    // prometheus, datadog, ... (factory.go)
  std::string address; // provider.address
  std::string query;
  std::optional<ast::ConfigValue> providerExtra; // secretRef, headers, insecureSkipVerify, region
  SourceRange range, queryRange;
};

/// What reading one YAML file produced.
struct FlaggerYamlFile {
  std::unique_ptr<ast::PolicyFile> policy; // null after a YAML syntax or limit error
  ast::PolicyFile *read = nullptr;         // the same file, still valid once `policy` is handed on
  std::vector<PendingTemplateRef> pending;
  std::vector<MetricTemplate> templates;
  size_t flaggerObjects = 0; // Canary, MetricTemplate
  size_t canaries = 0;
};

/// Whether `text` may hold a Flagger object at all (so a file of Argo objects is parsed once).
bool mayHoldFlaggerObjects(std::string_view text);

/// Reads every document of `file` whose apiVersion is flagger.app/*: a Canary becomes a rollout
/// (with one analysis per metric), a MetricTemplate a provider for the metrics that name it; every
/// other kind is skipped. Flagger's pitfalls (peers.md §a.6) are warnings.
FlaggerYamlFile readFlaggerYaml(const SourceFile &file, DiagnosticEngine &diags);

/// Gives every metric with a `templateRef` the provider and query of its MetricTemplate, found in
/// any of `files`; a missing one is an error at the reference.
void resolveFlaggerReferences(std::vector<FlaggerYamlFile *> &files, DiagnosticEngine &diags);

} // namespace rwd::yaml::flagger
