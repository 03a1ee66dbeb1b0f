#!/usr/bin/env python3
"""Tests deploy/kubernetes/rewind-test-job.yaml, the Indexed Job that shards `rewind test`.

    indexed_job_test.py PATH/TO/rewind          (from the repository root)

1. The manifest is a valid batch/v1 Job of the kind that shards: every field is one the Job API
   has (at each level the test knows), completionMode Indexed, REWIND_SHARDS equal to completions,
   restartPolicy Never (which podFailurePolicy needs), mounts that name declared volumes.
2. Its pods' command, run here for every completion index with the manifest's environment and the
   volumes as local folders, writes one report per shard (exiting 0 even when cases fail), and
   `rewind test --merge` of those reports equals the report of the unsharded run, byte for byte.
3. A broken suite makes the pod exit 1 without a report, which the podFailurePolicy turns into a
   failed Job.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

REWIND = os.path.abspath(sys.argv[1])
MANIFEST = "deploy/kubernetes/rewind-test-job.yaml"

# The batch/v1 Job API fields (k8s.io/api batch/v1 and core/v1), at the levels the manifest uses.
JOB_KEYS = {"apiVersion", "kind", "metadata", "spec"}
METADATA_KEYS = {"name", "namespace", "labels", "annotations", "generateName"}
JOB_SPEC_KEYS = {"parallelism", "completions", "activeDeadlineSeconds", "podFailurePolicy", "successPolicy",
                 "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes", "selector", "manualSelector",
                 "template", "ttlSecondsAfterFinished", "completionMode", "suspend", "podReplacementPolicy",
                 "managedBy"}
POD_SPEC_KEYS = {"volumes", "initContainers", "containers", "restartPolicy", "terminationGracePeriodSeconds",
                 "activeDeadlineSeconds", "dnsPolicy", "nodeSelector", "serviceAccountName", "automountServiceAccountToken",
                 "securityContext", "imagePullSecrets", "affinity", "tolerations", "priorityClassName", "runtimeClassName",
                 "topologySpreadConstraints", "hostname", "subdomain", "schedulerName", "enableServiceLinks"}
CONTAINER_KEYS = {"name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources",
                  "volumeMounts", "volumeDevices", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle",
                  "terminationMessagePath", "terminationMessagePolicy", "imagePullPolicy", "securityContext", "stdin",
                  "stdinOnce", "tty", "resizePolicy", "restartPolicy"}
POD_FAILURE_RULE_KEYS = {"action", "onExitCodes", "onPodConditions"}
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)


def only(keys, allowed, where):
    unknown = set(keys) - allowed
    check(not unknown, f"{where}: fields the Job API does not have: {sorted(unknown)}")


def check_manifest(job):
    only(job, JOB_KEYS, "Job")
    check(job.get("apiVersion") == "batch/v1", "apiVersion must be batch/v1")
    check(job.get("kind") == "Job", "kind must be Job")
    only(job["metadata"], METADATA_KEYS, "metadata")
    check(DNS_LABEL.match(job["metadata"]["name"]) is not None, "metadata.name must be a DNS label")
    spec = job["spec"]
    only(spec, JOB_SPEC_KEYS, "spec")
    check(spec.get("completionMode") == "Indexed", "spec.completionMode must be Indexed")
    completions, parallelism = spec.get("completions"), spec.get("parallelism")
    check(isinstance(completions, int) and completions >= 1, "spec.completions must be a positive integer")
    check(isinstance(parallelism, int) and 1 <= parallelism <= completions, "spec.parallelism must be 1..completions")
    for rule in spec.get("podFailurePolicy", {}).get("rules", []):
        only(rule, POD_FAILURE_RULE_KEYS, "podFailurePolicy.rules[]")
        check(rule["action"] in ("FailJob", "Ignore", "Count", "FailIndex"), "podFailurePolicy action")
        codes = rule.get("onExitCodes", {})
        check(codes.get("operator") in ("In", "NotIn"), "onExitCodes.operator")
        check(all(isinstance(v, int) and v != 0 for v in codes.get("values", [])), "onExitCodes.values: non-zero ints")
    template = spec["template"]
    only(template, {"metadata", "spec"}, "template")
    pod = template["spec"]
    only(pod, POD_SPEC_KEYS, "template.spec")
    check(pod.get("restartPolicy") == "Never", "restartPolicy must be Never (podFailurePolicy needs it)")
    volumes = {v["name"] for v in pod.get("volumes", [])}
    containers = pod["containers"]
    check(len(containers) == 1, "one container")
    container = containers[0]
    only(container, CONTAINER_KEYS, "containers[]")
    check(DNS_LABEL.match(container["name"]) is not None, "container name must be a DNS label")
    check(bool(container.get("image")), "container image")
    for rule in spec.get("podFailurePolicy", {}).get("rules", []):
        check(rule.get("onExitCodes", {}).get("containerName") in (None, container["name"]),
              "podFailurePolicy names the container")
    for mount in container.get("volumeMounts", []):
        check(mount["name"] in volumes, f"volumeMount {mount['name']} names a declared volume")
    env = {e["name"]: e.get("value") for e in container.get("env", [])}
    check(env.get("REWIND_SHARDS") == str(completions), "REWIND_SHARDS must equal spec.completions")
    for quantity in ("cpu", "memory"):
        check(quantity in container.get("resources", {}).get("requests", {}), f"a {quantity} request")
    return container, env, completions


def run_pods(container, env, completions, suites, results):
    """Runs the container's command once per completion index, the volumes mapped to folders."""
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    script = container["args"][0]
    script = script.replace(mounts["suites"], suites).replace(mounts["results"], results)
    statuses = []
    for index in range(completions):
        pod_env = dict(os.environ, **env, JOB_COMPLETION_INDEX=str(index),
                       PATH=os.path.dirname(REWIND) + os.pathsep + os.environ["PATH"])
        statuses.append(subprocess.run(container["command"] + [script], env=pod_env, capture_output=True).returncode)
    return statuses


