// This file implements the unit tests of the progress bar: drawn only on a terminal, only past its
// delay, and its line cleared when the run ends.
#include "cli/progress.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <thread>

using rwd::cli::ProgressBar;

TEST_CASE("Progress bar: on a terminal past its delay it draws done/total and clears its line", "[cli]") {
  std::ostringstream out;
  std::atomic<size_t> done{3};
  {
    ProgressBar bar("rewind test", 12, done, /*terminal=*/true, out, std::chrono::milliseconds(0));
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  std::string text = out.str();
  CHECK(text.find("\rrewind test [#######.......................] 3/12") != std::string::npos);
  CHECK(text.size() >= 6);
  CHECK(text.substr(text.size() - 4) == "\r\033[K");
}

TEST_CASE("Progress bar: nothing is drawn off a terminal, nor for a run shorter than the delay", "[cli]") {
  std::atomic<size_t> done{1};
  std::ostringstream pipe;
  {
    ProgressBar bar("rewind test", 4, done, /*terminal=*/false, pipe, std::chrono::milliseconds(0));
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
  }
  CHECK(pipe.str().empty());
  std::ostringstream quick;
  { ProgressBar bar("rewind test", 4, done, /*terminal=*/true, quick, std::chrono::seconds(1)); }
  CHECK(quick.str().empty());
}
