// This file implements the walking context shared by the Argo YAML mappers: node budget, ranges,
// shape checks and scalar conversions, each failure reported as a located diagnostic.
#pragma once

#include "compiler/yaml/argo/argo_yaml.h"
#include "compiler/yaml/scalar_source.h"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rwd::yaml::argo {

/// One file's reading state. Every accessor counts the node it touches; once the budget is spent
/// (or the tree is too deep) `stopped()` is true and the mappers return early.
class Reader {
public:
  Reader(const SourceFile &file, DiagnosticEngine &diags) : file_(file), diags_(diags) {}

  const SourceFile &file() const { return file_; }
  DiagnosticEngine &diags() { return diags_; }
  bool stopped() const { return stopped_; }
  ArgoYamlFile &out() { return out_; }

  /// Counts a visit of `node`; false once the node budget is exhausted.
  bool visit(const YAML::Node &node);
  /// Tracks nesting while walking opaque config; false past Limits::kMaxNesting.
  bool enter(const YAML::Node &node);
  void leave() { --depth_; }

  SourceRange range(const YAML::Node &node);
  /// Range of a mapping key (the key node itself).
  ScalarSource scalarSource(const YAML::Node &node);

  /// "a map", "a list", "a string", ... for the found side of shape errors.
  static std::string describe(const YAML::Node &node);
  bool expectMap(const YAML::Node &node, std::string_view field);
  bool expectSeq(const YAML::Node &node, std::string_view field);
  bool isPlain(const YAML::Node &node) const; // unquoted scalar (so `5` may be a number)

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
  /// Reports a mapping key that is not a string (with a hint for an unquoted `{{...}}`).
  void reportBadKey(const YAML::Node &key);
  /// Warns that `field` is not carried by Rewind (never dropped silently).
  void notCarried(const YAML::Node &key, std::string_view field);

  /// Calls `f(name, keyNode, valueNode)` for each entry of a map in written order; keys that are
  /// not strings, and keys given twice, are reported and skipped.
  template <typename F> void entries(const YAML::Node &map, F &&f) {
    std::vector<std::pair<std::string, SourceRange>> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!visit(it->first)) return;
      SourceRange where = range(it->first);
      if (!it->first.IsScalar()) {
        reportBadKey(it->first);
        continue;
      }
      std::string name = it->first.Scalar();
      bool duplicate = false;
      for (const auto &[previous, at] : seen)
        if (previous == name) {
          diags_.report(DiagKind::DuplicateSetting, where, name).note(DiagKind::PreviousSettingHere, at);
          duplicate = true;
        }
      if (duplicate) continue;
      seen.emplace_back(name, where);
      f(name, it->first, it->second);
      if (stopped_) return;
    }
  }

private:
  const SourceFile &file_;
  DiagnosticEngine &diags_;
  ArgoYamlFile out_;
  uint64_t visited_ = 0;
  int depth_ = 0;
  bool stopped_ = false;
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
