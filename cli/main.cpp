// This file implements the entry point of the `rewind` binary: it dispatches to the subcommands.
#include "cli/app.h"
#include "cli/huge_page_heap.h"

#include <csignal>

int main(int argc, char **argv) {
  rwd::cli::useHugePageHeap();
  // Past the file-size limit (ulimit -f) a write fails with EFBIG, which --out reports and cleans
  // up after, instead of the default SIGXFSZ killing the process with a temporary file left behind.
  std::signal(SIGXFSZ, SIG_IGN);
  return rwd::cli::run(argc, argv);
}
