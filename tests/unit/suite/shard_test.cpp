// This file implements the unit tests of sharding: parsing I/N, the Indexed Job's environment, and
// that the shards of a run partition its cases.
#include "simulator/suite/shard.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>

using rwd::sim::suite::parseShard;
using rwd::sim::suite::Shard;
using rwd::sim::suite::shardFromEnvironment;

TEST_CASE("Shard: I/N parses, 0-based, I below N", "[suite]") {
  std::string error;
  std::optional<Shard> shard = parseShard("2/5", error);
  REQUIRE(shard);
  CHECK(shard->index == 2);
  CHECK(shard->count == 5);
  for (const char *bad : {"5/5", "1/0", "-1/4", "a/4", "1", "1/", "/4", "1/4/2", "1 /4", "0/1000001"}) {
    INFO(bad);
    CHECK_FALSE(parseShard(bad, error));
    CHECK_FALSE(error.empty());
  }
  CHECK(parseShard("0/1", error));
}

TEST_CASE("Shard: the shards of a run partition its cases", "[suite]") {
  for (size_t count : {1u, 2u, 3u, 7u, 16u}) {
    std::map<size_t, int> owners;
    for (size_t index = 0; index < count; ++index)
      for (size_t position = 0; position < 100; ++position)
        if (Shard{index, count}.owns(position)) ++owners[position];
    CHECK(owners.size() == 100);
    for (const auto &[position, n] : owners) CHECK(n == 1);
  }
}

TEST_CASE("Shard: JOB_COMPLETION_INDEX and REWIND_SHARDS together choose a shard", "[suite]") {
  auto env = [](std::map<std::string, std::string> vars) {
    return [vars](const char *name) -> const char * {
      auto it = vars.find(name);
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  };
  auto both = shardFromEnvironment(env({{"JOB_COMPLETION_INDEX", "3"}, {"REWIND_SHARDS", "4"}}));
  REQUIRE(both.shard);
  CHECK(both.shard->index == 3);
  CHECK(both.shard->count == 4);
  CHECK(both.error.empty());

  auto none = shardFromEnvironment(env({}));
  CHECK_FALSE(none.shard);
  CHECK(none.error.empty());
  CHECK(none.warning.empty());

  auto indexOnly = shardFromEnvironment(env({{"JOB_COMPLETION_INDEX", "3"}}));
  CHECK_FALSE(indexOnly.shard);
  CHECK(indexOnly.error.empty());
  CHECK(indexOnly.warning.find("REWIND_SHARDS is not") != std::string::npos);

  auto shardsOnly = shardFromEnvironment(env({{"REWIND_SHARDS", "4"}}));
  CHECK_FALSE(shardsOnly.shard);
  CHECK(shardsOnly.error.find("JOB_COMPLETION_INDEX is not") != std::string::npos);

  auto outside = shardFromEnvironment(env({{"JOB_COMPLETION_INDEX", "4"}, {"REWIND_SHARDS", "4"}}));
  CHECK_FALSE(outside.shard);
  CHECK(outside.error.find("the shard index must be a whole number from 0 to 3, found `4`") != std::string::npos);
}
