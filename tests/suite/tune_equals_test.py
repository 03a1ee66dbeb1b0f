#!/usr/bin/env python3
"""Checks that `rewind tune` scores every combination exactly as `rewind test` scores the policy
written with those values (CONTRACT §8).

    tune_equals_test.py PATH/TO/rewind          (from the repository root)

For two suites (the error-rate example, and a generated fleet of 40 deploys with two metrics) it runs
`rewind tune --format json`, then for every combination writes the policy file with the
combination's values in place (by text, independently of Rewind's own edits), runs `rewind test
--format json` on a copy of the suite that uses it, and compares passed, failed, false and missed
rollbacks and the mean decision time of the cases expected to roll back.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

REWIND = os.path.abspath(sys.argv[1])
failures = []


def run(args):
    return subprocess.run([REWIND] + args, capture_output=True, text=True)


def score(report, expected):
    """The tune score of a `rewind test` JSON report; `expected` maps a case name to its outcome."""
    cases = report["cases"]
    rollback = [c for c in cases if expected(c["name"]) == "rolled_back"]
    return {
        "passed": report["passed"],
        "failed": report["failed"],
        "false_rollbacks": sum(1 for c in cases if c["outcome"] == "rolled_back" and expected(c["name"]) != "rolled_back"),
        "missed_rollbacks": sum(1 for c in rollback if c["outcome"] != "rolled_back"),
        "mean_detect_s": sum(c["decided_at_s"] for c in rollback) / len(rollback) if rollback else None,
    }


def check_suite(label, suite, policy, vary, edit, expected):
    """`edit(text, values)` writes the combination's values into the policy text."""
    tuned = run(["tune", suite, "--format", "json"] + [a for v in vary for a in ("--vary", v)])
    if tuned.returncode != 0:
        failures.append(f"{label}: tune failed: {tuned.stderr}")
        return
    report = json.loads(tuned.stdout)
    original = open(policy).read()
    checked = 0
    for combo in report["combos"]:
        edited = edit(original, combo["values"])
        if edited == original and any(str(v) not in original for v in combo["values"].values()):
            failures.append(f"{label}: the edit changed nothing for {combo['values']}")
        with open(policy, "w") as f:
            f.write(edited)
        try:
            tested = run(["test", "--format", "json", suite])
        finally:
            with open(policy, "w") as f:
                f.write(original)
        if tested.returncode not in (0, 1):
            failures.append(f"{label}: test failed for {combo['values']}: {tested.stderr}")
            continue
        want = score(json.loads(tested.stdout), expected)
        got = {k: combo[k] for k in want}
        if got["mean_detect_s"] is not None and want["mean_detect_s"] is not None and \
                abs(got["mean_detect_s"] - want["mean_detect_s"]) < 1e-9:
            got["mean_detect_s"] = want["mean_detect_s"]
        if got != want:
            failures.append(f"{label}: {combo['values']}: tune says {got}, test of the edited policy says {want}")
        checked += 1
    if checked < 8:
        failures.append(f"{label}: only {checked} combinations checked")
    print(f"{label}: {checked} combinations equal to `rewind test` of the edited policy")


def main():
    work = tempfile.mkdtemp()
    try:
        # 1. The error-rate example, copied: a number parameter, a failure limit and a count.
        example = os.path.join(work, "error-rate")
        shutil.copytree("examples/error-rate", example)

        def edit_example(text, values):
            text = text.replace("max: number = 5%", f"max: number = {values['error-rate.max']}")
            text = text.replace("failure limit 1", f"failure limit {values['error-rate/error-rate.failure-limit']}")
            return text.replace("every 1m, 5 times", f"every 1m, {values['error-rate/error-rate.count']} times")

        outcomes = {"good": "promoted", "incident": "rolled_back", "quiet-hours": "paused"}
        check_suite("error-rate", os.path.join(example, "suite.yaml"), os.path.join(example, "policy.rwd"),
                    ["error-rate.max=1%..7%/2%", "error-rate/error-rate.failure-limit=0..2/1",
                     "error-rate/error-rate.count=3,5"],
                    edit_example, lambda name: outcomes[name])

        # 2. A fleet: two thresholds and a failure limit that trade good deploys against incidents.
        fleet = os.path.join(work, "fleet")
        subprocess.run([sys.executable, "bench/gen_fleet.py", fleet, "40"], check=True)

        def edit_fleet(text, values):
            text = text.replace("max-errors: number = 5%", f"max-errors: number = {values['health.max-errors']}")
            text = text.replace("max-latency: number = 450", f"max-latency: number = {values['health.max-latency']}")
            head, tail = text.split("metric latency-p95", 1)
            limit = values["health/error-rate.failure-limit"]
            return head.replace("failure limit 2", f"failure limit {limit}") + "metric latency-p95" + tail

        check_suite("fleet", os.path.join(fleet, "suite.yaml"), os.path.join(fleet, "policy.rwd"),
                    ["health.max-errors=2%,5%,8%", "health.max-latency=400..550/50", "health/error-rate.failure-limit=0,2"],
                    edit_fleet, lambda name: "rolled_back" if name.startswith("incident/") else "promoted")
    finally:
        shutil.rmtree(work)
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
