#!/usr/bin/env bash
# This script measures Rewind's performance targets (see bench/README.md) and prints a table.
#   bench/run.sh [PATH/TO/rewind] [RUNS]   (default: build/bin/rewind, 21 runs; from the repository root)
# Targets: `rewind simulate` of a one-day, 1 s, 4-metric trace (345,600 rows) within 10x the time of
# `wc -l` on the same file (aim 3x); the week trace (2,419,200 rows) within 80 MiB of peak memory
# and in time linear in rows; `rewind check`, `plan` and `compile` of an example under 20 ms.
# Each comparison runs its commands side by side (interleaved, so load from other processes on a
# shared machine hits both alike) and reports medians.
set -euo pipefail
cd "$(dirname "$0")/.."
REWIND=${1:-build/bin/rewind}
RUNS=${2:-21}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_day_trace.py "$work/day.trace.csv"
python3 bench/gen_day_trace.py "$work/week.trace.csv" 7

# peak_kib COMMAND...: maximum resident set size of one run, in KiB (GNU time).
peak_kib() { { /usr/bin/time -v "$@" >/dev/null; } 2>&1 | awk '/Maximum resident/ {print $6}'; }
day_peak=$(peak_kib "$REWIND" simulate bench/day.rwd --trace "$work/day.trace.csv" --format json --out "$work/r.json")
week_peak=$(peak_kib "$REWIND" simulate bench/day.rwd --trace "$work/week.trace.csv" --format json --out "$work/r.json")

python3 - "$REWIND" "$work" "$RUNS" "${day_peak:-0}" "${week_peak:-0}" <<'PY'
import statistics, subprocess, sys, time
rewind, work, runs, day_peak, week_peak = sys.argv[1], sys.argv[2], int(sys.argv[3]), *map(int, sys.argv[4:])

def side_by_side(commands, runs):
    """Median wall time in ms of each command, run in turn `runs` times (after one warm-up each)."""
    times = [[] for _ in commands]
    for round in range(runs + 1):
        for i, cmd in enumerate(commands):
            t = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            if round:
                times[i].append((time.perf_counter() - t) * 1000)
    return [statistics.median(t) for t in times]

def rows(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f) - 1

sim = lambda trace: [rewind, "simulate", "bench/day.rwd", "--trace", trace, "--format", "json", "--out", f"{work}/r.json"]
day, week = f"{work}/day.trace.csv", f"{work}/week.trace.csv"
wc_day, sim_day = side_by_side([["wc", "-l", day], sim(day)], runs)
wc_week, sim_week = side_by_side([["wc", "-l", week], sim(week)], max(5, runs // 3))
example = "examples/success-rate/policy.rwd"
check, plan, compile_ = side_by_side([[rewind, "check", example], [rewind, "plan", example],
                                      [rewind, "compile", example, "--target", "argo"]], runs)
day_rows, week_rows = rows(day), rows(week)
print(f"{'':34}{'median':>10}  {'rows/s':>12}  {'x wc -l':>8}  {'peak RSS':>10}")
print(f"{'wc -l day trace':34}{wc_day:8.1f} ms")
print(f"{'rewind simulate day (json file)':34}{sim_day:8.1f} ms  {day_rows / sim_day * 1000:12,.0f}  "
      f"{sim_day / wc_day:8.1f}  {day_peak / 1024:6.1f} MiB   (target <= 10x, aim 3x)")
print(f"{'wc -l week trace':34}{wc_week:8.1f} ms")
print(f"{'rewind simulate week (json file)':34}{sim_week:8.1f} ms  {week_rows / sim_week * 1000:12,.0f}  "
      f"{sim_week / wc_week:8.1f}  {week_peak / 1024:6.1f} MiB   (target <= 80 MiB)")
print(f"{'week / day time (rows: 7x)':34}{sim_week / sim_day:8.1f} x")
print(f"{'rewind check example':34}{check:8.1f} ms   (target < 20 ms)")
print(f"{'rewind plan example':34}{plan:8.1f} ms")
print(f"{'rewind compile example':34}{compile_:8.1f} ms")
PY
