#!/usr/bin/env python3
"""Measures `rewind simulate --prometheus` and `rewind record` over a 24-hour window at 15 s for four
metrics against a local Prometheus server (target: simulate under 2 s end to end).

    bench/prometheus_bench.py [PATH/TO/rewind]     (default build/bin/rewind; from the repository root)

It backfills one day of four gauges with promtool, starts `prometheus` on 127.0.0.1 and a free port,
times median runs of each command (process start, every HTTP request and the JSON report included),
and stops the server by its PID.
"""
import math
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

REWIND = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/bin/rewind")
START = 1795651200  # 2026-11-24T00:00:00Z
DAY = 86400


def median_ms(cmd, runs, env=None):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        times.append((time.perf_counter() - t) * 1000)
        if p.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr}")
    return statistics.median(times), min(times), max(times)


def main():
    prometheus, promtool = shutil.which("prometheus"), shutil.which("promtool")
    if not prometheus or not promtool:
        raise SystemExit("prometheus/promtool not installed (scripts/setup.sh installs them)")
    work = tempfile.mkdtemp(prefix="rewind-prom-bench-")
    server = None
    try:
        random.seed(20261129)
        om = os.path.join(work, "day.om")
        with open(om, "w") as f:
            for name, labels, gen in (
                ("bench_success_rate", 'service="bench"', lambda i: 0.997 - random.random() * 0.002),
                ("bench_latency_p95_seconds", 'service="bench"', lambda i: 0.2 + 0.05 * math.sin(i / 500)),
                ("bench_cpu_percent", 'service="bench"', lambda i: 50 + 10 * math.sin(i / 900)),
                ("bench_up", 'job="external-api"', lambda i: 1),
            ):
                f.write(f"# TYPE {name} gauge\n")
                for i in range(0, DAY + 1, 15):
                    f.write(f"{name}{{{labels}}} {gen(i):.6g} {START + i}\n")
            f.write("# EOF\n")
        data = os.path.join(work, "data")
        subprocess.run([promtool, "tsdb", "create-blocks-from", "openmetrics", om, data], check=True,
                       stdout=subprocess.DEVNULL)
        config = os.path.join(work, "prometheus.yml")
        with open(config, "w") as f:
            f.write("global:\n  scrape_interval: 15s\nscrape_configs: []\n")
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([prometheus, f"--config.file={config}", f"--storage.tsdb.path={data}",
                                   "--storage.tsdb.retention.time=100y", f"--web.listen-address=127.0.0.1:{port}"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                with urllib.request.urlopen(url + "/-/ready", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        window = ["--prometheus", url, "--start", str(START), "--until", str(START + DAY)]
        report = os.path.join(work, "report.json")
        simulate = [REWIND, "simulate", "bench/prom_day.rwd", *window, "--format", "json", "--out", report]
        median_ms(simulate, 1)  # warm the server's caches once
        sim = median_ms(simulate, 7)
        env = dict(os.environ, REWIND_PROMETHEUS_STATS="1")
        stats = subprocess.run(simulate, capture_output=True, text=True, env=env).stderr.strip()
        unprefetched = median_ms(simulate, 3, dict(os.environ, REWIND_PROMETHEUS_PREFETCH="0"))
        trace = os.path.join(work, "day.trace.csv")
        rec = median_ms([REWIND, "record", "bench/prom_day.rwd", *window, "--out", trace], 3)
        rows = sum(1 for line in open(trace) if not line.startswith("#")) - 1
        offline = median_ms([REWIND, "simulate", "bench/prom_day.rwd", "--trace", trace, "--format", "json",
                             "--out", report], 7)
        print(f"window                              24 h at 15 s, 4 metrics (4 x 5,760 measurements)")
        print(f"rewind simulate --prometheus        {sim[0]:8.1f} ms median (min {sim[1]:.1f}, max {sim[2]:.1f})"
              f"   target < 2000 ms")
        print(f"  {stats}")
        print(f"  without prefetch (one instant query per measurement): {unprefetched[0]:.1f} ms median")
        print(f"rewind record (+ in-memory check)   {rec[0]:8.1f} ms median (min {rec[1]:.1f}, max {rec[2]:.1f}),"
              f" {rows} rows")
        print(f"rewind simulate --trace (recorded)  {offline[0]:8.1f} ms median")
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
