// This file implements the reading context of the Argo YAML mappers: the shared YAML walking context
// plus the scalar conversions of Argo's fields, each failure reported as a located diagnostic.
#pragma once

#include "compiler/yaml/argo/argo_yaml.h"
#include "compiler/yaml/node_reader.h"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rwd::yaml::argo {

/// One file's reading state: the shared walking context plus the scalar conversions and checks
/// of Argo's fields, each returning an AST value located in the YAML.
class Reader : public NodeReader {
public:
  Reader(const SourceFile &file, DiagnosticEngine &diags) : NodeReader(file, diags) {}

  ArgoYamlFile &out() { return out_; }

  std::optional<ast::Spanned<std::string>> string(const YAML::Node &node, std::string_view field);
  std::optional<ast::Spanned<int64_t>> integer(const YAML::Node &node, std::string_view field,
                                              int64_t min = 0);
  std::optional<ast::Spanned<bool>> boolean(const YAML::Node &node, std::string_view field);
  /// A Go duration string (`30s`, `5m`, `1h30m`); `allowSeconds`: a bare integer is seconds.
  std::optional<ast::Spanned<int64_t>> duration(const YAML::Node &node, std::string_view field,
                                               bool allowSeconds);
  /// A metric's count or limit, an IntOrString in Argo: an integer (any sign: Argo's own
  /// validation judges it when a run starts), or text Argo reads when it creates the run, kept in
  /// `texts` under `field` (an `{{args.x}}` placeholder; other text, which Argo reads as 0).
  void intOrText(const YAML::Node &node, const std::string &field, std::optional<ast::Spanned<int64_t>> &out,
                 std::vector<ast::TextSetting> &texts);
  /// A metric's `interval` or `initialDelay`: a duration Go parses, or text kept in `texts` (an
  /// `{{args.x}}` placeholder, or a quoted string Go cannot parse: Argo puts the run in Error).
  void durationOrText(const YAML::Node &node, const std::string &field, std::optional<ast::Spanned<int64_t>> &out,
                      std::vector<ast::TextSetting> &texts);
  /// The text of a metric setting's scalar, or null (reported as not `expected`).
  const std::string *settingText(const YAML::Node &node, const std::string &field, std::string_view expected);
  /// Whole seconds (`scaleDownDelaySeconds: 30`) as milliseconds.
  std::optional<ast::Spanned<int64_t>> seconds(const YAML::Node &node, std::string_view field);
  /// An int or a percentage string (`maxSurge: 1`, `maxSurge: "25%"`).
  std::optional<ast::Quantity> quantity(const YAML::Node &node, std::string_view field);
  /// Any YAML value as opaque config (objects keep their written order).
  ast::ConfigValue config(const YAML::Node &node);
  ast::Literal literal(const YAML::Node &node);

  /// Reports `{{...}}` in a field Rewind needs as a literal; true if one was found.
  bool rejectPlaceholder(const YAML::Node &node, std::string_view field);
  /// Reports a mapping key that is not a string, with a hint for an unquoted `{{...}}`.
  void reportBadKey(const YAML::Node &key) override;
  /// Warns that `field` is not carried by Rewind (never dropped silently).
  void notCarried(const YAML::Node &key, std::string_view field);

private:
  ArgoYamlFile out_;
};

/// Reads a `dryRun` or `measurementRetention` list (`key` names which) into `rules`: each entry's
/// `metricName` regex and, for retention, its `limit`. `field` is the list's path for diagnostics.
void readMetricRules(Reader &reader, const YAML::Node &list, const std::string &key, const std::string &field,
                     std::vector<MetricRule> &rules);

/// Maps a Rollout document (its root map) into `policy`.
void readRollout(Reader &reader, const YAML::Node &doc, ast::PolicyFile &policy);
/// Maps an AnalysisTemplate or ClusterAnalysisTemplate document into `policy`.
void readAnalysisTemplate(Reader &reader, const YAML::Node &doc, bool cluster, ast::PolicyFile &policy);

} // namespace rwd::yaml::argo
