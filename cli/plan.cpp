// This file implements `rewind plan FILE...`: print the compiled plan (or the AST) as text or JSON.
#include "cli/app.h"
#include "cli/command.h"
#include "cli/session.h"
#include "compiler/ast/ast_dumper.h"
#include "compiler/plan/plan_printer.h"
#include "compiler/plan/plan_verifier.h"

#include <CLI/CLI.hpp>
#include <memory>

namespace rwd::cli {

namespace {

struct PlanArgs {
  std::vector<std::string> files;
  std::string format = "text";
  std::string emit = "plan";
  std::string out;
  std::string rollout;
  CommonOptions common;
};

int runPlan(const PlanArgs &args) {
  Session session(args.common);
  if (!checkNoWarn(session)) return kExitUsage;
  driver::FrontendOptions options;
  options.requireRollout = args.emit == "plan";
  options.lower = args.emit == "plan";
  options.rollout = args.rollout;
  int exitCode = kExitOk;
  std::optional<driver::FrontendResult> result = session.frontend(args.files, options, exitCode);
  if (!result) return exitCode;
  if (args.emit == "ast") {
    // The AST is printed even when sema finds errors: it shows what was parsed.
    std::string out;
    for (const auto &file : result->files) out += ast::dumpAst(*file, session.sources);
    bool parsed = result->files.size() == args.files.size();
    int status = finishWithDiagnostics(session);
    if (!parsed) return kExitInputErrors;
    return emitOutput(args.out, out) ? status : kExitUsage;
  }
  if (!result->plan || !plan::verifyPlan(*result->plan, session.diags)) {
    finishWithDiagnostics(session);
    return kExitInputErrors;
  }
  std::string out = args.format == "json" ? plan::planToJson(*result->plan, session.sources).dump(2) + "\n"
                                          : plan::printPlan(*result->plan, session.sources);
  int status = finishWithDiagnostics(session);
  if (status != kExitOk) return status;
  return emitOutput(args.out, out) ? kExitOk : kExitUsage;
}

} // namespace

Command addPlanCommand(CLI::App &app) {
  auto args = std::make_shared<PlanArgs>();
  CLI::App *command = app.add_subcommand("plan", "print the compiled plan");
  command->add_option("files", args->files, "policy files (*.rwd, Argo Rollouts *.yaml)")->required();
  command->add_option("--format", args->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  command->add_option("--emit", args->emit, "what to print: plan or ast")->check(CLI::IsMember({"plan", "ast"}));
  command->add_option("--out,-o", args->out, "write to this file instead of standard output");
  addRolloutOption(*command, args->rollout);
  command->footer("Example: rewind plan policy.rwd --format json");
  addCommonOptions(*command, args->common);
  return {command, [args] { return runPlan(*args); }};
}

} // namespace rwd::cli
