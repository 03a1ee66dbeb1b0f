// This file implements the byte comparison the trace reader makes for every row (a timestamp with
// the previous one, a metric name with the predicted series' key): the fields are a few bytes, so
// two overlapping 8-byte loads beat a call to memcmp.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace rwd::sim {

/// True if `a` and `b` hold the same bytes.
inline bool shortEqual(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  if (n >= 8 && n <= 16) {
    uint64_t a0, b0, a1, b1;
    std::memcpy(&a0, a.data(), 8);
    std::memcpy(&b0, b.data(), 8);
    std::memcpy(&a1, a.data() + n - 8, 8);
    std::memcpy(&b1, b.data() + n - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  return n == 0 || std::memcmp(a.data(), b.data(), n) == 0;
}

} // namespace rwd::sim
