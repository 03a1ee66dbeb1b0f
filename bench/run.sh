#!/usr/bin/env bash
# This script measures Rewind's performance targets (see bench/README.md) and prints a table.
#   bench/run.sh [PATH/TO/rewind]      (default: build/bin/rewind; run from the repository root)
# Targets: `rewind simulate` of a one-day, 1 s, 4-metric trace (345,600 rows) within 10x the time of
# `wc -l` on the same file; `rewind check` of an example policy under 20 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
REWIND=${1:-build/bin/rewind}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_day_trace.py "$work/day.trace.csv"
rows=$(($(wc -l <"$work/day.trace.csv") - 1))

# median_ms RUNS COMMAND... : median wall time in milliseconds over RUNS runs (output discarded).
median_ms() {
  local runs=$1
  shift
  python3 - "$runs" "$@" <<'PY'
import statistics, subprocess, sys, time
runs = int(sys.argv[1]); cmd = sys.argv[2:]
times = []
for _ in range(runs):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    times.append((time.perf_counter() - t) * 1000)
print(f"{statistics.median(times):.1f}")
PY
}

wc_ms=$(median_ms 11 wc -l "$work/day.trace.csv")
sim_ms=$(median_ms 11 "$REWIND" simulate bench/day.rwd --trace "$work/day.trace.csv" --format json --out "$work/r.json")
check_ms=$(median_ms 21 "$REWIND" check examples/success-rate/policy.rwd)
check_day_ms=$(median_ms 21 "$REWIND" check bench/day.rwd)
peak_kb=$( { /usr/bin/time -v "$REWIND" simulate bench/day.rwd --trace "$work/day.trace.csv" --format json --out "$work/r.json" ; } 2>&1 | awk '/Maximum resident/ {print $6}')

python3 - "$rows" "$wc_ms" "$sim_ms" "$check_ms" "$check_day_ms" "${peak_kb:-0}" <<'PY'
import sys
rows, wc, sim, check, check_day, peak = int(sys.argv[1]), *map(float, sys.argv[2:])
print(f"trace rows                      {rows}")
print(f"wc -l                           {wc:8.1f} ms")
print(f"rewind simulate (json report)   {sim:8.1f} ms   {rows / sim * 1000:,.0f} rows/s   "
      f"{sim / wc:5.1f}x wc -l  (target <= 10x)   peak RSS {peak / 1024:.1f} MiB")
print(f"rewind check (example policy)   {check:8.1f} ms   (target < 20 ms)")
print(f"rewind check (bench policy)     {check_day:8.1f} ms")
PY
