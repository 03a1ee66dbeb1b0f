// This file implements the Catch2 main of the unit test binary (compiled once).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
