// This file implements the front-end pipeline the subcommands share: load → parse → check → lower.
#include "compiler/driver/frontend.h"

#include "compiler/yaml/argo/argo_yaml.h"
#include "compiler/yaml/flagger/flagger_yaml.h"
#include "compiler/lower/lower.h"
#include "compiler/parse/parser.h"

#include <cctype>
#include <filesystem>
#include <set>

namespace rwd::driver {

namespace {

/// More files than this in one policy (imports included) is refused: a runaway import tree.
constexpr size_t kMaxFiles = 1000;

std::string identity(const std::string &path) {
  std::error_code ec;
  auto canonical = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : canonical.string();
}

} // namespace

bool isYamlPath(const std::string &path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char &c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".yaml" || ext == ".yml";
}

FrontendResult runFrontend(const std::vector<std::string> &paths, SourceManager &sources,
                           DiagnosticEngine &diags, const FrontendOptions &options) {
  FrontendResult result;
  std::set<std::string> loaded;
  struct Pending {
    std::string path;
    std::optional<ast::Import> from; // the import that asked for it
  };
  std::vector<Pending> queue;
  std::vector<std::unique_ptr<yaml::argo::ArgoYamlFile>> yamlFiles;
  std::vector<std::unique_ptr<yaml::flagger::FlaggerYamlFile>> flaggerFiles;
  for (const std::string &path : paths) queue.push_back({path, std::nullopt});

  for (size_t next = 0; next < queue.size(); ++next) {
    Pending pending = queue[next];
    if (!loaded.insert(identity(pending.path)).second) continue;
    if (loaded.size() > kMaxFiles) {
      diags.report(DiagKind::ImportNotFound, pending.from ? pending.from->path.range : SourceRange{},
                   pending.path, "more than 1000 files in one policy");
      break;
    }
    std::string error;
    std::optional<FileId> id = sources.load(pending.path, error);
    if (!id) {
      if (pending.from) diags.report(DiagKind::ImportNotFound, pending.from->path.range, pending.from->path.value, error);
      else result.unreadable.push_back(pending.path + ": " + error);
      continue;
    }
    if (isYamlPath(pending.path)) {
      diags.markArgoYaml(*id);
      auto yaml = std::make_unique<yaml::argo::ArgoYamlFile>(yaml::argo::readArgoYaml(sources.file(*id), diags));
      if (!yaml->policy) continue;
      // The dialect is chosen per document (apiVersion): the same file may hold Flagger objects.
      auto flagger = std::make_unique<yaml::flagger::FlaggerYamlFile>(
          yaml::flagger::readFlaggerYaml(sources.file(*id), diags));
      if (yaml->argoObjects == 0 && flagger->flaggerObjects == 0)
        diags.report(DiagKind::ArgoNoObjects, SourceRange{*id, 0, 0});
      result.files.push_back(std::move(yaml->policy));
      yamlFiles.push_back(std::move(yaml));
      if (flagger->policy && flagger->flaggerObjects > 0) {
        if (flagger->canaries > 0) result.flaggerCanary = true;
        result.files.push_back(std::move(flagger->policy));
        flaggerFiles.push_back(std::move(flagger));
      }
      continue;
    }
    std::unique_ptr<ast::PolicyFile> file = parse::parseFile(sources.file(*id), diags);
    if (!file) continue;
    std::filesystem::path dir = std::filesystem::path(pending.path).parent_path();
    for (const ast::Import &import : file->imports) {
      std::filesystem::path target = import.path.value;
      if (target.is_relative()) target = dir / target;
      queue.push_back({target.lexically_normal().string(), import});
    }
    result.files.push_back(std::move(file));
  }
  // Argo templateName references, dry-run rules and argument types need every file.
  if (!yamlFiles.empty()) {
    std::vector<yaml::argo::ArgoYamlFile *> pending;
    for (auto &yaml : yamlFiles) pending.push_back(yaml.get());
    std::vector<ast::PolicyFile *> all;
    for (auto &file : result.files) all.push_back(file.get());
    yaml::argo::resolveArgoReferences(pending, all, diags);
  }
  if (!flaggerFiles.empty()) {
    std::vector<yaml::flagger::FlaggerYamlFile *> pending;
    for (auto &file : flaggerFiles) pending.push_back(file.get());
    yaml::flagger::resolveFlaggerReferences(pending, diags);
  }
  if (!result.unreadable.empty() || diags.hasBlockingErrors()) return result;

  std::vector<const ast::PolicyFile *> files;
  for (const auto &file : result.files) files.push_back(file.get());
  sema::CheckOptions checkOptions;
  checkOptions.requireRollout = options.requireRollout;
  checkOptions.flaggerCanary = result.flaggerCanary;
  checkOptions.rollout = options.rollout;
  checkOptions.everyRollout = options.everyRollout;
  result.checked = sema::checkPolicy(files, diags, checkOptions);
  if (result.checked && result.checked->rollout && options.lower)
    result.plan = lower::lowerToPlan(*result.checked);
  return result;
}

} // namespace rwd::driver
