// This file implements the registry of subcommands: each cli/<name>.cpp registers one subcommand on
// the application and returns how to run it once its flags are parsed (git's builtin/, cargo's
// commands/).
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace rwd::cli {

/// A registered subcommand: its CLI11 node and the function that runs it with the parsed flags.
struct Command {
  CLI::App *app = nullptr;
  std::function<int()> run;
};

Command addCheckCommand(CLI::App &app);
Command addPlanCommand(CLI::App &app);
Command addSimulateCommand(CLI::App &app);
Command addRecordCommand(CLI::App &app);
Command addCompileCommand(CLI::App &app);
Command addImportCommand(CLI::App &app);
Command addFmtCommand(CLI::App &app);
Command addCompletionCommand(CLI::App &app);
Command addTestCommand(CLI::App &app);
Command addTuneCommand(CLI::App &app);

} // namespace rwd::cli
