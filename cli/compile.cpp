// This file implements `rewind compile FILE... --target argo|flagger [--out DIR] [--into MANIFEST]`: the
// policy as controller config.
#include "cli/app.h"
#include "cli/command.h"
#include "cli/session.h"
#include "compiler/emit/argo/argo_rollouts.h"
#include "compiler/emit/argo/manifest_merge.h"
#include "compiler/emit/flagger/flagger_canary.h"
#include "compiler/plan/plan_verifier.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>

namespace rwd::cli {

namespace {

struct CompileArgs {
  std::vector<std::string> files;
  std::string target;
  std::string outDir;
  std::string into;
  std::string rollout;
  CommonOptions common;
};

/// Creates `dir` and its parents when missing (like `helm template --output-dir`); false, with the
/// reason printed, when it cannot be made or is not a directory.
bool ensureDirectory(const std::string &dir) {
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec)) return true;
  if (std::filesystem::exists(dir, ec)) {
    std::cerr << "rewind: error: --out: `" << dir << "` is not a directory\n";
    return false;
  }
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    std::cerr << "rewind: error: --out: cannot create `" << dir << "`: " << ec.message() << "\n";
    return false;
  }
  return true;
}

int runCompile(const CompileArgs &args) {
  Session session(args.common);
  if (!checkNoWarn(session)) return kExitUsage;
  int exitCode = kExitOk;
  driver::FrontendOptions options;
  options.rollout = args.rollout;
  std::optional<driver::FrontendResult> result = session.frontend(args.files, options, exitCode);
  if (!result) return exitCode;
  if (!result->plan || !plan::verifyPlan(*result->plan, session.diags)) {
    finishWithDiagnostics(session);
    return kExitInputErrors;
  }
  if (!args.into.empty() && args.target != "argo") {
    std::cerr << "rewind: error: --into merges into an Argo Rollouts manifest; it needs --target argo\n";
    return kExitUsage;
  }
  std::vector<emit::YamlNode> documents =
      args.target == "flagger" ? emit::emitFlaggerDocuments(*result->plan, session.diags)
                               : emit::emitArgoDocuments(*result->plan, session.diags, emit::EmitOptions{});
  std::string yaml;
  if (!documents.empty() && !args.into.empty()) {
    std::optional<FileId> manifest = session.loadData(args.into);
    if (!manifest) return kExitUsage;
    std::optional<std::string> merged =
        emit::mergeIntoManifest(session.sources.file(*manifest), documents, session.diags);
    if (merged) yaml = std::move(*merged);
  } else if (!documents.empty()) {
    yaml = emit::writeYamlDocuments(documents);
  }
  int status = finishWithDiagnostics(session);
  if (status != kExitOk) return status;
  if (args.outDir.empty()) return emitOutput("", yaml) ? kExitOk : kExitUsage;
  // Nothing is created before the input proved good: a failed compile leaves no empty directory.
  if (!ensureDirectory(args.outDir)) return kExitUsage;
  std::string name = args.into.empty() ? result->plan->rollout + ".yaml"
                                       : std::filesystem::path(args.into).filename().string();
  std::string path = (std::filesystem::path(args.outDir) / name).string();
  if (std::optional<std::string> error = writeFileAtomically(path, yaml)) {
    std::cerr << "rewind: error: " << *error << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

} // namespace

Command addCompileCommand(CLI::App &app) {
  auto args = std::make_shared<CompileArgs>();
  CLI::App *command = app.add_subcommand("compile", "compile the policy to a deployment target's manifests");
  command->add_option("files", args->files, "policy files (*.rwd, Argo Rollouts *.yaml)")->required();
  command->add_option("--target", args->target,
                      "the target: argo (Argo Rollouts YAML) or flagger (Flagger Canary and MetricTemplates)")
      ->required()
      ->check(CLI::IsMember({"argo", "flagger"}));
  command->add_option("--out", args->outDir,
                      "write <rollout>.yaml (or the --into manifest's file name) into this directory, "
                      "created when missing, instead of standard output");
  command->add_option("--into", args->into,
                      "merge into this manifest (a Rollout, or a Deployment that becomes one), keeping "
                      "everything else in it; the merged manifest goes to standard output or --out");
  addRolloutOption(*command, args->rollout);
  command->footer("Example: rewind compile policy.rwd --target argo --out manifests/");
  addCommonOptions(*command, args->common);
  return {command, [args] { return runCompile(*args); }};
}

} // namespace rwd::cli
