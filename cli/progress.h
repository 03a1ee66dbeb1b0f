// This file implements the progress bar of long runs (`rewind test`, `rewind tune`): drawn on
// standard error only when it is a terminal, and only once the run has lasted more than a second,
// so quick runs, pipes and CI logs never see it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <string>
#include <thread>

namespace rwd::cli {

class ProgressBar {
public:
  /// Starts watching `done` (incremented by the workers) towards `total`. Nothing is drawn unless
  /// `terminal`; the first drawing waits `delay`.
  ProgressBar(std::string label, size_t total, const std::atomic<size_t> &done, bool terminal,
              std::ostream &out, std::chrono::milliseconds delay = std::chrono::seconds(1));
  /// Stops drawing and clears the bar's line.
  ~ProgressBar();

  ProgressBar(const ProgressBar &) = delete;
  ProgressBar &operator=(const ProgressBar &) = delete;

private:
  void draw();

  std::string label_;
  size_t total_;
  const std::atomic<size_t> &done_;
  std::ostream &out_;
  bool drawn_ = false;
  std::jthread thread_;
};

/// True when standard error is a terminal that can redraw a line (`TERM` is not `dumb`).
bool stderrIsTerminal();

} // namespace rwd::cli
