#!/usr/bin/env python3
"""Writes a one-day, 1 s resolution trace of 4 metrics (345,600 rows) for the replay benchmark.

    gen_day_trace.py OUT [DAYS]     DAYS (default 1) days long: 7 gives the week trace (2,419,200 rows)

Deterministic (seeded): success rate with a diurnal swing and noise, p95 latency in seconds, CPU
percent and an up/down external dependency; an incident starts at 14:00 UTC on the first day. The
first day of a longer trace is the one-day trace.
"""
import math
import random
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "day.trace.csv"
days = int(sys.argv[2]) if len(sys.argv) > 2 else 1
random.seed(20261129)
start = 1795651200  # 2026-11-24T00:00:00Z
with open(out, "w") as f:
    f.write("timestamp,metric,value\n")
    for i in range(86400 * days):
        t = start + i
        day = math.sin(2 * math.pi * i / 86400)
        incident = i >= 14 * 3600
        sr = 0.997 - 0.001 * day - random.random() * 0.002 - (0.04 if incident else 0)
        lat = 0.180 + 0.04 * day + random.random() * 0.03 + (0.3 if incident else 0)
        cpu = 45 + 15 * day + random.random() * 8
        up = 0 if (incident and i % 600 < 30) else 1
        stamp = f"{t}"
        f.write(f"{stamp},success-rate,{sr:.5f}\n{stamp},latency-p95,{lat:.4f}\n")
        f.write(f"{stamp},cpu-usage,{cpu:.2f}\n{stamp},external-up,{up}\n")
