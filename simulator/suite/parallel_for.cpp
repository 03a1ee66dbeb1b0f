// This file implements the count of processors the parallel loop defaults to.
#include "simulator/suite/parallel_for.h"

#include <sched.h>

namespace rwd::sim::suite {

unsigned availableProcessors() {
  // The affinity mask, not the machine's processor count: a container limited to two CPUs (or a
  // `taskset`) must not start a thread per host processor.
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof(set), &set) == 0) {
    int count = CPU_COUNT(&set);
    if (count > 0) return static_cast<unsigned>(count);
  }
  unsigned hardware = std::thread::hardware_concurrency();
  return hardware > 0 ? hardware : 1;
}

} // namespace rwd::sim::suite
