// This file implements the unit tests of policy variants: a combination's plan equals the plan of
// the policy file edited by the lines `rewind tune` prints, in `.rwd` and in Argo YAML, and settings
// no replay depends on are refused with the reason.
#include "compiler/driver/policy_variants.h"
#include "compiler/plan/plan_printer.h"
#include "tests/unit/suite/suite_test_helpers.h"

#include <catch2/catch.hpp>
#include <regex>
#include <sstream>

using namespace rwd;
using namespace rwd::driver;

namespace {

const char *kPolicy = R"(rollout checkout {
  canary {
    weight 10%
    analyze health(service: "checkout")
    weight 50%
    analyze health(service: "checkout")
  }
}

analysis health(service: string, max-errors: number = 5%, quantile: number = 0.95) {
  metric error-rate {
    prometheus "errors{service=\"{{args.service}}\"}"
    every 1m, 8 times
    success when len(result) == 0 || result[0] <= args.max-errors
    failure limit 2
  }
  metric latency {
    prometheus "latency{q=\"{{args.quantile}}\"}"
    every 1m, 8 times
    success when len(result) == 0 || result[0] <= 500
  }
}

analysis unused(x: number = 1) {
  metric m {
    prometheus "m"
    success when result[0] < args.x
  }
}
)";

const char *kYaml = R"(apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: checkout
spec:
  strategy:
    canary:
      steps:
        - setWeight: 20
        - analysis:
            templates:
              - templateName: health
---
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: health
spec:
  args:
    - name: max-errors
      value: "0.05"
  metrics:
    - name: error-rate
      interval: 1m
      count: 5
      failureLimit: 1
      successCondition: "len(result) == 0 || result[0] <= {{args.max-errors}}"
      provider:
        prometheus:
          query: errors
)";

struct Policy {
  SourceManager sources;
  DiagnosticEngine diags;
  FrontendResult frontend;
  explicit Policy(const std::string &path) {
    frontend = runFrontend({path}, sources, diags, {});
    REQUIRE(frontend.plan);
  }
};

std::string withEdits(const std::string &text, const std::vector<LineEdit> &edits) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  // From the bottom up, so that an added line does not move the ones still to change.
  for (auto it = edits.rbegin(); it != edits.rend(); ++it) {
    if (it->before.empty()) lines.insert(lines.begin() + it->line, it->after);
    else lines[it->line - 1] = it->after;
  }
  std::string out;
  for (const std::string &line : lines) out += line + "\n";
  return out;
}

std::vector<TunedSetting> resolveAll(FrontendResult &frontend, const std::vector<std::string> &specs) {
  std::vector<TunedSetting> settings;
  for (const std::string &text : specs) {
    std::string error;
    auto spec = parseSettingSpec(text, error);
    REQUIRE(spec);
    auto setting = resolveSetting(frontend, *spec, error);
    INFO(text << ": " << error);
    REQUIRE(setting);
    settings.push_back(std::move(*setting));
  }
  return settings;
}

/// For every combination: the variant's plan equals the plan of the file edited by policyEdits.
void checkEveryCombination(const std::string &name, const std::string &text, const std::vector<std::string> &specs) {
  test::ScratchFolder dir;
  std::string original = dir.write("original/" + name, text);
  Policy policy(original);
  std::vector<TunedSetting> settings = resolveAll(policy.frontend, specs);
  std::vector<size_t> choice(settings.size(), 0);
  size_t checked = 0;
  for (bool more = true; more;) {
    std::string why;
    std::optional<plan::Plan> variant = lowerVariant(policy.frontend, settings, choice, why);
    std::vector<LineEdit> edits = policyEdits(policy.sources, settings, choice);
    std::string edited = dir.write("edited/" + name, withEdits(text, edits));
    SourceManager sources;
    DiagnosticEngine diags;
    FrontendResult expected = runFrontend({edited}, sources, diags, {});
    INFO("combination " << checked << "\n" << withEdits(text, edits));
    REQUIRE(variant.has_value() == expected.plan.has_value());
    if (variant) {
      // Locations aside (a line added to the file moves the ones below it), the plans are the same.
      static const std::regex kLocation(" @[^ \n]*:[0-9]+");
      CHECK(std::regex_replace(plan::printPlan(*variant, policy.sources), kLocation, "") ==
            std::regex_replace(plan::printPlan(*expected.plan, sources), kLocation, ""));
    }
    ++checked;
    more = false;
    for (size_t i = settings.size(); i-- > 0;) {
      if (++choice[i] < settings[i].values.size()) {
        more = true;
        break;
      }
      choice[i] = 0;
    }
  }
  CHECK(checked > 1);
  // The AST is restored: lowered again with no setting, it gives the original plan.
  std::string why;
  std::optional<plan::Plan> again = lowerVariant(policy.frontend, {}, {}, why);
  REQUIRE(again);
  CHECK(plan::printPlan(*again, policy.sources) == plan::printPlan(*policy.frontend.plan, policy.sources));
}

} // namespace

