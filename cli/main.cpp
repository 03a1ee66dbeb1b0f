// This file implements the entry point of the `rewind` binary: it dispatches to the subcommands.
#include "cli/commands.h"

int main(int argc, char **argv) { return rwd::cli::run(argc, argv); }
