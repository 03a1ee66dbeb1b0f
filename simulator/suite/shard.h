// This file implements sharding (CONTRACT §7): shard I of N runs the cases whose position in the
// expanded case list is I modulo N, chosen by --shard I/N or by a Kubernetes Indexed Job's
// JOB_COMPLETION_INDEX with REWIND_SHARDS.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace rwd::sim::suite {

struct Shard {
  size_t index = 0; // 0-based
  size_t count = 1;

  /// True when the case at `position` belongs to this shard.
  bool owns(size_t position) const { return position % count == index; }
};

/// Most shards a run may be split into.
inline constexpr size_t kMaxShards = 1'000'000;

/// Parses `I/N` (0 <= I < N <= kMaxShards); nullopt and `error` otherwise.
std::optional<Shard> parseShard(std::string_view text, std::string &error);

/// What the environment asks for.
struct EnvironmentShard {
  std::optional<Shard> shard;
  /// Set when REWIND_SHARDS is set but unusable (alone, or a value that is no index or count).
  std::string error;
  /// Set when only JOB_COMPLETION_INDEX is set: an Indexed Job that forgot REWIND_SHARDS (or a
  /// variable meant for something else); every case runs.
  std::string warning;
};

/// A shard when JOB_COMPLETION_INDEX and REWIND_SHARDS are both set; `getenv` reads a variable
/// (null when unset).
EnvironmentShard shardFromEnvironment(const std::function<const char *(const char *)> &getenv);

} // namespace rwd::sim::suite
