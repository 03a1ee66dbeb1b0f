// This file implements `rewind fmt FILE... [--check] [--diff] [-w]`: `.rwd` files in Rewind's
// canonical style, comments kept. Like gofmt: without flags the formatted text goes to standard
// output; --check lists the files whose text would change (exit 1 if any); --diff prints a unified
// diff; -w rewrites the files in place (atomically, only those that change).
#include "cli/app.h"
#include "cli/command.h"
#include "cli/session.h"
#include "compiler/format/policy_formatter.h"
#include "compiler/parse/parser.h"
#include "render/unified_diff.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>

namespace rwd::cli {

namespace {

struct FmtArgs {
  std::vector<std::string> files;
  bool check = false;
  bool diff = false;
  bool write = false;
  CommonOptions common;
};

int runFmt(const FmtArgs &args) {
  Session session(args.common);
  if (!checkNoWarn(session)) return kExitUsage;
  for (const std::string &path : args.files)
    if (std::filesystem::path(path).extension() != ".rwd") {
      std::cerr << "rewind: error: fmt formats .rwd policy files, not `" << path
                << "` (Argo YAML becomes a policy with `rewind import`)\n";
      return kExitUsage;
    }
  // Every file is read and formatted before anything is written: a syntax error in one file
  // leaves all of them untouched.
  std::vector<std::pair<FileId, std::string>> formatted;
  for (const std::string &path : args.files) {
    std::optional<FileId> id = session.loadData(path);
    if (!id) return kExitUsage;
    std::unique_ptr<ast::PolicyFile> file = parse::parseFile(session.sources.file(*id), session.diags);
    if (!file) continue;
    formatted.emplace_back(*id, format::formatFile(*file, session.sources.file(*id), session.diags));
  }
  if (session.diags.hasErrors()) return finishWithDiagnostics(session);

  bool changed = false;
  std::string out;
  for (const auto &[id, text] : formatted) {
    const SourceFile &file = session.sources.file(id);
    bool differs = file.text() != text;
    changed |= differs;
    if (args.check && differs) out += file.path() + "\n";
    if (args.diff) out += render::unifiedDiff(file.path(), file.text(), text);
    if (args.write && differs)
      if (auto error = writeFileAtomically(file.path(), text)) {
        std::cerr << "rewind: error: " << *error << "\n";
        return kExitUsage;
      }
    if (!args.check && !args.diff && !args.write) out += text;
  }
  if (!emitOutput("", out)) return kExitUsage;
  // --check fails on files that are not formatted (with -w they are formatted now: success).
  return args.check && changed && !args.write ? kExitInputErrors : kExitOk;
}

} // namespace

Command addFmtCommand(CLI::App &app) {
  auto args = std::make_shared<FmtArgs>();
  CLI::App *command = app.add_subcommand("fmt", "format .rwd policy files in the canonical style");
  command->add_option("files", args->files, "policy files (*.rwd)")->required();
  command->add_flag("--check,-l", args->check, "list the files whose formatting differs; exit 1 if any");
  command->add_flag("--diff,-d", args->diff, "print a unified diff of the changes");
  command->add_flag("--write,-w", args->write, "rewrite the files in place");
  addCommonOptions(*command, args->common);
  command->footer("Example: rewind fmt --check examples/*/*.rwd");
  return {command, [args] { return runFmt(*args); }};
}

} // namespace rwd::cli
