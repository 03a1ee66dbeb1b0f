// This file implements the thin session every subcommand shares: sources, diagnostics and their
// rendering, the common flags, flag values that must parse, and atomic output files.
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/driver/frontend.h"
#include "compiler/source/source_manager.h"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace rwd::cli {

struct CommonOptions {
  std::string color = "auto"; // auto | always | never
  std::vector<std::string> noWarn; // diagnostic kinds whose warnings are dropped
  bool warningsAsErrors = false;
};

class Session {
public:
  explicit Session(const CommonOptions &options);

  SourceManager sources;
  DiagnosticEngine diags;

  /// Runs the front end; on unreadable command-line files prints them and returns nullopt with
  /// `exitCode` = 2.
  std::optional<driver::FrontendResult> frontend(const std::vector<std::string> &paths,
                                                 const driver::FrontendOptions &options, int &exitCode);
  /// Loads a data file (trace, events); on failure prints the reason and returns nullopt.
  /// `mapLarge`: see SourceManager::load (for traces, read once front to back).
  std::optional<FileId> loadData(const std::string &path, bool mapLarge = false);
  /// Prints every diagnostic to standard error (sorted, rendered, coloured on a terminal).
  void flushDiagnostics();
  bool colorStdout() const;
  bool colorStderr() const;
  /// Checks the --no-warn names; false (and a message) for an unknown kind.
  bool validNoWarn() const { return unknownKinds_.empty(); }
  const std::vector<std::string> &unknownKinds() const { return unknownKinds_; }

private:
  CommonOptions options_;
  std::vector<std::string> unknownKinds_;
};

/// Registers --color, --no-warn and --warnings-as-errors on `command`.
void addCommonOptions(CLI::App &command, CommonOptions &options);

/// Registers `--rollout NAME` on `command`: the rollout to work on when the files declare several.
void addRolloutOption(CLI::App &command, std::string &rollout);

/// Prints the --no-warn names that are not warning kinds; false when there was one (a usage error).
bool checkNoWarn(const Session &session);

/// Prints every diagnostic and turns them into an exit status: 1 with errors, else 0.
int finishWithDiagnostics(Session &session);

/// A duration flag's value (`--lookback 5m`) in milliseconds; prints a usage error and returns
/// nullopt when it does not parse (or is not positive, with `positive`).
std::optional<int64_t> durationFlag(std::string_view flag, const std::string &text, bool positive = false);

/// A timestamp flag's value (RFC 3339 or Unix seconds) in Unix milliseconds; prints a usage error
/// and returns nullopt when it does not parse.
std::optional<int64_t> timestampFlag(std::string_view flag, const std::string &text);

/// Writes `content` to `path` atomically: a temporary file in the same directory, renamed into
/// place only once fully written. On failure the previous file is untouched and the temporary file
/// removed; returns the error. A symbolic link is followed (the file it names is replaced); an
/// existing device or FIFO (`/dev/full`, a pipe) is written in place.
std::optional<std::string> writeFileAtomically(const std::string &path, const std::string &content);

/// Writes to `path` atomically, or to standard output when `path` is empty or "-".
/// Returns false (after printing why) on failure.
bool emitOutput(const std::string &path, const std::string &content);

} // namespace rwd::cli
