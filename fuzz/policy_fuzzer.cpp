// This file implements the policy-source fuzz harness: bytes → parse → check → lower → plan verify.
// A plan the verifier rejects is a compiler bug, so it stops the run like a crash.
#include "compiler/lower/lower.h"
#include "compiler/parse/parser.h"
#include "compiler/plan/plan_verifier.h"
#include "compiler/sema/checker.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace rwd;
  SourceManager sources;
  DiagnosticEngine diags;
  const SourceFile &file = fuzz::addInput(sources, "fuzz.rwd", data, size);
  std::unique_ptr<ast::PolicyFile> policy = parse::parseFile(file, diags);
  if (policy) {
    sema::CheckOptions options;
    options.requireRollout = false; // analysis libraries are checked too
    std::optional<sema::CheckedPolicy> checked = sema::checkPolicy({policy.get()}, diags, options);
    if (checked && checked->rollout) { // as driver::runFrontend does
      plan::Plan plan = lower::lowerToPlan(*checked);
      if (!plan::verifyPlan(plan, diags)) fuzz::invariantBroken("lowering produced an invalid plan");
    }
  }
  fuzz::renderAll(diags, sources);
  return 0;
}
