// This file implements the entry point of the Argo YAML reader: every document loaded (with the
// shared checks on the raw text) and dispatched by kind to the Rollout and template mappers.
#include "compiler/yaml/argo/argo_yaml.h"

#include "compiler/yaml/argo/reader.h"

#include <fmt/format.h>

namespace rwd::yaml::argo {

namespace {

std::string scalarOr(const YAML::Node &map, const char *key) {
  YAML::Node node = map[key];
  return node && node.IsScalar() ? node.Scalar() : std::string();
}

void readDocument(Reader &reader, const YAML::Node &doc, ast::PolicyFile &policy) {
  if (!reader.visit(doc) || !doc.IsMap()) return; // comments-only documents, lists: not objects
  std::string kind = scalarOr(doc, "kind");
  std::string apiVersion = scalarOr(doc, "apiVersion");
  bool argo = apiVersion.rfind("argoproj.io/", 0) == 0;
  if (!argo) return;
  if (kind == "Rollout") {
    ++reader.out().argoObjects;
    readRollout(reader, doc, policy);
  } else if (kind == "AnalysisTemplate" || kind == "ClusterAnalysisTemplate") {
    ++reader.out().argoObjects;
    readAnalysisTemplate(reader, doc, kind == "ClusterAnalysisTemplate", policy);
  }
  // Experiment, AnalysisRun and every other kind: not a policy object, skipped.
}

} // namespace

ArgoYamlFile readArgoYaml(const SourceFile &file, DiagnosticEngine &diags) {
  std::optional<std::vector<YAML::Node>> docs = loadDocuments(file, diags);
  if (!docs) return {};
  Reader reader(file, diags);
  auto policy = std::make_unique<ast::PolicyFile>();
  policy->file = file.id();
  try {
    for (const YAML::Node &doc : *docs) {
      readDocument(reader, doc, *policy);
      if (reader.stopped()) break;
    }
  } catch (const YAML::Exception &e) {
    reportYamlException(file, e, diags);
    return {};
  } catch (const std::exception &e) {
    diags.report(DiagKind::YamlSyntaxError, SourceRange{file.id(), 0, 0}, e.what());
    return {};
  }
  ArgoYamlFile out = std::move(reader.out());
  if (reader.stopped()) return {};
  out.policy = std::move(policy);
  return out;
}

} // namespace rwd::yaml::argo
