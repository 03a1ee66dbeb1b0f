// This file implements the entry point of the Argo YAML reader: checks on the raw text, yaml-cpp
// parsing of every document, and dispatch by kind to the Rollout and template mappers.
#include "compiler/yaml/argo/argo_yaml.h"

#include "compiler/yaml/argo/reader.h"
#include "compiler/yaml/text_checks.h"

#include <yaml-cpp/depthguard.h>

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
  Reader reader(file, diags);
  if (!checkEncoding(file, diags) || !checkNesting(file, Limits::kMaxNesting, diags) ||
      !checkStrayCommas(file, diags))
    return {};
  auto policy = std::make_unique<ast::PolicyFile>();
  policy->file = file.id();
  try {
    std::vector<YAML::Node> docs = YAML::LoadAll(std::string(file.text()));
    for (const YAML::Node &doc : docs) {
      readDocument(reader, doc, *policy);
      if (reader.stopped()) break;
    }
  } catch (const YAML::DeepRecursion &e) {
    // Block nesting (which the text pre-scan does not measure) past yaml-cpp's own guard.
    uint32_t at = markOffset(file, e.mark.line, e.mark.column);
    diags.report(DiagKind::NestingTooDeep, SourceRange{file.id(), at, at}, Limits::kMaxNesting);
    return {};
  } catch (const YAML::Exception &e) {
    uint32_t at = e.mark.is_null() ? 0 : markOffset(file, e.mark.line, e.mark.column);
    uint32_t end = std::min<uint32_t>(at + 1, static_cast<uint32_t>(file.text().size()));
    diags.report(DiagKind::YamlSyntaxError, SourceRange{file.id(), at, std::max(at, end)},
                 e.msg.empty() ? std::string("unreadable document") : e.msg);
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
