// This file implements the Argo YAML fuzz harness: bytes → YAML reader → cross-file resolution →
// check → lower → plan verify, and the `.rwd` formatter of `rewind import` on whatever was read.
#include "compiler/yaml/argo/argo_yaml.h"
#include "compiler/format/policy_formatter.h"
#include "compiler/lower/lower.h"
#include "compiler/plan/plan_verifier.h"
#include "compiler/sema/checker.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace rwd;
  SourceManager sources;
  DiagnosticEngine diags;
  const SourceFile &file = fuzz::addInput(sources, "fuzz.yaml", data, size);
  yaml::argo::ArgoYamlFile yaml = yaml::argo::readArgoYaml(file, diags);
  if (yaml.policy) {
    std::vector<yaml::argo::ArgoYamlFile *> pending = {&yaml};
    yaml::argo::resolveArgoReferences(pending, {yaml.policy.get()}, diags);
    if (!diags.hasErrors()) {
      sema::CheckOptions options;
      options.requireRollout = false;
      std::optional<sema::CheckedPolicy> checked = sema::checkPolicy({yaml.policy.get()}, diags, options);
      if (checked && checked->rollout && !diags.hasErrors()) {
        plan::Plan plan = lower::lowerToPlan(*checked);
        if (!plan::verifyPlan(plan, diags)) fuzz::invariantBroken("lowering produced an invalid plan");
      }
      if (!diags.hasErrors()) format::formatPolicy({yaml.policy.get()}, diags);
    }
  }
  fuzz::renderAll(diags, sources);
  return 0;
}
