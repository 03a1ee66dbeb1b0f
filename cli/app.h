// This file implements the `rewind` command line: the application, its subcommands and dispatch.
#pragma once

namespace rwd::cli {

/// Exit codes (CONTRACT §1).
inline constexpr int kExitOk = 0;
inline constexpr int kExitInputErrors = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

/// Runs `rewind` with `argv`; returns the exit status. Never exits the process itself.
int run(int argc, char **argv);

} // namespace rwd::cli
