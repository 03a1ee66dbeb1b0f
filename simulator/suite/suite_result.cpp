// This file implements the counts of a test run's report.
#include "simulator/suite/suite_result.h"

#include <algorithm>

namespace rwd::sim::suite {

size_t SuiteReport::passed() const {
  return static_cast<size_t>(std::count_if(cases.begin(), cases.end(), [](const CaseResult &c) { return c.passed; }));
}

} // namespace rwd::sim::suite
