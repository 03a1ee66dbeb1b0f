// This file implements the entry point of the Flagger YAML reader: the documents of one file picked
// by apiVersion and kind, MetricTemplates read, and templateRef references resolved across files.
#include "compiler/yaml/flagger/flagger_yaml.h"

#include "compiler/yaml/argo/reader.h"
#include "compiler/yaml/flagger/canary_reader.h"

#include <fmt/format.h>

namespace rwd::yaml::flagger {

namespace {

using argo::Reader;

std::string scalarOr(const YAML::Node &map, const char *key) {
  YAML::Node node = map[key];
  return node && node.IsScalar() ? node.Scalar() : std::string();
}

/// A MetricTemplate: provider (type, address, and the rest kept for the backend) and query.
void readMetricTemplate(Reader &r, const YAML::Node &doc, FlaggerYamlFile &out) {
  MetricTemplate t;
  t.range = r.range(doc);
  YAML::Node metadata = doc["metadata"];
  if (!metadata || !metadata.IsMap() || !metadata["name"]) {
    r.diags().report(DiagKind::YamlMissingField, t.range, "a MetricTemplate", "metadata.name");
    return;
  }
  if (auto name = r.string(metadata["name"], "metadata.name")) t.name = name->value;
  if (metadata["namespace"])
    if (auto ns = r.string(metadata["namespace"], "metadata.namespace")) t.namespace_ = ns->value;
  YAML::Node spec = doc["spec"];
  if (!spec || !r.expectMap(spec, "spec")) {
    if (!spec) r.diags().report(DiagKind::YamlMissingField, t.range, "a MetricTemplate", "spec");
    return;
  }
  r.entries(spec, [&](const std::string &key, const YAML::Node &k, const YAML::Node &v) {
    if (key == "query") {
      if (auto query = r.string(v, "spec.query")) {
        t.query = query->value;
        t.queryRange = query->range;
      }
    } else if (key == "provider") {
      if (!r.expectMap(v, "spec.provider")) return;
      ast::ConfigValue extra;
      extra.kind = ast::ConfigValue::Kind::Object;
      extra.range = r.range(v);
      r.entries(v, [&](const std::string &pk, const YAML::Node &pkn, const YAML::Node &pv) {
        if (pk == "type") {
          if (auto type = r.string(pv, "provider.type")) t.type = type->value;
        } else if (pk == "address") {
          if (auto address = r.string(pv, "provider.address")) t.address = address->value;
        } else {
          extra.entries.push_back({{pk, r.range(pkn)}, r.config(pv)});
        }
      });
      if (!extra.entries.empty()) t.providerExtra = std::move(extra);
    } else {
      r.notCarried(k, "spec." + key);
    }
  });
  // factory.go: an unknown or empty type falls back to prometheus.
  if (t.type.empty()) t.type = "prometheus";
  out.templates.push_back(std::move(t));
}

void readDocument(Reader &reader, const YAML::Node &doc, FlaggerYamlFile &out) {
  if (!reader.visit(doc) || !doc.IsMap()) return;
  if (scalarOr(doc, "apiVersion").rfind("flagger.app/", 0) != 0) return;
  std::string kind = scalarOr(doc, "kind");
  if (kind == "Canary") {
    ++out.flaggerObjects;
    ++out.canaries;
    readCanary(reader, doc, out);
  } else if (kind == "MetricTemplate") {
    ++out.flaggerObjects;
    readMetricTemplate(reader, doc, out);
  }
  // AlertProvider and every other kind: not a policy object, skipped.
}

} // namespace

bool mayHoldFlaggerObjects(std::string_view text) { return text.find("flagger.app/") != std::string_view::npos; }

FlaggerYamlFile readFlaggerYaml(const SourceFile &file, DiagnosticEngine &diags) {
  FlaggerYamlFile out;
  if (!mayHoldFlaggerObjects(file.text())) {
    out.policy = std::make_unique<ast::PolicyFile>();
    out.policy->file = file.id();
    out.read = out.policy.get();
    return out;
  }
  // The Argo reader has already checked this file's text and syntax (the driver reads Flagger
  // objects only from a file it accepted), so a failure here is not reported twice.
  Reader reader(file, diags);
  out.policy = std::make_unique<ast::PolicyFile>();
  out.policy->file = file.id();
  out.read = out.policy.get();
  try {
    std::vector<YAML::Node> docs = YAML::LoadAll(std::string(file.text()));
    for (const YAML::Node &doc : docs) {
      readDocument(reader, doc, out);
      if (reader.stopped()) break;
    }
  } catch (const std::exception &) {
    return {};
  }
  if (reader.stopped()) return {};
  return out;
}

void resolveFlaggerReferences(std::vector<FlaggerYamlFile *> &files, DiagnosticEngine &diags) {
  auto find = [&](const PendingTemplateRef &ref) -> const MetricTemplate * {
    const MetricTemplate *byName = nullptr;
    for (const FlaggerYamlFile *file : files)
      for (const MetricTemplate &t : file->templates) {
        if (t.name != ref.name) continue;
        if (t.namespace_ == ref.namespace_) return &t;
        if (t.namespace_.empty() || ref.namespace_.empty()) byName = byName ? byName : &t;
      }
    return byName;
  };
  for (FlaggerYamlFile *file : files)
    for (const PendingTemplateRef &ref : file->pending) {
      if (!file->read || ref.analysis >= file->read->analyses.size()) continue;
      ast::Metric &metric = file->read->analyses[ref.analysis].metrics.front();
      const MetricTemplate *t = find(ref);
      if (!t) {
        diags.report(DiagKind::FlaggerTemplateNotFound, ref.range,
                     ref.namespace_.empty() ? ref.name : ref.namespace_ + "/" + ref.name);
        continue;
      }
      ast::Provider provider;
      provider.range = t->range;
      if (t->type == "prometheus") {
        provider.kind = {"prometheus", t->range};
        // `{{ variables.x }}` is Rewind's `{{args.x}}`; Flagger's own variables ({{ namespace }},
        // {{ target }}, {{ interval }}, ...) stay as written.
        std::string query = t->query;
        for (size_t at = query.find("{{"); at != std::string::npos; at = query.find("{{", at + 2)) {
          size_t end = query.find("}}", at);
          if (end == std::string::npos) break;
          std::string inner = query.substr(at + 2, end - at - 2);
          size_t b = inner.find_first_not_of(' '), e = inner.find_last_not_of(' ');
          std::string name = b == std::string::npos ? "" : inner.substr(b, e - b + 1);
          if (name.rfind("variables.", 0) == 0) {
            std::string replacement = "{{args." + name.substr(10) + "}}";
            query.replace(at, end + 2 - at, replacement);
            end = at + replacement.size() - 2;
          }
          at = end;
        }
        provider.query = ast::Spanned<std::string>{query, t->queryRange};
        if (!t->address.empty()) provider.address = ast::Spanned<std::string>{t->address, t->range};
      } else if (t->type == "datadog") {
        provider.kind = {"datadog", t->range};
        ast::ConfigValue config;
        config.kind = ast::ConfigValue::Kind::Object;
        config.range = t->range;
        ast::ConfigValue query;
        query.range = t->queryRange;
        query.scalar.kind = ast::Literal::Kind::String;
        query.scalar.text = t->query;
        query.scalar.range = t->queryRange;
        config.entries.push_back({{"query", t->queryRange}, std::move(query)});
        provider.config = std::move(config);
      } else {
        diags.report(DiagKind::FlaggerProviderUnsupported, t->range, t->type);
        continue;
      }
      metric.providers.push_back(std::move(provider));
      if (t->providerExtra) {
        if (!metric.flagger) {
          metric.flagger.emplace();
          metric.flagger->kind = ast::ConfigValue::Kind::Object;
          metric.flagger->range = ref.range;
        }
        metric.flagger->entries.push_back({{"provider", t->providerExtra->range}, *t->providerExtra});
      }
    }
}

} // namespace rwd::yaml::flagger
