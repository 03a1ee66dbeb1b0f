#!/usr/bin/python3
# This script measures `rewind import` and `rewind compile --target argo` over every upstream Argo
# Rollouts example that holds a Rollout (with the template files it references), process start
# included: the time a user waits to convert or lint their manifests.
#   bench/import_compile.py [PATH/TO/rewind] [REFERENCE_DIR]   (run from the repository root)
import glob
import os
import statistics
import subprocess
import sys
import time

rewind = sys.argv[1] if len(sys.argv) > 1 else "build/bin/rewind"
reference = sys.argv[2] if len(sys.argv) > 2 else "../shared/reference"
examples = os.path.join(reference, "argo-rollouts", "examples")
if not os.path.isdir(examples):
    print(f"skipped: {examples} is absent")
    sys.exit(0)

templates = [os.path.join(examples, n) for n in ("analysis-templates.yaml", "cluster-analysis-templates.yaml")]
cases = []
for path in sorted(glob.glob(os.path.join(examples, "**", "*.yaml"), recursive=True)):
    text = open(path).read()
    if "kind: Rollout" in text:
        cases.append([path] + [t for t in templates if t != path])


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter() - start) * 1000


rounds = 5
totals = {"import": [], "compile": []}
per_file = []
for _ in range(rounds):
    sums = {"import": 0.0, "compile": 0.0}
    for files in cases:
        t_import = timed([rewind, "import", *files])
        t_compile = timed([rewind, "compile", "--target", "argo", *files])
        sums["import"] += t_import
        sums["compile"] += t_compile
        per_file.append(t_import + t_compile)
    for key in sums:
        totals[key].append(sums[key])

print(f"upstream examples with a Rollout   {len(cases)}")
print(f"import, all examples (median of {rounds})  {statistics.median(totals['import']):8.1f} ms")
print(f"compile, all examples (median of {rounds}) {statistics.median(totals['compile']):8.1f} ms")
print(f"import + compile per example: median {statistics.median(per_file):.1f} ms, max {max(per_file):.1f} ms")
