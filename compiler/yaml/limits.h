// This file implements the limits that keep hostile YAML bounded, shared by every YAML reader.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rwd::yaml {

/// Limits that keep hostile YAML bounded. Real manifests stay far below every one of them.
struct Limits {
  /// Deepest flow or block nesting accepted (checked on the text before yaml-cpp sees it, and
  /// again while walking the tree). yaml-cpp recurses once per level.
  static constexpr int kMaxNesting = 256;
  /// Nodes visited while reading one file, aliases counted each time they are followed: an alias
  /// bomb ("billion laughs") stops here instead of expanding exponentially.
  static constexpr uint64_t kMaxNodes = 1'000'000;
  /// Longest dry-run / measurementRetention regex compiled: kMaxMetricRuleBytes
  /// (compiler/support/metric_name_rule.h), shared with lowering.
};

} // namespace rwd::yaml
