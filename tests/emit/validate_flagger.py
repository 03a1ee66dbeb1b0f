#!/usr/bin/python3
# This file implements the checks of the Flagger backend and reader against upstream Flagger:
#  1. every golden `compile --target flagger` output is valid against the Canary and MetricTemplate
#     CRD schemas (../shared/reference/flagger/crds);
#  2. every upstream example Canary round trips: compile(import(X)) keeps X's analysis fields
#     (interval, threshold, the weights it visits, iterations, metrics with their thresholdRange,
#     query window and template, webhooks, alerts) and is itself valid against the CRDs.
# Usage: validate_flagger.py REWIND [REFERENCE_DIR]   (run from the repository root); skips (and
# passes) when the reference folder is absent.
import glob
import os
import subprocess
import sys
import tempfile

import jsonschema
import yaml

sys.path.insert(0, os.path.dirname(__file__))
from validate_crds import to_json_schema  # noqa: E402  (one OpenAPI → JSON Schema conversion)

CRDS = {"Canary": "canaries.flagger.app.yaml", "MetricTemplate": "metrictemplates.flagger.app.yaml"}


def load_schemas(reference):
    schemas = {}
    for kind, name in CRDS.items():
        with open(os.path.join(reference, "flagger", "crds", name)) as f:
            crd = yaml.safe_load(f)
        schemas[kind] = to_json_schema(crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"])
    return schemas


def validate(label, docs, schemas, failures):
    for doc in docs:
        kind = doc.get("kind")
        if kind not in schemas:
            failures.append(f"{label}: unexpected kind {kind!r}")
            continue
        for error in sorted(jsonschema.Draft7Validator(schemas[kind]).iter_errors(doc), key=str)[:5]:
            path = "/".join(str(p) for p in error.absolute_path)
            failures.append(f"{label}: {kind} {doc['metadata']['name']}: {path}: {error.message}")


def visited_weights(analysis):
    """The weights Flagger's nextStepWeight visits (scheduler.go), whichever way they are written."""
    if analysis.get("stepWeights"):
        return list(analysis["stepWeights"])
    step = analysis.get("stepWeight", 0)
    if not step:
        return []
    top = analysis.get("maxWeight") or 100
    weights, w = [], 0
    while w < top and w < 100:
        w = min(w + step, 100)
        weights.append(w)
    return weights


def metric_view(metric):
    """A metric as Flagger reads it: the deprecated scalar threshold is a thresholdRange bound."""
    bounds = dict(metric.get("thresholdRange") or {})
    if not bounds and "threshold" in metric:
        bounds = {"min" if metric["name"] == "request-success-rate" else "max": metric["threshold"]}
    ref = metric.get("templateRef") or {}
    return {"name": metric["name"], "thresholdRange": {k: float(v) for k, v in bounds.items()},
            "interval": metric.get("interval"), "templateRef": ref.get("name"),
            "templateVariables": metric.get("templateVariables") or {}}


def analysis_view(canary):
    a = canary["spec"]["analysis"]
    interval = a.get("interval", "60s")
    seconds = int(interval[:-1]) * (60 if interval.endswith("m") else 1)
    return {"interval_s": max(seconds, 10), "threshold": a.get("threshold"),
            "weights": visited_weights(a) if not a.get("iterations") else [],
            "iterations": a.get("iterations") or 0,
            "metrics": [metric_view(m) for m in a.get("metrics") or []],
            "webhooks": a.get("webhooks") or [], "alerts": [
                {"name": x["name"], "severity": x.get("severity") or "info", "providerRef": x["providerRef"]}
                for x in a.get("alerts") or []],
            "mirror": a.get("mirror", False), "match": a.get("match")}


def run(rewind, *args):
    return subprocess.run([rewind, *args], capture_output=True, text=True)


def main():
    rewind = os.path.abspath(sys.argv[1])
    reference = sys.argv[2] if len(sys.argv) > 2 else os.path.join("..", "shared", "reference")
    if not os.path.isdir(os.path.join(reference, "flagger", "crds")):
        print(f"validate_flagger: skipped: no Flagger CRDs under {reference}/flagger/crds")
        return 0
    schemas = load_schemas(reference)
    failures = []
    goldens = sorted(glob.glob("tests/golden/flagger/*.flagger.yaml"))
    for path in goldens:
        with open(path) as f:
            validate(path, list(yaml.safe_load_all(f)), schemas, failures)
    examples = sorted(glob.glob(os.path.join(reference, "flagger", "examples", "*.yaml")))
    with tempfile.TemporaryDirectory() as tmp:
        for path in examples:
            label = os.path.basename(path)
            imported = run(rewind, "import", path)
            if imported.returncode != 0 and "[FlaggerTemplateNotFound]" in imported.stderr and \
                    imported.stderr.count(": error:") == imported.stderr.count("[FlaggerTemplateNotFound]"):
                print(f"{label}: skipped: its MetricTemplates are not among the reference files")
                continue
            if imported.returncode != 0:
                failures.append(f"{label}: import failed:\n{imported.stderr}")
                continue
            policy = os.path.join(tmp, label + ".rwd")
            with open(policy, "w") as f:
                f.write(imported.stdout)
            compiled = run(rewind, "compile", "--target", "flagger", policy)
            if compiled.returncode != 0:
                failures.append(f"{label}: compile(import) failed:\n{compiled.stderr}")
                continue
            docs = list(yaml.safe_load_all(compiled.stdout))
            validate(label + " (compile(import))", docs, schemas, failures)
            with open(path) as f:
                original = [d for d in yaml.safe_load_all(f) if d and d.get("kind") == "Canary"]
            back = [d for d in docs if d.get("kind") == "Canary"]
            want, got = analysis_view(original[0]), analysis_view(back[0])
            for key in want:
                if want[key] != got[key]:
                    failures.append(f"{label}: analysis {key}: upstream {want[key]!r}, round trip {got[key]!r}")
    for failure in failures:
        print(failure)
    print(f"validate_flagger: {len(goldens)} goldens, {len(examples)} upstream round trips, "
          f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
