// This file implements the progress bar: a thread that sleeps through the first second, then
// redraws `label [#####.....] done/total` in place ten times a second until the run ends.
#include "cli/progress.h"

#include <condition_variable>
#include <cstdlib>
#include <fmt/format.h>
#include <mutex>
#include <ostream>
#include <unistd.h>

namespace rwd::cli {

bool stderrIsTerminal() {
  const char *term = std::getenv("TERM");
  return ::isatty(STDERR_FILENO) == 1 && !(term && std::string_view(term) == "dumb");
}

ProgressBar::ProgressBar(std::string label, size_t total, const std::atomic<size_t> &done, bool terminal,
                         std::ostream &out, std::chrono::milliseconds delay)
    : label_(std::move(label)), total_(total), done_(done), out_(out) {
  if (!terminal || total == 0) return;
  thread_ = std::jthread([this, delay](std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    auto stopped = [&stop] { return stop.stop_requested(); };
    // A run shorter than `delay` is stopped during this wait and draws nothing.
    if (wake.wait_for(lock, stop, delay, stopped)) return;
    while (!stopped()) {
      draw();
      wake.wait_for(lock, stop, std::chrono::milliseconds(100), stopped);
    }
  });
}

ProgressBar::~ProgressBar() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
  if (drawn_) out_ << "\r\033[K" << std::flush; // leave the line as it was
}

void ProgressBar::draw() {
  constexpr size_t kWidth = 30;
  size_t done = std::min(done_.load(std::memory_order_relaxed), total_);
  size_t filled = done * kWidth / total_;
  out_ << fmt::format("\r{} [{}{}] {}/{}\033[K", label_, std::string(filled, '#'),
                      std::string(kWidth - filled, '.'), done, total_)
       << std::flush;
  drawn_ = true;
}

} // namespace rwd::cli
