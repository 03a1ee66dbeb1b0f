#!/usr/bin/python3
# This file implements the schema check of `rewind compile --target argo`: every golden YAML and
# every example's output is validated against the Argo Rollouts CRD schemas, and every emitted
# document must survive a YAML round trip (re-dumped and re-loaded unchanged).
# Usage: validate_crds.py REWIND [REFERENCE_DIR]   (run from the repository root)
import glob
import json
import os
import subprocess
import sys

import jsonschema
import yaml

CRDS = {"Rollout": "rollout-crd.yaml", "AnalysisTemplate": "analysis-template-crd.yaml",
        "ClusterAnalysisTemplate": "cluster-analysis-template-crd.yaml"}


def to_json_schema(node):
    """OpenAPI v3 (Kubernetes flavour) → JSON Schema: int-or-string, preserve-unknown-fields."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key.startswith("x-kubernetes-") or key == "format":
            continue
        out[key] = to_json_schema(value)
    if node.get("x-kubernetes-int-or-string"):
        out.pop("type", None)
        out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if node.get("x-kubernetes-preserve-unknown-fields") and "properties" not in node:
        out.pop("type", None)
    return out


def load_schemas(reference):
    schemas = {}
    for kind, name in CRDS.items():
        with open(os.path.join(reference, "argo-rollouts", "crds", name)) as f:
            crd = yaml.safe_load(f)
        schemas[kind] = to_json_schema(crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"])
    return schemas


def check_stream(label, text, schemas, failures, other_kinds=False):
    docs = list(yaml.safe_load_all(text))
    for doc in docs:
        kind = doc.get("kind")
        if kind not in schemas and other_kinds:
            continue  # a --into manifest keeps its Services and other objects
        if kind not in schemas:
            failures.append(f"{label}: unknown kind {kind!r}")
            continue
        errors = sorted(jsonschema.Draft7Validator(schemas[kind]).iter_errors(doc), key=str)
        for error in errors[:5]:
            path = "/".join(str(p) for p in error.absolute_path)
            failures.append(f"{label}: {kind} {doc['metadata']['name']}: {path}: {error.message}")
        # Round trip: what a YAML reader gets back is stable through another dump and load.
        if yaml.safe_load(yaml.safe_dump(doc)) != doc:
            failures.append(f"{label}: {kind} does not survive a YAML round trip")
    return docs


def check_against_plan(rewind, policies, docs, label, failures):
    """Every string the plan holds (queries, conditions, provider configs, string arguments) comes
    back from the YAML exactly, as `yaml.safe_load` reads it."""
    plan = json.loads(subprocess.run([rewind, "plan", "--format", "json", *policies],
                                     capture_output=True, text=True, check=True).stdout)
    emitted = {doc["metadata"]["name"]: doc for doc in docs if doc["kind"] != "Rollout"}
    def differ(what, want, got):
        if want != got:
            failures.append(f"{label}: {what}: plan has {want!r}, YAML reads back {got!r}")
    for template in plan["templates"]:
        doc = emitted.get(template["name"])
        if doc is None:
            failures.append(f"{label}: no template document for {template['name']}")
            continue
        metrics = {m["name"]: m for m in doc["spec"]["metrics"]}
        for metric in template["metrics"]:
            got = metrics.get(metric["name"], {})
            where = f"{template['name']}/{metric['name']}"
            differ(where + " successCondition", metric.get("success_condition") or None, got.get("successCondition"))
            differ(where + " failureCondition", metric.get("failure_condition") or None, got.get("failureCondition"))
            provider = metric["provider"]
            if provider["kind"] == "prometheus":
                differ(where + " query", provider["query"], got["provider"]["prometheus"]["query"])
            else:
                differ(where + " provider", provider["config"], got["provider"][provider["kind"]])
    rollout = next(doc for doc in docs if doc["kind"] == "Rollout")
    canary = rollout["spec"]["strategy"].get("canary")
    if canary and "canary" in plan:
        for step, item in zip(plan["canary"]["steps"], canary["steps"]):
            if step["kind"] != "analysis":
                continue
            args = {a["name"]: a for a in item["analysis"].get("args", [])}
            for arg in step["run"]["arguments"]:
                if arg["kind"] == "value" and arg.get("type") == "string":
                    differ(f"step {step['index']} arg {arg['name']}", arg["value"], args[arg["name"]].get("value"))


def main():
    rewind = os.path.abspath(sys.argv[1])
    reference = sys.argv[2] if len(sys.argv) > 2 else os.path.join("..", "shared", "reference")
    if not os.path.isdir(os.path.join(reference, "argo-rollouts", "crds")):
        print(f"validate_crds: skipped: no Argo CRDs under {reference}/argo-rollouts/crds")
        return 0
    schemas = load_schemas(reference)
    failures = []
    checked = 0
    for path in sorted(glob.glob("tests/golden/emit/*.rwd.yaml")):
        with open(path) as f:
            docs = check_stream(path, f.read(), schemas, failures)
        check_against_plan(rewind, [path[: -len(".yaml")]], docs, path, failures)
        checked += 1
    # `compile --into`: the merged Rollout and templates (other kinds in the manifest are skipped).
    for path in sorted(glob.glob("tests/golden/into/*.into.yaml")):
        with open(path) as f:
            check_stream(path, f.read(), schemas, failures, other_kinds=True)
        checked += 1
    refused = 0
    for example in sorted(glob.glob("examples/*/")):
        policies = sorted(glob.glob(os.path.join(example, "*.rwd")))
        run = subprocess.run([rewind, "compile", "--target", "argo", *policies], capture_output=True, text=True)
        if run.returncode == 1 and "[NotExpressibleInTarget]" in run.stderr:
            refused += 1
            continue
        if run.returncode != 0:
            failures.append(f"{example}: exit {run.returncode}: {run.stderr.strip()}")
            continue
        docs = check_stream(example, run.stdout, schemas, failures)
        check_against_plan(rewind, policies, docs, example, failures)
        checked += 1
    for failure in failures:
        print("FAIL", failure)
    print(f"validate_crds: {checked} outputs validated, {refused} examples refused as expected, "
          f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
