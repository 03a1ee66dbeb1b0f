#!/usr/bin/python3
# This file implements the round-trip tests of `rewind import`:
#   - every Rewind policy in examples/ and the golden folders, and every Argo YAML golden input:
#     compile(import(X)) == compile(X), and
#     import(import(X)) == import(X) (the formatter is a fixed point);
#   - every upstream Argo Rollouts example holding a Rollout (with the AnalysisTemplates beside it):
#     compile(import(X)) == compile(X), and compile(X) keeps every field of X's strategy and of the
#     templates it uses (every leaf path). Skipped with a message when ../shared/reference is absent.
# Where compile refuses a policy (a construct Argo cannot express), the JSON plans are compared
# instead, without their source locations.
# Usage: roundtrip.py REWIND [REFERENCE_DIR]   (run from the repository root)
import glob
import json
import os
import subprocess
import sys
import tempfile

import yaml


def run(rewind, *args):
    proc = subprocess.run([rewind, *args], capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stdout, proc.stderr


def strip_locations(node):
    """A JSON plan without the fields that say where in which file an op was written."""
    if isinstance(node, list):
        return [strip_locations(item) for item in node]
    if isinstance(node, dict):
        return {k: strip_locations(v) for k, v in node.items() if k != "source" and not k.endswith("_source")}
    return node


def compiled(rewind, files):
    """What the policy compiles to: Argo YAML, or the location-free plan when compile refuses."""
    code, out, err = run(rewind, "compile", "--target", "argo", *files)
    if code == 0:
        return "yaml", out
    code, out, err = run(rewind, "plan", "--format", "json", *files)
    if code == 0:
        return "plan", json.dumps(strip_locations(json.loads(out)), sort_keys=True, indent=1)
    code, out, err = run(rewind, "check", *files)
    return "check", f"exit {code}"


refused = []


def first_error(stderr):
    return next((line for line in stderr.splitlines() if ": error: " in line), stderr.strip()[:200])


def leaf_paths(node, prefix):
    """`strategy.canary.steps[2].pause.duration`-style paths of every scalar under `node`."""
    if isinstance(node, dict):
        return set().union(*(leaf_paths(v, f"{prefix}.{k}") for k, v in node.items())) if node else {prefix}
    if isinstance(node, list):
        return set().union(*(leaf_paths(v, f"{prefix}[{i}]") for i, v in enumerate(node))) if node else {prefix}
    return {prefix}


def check_fields_kept(label, files, compiled_yaml, failures):
    """compile(X) keeps every field of X's Rollout strategy and of the templates it emits."""
    source = [doc for path in files if path.endswith((".yaml", ".yml"))
              for doc in yaml.safe_load_all(open(path)) if isinstance(doc, dict)]
    emitted = list(yaml.safe_load_all(compiled_yaml))
    missing = set()
    rollout_in = next((d for d in source if d.get("kind") == "Rollout"), None)
    if rollout_in is None:
        return
    rollout_out = next(d for d in emitted if d["kind"] == "Rollout")
    missing |= leaf_paths(rollout_in["spec"].get("strategy", {}), "strategy") - \
        leaf_paths(rollout_out["spec"].get("strategy", {}), "strategy")
    for doc in emitted[1:]:
        original = next((d for d in source if d.get("kind") == doc["kind"]
                         and d.get("metadata", {}).get("name") == doc["metadata"]["name"]), None)
        if original is not None:
            missing |= {f"{doc['metadata']['name']}: {p}" for p in
                        leaf_paths(original.get("spec", {}), "spec") - leaf_paths(doc["spec"], "spec")}
    # A run's measurementRetention moves to the metrics of its templates (Rewind keeps retention per
    # metric: `keep N measurements`); it is kept there, not lost.
    if any("measurementRetention" in doc["spec"] for doc in emitted[1:]):
        missing = {p for p in missing if ".measurementRetention[" not in p}
    if missing:
        failures.append(f"{label}: compile(X) lost fields of X: {sorted(missing)}")


def check_case(rewind, label, files, workdir, failures, fixed_point):
    code, policy, err = run(rewind, "import", *files)
    if code != 0:
        # Input Rewind rejects (Argo would too, or it is not valid YAML) is refused by import as
        # well; anything else is a failure of import.
        check_code, _, _ = run(rewind, "check", *files)
        if check_code == 1 and code == 1:
            refused.append(f"{label}: refused like `rewind check` does: {first_error(err)}")
        else:
            failures.append(f"{label}: import failed (exit {code}, check exit {check_code}):\n{err}")
        return
    imported = os.path.join(workdir, "imported.rwd")
    with open(imported, "w") as f:
        f.write(policy)
    want = compiled(rewind, files)
    got = compiled(rewind, [imported])
    # Fields reported as not carried (ArgoNotCarried, a dry-run rule that cannot match) are the
    # documented exceptions; every other field must come back out of compile.
    reported_drop = any(kind in run(rewind, "check", *files)[2]
                        for kind in ("[ArgoNotCarried]", "[ArgoInvalidRegex]", "[ArgoRuleMatchesNothing]"))
    if want[0] == "yaml" and not reported_drop:
        check_fields_kept(label, files, want[1], failures)
    if want != got:
        failures.append(f"{label}: compile(import(X)) differs from compile(X) ({want[0]} vs {got[0]})\n"
                        f"--- compile(X)\n{want[1]}\n--- compile(import(X))\n{got[1]}\n--- import(X)\n{policy}")
        return
    if fixed_point:
        code, again, err = run(rewind, "import", imported)
        # The header comment names the input file, which differs by construction (the formatter
        # writes no other comments).
        strip = lambda text: "\n".join(l for l in text.splitlines() if not l.startswith("//")).strip()
        if code != 0 or strip(again) != strip(policy):
            failures.append(f"{label}: import(import(X)) != import(X)\n--- import(X)\n{policy}\n--- again\n{again}{err}")


def rewind_policies():
    """Each case is the list of files one policy is made of (an example folder's .rwd files)."""
    cases = []
    for folder in sorted(glob.glob("examples/*/")):
        files = sorted(glob.glob(os.path.join(folder, "*.rwd")))
        if files:
            cases.append((folder.rstrip("/"), files))
    for pattern in ("tests/golden/plan/*.rwd", "tests/golden/emit/*.rwd", "tests/golden/sim/*.rwd",
                    "tests/golden/yaml/*.yaml", "tests/golden/yaml/*.yml", "tests/golden/import/*.yaml",
                    "tests/golden/argo_run/*.yaml"):
        for path in sorted(glob.glob(pattern)):
            # Argo YAML that fails at run time or that Argo partly ignores imports with warnings,
            # into a policy the stricter language refuses: no round trip for those.
            name = os.path.basename(path)
            if not name.startswith(("error.", "fails.", "ignored.")) and not name.endswith(".compile.yaml"):
                cases.append((path, [path]))
    return cases


def upstream_examples(reference):
    """Upstream files holding a Rollout, each with the template files it needs."""
    examples = os.path.join(reference, "argo-rollouts", "examples")
    templates = [os.path.join(examples, name) for name in ("analysis-templates.yaml", "cluster-analysis-templates.yaml")]
    cases = []
    for path in sorted(glob.glob(os.path.join(examples, "**", "*.yaml"), recursive=True)):
        with open(path) as f:
            text = f.read()
        if "kind: Rollout" not in text:
            continue
        needed = [t for t in templates if t != path and uses_templates_of(text, t)]
        cases.append((os.path.relpath(path, reference), [path] + needed))
    return cases


def uses_templates_of(text, template_file):
    with open(template_file) as f:
        names = [line.split(":", 1)[1].strip() for line in f if line.strip().startswith("name:")]
    return any(f"templateName: {name}" in text for name in names)


def main():
    rewind = os.path.abspath(sys.argv[1])
    reference = sys.argv[2] if len(sys.argv) > 2 else "../shared/reference"
    failures = []
    count = 0
    with tempfile.TemporaryDirectory() as workdir:
        for label, files in rewind_policies():
            check_case(rewind, label, files, workdir, failures, fixed_point=True)
            count += 1
        if os.path.isdir(os.path.join(reference, "argo-rollouts", "examples")):
            for label, files in upstream_examples(reference):
                check_case(rewind, label, files, workdir, failures, fixed_point=True)
                count += 1
        else:
            print(f"upstream examples skipped: {reference}/argo-rollouts/examples is absent")
    for note in refused:
        print(note)
    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"{count} round trips, {len(refused)} refused inputs, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
