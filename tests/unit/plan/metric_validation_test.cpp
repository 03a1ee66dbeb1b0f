// This file implements the unit tests of Argo's validation of a metric when it creates a run
// (utils/analysis/factory.go ValidateMetric; upstream factory_test.go TestValidateMetrics).
#include "compiler/plan/metric_validation.h"

#include <catch2/catch.hpp>

using rwd::plan::applyArgoText;
using rwd::plan::ArgoMetricSettings;
using rwd::plan::validateArgoMetric;

TEST_CASE("Argo metric validation: Argo's messages, in Argo's order", "[plan]") {
  ArgoMetricSettings s;
  CHECK_FALSE(validateArgoMetric(s));
  SECTION("count above 1 needs an interval") {
    s.count = 2;
    CHECK(validateArgoMetric(s) == "interval must be specified when count > 1");
    s.intervalMs = 60'000;
    CHECK_FALSE(validateArgoMetric(s));
  }
  SECTION("count below the limits") {
    s.intervalMs = 1'000;
    s.count = 2;
    s.failureLimit = 3;
    CHECK(validateArgoMetric(s) == "count (2) must be >= failureLimit + consecutiveSuccessLimit (3 + 0) if both >= 0");
    s.failureLimit = -1;
    s.consecutiveSuccessLimit = 3;
    CHECK(validateArgoMetric(s) == "count must be >= consecutiveSuccessLimit");
    s.consecutiveSuccessLimit = 1;
    s.inconclusiveLimit = 4;
    CHECK(validateArgoMetric(s) == "count must be >= inconclusiveLimit");
  }
  SECTION("limits") {
    s.failureLimit = -1;
    CHECK(validateArgoMetric(s) == "failureLimit and consecutiveSuccessLimit cannot both be disabled");
    s.failureLimit = -2;
    CHECK(validateArgoMetric(s) == "failureLimit must be >= 0, or -1 to be disabled");
    s.consecutiveSuccessLimit = -1; // checked first
    CHECK(validateArgoMetric(s) == "consecutiveSuccessLimit must be >= 0");
  }
  SECTION("negative inconclusive and error limits") {
    s.inconclusiveLimit = -1;
    CHECK(validateArgoMetric(s) == "inconclusiveLimit must be >= 0");
    s.inconclusiveLimit = 0;
    s.consecutiveErrorLimit = -1;
    CHECK(validateArgoMetric(s) == "consecutiveErrorLimit must be >= 0");
  }
  SECTION("providers") {
    s.providers = 0;
    CHECK(validateArgoMetric(s) == "no provider specified");
    s.providers = 2;
    CHECK(validateArgoMetric(s) == "multiple providers specified");
  }
}

TEST_CASE("Argo metric validation: text read as Argo reads it back", "[plan]") {
  ArgoMetricSettings s;
  SECTION("counts and limits: IntValue, so text that is not a number is 0") {
    applyArgoText(s, "count", "3");
    applyArgoText(s, "failureLimit", "two");
    applyArgoText(s, "consecutiveErrorLimit", "");
    CHECK(s.count == 3);
    CHECK(s.failureLimit == 0);
    CHECK(s.consecutiveErrorLimit == 0); // set, so not the default 4
    CHECK(validateArgoMetric(s) == "interval must be specified when count > 1");
  }
  SECTION("durations: Go's parser; empty is unset") {
    applyArgoText(s, "interval", "1m");
    CHECK(s.intervalMs == 60'000);
    applyArgoText(s, "interval", "");
    CHECK_FALSE(s.intervalMs);
    applyArgoText(s, "interval", "5");
    CHECK(validateArgoMetric(s) == "invalid interval string: time: missing unit in duration \"5\"");
    applyArgoText(s, "interval", "30s");
    applyArgoText(s, "initialDelay", "1d");
    CHECK(validateArgoMetric(s) == "invalid startDelay string: time: unknown unit \"d\" in duration \"1d\"");
  }
  SECTION("an unparsable interval still counts as set for `count > 1`") {
    s.count = 3;
    applyArgoText(s, "interval", "soon");
    CHECK(validateArgoMetric(s) == "invalid interval string: time: invalid duration \"soon\"");
  }
}
