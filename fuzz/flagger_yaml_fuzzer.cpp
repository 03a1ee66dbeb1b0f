// This file implements the Flagger YAML fuzz harness: bytes → Argo and Flagger YAML readers (as the
// driver runs them) → templateRef resolution → check → lower → plan verify → the Flagger view and
// backend, and the `.rwd` formatter of `rewind import` on whatever was read.
#include "compiler/emit/flagger/flagger_canary.h"
#include "compiler/format/policy_formatter.h"
#include "compiler/lower/lower.h"
#include "compiler/plan/plan_verifier.h"
#include "compiler/sema/checker.h"
#include "compiler/yaml/argo/argo_yaml.h"
#include "compiler/yaml/flagger/flagger_yaml.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace rwd;
  SourceManager sources;
  DiagnosticEngine diags;
  const SourceFile &file = fuzz::addInput(sources, "fuzz.yaml", data, size);
  // The driver reads Flagger objects only from a file the Argo reader accepted (text checks, syntax).
  yaml::argo::ArgoYamlFile argo = yaml::argo::readArgoYaml(file, diags);
  if (argo.policy) {
    yaml::flagger::FlaggerYamlFile yaml = yaml::flagger::readFlaggerYaml(file, diags);
    if (yaml.policy) {
      std::vector<yaml::flagger::FlaggerYamlFile *> pending = {&yaml};
      yaml::flagger::resolveFlaggerReferences(pending, diags);
      if (!diags.hasErrors()) {
        sema::CheckOptions options;
        options.requireRollout = false;
        std::optional<sema::CheckedPolicy> checked = sema::checkPolicy({yaml.policy.get()}, diags, options);
        if (checked && checked->rollout && !diags.hasErrors()) {
          plan::Plan plan = lower::lowerToPlan(*checked);
          if (!plan::verifyPlan(plan, diags)) fuzz::invariantBroken("lowering produced an invalid plan");
          emit::emitFlaggerDocuments(plan, diags);
        }
        if (!diags.hasErrors()) format::formatPolicy({yaml.policy.get()}, diags);
      }
    }
  }
  fuzz::renderAll(diags, sources);
  return 0;
}
