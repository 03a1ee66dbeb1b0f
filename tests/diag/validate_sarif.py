#!/usr/bin/env python3
# This file implements the SARIF validation test: `rewind check --format sarif` over every golden
# diagnostic input (policies and Argo YAML, errors, warnings, notes and suggestions) is validated
# against the SARIF 2.1.0 JSON schema, and checked for what GitHub code scanning additionally needs.
# The exit status must be the text mode's. Also checks --format json agrees with the text form.
#
# Usage: validate_sarif.py PATH/TO/rewind (from the repository root). The schema comes from
# REWIND_SARIF_SCHEMA or /var/cache/rewind/sarif/sarif-schema-2.1.0.json (scripts/setup.sh puts it
# there); without it the test skips, except under CI (CI=true), where it fails.
import glob
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

SCHEMA_TITLE = "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"


def load_schema():
    path = os.environ.get("REWIND_SARIF_SCHEMA", "/var/cache/rewind/sarif/sarif-schema-2.1.0.json")
    if not os.path.exists(path):
        message = f"validate_sarif: no SARIF schema at {path} (run scripts/setup.sh as root)"
        if os.environ.get("CI") == "true":
            print("FAIL: " + message)
            sys.exit(1)
        print("SKIP: " + message)
        sys.exit(0)
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    # The file must be the SARIF 2.1.0 schema itself, not some other JSON: its title and the one
    # version it admits say so (this copy has no $id; the OASIS one's differs only in descriptions).
    assert schema.get("title") == SCHEMA_TITLE, f"{path} is not the SARIF 2.1.0 schema: {schema.get('title')}"
    assert schema["properties"]["version"]["enum"] == ["2.1.0"], f"{path} does not pin version 2.1.0"
    return schema


def inputs():
    files = sorted(glob.glob("tests/golden/diag/*.rwd")) + sorted(glob.glob("tests/golden/yaml/*.y*ml"))
    files = [f for f in files if not f.endswith((".diag", ".plan", ".actual"))]
    files += sorted(glob.glob("examples/*/policy.rwd"))
    return files


def github_requirements(log, where):
    """What GitHub code scanning requires beyond the schema (ecosystem.md §3)."""
    problems = []
    run = log["runs"][0]
    for rule in run["tool"]["driver"]["rules"]:
        for key in ("shortDescription", "fullDescription", "help"):
            text = rule.get(key, {}).get("text", "")
            if not text or len(text) > 1024:
                problems.append(f"{where}: rule {rule['id']}: {key}.text is empty or longer than 1024")
    for result in run["results"]:
        if not result["message"]["text"]:
            problems.append(f"{where}: a result has an empty message")
        for location in result.get("locations", []):
            region = location["physicalLocation"]["region"]
            if not all(k in region for k in ("startLine", "startColumn", "endLine", "endColumn")):
                problems.append(f"{where}: a region lacks a start or end: {region}")
    if run["results"] and run.get("columnKind") != "unicodeCodePoints":
        problems.append(f"{where}: columnKind must be present when there are results")
    # Code scanning follows an alert across commits by its fingerprint: one per located result,
    # never two alike in a run.
    prints = [r.get("partialFingerprints", {}).get("primaryLocationLineHash") for r in run["results"]
              if r.get("locations")]
    if None in prints:
        problems.append(f"{where}: a located result has no partialFingerprints.primaryLocationLineHash")
    elif len(prints) != len(set(prints)):
        problems.append(f"{where}: two results share a fingerprint: {prints}")
    return problems


def fingerprints(rewind, path, env):
    log = json.loads(subprocess.run([rewind, "check", "--format", "sarif", path], capture_output=True,
                                    text=True, env=env).stdout)
    return [r["partialFingerprints"]["primaryLocationLineHash"] for r in log["runs"][0]["results"]
            if "partialFingerprints" in r]


def stable_fingerprints(rewind, path, env):
    """The same findings keep their fingerprints when lines are added above them and the file moves."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    comment = "# " if path.endswith((".yaml", ".yml")) else "// "
    with tempfile.TemporaryDirectory() as tmp:
        moved = os.path.join(tmp, os.path.basename(path))
        with open(moved, "w", encoding="utf-8") as f:
            f.write(comment + "a line added above\n\n" + text)
        before, after = fingerprints(rewind, path, env), fingerprints(rewind, moved, env)
    if not before:
        return [f"{path}: no fingerprint to compare"]
    return [] if before == after else [f"{path}: fingerprints change when lines are added above: {before} -> {after}"]


def main():
    rewind = sys.argv[1]
    validator_class = jsonschema.validators.validator_for(load_schema())
    validator = validator_class(load_schema())
    failures = []
    counts = {"results": 0, "related": 0, "fixes": 0}
    env = dict(os.environ, NO_COLOR="1")
    for path in inputs():
        text = subprocess.run([rewind, "check", path], capture_output=True, text=True, env=env)
        sarif = subprocess.run([rewind, "check", "--format", "sarif", path], capture_output=True, text=True, env=env)
        as_json = subprocess.run([rewind, "check", "--format", "json", path], capture_output=True, text=True, env=env)
        if sarif.returncode != text.returncode or as_json.returncode != text.returncode:
            failures.append(f"{path}: exit {sarif.returncode} (sarif), {as_json.returncode} (json), "
                            f"{text.returncode} (text)")
            continue
        if sarif.stderr or as_json.stderr:
            failures.append(f"{path}: machine formats wrote to standard error: {sarif.stderr}{as_json.stderr}")
        log = json.loads(sarif.stdout)
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
        for error in errors[:5]:
            failures.append(f"{path}: schema: {'/'.join(map(str, error.path))}: {error.message}")
        failures += github_requirements(log, path)
        results = log["runs"][0]["results"]
        counts["results"] += len(results)
        counts["related"] += sum(len(r.get("relatedLocations", [])) for r in results)
        counts["fixes"] += sum(len(r.get("fixes", [])) for r in results)
        # JSON and text agree: one entry per `path:line:col: severity:` header line of the text form.
        diagnostics = json.loads(as_json.stdout)["diagnostics"]
        headers = [line for line in text.stderr.splitlines()
                   if ": error: " in line or ": warning: " in line or line.startswith("rewind: ")]
        if len(diagnostics) != len(headers) or len(results) != len(diagnostics):
            failures.append(f"{path}: {len(headers)} text diagnostics, {len(diagnostics)} JSON, {len(results)} SARIF")
        for diag, header in zip(diagnostics, headers):
            loc = diag["location"]
            prefix = f"{loc['path']}:{loc['line']}:{loc['column']}: " if loc else "rewind: "
            if not header.startswith(prefix + diag["severity"] + ": "):
                failures.append(f"{path}: JSON {prefix}{diag['severity']} does not match text `{header}`")
    failures += stable_fingerprints(rewind, "tests/golden/diag/error.analysis_arguments.rwd", env)
    failures += stable_fingerprints(rewind, "tests/golden/yaml/error.pitfalls.yaml", env)
    # The inputs must exercise what the renderer maps: related locations and fixes included.
    for key, count in counts.items():
        if count == 0:
            failures.append(f"no golden input produced any SARIF {key}")
    for failure in failures:
        print("FAIL: " + failure)
    print(f"validate_sarif: {len(inputs())} inputs, {counts['results']} results, {counts['related']} related "
          f"locations, {counts['fixes']} fixes")
    print(f"{1 if not failures else 0} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
