// This file implements the public face of the Argo Rollouts YAML reader: Kubernetes YAML → AST.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic_engine.h"
#include "compiler/source/source_manager.h"
#include "compiler/yaml/limits.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace rwd::yaml::argo {

/// A `dryRun` or `measurementRetention` rule of a Rollout analysis stanza. Its regex is matched
/// against the metric names of the referenced templates, which may live in another file, so it is
/// resolved once every file is read (resolveArgoReferences).
struct MetricRule {
  std::string pattern;
  SourceRange range;
  int64_t limit = 0; // measurementRetention only
};

/// One analysis use whose rules and argument types wait for the templates of all files.
struct PendingUse {
  ast::AnalysisUse *use = nullptr;                         // step, background, pre/post promotion
  std::vector<ast::ExperimentAnalysis> *experiment = nullptr; // or an experiment's analyses
  std::vector<ast::Spanned<std::string>> *experimentDryRun = nullptr;
  std::vector<ast::MetricRule> *experimentRules = nullptr; // the experiment's rules as written
  std::vector<MetricRule> dryRun;
  std::vector<MetricRule> retention;
};

/// What reading one YAML file produced.
struct ArgoYamlFile {
  std::unique_ptr<ast::PolicyFile> policy; // null after a YAML syntax or limit error
  std::vector<PendingUse> pending;         // points into *policy, which never moves
  size_t argoObjects = 0;                  // Rollout, AnalysisTemplate, ClusterAnalysisTemplate
};

/// Reads every document of `file`: Rollout, AnalysisTemplate and ClusterAnalysisTemplate objects
/// (apiVersion argoproj.io/*) become AST nodes whose ranges point into the YAML; every other kind
/// is skipped. Diagnostics go to `diags`; nothing is thrown.
ArgoYamlFile readArgoYaml(const SourceFile &file, DiagnosticEngine &diags);

/// Completes what needs every file: dry-run and retention regexes resolved to metric names, and
/// argument values typed by the parameter they fill. `all` holds every policy file of the run
/// (.rwd and YAML alike); the YAML ones are mutated through `yamlFiles`.
void resolveArgoReferences(std::vector<ArgoYamlFile *> &yamlFiles,
                           const std::vector<ast::PolicyFile *> &all, DiagnosticEngine &diags);

} // namespace rwd::yaml::argo
