#!/usr/bin/env python3
"""Measures `rewind tune` and `rewind test` at fleet scale (issue 10's target) and prints a table.

    bench/tune_bench.py [PATH/TO/rewind] [--runs N] [--quick]     (from the repository root)

Target: 1,000 one-hour traces (15 s resolution, 2 metrics) x 100 combinations in under 10 s on a
2-core machine. The fleet comes from bench/gen_fleet.py; the 100 combinations are
`health.max-errors=1%..10%/1%` x `health.max-latency=300..750/50`. Each figure is the median of
--runs runs (default 5) of the whole command (process start, suite and trace reading, the report);
CPU is user + system time of the run. It also measures how time grows with traces (250, 500, 1000)
and combinations (25, 50, 100), one thread against all, and `rewind test` of the fleet. The machine
may be shared: the load average before and after is printed with the numbers.
"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

args = [a for a in sys.argv[1:] if not a.startswith("--")]
REWIND = os.path.abspath(args[0] if args else "build/bin/rewind")
RUNS = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
QUICK = "--quick" in sys.argv
if "--runs" in sys.argv:
    args = [a for a in args if a != str(RUNS)]

GRIDS = {
    25: ["health.max-errors=2%..10%/2%", "health.max-latency=350..750/100"],
    50: ["health.max-errors=1%..10%/1%", "health.max-latency=350..750/100"],
    100: ["health.max-errors=1%..10%/1%", "health.max-latency=300..750/50"],
}


def timed(cmd):
    """Wall and CPU seconds of one run (its output discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_of(cmd, runs=RUNS):
    samples = [timed(cmd) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def tune(suite, combos, jobs=None):
    cmd = [REWIND, "tune", suite, "--format", "json"]
    for setting in GRIDS[combos]:
        cmd += ["--vary", setting]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    return cmd


def main():
    work = tempfile.mkdtemp()
    fleets = {}
    for n in ([1000] if QUICK else [250, 500, 1000]):
        fleets[n] = os.path.join(work, f"fleet-{n}")
        subprocess.run([sys.executable, "bench/gen_fleet.py", fleets[n], str(n)], check=True)
    load = os.getloadavg()[0]
    rows = []
    wall, cpu = median_of(tune(os.path.join(fleets[1000], "suite.yaml"), 100))
    rows.append(("tune 1000 traces x 100 combinations", wall, cpu, 100_000))
    if not QUICK:
        wall1, cpu1 = median_of(tune(os.path.join(fleets[1000], "suite.yaml"), 100, jobs=1))
        rows.append(("  the same on one thread (--jobs 1)", wall1, cpu1, 100_000))
        for n in (250, 500):
            w, c = median_of(tune(os.path.join(fleets[n], "suite.yaml"), 100))
            rows.append((f"tune {n} traces x 100 combinations", w, c, n * 100))
        for combos in (25, 50):
            w, c = median_of(tune(os.path.join(fleets[1000], "suite.yaml"), combos))
            rows.append((f"tune 1000 traces x {combos} combinations", w, c, 1000 * combos))
    w, c = median_of([REWIND, "test", os.path.join(fleets[1000], "suite.yaml"), "--format", "json"])
    rows.append(("test 1000 traces", w, c, 1000))
    print(f"rewind tune / rewind test, median of {RUNS} runs; load average {load:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after ({os.cpu_count()} processors)")
    print(f"{'':40} {'wall':>8} {'cpu':>8} {'replays':>9} {'replays/s':>10}")
    for label, wall, cpu, replays in rows:
        print(f"{label:40} {wall:7.2f}s {cpu:7.2f}s {replays:9,} {replays / wall:10,.0f}")
    print(f"target: 1000 x 100 under 10 s: {'met' if rows[0][1] < 10 else 'MISSED'} ({rows[0][1]:.2f} s)")
    subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
