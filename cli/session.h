// This file implements what every subcommand shares: sources, diagnostics, their rendering and
// atomic output files.
#pragma once

#include "compiler/diag/diagnostic_engine.h"
#include "compiler/driver/frontend.h"
#include "compiler/source/source_manager.h"

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

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
  std::optional<FileId> loadData(const std::string &path);
  /// Prints every diagnostic to standard error (sorted, rendered, coloured on a terminal).
  void flushDiagnostics();
  bool colorStdout() const;
  /// Checks the --no-warn names; false (and a message) for an unknown kind.
  bool validNoWarn() const { return unknownKinds_.empty(); }
  const std::vector<std::string> &unknownKinds() const { return unknownKinds_; }

private:
  CommonOptions options_;
  std::vector<std::string> unknownKinds_;
};

/// Writes `content` to `path` atomically: a temporary file in the same directory, renamed into
/// place only once fully written. On failure the previous file is untouched and the temporary file
/// removed; returns the error. A symbolic link is followed (the file it names is replaced); an
/// existing device or FIFO (`/dev/full`, a pipe) is written in place.
std::optional<std::string> writeFileAtomically(const std::string &path, const std::string &content);

/// Writes to `path` atomically, or to standard output when `path` is empty or "-".
/// Returns false (after printing why) on failure.
bool emitOutput(const std::string &path, const std::string &content);

} // namespace rwd::cli
