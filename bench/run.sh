#!/usr/bin/env bash
# This script measures Rewind's performance targets (see bench/README.md) and prints a table.
#   bench/run.sh [PATH/TO/rewind] [RUNS] [PATH/TO/baseline-rewind]
#   (default: build/bin/rewind, 21 runs; from the repository root)
# Targets: `rewind simulate` of a one-day, 1 s, 4-metric trace (345,600 rows) within 10x the time of
# `wc -l` on the same file (aim 3x); the week trace (2,419,200 rows) within 80 MiB of peak memory
# and in time linear in rows; `rewind check`, `plan` and `compile` of an example under 20 ms.
# Each comparison runs its commands side by side (interleaved, so load from other processes on a
# shared machine hits both alike) and reports medians of CPU time (user + system, from the kernel's
# accounting of each child), which load disturbs far less than wall time; wall medians are shown
# too. With a baseline binary, its simulate runs join the same rounds. REWIND_BENCH_INSTRUCTIONS=1
# adds the day simulate's instruction count (valgrind --tool=callgrind, about a minute).
set -euo pipefail
cd "$(dirname "$0")/.."
REWIND=${1:-build/bin/rewind}
RUNS=${2:-21}
BASELINE=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_day_trace.py "$work/day.trace.csv"
python3 bench/gen_day_trace.py "$work/week.trace.csv" 7
python3 bench/gen_manifests.py "$work/manifests.yaml" 400

# peak_kib COMMAND...: maximum resident set size of one run, in KiB (GNU time).
peak_kib() { { /usr/bin/time -v "$@" >/dev/null; } 2>&1 | awk '/Maximum resident/ {print $6}'; }
day_peak=$(peak_kib "$REWIND" simulate bench/day.rwd --trace "$work/day.trace.csv" --format json --out "$work/r.json")
week_peak=$(peak_kib "$REWIND" simulate bench/day.rwd --trace "$work/week.trace.csv" --format json --out "$work/r.json")
instructions=0
if [[ "${REWIND_BENCH_INSTRUCTIONS:-0}" == 1 ]]; then
  instructions=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$REWIND" simulate bench/day.rwd \
                   --trace "$work/day.trace.csv" --format json --out "$work/r.json" 2>&1 |
                 awk '/Collected/ {gsub(",", "", $4); print $4}')
fi

python3 - "$REWIND" "$work" "$RUNS" "${day_peak:-0}" "${week_peak:-0}" "${instructions:-0}" "$BASELINE" <<'PY'
import os, statistics, subprocess, sys, time
rewind, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
day_peak, week_peak, instructions = map(int, sys.argv[4:7])
baseline = sys.argv[7]

def side_by_side(commands, runs):
    """Medians of CPU and wall time in ms of each command, run in turn `runs` times (after one
    warm-up round): [(cpu, wall), ...]."""
    cpu = [[] for _ in commands]
    wall = [[] for _ in commands]
    for round in range(runs + 1):
        for i, cmd in enumerate(commands):
            t = time.perf_counter()
            child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, _, usage = os.wait4(child.pid, 0)
            if round:
                wall[i].append((time.perf_counter() - t) * 1000)
                cpu[i].append((usage.ru_utime + usage.ru_stime) * 1000)
    return [(statistics.median(c), statistics.median(w)) for c, w in zip(cpu, wall)]

def rows(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f) - 1

def sim(binary, trace):
    return [binary, "simulate", "bench/day.rwd", "--trace", trace, "--format", "json", "--out", f"{work}/r.json"]

day, week = f"{work}/day.trace.csv", f"{work}/week.trace.csv"
binaries = [rewind] + ([baseline] if baseline else [])
day_times = side_by_side([["wc", "-l", day]] + [sim(b, day) for b in binaries], runs)
week_times = side_by_side([["wc", "-l", week]] + [sim(b, week) for b in binaries], max(5, runs // 3))
example = "examples/success-rate/policy.rwd"
small = side_by_side([[rewind, "check", example], [rewind, "plan", example],
                      [rewind, "compile", example, "--target", "argo"], [rewind, "--version"]], runs)
day_rows, week_rows = rows(day), rows(week)
manifests = f"{work}/manifests.yaml"
yaml_times = side_by_side([["wc", "-l", manifests], [rewind, "check", manifests]], max(5, runs // 3))

print(f"{'':36}{'CPU ms':>8} {'x wc -l':>8} {'wall ms':>9} {'x wc -l':>8} {'rows/s (CPU)':>13} {'peak RSS':>10}")
def line(name, times, wc, rows_=0, peak=0, note=""):
    cpu, wall = times
    ratio = f"{cpu / wc[0]:8.1f} {wall:9.1f} {wall / wc[1]:8.1f}" if wc else f"{'':8} {wall:9.1f} {'':8}"
    rate = f"{rows_ / cpu * 1000:13,.0f}" if rows_ else f"{'':13}"
    mem = f"{peak / 1024:6.1f} MiB" if peak else ""
    print(f"{name:36}{cpu:8.2f} {ratio} {rate} {mem:>10}  {note}")
line("wc -l day trace", day_times[0], None)
line("rewind simulate day (json file)", day_times[1], day_times[0], day_rows, day_peak, "(target <= 10x, aim 3x)")
if baseline:
    line("  baseline", day_times[2], day_times[0], day_rows)
line("wc -l week trace", week_times[0], None)
line("rewind simulate week (json file)", week_times[1], week_times[0], week_rows, week_peak, "(target <= 80 MiB)")
if baseline:
    line("  baseline", week_times[2], week_times[0], week_rows)
print(f"{'week / day CPU time (rows: 7x)':36}{week_times[1][0] / day_times[1][0]:8.1f} x")
if instructions:
    print(f"{'instructions, simulate day':36}{instructions / 1e6:8.1f} M   (callgrind)")
line("wc -l manifest (800 documents)", yaml_times[0], None)
line("rewind check manifest (400 Rollouts)", yaml_times[1], yaml_times[0], note="(YAML: yaml-cpp reads it twice)")
for name, times in zip(["check", "plan", "compile --target argo"], small):
    line(f"rewind {name} example", times, None, note="(target < 20 ms)")
line("rewind --version (process start)", small[3], None)
PY
