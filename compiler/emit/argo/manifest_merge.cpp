// This file implements `rewind compile --into MANIFEST`: the compiled strategy and templates merged
// into a user's existing Kubernetes manifest, everything else in it left as it was.
#include "compiler/emit/argo/manifest_merge.h"

#include "compiler/yaml/argo/argo_yaml.h"
#include "compiler/yaml/document_boundaries.h"
#include "compiler/yaml/text_checks.h"

#include <yaml-cpp/yaml.h>

namespace rwd::emit {

namespace {

/// One document of the manifest: its `---` line (if any) and its text, kept for verbatim copies.
struct Document {
  std::string_view separator; // the `---` line with its newline; empty for a leading document
  std::string_view body;
  uint32_t bodyOffset = 0;
  YamlNode tree;              // the parsed document (Null for an empty or comments-only one)
  bool changed = false;
};

/// A `---` line: the marker alone, or followed by blanks or a comment.
bool isSeparator(std::string_view line) {
  if (line.substr(0, 3) != "---") return false;
  std::string_view rest = line.substr(3);
  size_t i = rest.find_first_not_of(" \t\r\n");
  return i == std::string_view::npos || rest[i] == '#';
}

std::vector<Document> splitDocuments(std::string_view text) {
  std::vector<Document> docs(1);
  size_t bodyStart = 0, pos = 0;
  auto finish = [&](size_t end) {
    docs.back().body = text.substr(bodyStart, end - bodyStart);
    docs.back().bodyOffset = static_cast<uint32_t>(bodyStart);
  };
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
    if (isSeparator(text.substr(pos, next - pos))) {
      finish(pos);
      docs.emplace_back().separator = text.substr(pos, next - pos);
      bodyStart = next;
    }
    pos = next;
  }
  finish(text.size());
  return docs;
}

/// The file offset of a yaml-cpp mark (0-based line and column) in the document starting at `base`.
uint32_t markInDocument(const SourceFile &file, uint32_t base, const YAML::Mark &mark) {
  if (mark.is_null() || mark.line < 0 || mark.column < 0) return base;
  LineColumn start = file.lineColumn(base);
  uint32_t line = start.line + static_cast<uint32_t>(mark.line);
  uint32_t column = static_cast<uint32_t>(mark.column) + (mark.line == 0 ? start.column - 1 : 0);
  uint32_t offset = file.lineStart(line) + column;
  return std::min<uint32_t>(offset, static_cast<uint32_t>(file.text().size()));
}

class Converter {
public:
  Converter(const SourceFile &file, DiagnosticEngine &diags) : file_(file), diags_(diags) {}

  /// yaml-cpp's tree as a YamlNode; plain scalars stay plain, quoted and block scalars are strings.
  bool convert(const YAML::Node &node, YamlNode &out, uint32_t base, int depth) {
    if (++visited_ > yaml::Limits::kMaxNodes) return tooMany(node, base);
    if (depth > yaml::Limits::kMaxNesting) {
      diags_.report(DiagKind::NestingTooDeep, at(node, base), yaml::Limits::kMaxNesting);
      return false;
    }
    switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null: out = YamlNode::null(); return true;
    case YAML::NodeType::Scalar:
      out = node.Tag() == "?" ? YamlNode::plain(node.Scalar()) : YamlNode::string(node.Scalar());
      return true;
    case YAML::NodeType::Sequence:
      out = YamlNode::seq();
      for (const YAML::Node &item : node)
        if (!convert(item, out.push(YamlNode()), base, depth + 1)) return false;
      return true;
    case YAML::NodeType::Map:
      out = YamlNode::map();
      for (const auto &entry : node) {
        if (!entry.first.IsScalar()) {
          diags_.report(DiagKind::YamlWrongShape, at(entry.first, base), "a mapping key", "a scalar",
                        "a collection");
          return false;
        }
        if (!convert(entry.second, out.set(entry.first.Scalar(), YamlNode()), base, depth + 1)) return false;
      }
      return true;
    }
    return true;
  }

  SourceRange at(const YAML::Node &node, uint32_t base) const {
    uint32_t offset = markInDocument(file_, base, node.Mark());
    return file_.range(offset, offset);
  }

private:
  const SourceFile &file_;
  DiagnosticEngine &diags_;
  uint64_t visited_ = 0;

  bool tooMany(const YAML::Node &node, uint32_t base) {
    diags_.report(DiagKind::YamlTooManyNodes, at(node, base), yaml::Limits::kMaxNodes);
    return false;
  }
};

std::string scalarAt(const YamlNode &map, std::string_view key) {
  for (const auto &[name, value] : map.entries())
    if (name == key && (value.kind() == YamlNode::Kind::String || value.kind() == YamlNode::Kind::Plain))
      return value.text();
  return "";
}

std::string nameOf(const YamlNode &doc) {
  for (const auto &[name, value] : doc.entries())
    if (name == "metadata") return scalarAt(value, "name");
  return "";
}