def main():
    with open(MANIFEST) as f:
        docs = [d for d in yaml.safe_load_all(f) if d is not None]
    check(len(docs) == 1, "one document")
    container, env, completions = check_manifest(docs[0])
    check(container["command"][:2] == ["/bin/sh", "-c"] and len(container["args"]) == 1, "a shell script")

    work = tempfile.mkdtemp()
    try:
        suites, results = os.path.join(work, "suites"), os.path.join(work, "results")
        os.makedirs(results)
        subprocess.run([sys.executable, "bench/gen_fleet.py", suites, "50"], check=True)
        statuses = run_pods(container, env, completions, suites, results)
        check(statuses == [0] * completions, f"every pod exits 0 even with failed cases: {statuses}")
        reports = sorted(os.listdir(results))
        check(reports == [f"shard-{i}.json" for i in range(completions)], f"one report per shard: {reports}")
        whole = subprocess.run([REWIND, "test", "--format", "json", os.path.join(suites, "suite.yaml")],
                               capture_output=True, text=True)
        check(whole.returncode == 1, "the fleet has failing cases (so the pods' exit-1 path ran)")
        merged = subprocess.run([REWIND, "test", "--merge", "--format", "json"] +
                                [os.path.join(results, r) for r in reports], capture_output=True, text=True)
        check(merged.stdout == whole.stdout, "the merge of the shards equals the unsharded report")

        # A suite that cannot be read: exit 1 and no report, which podFailurePolicy fails the Job on.
        with open(os.path.join(suites, "suite.yaml"), "a") as f:
            f.write("  - name: broken\n    trace: missing.trace.csv\n    expect: {outcome: promoted}\n")
        shutil.rmtree(results)
        os.makedirs(results)
        # The broken case is the 51st: only the pod of its shard reads its trace.
        owner = 50 % completions
        statuses = run_pods(container, env, completions, suites, results)
        check(statuses == [1 if i == owner else 0 for i in range(completions)],
              f"the pod whose shard holds the broken case fails: {statuses}")
        check(f"shard-{owner}.json" not in os.listdir(results), "and writes no report")
        fail_codes = [c for r in docs[0]["spec"]["podFailurePolicy"]["rules"] if r["action"] == "FailJob"
                      for c in r["onExitCodes"]["values"]]
        check(1 in fail_codes and 2 in fail_codes, "exit 1 and 2 fail the Job at once")
    finally:
        shutil.rmtree(work)

    for failure in failures:
        print(f"FAIL: {failure}")
    print(f"indexed_job_test.py: {'ok' if not failures else f'{len(failures)} failed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
