// This file implements `rewind import FILE.yaml...`: Argo Rollouts YAML (or any policy files) written
// back as one idiomatic Rewind policy.
#include "cli/app.h"
#include "cli/command.h"
#include "cli/session.h"
#include "compiler/format/policy_formatter.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <memory>

namespace rwd::cli {

namespace {

struct ImportArgs {
  std::vector<std::string> files;
  std::string out;
  CommonOptions common;
};

bool isYamlPath(const std::string &path) {
  std::string ext = std::filesystem::path(path).extension().string();
  return ext == ".yaml" || ext == ".yml";
}

/// The comment at the top of an imported policy: where it came from, and where the workload went.
std::vector<std::string> importHeader(const ImportArgs &args, const driver::FrontendResult &result) {
  std::string sources;
  for (const std::string &file : args.files) sources += (sources.empty() ? "" : ", ") + file;
  std::vector<std::string> header = {"Imported by `rewind import` from " + sources + "."};
  bool fromYaml = std::any_of(args.files.begin(), args.files.end(), isYamlPath);
  bool inlineWorkload = false;
  for (const auto &file : result.files)
    for (const ast::Rollout &rollout : file->rollouts) inlineWorkload |= !rollout.workload.has_value();
  if (fromYaml && inlineWorkload) {
    header.push_back("A Rollout's selector, pod template and metadata are not policy and stay in its manifest;");
    header.push_back("`rewind compile POLICY --target argo --into MANIFEST` writes this policy back into it.");
  }
  return header;
}

int runImport(const ImportArgs &args) {
  Session session(args.common);
  if (!checkNoWarn(session)) return kExitUsage;
  driver::FrontendOptions options;
  options.requireRollout = false;
  options.everyRollout = true; // a manifest of many services becomes one policy file of them all
  options.lower = false;
  int exitCode = kExitOk;
  std::optional<driver::FrontendResult> result = session.frontend(args.files, options, exitCode);
  if (!result) return exitCode;
  if (session.diags.hasErrors()) return finishWithDiagnostics(session);
  std::vector<const ast::PolicyFile *> files;
  for (const auto &file : result->files) files.push_back(file.get());
  format::FormatOptions formatOptions;
  formatOptions.header = importHeader(args, *result);
  std::string policy = format::formatPolicy(files, session.diags, formatOptions);
  int status = finishWithDiagnostics(session);
  if (status != kExitOk) return status;
  return emitOutput(args.out, policy) ? kExitOk : kExitUsage;
}

} // namespace

Command addImportCommand(CLI::App &app) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App *command =
      app.add_subcommand("import", "write Argo Rollouts YAML (or any policy files) as one Rewind policy");
  command->add_option("files", args->files, "Argo Rollouts manifests (*.yaml) or policy files")->required();
  command->add_option("--out,-o", args->out, "write to this file instead of standard output");
  command->footer("Example: rewind import rollout.yaml analysis-templates.yaml > policy.rwd");
  addCommonOptions(*command, args->common);
  return {command, [args] { return runImport(*args); }};
}

} // namespace rwd::cli
