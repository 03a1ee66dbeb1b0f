// This file implements what every YAML reader shares once the text is parsed: loading the documents
// with the hostile-input checks, and a walking context (node budget, nesting, ranges, shape checks,
// duplicate keys) whose every failure is a located diagnostic.
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/source/source_manager.h"
#include "compiler/yaml/limits.h"
#include "compiler/yaml/scalar_source.h"

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rwd::yaml {

/// Checks the raw text (encoding, control characters, flow nesting) and the document boundaries,
/// then parses every document of `file`.
/// A YAML syntax error, nesting past yaml-cpp's guard or any other yaml-cpp failure is a located
/// diagnostic and nullopt; nothing is thrown.
std::optional<std::vector<YAML::Node>> loadDocuments(const SourceFile &file, DiagnosticEngine &diags);

/// Reports a yaml-cpp exception (thrown while loading or walking `file`) at its mark.
void reportYamlException(const SourceFile &file, const YAML::Exception &error, DiagnosticEngine &diags);

/// One file's walking state. Every accessor counts the node it touches; once the budget is spent
/// (or the tree is too deep) `stopped()` is true and readers return early.
class NodeReader {
public:
  NodeReader(const SourceFile &file, DiagnosticEngine &diags) : file_(file), diags_(diags) {}

  const SourceFile &file() const { return file_; }
  DiagnosticEngine &diags() { return diags_; }
  bool stopped() const { return stopped_; }

  /// Counts a visit of `node`; false once the node budget is exhausted.
  bool visit(const YAML::Node &node);
  /// Tracks nesting while walking a tree of unknown depth; false past Limits::kMaxNesting.
  bool enter(const YAML::Node &node);
  void leave() { --depth_; }

  /// Where `node` is written: a scalar as written (quotes included), a collection at its first
  /// character.
  SourceRange range(const YAML::Node &node);
  /// A scalar's source, byte by byte.
  ScalarSource scalarSource(const YAML::Node &node);

  /// "a map", "a list", "a string", ... for the found side of shape errors.
  static std::string describe(const YAML::Node &node);
  bool expectMap(const YAML::Node &node, std::string_view field);
  bool expectSeq(const YAML::Node &node, std::string_view field);
  bool isPlain(const YAML::Node &node) const; // unquoted scalar (so `5` may be a number)

  /// Reports a mapping key that is not a string.
  virtual void reportBadKey(const YAML::Node &key);

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

  virtual ~NodeReader() = default;

protected:
  const SourceFile &file_;
  DiagnosticEngine &diags_;

private:
  uint64_t visited_ = 0;
  int depth_ = 0;
  bool stopped_ = false;
};

} // namespace rwd::yaml
