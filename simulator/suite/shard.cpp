// This file implements the parsing of a shard from the command line or an Indexed Job's environment.
#include "simulator/suite/shard.h"

#include <charconv>
#include <fmt/format.h>

namespace rwd::sim::suite {

namespace {

std::optional<size_t> parseCount(std::string_view text) {
  size_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<Shard> makeShard(std::string_view index, std::string_view count, std::string &error) {
  std::optional<size_t> i = parseCount(index), n = parseCount(count);
  if (!n || *n == 0 || *n > kMaxShards) {
    error = fmt::format("the number of shards must be a whole number from 1 to {}, found `{}`", kMaxShards, count);
    return std::nullopt;
  }
  if (!i || *i >= *n) {
    error = fmt::format("the shard index must be a whole number from 0 to {}, found `{}`", *n - 1, index);
    return std::nullopt;
  }
  return Shard{*i, *n};
}

} // namespace

std::optional<Shard> parseShard(std::string_view text, std::string &error) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    error = fmt::format("expected I/N (shard I of N, counted from 0), found `{}`", text);
    return std::nullopt;
  }
  return makeShard(text.substr(0, slash), text.substr(slash + 1), error);
}

EnvironmentShard shardFromEnvironment(const std::function<const char *(const char *)> &getenv) {
  EnvironmentShard out;
  const char *index = getenv("JOB_COMPLETION_INDEX");
  const char *count = getenv("REWIND_SHARDS");
  if (!count) {
    if (index)
      out.warning = "JOB_COMPLETION_INDEX is set but REWIND_SHARDS is not: running every case (set "
                    "REWIND_SHARDS to the Job's completions to shard the run)";
    return out;
  }
  if (!index) {
    out.error = "REWIND_SHARDS is set but JOB_COMPLETION_INDEX is not: pass --shard I/N, or run as a "
                "Kubernetes Indexed Job";
    return out;
  }
  out.shard = makeShard(index, count, out.error);
  if (!out.shard) out.error = "JOB_COMPLETION_INDEX/REWIND_SHARDS: " + out.error;
  return out;
}

} // namespace rwd::sim::suite
