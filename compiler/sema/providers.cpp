// This file implements the table of metric providers Rewind understands.
#include "compiler/sema/providers.h"

namespace rwd::sema {

namespace {
const std::vector<ProviderInfo> &providers() {
  using S = plan::ResultShape;
  static const std::vector<ProviderInfo> kProviders = {
      {"prometheus", S::Vector, {{"query"}}},
      {"datadog", S::Scalar, {{"query", "queries"}}},
      {"newRelic", S::Dynamic, {{"query"}}},
      {"wavefront", S::Dynamic, {{"query"}}},
      {"web", S::Dynamic, {{"url"}}},
      {"job", S::None, {{"spec"}}},
      // The Kayenta CRD requires every account name and the scopes as well.
      {"kayenta", S::None, {{"address"}, {"application"}, {"canaryConfigName"}, {"metricsAccountName"},
                            {"configurationAccountName"}, {"storageAccountName"}, {"threshold"}, {"scopes"}}},
      {"cloudWatch", S::Dynamic, {{"metricDataQueries"}}},
      {"graphite", S::Vector, {{"query"}}},
      {"influxdb", S::Dynamic, {{"query"}}},
      {"skywalking", S::Dynamic, {{"query"}}},
      {"plugin", S::Dynamic, {}},
      // Flagger's builtin checks (request-success-rate, request-duration), chosen by the metric's
      // name and answered by the mesh's own query: one number (scheduler_metrics.go).
      {"flagger", S::Scalar, {}},
  };
  return kProviders;
}
} // namespace

const ProviderInfo *findProvider(const std::string &name) {
  for (const auto &p : providers())
    if (name == p.name) return &p;
  return nullptr;
}

std::string knownProviderList() {
  std::string out;
  for (const auto &p : providers()) {
    if (!out.empty()) out += ", ";
    out += p.name;
  }
  return out;
}

plan::ResultShape resultShapeOf(const ast::Metric &metric) {
  // Job and Kayenta decide the phase themselves: `returns` cannot give them a `result`.
  if (!metric.providers.empty())
    if (const ProviderInfo *info = findProvider(metric.providers.front().kind.value);
        info && info->shape == plan::ResultShape::None)
      return plan::ResultShape::None;
  if (metric.returns) {
    if (metric.returns->value == "scalar") return plan::ResultShape::Scalar;
    if (metric.returns->value == "vector") return plan::ResultShape::Vector;
  }
  if (metric.providers.empty()) return plan::ResultShape::Vector;
  const ast::Provider &provider = metric.providers.front();
  const ProviderInfo *info = findProvider(provider.kind.value);
  if (!info) return plan::ResultShape::Dynamic;
  std::optional<std::string_view> query;
  if (provider.query) query = provider.query->value;
  if (provider.config)
    for (const auto &[key, value] : provider.config->entries)
      if (key.value == "query" && value.kind == ast::ConfigValue::Kind::Scalar &&
          value.scalar.kind == ast::Literal::Kind::String)
        query = value.scalar.text;
  if (info->shape == plan::ResultShape::Vector && query) {
    std::string_view q = *query;
    size_t start = q.find_first_not_of(" \t\n");
    if (start != std::string_view::npos && q.substr(start).rfind("scalar(", 0) == 0)
      return plan::ResultShape::Scalar;
  }
  return info->shape;
}

} // namespace rwd::sema