TEST_CASE("Policy variants: a combination's plan is the plan of the policy edited to its values", "[driver]") {
  SECTION(".rwd: a parameter default, limits, count and interval") {
    checkEveryCombination("policy.rwd", kPolicy,
                          {"health.max-errors=2%,5%,0.1", "health/error-rate.failure-limit=none,0,2",
                           "health/error-rate.count=4,8", "health/latency.interval=30s,1m",
                           "health/latency.consecutive-error-limit=4,0"});
  }
  SECTION("Argo YAML: an argument value, failureLimit, count and an absent initialDelay") {
    checkEveryCombination("rollout.yaml", kYaml,
                          {"health.max-errors=0.05,3%", "health/error-rate.failure-limit=1,3",
                           "health/error-rate.count=5,6", "health/error-rate.initial-delay=0s,30s"});
  }
}

TEST_CASE("Policy variants: an invalid combination says why", "[driver]") {
  test::ScratchFolder dir;
  Policy policy(dir.write("policy.rwd", kPolicy));
  auto settings = resolveAll(policy.frontend, {"health/error-rate.count=1,8", "health/error-rate.failure-limit=2,6"});
  std::string why;
  CHECK(lowerVariant(policy.frontend, settings, {1, 0}, why));
  CHECK_FALSE(lowerVariant(policy.frontend, settings, {0, 0}, why));
  CHECK(why == "count 1 is less than failure limit + success streak (2 + 0); Argo rejects this metric");
}

TEST_CASE("Policy variants: the lines to change read as a person writes them", "[driver]") {
  test::ScratchFolder dir;
  Policy policy(dir.write("policy.rwd", kPolicy));
  auto settings = resolveAll(policy.frontend, {"health.max-errors=5%,2%", "health/error-rate.failure-limit=2,none",
                                               "health/latency.failure-limit=0,1", "health/error-rate.count=8,6"});
  CHECK(policyEdits(policy.sources, settings, {0, 0, 0, 0}).empty()); // the policy's own values (and a default)
  std::vector<LineEdit> edits = policyEdits(policy.sources, settings, {1, 1, 1, 1});
  REQUIRE(edits.size() == 4);
  CHECK(edits[0].line == 10);
  CHECK(edits[0].after == "analysis health(service: string, max-errors: number = 2%, quantile: number = 0.95) {");
  CHECK(edits[1].after == "    every 1m, 6 times");
  CHECK(edits[2].after == "    failure limit none");
  CHECK(edits[3].line == 17);
  CHECK(edits[3].before.empty());
  CHECK(edits[3].after == "    failure limit 1");
  CHECK(edits[3].note == "add to metric `latency`");
  CHECK(edits[3].context == "  metric latency {");
}

TEST_CASE("Policy variants: settings no replay depends on are refused", "[driver]") {
  test::ScratchFolder dir;
  Policy policy(dir.write("policy.rwd", kPolicy));
  auto refusal = [&](const std::string &text) {
    std::string error;
    auto spec = parseSettingSpec(text, error);
    REQUIRE(spec);
    CHECK_FALSE(resolveSetting(policy.frontend, *spec, error));
    return error;
  };
  CHECK(refusal("nope.x=1") == "the policy has no analysis `nope`; it has `health`, `unused`");
  CHECK(refusal("unused.x=1") == "the rollout never uses analysis `unused`, so no replay depends on it");
  CHECK(refusal("health.nope=1") == "analysis `health` has no parameter `nope`; it has `service`, `max-errors`, `quantile`");
  CHECK(refusal("health/nope.count=1") == "analysis `health` has no metric `nope`; it has `error-rate`, `latency`");
  CHECK(refusal("health.service=a,b") == "every use of analysis `health` passes `service` explicitly, so its default "
                                         "is never used; change the argument in the rollout instead");
  CHECK(refusal("health.quantile=0.9,0.99") == "parameter `quantile` of analysis `health` appears in no condition; a "
                                               "replay answers every query from the trace, so its value changes nothing");
  CHECK(refusal("health/error-rate.count=-1") == "`-1` is below the least count (0)");
  CHECK(refusal("health.max-errors=5m") == "`5m` is not a number such as 5, 0.05 or 5%");
}
