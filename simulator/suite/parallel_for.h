// This file implements the one parallel loop the suite runner and tuning share: every index of a
// range handed to a fixed number of standard threads, results written by index so that the output
// never depends on the number of threads or on which thread ran what.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace rwd::sim::suite {

/// Calls `body(i)` once for every i in [0, count), on `jobs` threads (the calling thread is one of
/// them). Indices are handed out in order as threads become free. The first exception a call
/// throws is rethrown here once every thread has stopped; the remaining indices are skipped.
template <typename Body> void parallelFor(size_t count, unsigned jobs, Body &&body) {
  if (jobs <= 1 || count <= 1) {
    for (size_t i = 0; i < count; ++i) body(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failureMutex;
  auto worker = [&] {
    for (size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) {
      try {
        body(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(failureMutex);
        if (!failure) failure = std::current_exception();
        next.store(count); // stop handing out work
      }
    }
  };
  {
    std::vector<std::jthread> threads;
    size_t helpers = std::min<size_t>(jobs, count) - 1;
    threads.reserve(helpers);
    for (size_t t = 0; t < helpers; ++t) threads.emplace_back(worker);
    worker();
  } // joins
  if (failure) std::rethrow_exception(failure);
}

/// The number of processors this process may run on (its CPU affinity), at least 1.
unsigned availableProcessors();

} // namespace rwd::sim::suite
