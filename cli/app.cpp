// This file implements the `rewind` command line: the application, the registration of every
// subcommand (one file each under cli/) and the dispatch to the one the user named.
#include "cli/app.h"

#include "cli/command.h"
#include "cli/version.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <vector>

namespace rwd::cli {

int run(int argc, char **argv) {
  CLI::App app{"Rewind: rollout and rollback policies for Argo Rollouts, checked at compile time "
               "and replayed against recorded metric history.",
               "rewind"};
  app.require_subcommand(1);
  app.footer("Example: rewind check policy.rwd   (rewind COMMAND --help shows each command)");
  app.set_version_flag("--version", std::string("rewind ") + kRewindVersion + "\nfollows the semantics of " +
                                        kArgoRolloutsSemantics);

  std::vector<Command> commands = {addCheckCommand(app),   addPlanCommand(app),    addSimulateCommand(app),
                                   addRecordCommand(app),  addCompileCommand(app), addImportCommand(app)};
  commands.push_back(addFmtCommand(app));
  commands.push_back(addCompletionCommand(app));
  commands.push_back(addTestCommand(app));
  commands.push_back(addTuneCommand(app));
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp &e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp &e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion &e) {
    return app.exit(e);
  } catch (const CLI::ParseError &e) {
    app.exit(e);
    return kExitUsage;
  }
  try {
    for (const Command &command : commands)
      if (command.app->parsed()) return command.run();
  } catch (const std::exception &e) {
    std::cerr << "rewind: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
  return kExitUsage;
}

} // namespace rwd::cli
