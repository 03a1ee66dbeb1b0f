#!/usr/bin/env python3
"""Writes a fleet for the `rewind test` / `rewind tune` benchmark: a policy, a suite and N one-hour
traces at 15 s resolution with 2 metrics (240 instants x 2 rows each).

    bench/gen_fleet.py DIR [TRACES]          (default 1000 traces)

Deterministic (seeded). About one deploy in ten is an incident: from a random minute between 3 and 25
the canary's error rate climbs to 2-12 % and its p95 latency by 150-500 ms; the good deploys are
noisy (error rate 0.1-2.5 %, p95 250-520 ms, a missed scrape now and then), so the thresholds tune
against real trade-offs: tight ones roll good deploys back, loose ones let incidents through.
"""
import os
import random
import sys

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
random.seed(20261206)
os.makedirs(os.path.join(out, "traces", "good"), exist_ok=True)
os.makedirs(os.path.join(out, "traces", "incident"), exist_ok=True)

with open(os.path.join(out, "policy.rwd"), "w") as f:
    f.write('''rollout checkout {
  canary {
    weight 10%
    analyze health(service: "checkout-canary")
    weight 50%
    analyze health(service: "checkout-canary")
    weight 100%
  }
}

analysis health(service: string, max-errors: number = 5%, max-latency: number = 450) {
  metric error-rate {
    prometheus "sum(rate(http_errors_total{service=\\"{{args.service}}\\"}[1m])) / sum(rate(http_requests_total{service=\\"{{args.service}}\\"}[1m]))"
    every 1m, 10 times
    success when len(result) == 0 || result[0] <= args.max-errors
    failure limit 2
  }
  metric latency-p95 {
    prometheus "histogram_quantile(0.95, sum by (le) (rate(http_duration_ms_bucket{service=\\"{{args.service}}\\"}[1m])))"
    every 1m, 10 times
    success when len(result) == 0 || result[0] <= args.max-latency
    failure limit 2
  }
}
''')

with open(os.path.join(out, "suite.yaml"), "w") as f:
    f.write('''policy: policy.rwd
cases:
  - name: good
    traces: traces/good/*.trace.csv
    expect: {outcome: promoted}
  - name: incident
    traces: traces/incident/*.trace.csv
    expect: {outcome: rolled_back, reason: analysis_failed}
''')

start = 1795000000  # 2026-11-18T...
for n in range(count):
    incident = n % 10 == 7
    folder = "incident" if incident else "good"
    base_err = random.uniform(0.001, 0.025)
    base_lat = random.uniform(250, 520)
    onset = random.randint(3, 25) * 60
    bad_err = random.uniform(0.02, 0.12)
    bad_lat = random.uniform(150, 500)
    t0 = start + n * 7200
    rows = ["timestamp,metric,value"]
    for i in range(240):
        t = t0 + i * 15
        err = base_err * random.uniform(0.6, 1.4)
        lat = base_lat * random.uniform(0.85, 1.15)
        if incident and i * 15 >= onset:
            err += bad_err
            lat += bad_lat
        if random.random() < 0.01:
            rows.append(f"{t},error-rate,")  # a missed scrape: no data
        else:
            rows.append(f"{t},error-rate,{err:.5f}")
        rows.append(f"{t},latency-p95,{lat:.1f}")
    with open(os.path.join(out, "traces", folder, f"deploy-{n:05d}.trace.csv"), "w") as f:
        f.write("\n".join(rows) + "\n")
