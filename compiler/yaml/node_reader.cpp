// This file implements what every YAML reader shares once the text is parsed: document loading with
// the hostile-input checks, and the walking context's budget, ranges and shape checks.
#include "compiler/yaml/node_reader.h"

#include "compiler/yaml/document_boundaries.h"
#include "compiler/yaml/text_checks.h"

#include <yaml-cpp/depthguard.h>

#include <algorithm>
#include <fmt/format.h>

namespace rwd::yaml {

std::optional<std::vector<YAML::Node>> loadDocuments(const SourceFile &file, DiagnosticEngine &diags) {
  if (!checkYamlText(file, diags) || !checkDocumentBoundaries(file, diags)) return std::nullopt;
  try {
    return YAML::LoadAll(std::string(file.text()));
  } catch (const YAML::DeepRecursion &e) {
    // Block nesting (which the text pre-scan does not measure) past yaml-cpp's own guard.
    uint32_t at = markOffset(file, e.mark.line, e.mark.column);
    diags.report(DiagKind::NestingTooDeep, SourceRange{file.id(), at, at}, Limits::kMaxNesting);
  } catch (const YAML::Exception &e) {
    reportYamlException(file, e, diags);
  } catch (const std::exception &e) {
    diags.report(DiagKind::YamlSyntaxError, SourceRange{file.id(), 0, 0}, e.what());
  }
  return std::nullopt;
}

void reportYamlException(const SourceFile &file, const YAML::Exception &error, DiagnosticEngine &diags) {
  uint32_t at = error.mark.is_null() ? 0 : markOffset(file, error.mark.line, error.mark.column);
  uint32_t end = std::min<uint32_t>(at + 1, static_cast<uint32_t>(file.text().size()));
  diags.report(DiagKind::YamlSyntaxError, SourceRange{file.id(), at, std::max(at, end)},
               error.msg.empty() ? std::string("unreadable document") : error.msg);
}

bool NodeReader::visit(const YAML::Node &node) {
  if (stopped_) return false;
  if (++visited_ > Limits::kMaxNodes) {
    diags_.report(DiagKind::YamlTooManyNodes, range(node), Limits::kMaxNodes);
    stopped_ = true;
    return false;
  }
  return true;
}

bool NodeReader::enter(const YAML::Node &node) {
  if (!visit(node)) return false;
  if (++depth_ > Limits::kMaxNesting) {
    diags_.report(DiagKind::NestingTooDeep, range(node), Limits::kMaxNesting);
    stopped_ = true;
    --depth_;
    return false;
  }
  return true;
}

SourceRange NodeReader::range(const YAML::Node &node) {
  if (!node.IsDefined() || node.Mark().is_null()) return {file_.id(), 0, 0};
  uint32_t at = markOffset(file_, node.Mark().line, node.Mark().column);
  if (node.IsScalar()) return locateScalar(file_, at, node.Scalar()).range;
  // A collection: point at its first character (`[`, `{`, `-` or its first key).
  return {file_.id(), at, static_cast<uint32_t>(std::min<size_t>(at + 1, file_.text().size()))};
}

ScalarSource NodeReader::scalarSource(const YAML::Node &node) {
  uint32_t at = markOffset(file_, node.Mark().line, node.Mark().column);
  return locateScalar(file_, at, node.Scalar());
}

std::string NodeReader::describe(const YAML::Node &node) {
  switch (node.Type()) {
  case YAML::NodeType::Map: return "a map";
  case YAML::NodeType::Sequence: return "a list";
  case YAML::NodeType::Null: return "null";
  case YAML::NodeType::Scalar: return fmt::format("`{}`", node.Scalar().substr(0, 40));
  default: return "nothing";
  }
}

void NodeReader::reportBadKey(const YAML::Node &key) {
  diags_.report(DiagKind::YamlWrongShape, range(key), "a key", "a string", describe(key));
}

bool NodeReader::isPlain(const YAML::Node &node) const { return node.Tag() == "?"; }

bool NodeReader::expectMap(const YAML::Node &node, std::string_view field) {
  if (node.IsMap()) return true;
  diags_.report(DiagKind::YamlWrongShape, range(node), field, "a map", describe(node));
  return false;
}

bool NodeReader::expectSeq(const YAML::Node &node, std::string_view field) {
  if (node.IsSequence()) return true;
  diags_.report(DiagKind::YamlWrongShape, range(node), field, "a list", describe(node));
  return false;
}

} // namespace rwd::yaml
