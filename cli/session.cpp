// This file implements the thin session every subcommand shares: sources, diagnostics, common
// flags and atomic output.
#include "cli/session.h"

#include "cli/app.h"
#include "compiler/diag/text_renderer.h"
#include "compiler/support/duration.h"
#include "simulator/timestamp.h"

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <filesystem>
#include <fmt/format.h>
#include <iostream>
#include <unistd.h>

namespace rwd::cli {

Session::Session(const CommonOptions &options) : options_(options) {
  for (const std::string &name : options.noWarn) {
    std::optional<DiagKind> kind = findDiagKind(name);
    // Only warnings can be silenced; naming an error or a note is a mistake worth saying.
    if (kind && diagKindInfo(*kind).severity == Severity::Warning) diags.disableWarning(*kind);
    else unknownKinds_.push_back(name);
  }
  diags.setWarningsAsErrors(options.warningsAsErrors);
}

std::optional<driver::FrontendResult> Session::frontend(const std::vector<std::string> &paths,
                                                        const driver::FrontendOptions &options,
                                                        int &exitCode) {
  driver::FrontendResult result = driver::runFrontend(paths, sources, diags, options);
  if (!result.unreadable.empty()) {
    for (const std::string &message : result.unreadable)
      std::cerr << "rewind: error: cannot read " << message << "\n";
    exitCode = 2;
    return std::nullopt;
  }
  return result;
}

std::optional<FileId> Session::loadData(const std::string &path, bool mapLarge) {
  std::string error;
  std::optional<FileId> id = sources.load(path, error, mapLarge);
  if (!id) std::cerr << "rewind: error: cannot read " << path << ": " << error << "\n";
  return id;
}

void Session::flushDiagnostics() {
  RenderOptions render;
  render.color = colorStderr();
  std::cerr << renderDiagnostics(diags.sorted(), sources, render);
  diags.clear();
}

bool Session::colorStdout() const { return shouldUseColor(options_.color, STDOUT_FILENO); }

bool Session::colorStderr() const { return shouldUseColor(options_.color, STDERR_FILENO); }

void addCommonOptions(CLI::App &command, CommonOptions &options) {
  command.add_option("--color", options.color, "colour: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  command.add_option("--no-warn", options.noWarn, "drop warnings of this kind (e.g. IndexWithoutEmptyGuard)");
  command.add_flag("--warnings-as-errors,-W", options.warningsAsErrors, "treat warnings as errors");
}

void addRolloutOption(CLI::App &command, std::string &rollout) {
  command.add_option("--rollout", rollout, "the rollout to work on when the files declare several (its name)");
}

bool checkNoWarn(const Session &session) {
  for (const std::string &kind : session.unknownKinds())
    std::cerr << "rewind: error: --no-warn: `" << kind << "` is not a warning kind (see docs/language.md)\n";
  return session.validNoWarn();
}

int finishWithDiagnostics(Session &session) {
  bool errors = session.diags.hasErrors();
  session.flushDiagnostics();
  return errors ? kExitInputErrors : kExitOk;
}

std::optional<int64_t> durationFlag(std::string_view flag, const std::string &text, bool positive) {
  std::string error;
  std::optional<int64_t> millis = parseDuration(text, &error);
  if (millis && (!positive || *millis > 0)) return millis;
  std::cerr << "rewind: error: " << flag << ": invalid duration `" << text << "`" << (error.empty() ? "" : ": ")
            << error << "\n";
  return std::nullopt;
}

std::optional<int64_t> timestampFlag(std::string_view flag, const std::string &text) {
  std::optional<int64_t> millis = sim::parseTimestampMillis(text);
  if (!millis)
    std::cerr << "rewind: error: " << flag << ": invalid timestamp `" << text
              << "`: expected RFC 3339 (2026-11-20T10:00:00Z) or Unix seconds\n";
  return millis;
}

namespace {

/// Writes all of `content` to `fd`; returns errno's text on failure.
std::optional<std::string> writeAll(int fd, const std::string &content) {
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::string(std::strerror(errno));
    }
    written += static_cast<size_t>(n);
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string> writeFileAtomically(const std::string &path, const std::string &content) {
  // A device or pipe (`/dev/full`, a FIFO) is written in place: renaming a temporary file over it
  // would replace the device node, and "the previous content" means nothing there.
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode)) {
    int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) return fmt::format("cannot write {}: {}", path, std::strerror(errno));
    std::optional<std::string> error = writeAll(fd, content);
    if (::close(fd) != 0 && !error) error = std::strerror(errno);
    if (error) return fmt::format("cannot write {}: {}", path, *error);
    return std::nullopt;
  }
  // A symbolic link is followed: the file it names is replaced, the link stays (`/dev/stdout`
  // redirected to a file is a link that must never be replaced).
  std::error_code ec;
  std::filesystem::path target = std::filesystem::canonical(path, ec);
  if (ec) target = path; // not there yet
  std::filesystem::path dir = target.parent_path().empty() ? "." : target.parent_path();
  std::string pattern = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) return fmt::format("cannot create a file in {}: {}", dir.string(), std::strerror(errno));
  if (std::optional<std::string> error = writeAll(fd, content)) {
    ::close(fd);
    ::unlink(name.data());
    return fmt::format("cannot write {}: {}", path, *error);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    std::string error = std::strerror(errno);
    ::unlink(name.data());
    return fmt::format("cannot write {}: {}", path, error);
  }
  ::chmod(name.data(), 0644);
  if (::rename(name.data(), target.c_str()) != 0) {
    std::string error = std::strerror(errno);
    ::unlink(name.data());
    return fmt::format("cannot write {}: {}", path, error);
  }
  return std::nullopt;
}

bool emitOutput(const std::string &path, const std::string &content) {
  if (path.empty() || path == "-") {
    std::cout << content;
    std::cout.flush();
    return static_cast<bool>(std::cout);
  }
  if (auto error = writeFileAtomically(path, content)) {
    std::cerr << "rewind: error: " << *error << "\n";
    return false;
  }
  return true;
}

} // namespace rwd::cli