const YamlNode *child(const YamlNode &map, std::string_view key) {
  for (const auto &[name, value] : map.entries())
    if (name == key) return &value;
  return nullptr;
}

YamlNode &childMap(YamlNode &map, const std::string &key) {
  if (YamlNode *existing = map.find(key); existing && existing->kind() == YamlNode::Kind::Map) return *existing;
  return map.set(key, YamlNode::map());
}

/// The Rollout to merge into: by name, else the only one; then the same for Deployments.
std::optional<size_t> findTarget(std::vector<Document> &docs, const std::string &rollout, const SourceFile &file,
                                 DiagnosticEngine &diags) {
  for (const char *kind : {"Rollout", "Deployment"}) {
    std::vector<size_t> candidates;
    for (size_t i = 0; i < docs.size(); ++i)
      if (docs[i].tree.kind() == YamlNode::Kind::Map && scalarAt(docs[i].tree, "kind") == kind)
        candidates.push_back(i);
    for (size_t i : candidates)
      if (nameOf(docs[i].tree) == rollout) return i;
    if (candidates.size() == 1) return candidates.front();
    if (candidates.size() > 1) {
      diags.report(DiagKind::IntoSeveralTargets, file.range(docs[candidates[1]].bodyOffset, docs[candidates[1]].bodyOffset),
                   file.path(), kind, rollout);
      return std::nullopt;
    }
  }
  diags.report(DiagKind::IntoNoTarget, file.range(0, 0), file.path(), rollout);
  return std::nullopt;
}

/// The compiled Rollout's strategy, spec fields and annotations, written into `target`.
void mergeRollout(YamlNode &target, const YamlNode &compiled) {
  if (scalarAt(target, "kind") == "Deployment") {
    target.set("apiVersion", YamlNode::string(scalarAt(compiled, "apiVersion")));
    target.set("kind", YamlNode::string("Rollout"));
  }
  if (const YamlNode *metadata = child(compiled, "metadata"))
    if (const YamlNode *annotations = child(*metadata, "annotations")) {
      YamlNode &into = childMap(childMap(target, "metadata"), "annotations");
      for (const auto &[key, value] : annotations->entries()) into.set(key, value);
    }
  const YamlNode *spec = child(compiled, "spec");
  if (!spec) return;
  YamlNode &targetSpec = childMap(target, "spec");
  bool hasWorkload = targetSpec.find("template") || targetSpec.find("workloadRef");
  for (const auto &[key, value] : spec->entries()) {
    if (key == "workloadRef" && hasWorkload) continue;
    targetSpec.set(key, value);
  }
}

} // namespace

std::optional<std::string> mergeIntoManifest(const SourceFile &manifest, const std::vector<YamlNode> &compiled,
                                             DiagnosticEngine &diags) {
  if (compiled.empty()) return std::nullopt;
  if (!yaml::checkYamlText(manifest, diags) || !yaml::checkDocumentBoundaries(manifest, diags)) return std::nullopt;
  std::vector<Document> docs = splitDocuments(manifest.text());
  Converter converter(manifest, diags);
  for (Document &doc : docs) {
    try {
      YAML::Node node = YAML::Load(std::string(doc.body));
      if (!converter.convert(node, doc.tree, doc.bodyOffset, 0)) return std::nullopt;
    } catch (const YAML::Exception &e) {
      uint32_t at = markInDocument(manifest, doc.bodyOffset, e.mark);
      diags.report(DiagKind::YamlSyntaxError, manifest.range(at, at), e.msg.empty() ? "unreadable document" : e.msg);
      return std::nullopt;
    }
  }
  std::optional<size_t> target = findTarget(docs, nameOf(compiled.front()), manifest, diags);
  if (!target) return std::nullopt;
  mergeRollout(docs[*target].tree, compiled.front());
  docs[*target].changed = true;

  std::vector<const YamlNode *> appended;
  for (size_t i = 1; i < compiled.size(); ++i) {
    std::string kind = scalarAt(compiled[i], "kind"), name = nameOf(compiled[i]);
    bool replaced = false;
    for (Document &doc : docs)
      if (doc.tree.kind() == YamlNode::Kind::Map && scalarAt(doc.tree, "kind") == kind && nameOf(doc.tree) == name) {
        doc.tree = compiled[i];
        doc.changed = replaced = true;
        break;
      }
    if (!replaced) appended.push_back(&compiled[i]);
  }

  std::string out;
  for (const Document &doc : docs) {
    out += doc.separator;
    out += doc.changed ? writeYaml(doc.tree) : std::string(doc.body);
  }
  for (const YamlNode *doc : appended) {
    if (!out.empty() && out.back() != '\n') out += '\n';
    out += "---\n" + writeYaml(*doc);
  }
  return out;
}

} // namespace rwd::emit
