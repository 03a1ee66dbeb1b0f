#!/usr/bin/python3
# This file implements the corpus test: every case of tests/corpus/argo/expectations.yaml (real public
# Argo Rollouts manifests, sources in SOURCES.md) goes through `check`, `simulate` with a generated
# trace (or `plan` where the rollout has no metric), `compile` and the import round trip of
# tests/import/roundtrip.py, and each command must end as the case's class says:
#   accepted           check exits 0; simulate, plan, compile and import exit 0
#   fails-at-run-time  Argo accepts the manifest but a run goes wrong: check exits 1, the others 0
#   library            templates without a Rollout: check and import exit 0
#   refused            Argo (or Rewind, a gap named in `why`) refuses it: every command exits 1
# `roundtrip: differs` (with `why`) expects compile(import(X)) to differ from compile(X), for a
# documented reason (the language is stricter than Argo); the round trip must then fail.
# Usage: run_corpus.py REWIND   (run from the repository root)
import json
import os
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "import"))
import roundtrip  # noqa: E402

CORPUS = os.path.join("tests", "corpus", "argo")
CLASSES = {"accepted", "fails-at-run-time", "library", "refused"}


def run(rewind, *args):
    proc = subprocess.run([rewind, *args], capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stdout, proc.stderr


def trace_for(plan):
    """A trace with a sample a minute for three hours for every metric of the plan: enough for
    every step, pause and analysis to play out. Values are 1 (a job completes; a query returns 1)."""
    names = [f"{t['name']}/{m['name']}" for t in plan.get("templates", []) for m in t.get("metrics", [])]
    if not names:
        return None
    rows = ["timestamp,metric,value"]
    for minute in range(0, 181):
        for name in names:
            rows.append(f"2026-11-20T{10 + minute // 60:02d}:{minute % 60:02d}:00Z,{name},1")
    return "\n".join(rows) + "\n"


def check_case(rewind, case, workdir, failures):
    label = case["case"]
    files = [os.path.join(CORPUS, f) for f in case["files"]]
    klass = case["class"]
    if klass not in CLASSES:
        failures.append(f"{label}: unknown class `{klass}`")
        return
    if klass in ("refused", "fails-at-run-time") and not case.get("why"):
        failures.append(f"{label}: class `{klass}` needs a `why`")

    def expect(what, code, want, err):
        if code != want:
            failures.append(f"{label}: `{what}` exited {code}, expected {want} ({klass})\n{err.strip()[:2000]}")

    code, _, err = run(rewind, "check", *files)
    expect("check", code, 0 if klass in ("accepted", "library") else 1, err)
    if klass == "library":
        code, _, err = run(rewind, "import", *files)
        expect("import", code, 0, err)
        return
    ok = 1 if klass == "refused" else 0
    code, out, err = run(rewind, "plan", "--format", "json", *files)
    expect("plan", code, ok, err)
    if code == 0:
        trace = trace_for(json.loads(out))
        if trace:
            path = os.path.join(workdir, "corpus.trace.csv")
            with open(path, "w") as f:
                f.write(trace)
            code, out, err = run(rewind, "simulate", *files, "--trace", path)
            expect("simulate", code, 0, err)
            if code == 0 and "\nStatus:" not in out:
                failures.append(f"{label}: `simulate` printed no outcome:\n{out[:1000]}")
    code, _, err = run(rewind, "compile", "--target", "argo", *files)
    expect("compile", code, ok, err)
    code, _, err = run(rewind, "import", *files)
    expect("import", code, ok, err)
    if klass != "refused":
        found = []
        roundtrip.check_case(rewind, label, files, workdir, found, fixed_point=True)
        if case.get("roundtrip", "same") == "same":
            failures.extend("round trip: " + f for f in found)
        elif not found:
            failures.append(f"{label}: the round trip now holds; remove `roundtrip: differs`")


def main():
    rewind = os.path.abspath(sys.argv[1])
    with open(os.path.join(CORPUS, "expectations.yaml")) as f:
        cases = yaml.safe_load(f)
    failures = []
    listed = {os.path.normpath(f) for case in cases for f in case["files"]}
    for root, _, names in os.walk(CORPUS):
        for name in names:
            path = os.path.normpath(os.path.relpath(os.path.join(root, name), CORPUS))
            if name.endswith((".yaml", ".yml")) and name != "expectations.yaml" and path not in listed:
                failures.append(f"{path}: in the corpus but in no case of expectations.yaml")
    counts = {}
    with tempfile.TemporaryDirectory() as workdir:
        for case in cases:
            check_case(rewind, case, workdir, failures)
            counts[case["class"]] = counts.get(case["class"], 0) + 1
    for failure in failures:
        print(failure, file=sys.stderr)
    repos = {f.split("/")[0] for f in listed}
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    print(f"{len(listed)} files from {len(repos)} repositories in {len(cases)} cases ({summary}); "
          f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
