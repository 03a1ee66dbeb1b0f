// This file implements `rewind check FILE...`: parse and check policy files, print diagnostics.
#include "cli/app.h"
#include "cli/command.h"
#include "cli/session.h"
#include "compiler/plan/plan_verifier.h"

#include <CLI/CLI.hpp>
#include <memory>

namespace rwd::cli {

namespace {

struct CheckArgs {
  std::vector<std::string> files;
  CommonOptions common;
};

int runCheck(const CheckArgs &args) {
  Session session(args.common);
  if (!checkNoWarn(session)) return kExitUsage;
  // A lint must fail on what Argo accepts but will fail at run time (docs/argo.md §2).
  session.diags.setRunTimeFailuresAreErrors(true);
  driver::FrontendOptions options;
  options.requireRollout = false;
  int exitCode = kExitOk;
  std::optional<driver::FrontendResult> result = session.frontend(args.files, options, exitCode);
  if (!result) return exitCode;
  if (result->plan) plan::verifyPlan(*result->plan, session.diags);
  return finishWithDiagnostics(session);
}

} // namespace

Command addCheckCommand(CLI::App &app) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App *command = app.add_subcommand("check", "parse and check policy files; print diagnostics");
  command->add_option("files", args->files, "policy files (*.rwd, Argo Rollouts *.yaml)")->required();
  addCommonOptions(*command, args->common);
  return {command, [args] { return runCheck(*args); }};
}

} // namespace rwd::cli
