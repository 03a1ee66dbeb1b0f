// This file implements `rewind check FILE...`: parse and check policy files, print diagnostics as
// text on standard error, or as JSON or SARIF on standard output (or --out) for machines.
#include "cli/app.h"
#include "cli/command.h"
#include "cli/session.h"
#include "cli/version.h"
#include "compiler/lower/lower.h"
#include "compiler/plan/plan_verifier.h"
#include "render/diagnostics.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

namespace rwd::cli {

namespace {

struct CheckArgs {
  std::vector<std::string> files;
  std::string format = "text";
  std::string out;
  std::string rollout;
  CommonOptions common;
};

/// Writes the diagnostics in a machine format; the exit status is the text mode's (1 with errors),
/// or 2 when the output cannot be written.
int finishWithMachineDiagnostics(Session &session, const CheckArgs &args) {
  std::vector<Diagnostic> diags = session.diags.sorted();
  bool errors = session.diags.hasErrors();
  session.diags.clear();
  std::string rendered = args.format == "sarif"
                             ? render::renderDiagnosticsSarif(diags, session.sources, kRewindVersion)
                             : render::renderDiagnosticsJson(diags, session.sources);
  if (!emitOutput(args.out, rendered)) return kExitUsage;
  return errors ? kExitInputErrors : kExitOk;
}

int runCheck(const CheckArgs &args) {
  Session session(args.common);
  if (!checkNoWarn(session)) return kExitUsage;
  if (!args.out.empty() && args.format == "text") {
    std::cerr << "rewind: error: --out needs --format json or sarif (text diagnostics go to standard error)\n";
    return kExitUsage;
  }
  // A lint must fail on what Argo accepts but will fail at run time (docs/argo.md §2).
  session.diags.setRunTimeFailuresAreErrors(true);
  driver::FrontendOptions options;
  options.requireRollout = false;
  options.rollout = args.rollout;
  options.everyRollout = args.rollout.empty(); // a manifest of many services: check them all
  options.lower = false;
  int exitCode = kExitOk;
  std::optional<driver::FrontendResult> result = session.frontend(args.files, options, exitCode);
  if (!result) return exitCode;
  if (result->checked) {
    // Each rollout is lowered in turn from the one checked policy (lowering reads `rollout`).
    sema::CheckedPolicy &checked = *result->checked;
    for (const ast::Rollout *rollout : checked.rollouts) {
      checked.rollout = rollout;
      plan::verifyPlan(lower::lowerToPlan(checked), session.diags);
    }
  }
  if (args.format != "text") return finishWithMachineDiagnostics(session, args);
  return finishWithDiagnostics(session);
}

} // namespace

Command addCheckCommand(CLI::App &app) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App *command = app.add_subcommand("check", "parse and check policy files; print diagnostics");
  command->add_option("files", args->files, "policy files (*.rwd, Argo Rollouts *.yaml)")->required();
  command->add_option("--format", args->format,
                      "text (standard error), json or sarif (SARIF 2.1.0, for code scanning)")
      ->check(CLI::IsMember(render::kDiagnosticFormats));
  command->add_option("--out,-o", args->out, "write json or sarif to this file instead of standard output");
  addRolloutOption(*command, args->rollout);
  command->footer("Example: rewind check policy.rwd --format sarif --out rewind.sarif");
  addCommonOptions(*command, args->common);
  return {command, [args] { return runCheck(*args); }};
}

} // namespace rwd::cli
