#!/usr/bin/env python3
"""Writes every trace (and events file) of the examples in this folder.

    python3 examples/generate_traces.py          # rewrite all of them
    python3 examples/generate_traces.py cpu-usage error-rate   # only these folders

The traces are what Prometheus would have answered for each metric's query, sampled every 15 s:
noise, a slow diurnal drift, regressions that ramp or step in as the canary gets more traffic,
occasional missing scrapes (no row: the replay sees the previous sample, as Prometheus' lookback
does), empty values (the query returned no data) and NaN (0/0, or histogram_quantile over an empty
window). Everything is seeded, so the output is byte-for-byte reproducible; the files are committed
and the golden reports beside them are generated from them (tests/golden/golden.cmake).

Each example knows its policy's schedule (when each step starts), so a regression can be placed
where the canary weight rises and a blip can be placed on, or between, measurement instants.
Python 3 standard library only.
"""

import datetime as dt
import math
import os
import random
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
RESOLUTION = 15  # seconds between samples
MIN = 60

# ---------------------------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------------------------


def parse_start(text):
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


def rfc3339(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def ramp(t, t0, t1):
    """0 before t0, 1 after t1, linear in between."""
    if t <= t0:
        return 0.0
    if t >= t1:
        return 1.0
    return (t - t0) / (t1 - t0)


def clamp(x, lo, hi):
    return max(lo, min(hi, x))


def weight_at(schedule, t):
    """The canary weight at t for a schedule [(t_s, weight), ...] sorted by time."""
    w = 0
    for start, weight in schedule:
        if t >= start:
            w = weight
    return w


class Trace:
    """One trace file: rows of (t_s, metric, value-text), written sorted by time then metric."""

    def __init__(self, example, name, start, duration, seed_extra=""):
        self.example = example
        self.name = name
        self.start = parse_start(start)
        self.duration = duration
        self.rows = []
        self.rng = random.Random(zlib.crc32(f"{example}/{name}{seed_extra}".encode()))
        self.comments = []

    def times(self):
        return range(0, self.duration + 1, RESOLUTION)

    def hour(self, t):
        """Hour of day (UTC, fractional) at offset t: drives the diurnal drift."""
        moment = self.start + dt.timedelta(seconds=t)
        return moment.hour + moment.minute / 60 + moment.second / 3600

    def diurnal(self, t, peak_hour=15.0):
        """-1..1, highest at peak_hour UTC: request volume (and with it load) over the day."""
        return math.cos(2 * math.pi * (self.hour(t) - peak_hour) / 24)

    def gauss(self, sd):
        return self.rng.gauss(0.0, sd)

    def series(self, metric, fn, fmt="{:.4f}", missing=0.02, keep=()):
        """Samples fn(t) every RESOLUTION seconds. fn returns a number, None (empty value: no data),
        the string "NaN", or a list (a vector: one row per series). A sample is dropped (a missed
        scrape) with probability `missing`, except at the offsets in `keep`."""
        for t in self.times():
            value = fn(t)
            if t not in keep and t > 0 and self.rng.random() < missing:
                continue
            if isinstance(value, list):
                for v in value:
                    self.rows.append((t, metric, self.text(v, fmt)))
            else:
                self.rows.append((t, metric, self.text(value, fmt)))

    @staticmethod
    def text(value, fmt):
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if math.isnan(value):
            return "NaN"
        return fmt.format(value)

    def write(self, folder):
        path = os.path.join(HERE, folder, f"{self.name}.trace.csv")
        order = {}
        for _, metric, _ in self.rows:
            order.setdefault(metric, len(order))
        rows = sorted(self.rows, key=lambda r: (r[0], order[r[1]]))  # stable: vector rows keep order
        with open(path, "w", newline="\n") as out:
            out.write(f"# examples/{folder}/{self.name}.trace.csv: written by examples/generate_traces.py; do not edit\n")
            for line in self.comments:
                out.write(f"# {line}\n")
            out.write("timestamp,metric,value\n")
            for t, metric, value in rows:
                moment = self.start + dt.timedelta(seconds=t)
                out.write(f"{rfc3339(moment)},{metric},{value}\n")
        return path


def write_events(folder, name, start, events, comment):
    """events: [(t_s, action, argument)] relative to the trace start."""
    base = parse_start(start)
    path = os.path.join(HERE, folder, f"{name}.events.csv")
    with open(path, "w", newline="\n") as out:
        out.write(f"# examples/{folder}/{name}.events.csv: written by examples/generate_traces.py; do not edit\n")
        out.write(f"# {comment}\n")
        out.write("timestamp,action,argument\n")
        for t, action, argument in events:
            moment = base + dt.timedelta(seconds=t)
            out.write(f"{rfc3339(moment)},{action},{argument}\n")
    return path


def success_ratio(tr, t, base=0.9955, sd=0.0012, drift=0.0015):
    """A healthy HTTP success ratio: a little worse at the daily peak, never above 1."""
    return clamp(base - drift * max(0.0, tr.diurnal(t)) + tr.gauss(sd), 0.0, 1.0)


EXAMPLES = {}


def example(folder):
    def register(fn):
        EXAMPLES[folder] = fn
        return fn

    return register


# ---------------------------------------------------------------------------------------------
# The examples (each function writes all trace and events files of its folder)
# ---------------------------------------------------------------------------------------------


@example("undo-previous")
def undo_previous(folder):
    # Schedule: weight 20 at 0, pause 2m, analysis 2m..6m (measurements each minute), weight 50 at
    # 6m, pause 2m, analysis 8m..12m, promoted at 12m.
    tr = Trace(folder, "good", "2026-11-02T10:00:00Z", 14 * MIN)
    tr.comments.append("healthy canary: success ratio ~99.5% with scrape noise; one empty sample between measurements")
    tr.series("success-rate", lambda t: None if t == 7 * MIN + 30 else success_ratio(tr, t))
    tr.write(folder)

    tr = Trace(folder, "incident", "2026-11-03T14:20:00Z", 12 * MIN)
    tr.comments.append("fine at 20%; at 50% (6m) a connection-pool limit makes the success ratio slide to ~92%")
    tr.series("success-rate", lambda t: success_ratio(tr, t) - 0.072 * ramp(t, 6 * MIN + 30, 9 * MIN + 30))
    tr.write(folder)

    tr = Trace(folder, "operator-undo", "2026-11-04T11:05:00Z", 10 * MIN)
    tr.comments.append("metrics look healthy, but support reports broken invoices from the new version: a person runs undo")
    tr.series("success-rate", lambda t: success_ratio(tr, t, base=0.9940))
    tr.write(folder)
    write_events(folder, "operator-undo", "2026-11-04T11:05:00Z", [(7 * MIN + 30, "undo", "")],
                 "kubectl argo rollouts undo rollouts-demo (no --to-revision: the previous revision)")


@example("undo-to-revision")
def undo_to_revision(folder):
    # Schedule: weight 25 at 0, analysis 0..2m, manual gate from 2m.
    tr = Trace(folder, "good", "2026-11-05T09:30:00Z", 20 * MIN)
    tr.comments.append("nginx:1.27 healthy at 25%; it waits at the manual gate (nobody promotes during the trace)")
    tr.series("upstream-success", lambda t: success_ratio(tr, t, base=0.9968, sd=0.0009))
    tr.write(folder)

    tr = Trace(folder, "incident", "2026-11-06T16:10:00Z", 12 * MIN)
    tr.comments.append("nginx:1.27 passes its analysis (99.1%..99.5%) but breaks a rewrite rule (404s are not 5xx);")
    tr.comments.append("at the gate the operator goes back to nginx:1.25, revision 1")
    tr.series("upstream-success", lambda t: success_ratio(tr, t, base=0.9952, sd=0.0010) - 0.0015 * ramp(t, 3 * MIN, 9 * MIN))
    tr.write(folder)
    write_events(folder, "incident", "2026-11-06T16:10:00Z", [(9 * MIN, "undo", "1")],
                 "kubectl argo rollouts undo rollouts-demo --to-revision=1 (nginx:1.25)")

    tr = Trace(folder, "to-revision-3", "2026-11-07T13:45:00Z", 10 * MIN)
    tr.comments.append("at the gate the operator prefers revision 3 (the last build with the old TLS settings)")
    tr.series("upstream-success", lambda t: success_ratio(tr, t, base=0.9960, sd=0.0010))
    tr.write(folder)
    write_events(folder, "to-revision-3", "2026-11-07T13:45:00Z", [(6 * MIN + 20, "undo", "3")],
                 "kubectl argo rollouts undo rollouts-demo --to-revision=3")


@example("manual-abort")
def manual_abort(folder):
    # Schedule: weight 10 at 0, pause 5m, weight 30 at 5m, manual gate from 5m, promote -> weight 60,
    # pause 5m, promoted. Background dry-run 5xx ratio every minute from 0.
    tr = Trace(folder, "good", "2026-11-09T10:00:00Z", 20 * MIN)
    tr.comments.append("healthy: 5xx ratio 0.2%..0.7%; the release manager promotes at the gate at 12m")
    tr.series("http-5xx-ratio", lambda t: clamp(0.0045 + 0.0015 * tr.diurnal(t) + tr.gauss(0.0012), 0, 1))
    tr.write(folder)
    write_events(folder, "good", "2026-11-09T10:00:00Z", [(12 * MIN, "promote", "")],
                 "kubectl argo rollouts promote rollouts-demo (at the manual gate)")

    tr = Trace(folder, "incident", "2026-11-10T15:30:00Z", 14 * MIN)
    tr.comments.append("at 30% (5m) the 5xx ratio creeps over the 2% the dry-run metric trials; the CI smoke job")
    tr.comments.append("fails and aborts at 11m. The dry-run metric failed first, but cannot roll back by itself")
    tr.series("http-5xx-ratio",
              lambda t: clamp(0.005 + 0.0012 * tr.diurnal(t) + tr.gauss(0.0012) + 0.032 * ramp(t, 5 * MIN + 30, 10 * MIN), 0, 1))
    tr.write(folder)
    write_events(folder, "incident", "2026-11-10T15:30:00Z", [(11 * MIN, "abort", "")],
                 "kubectl argo rollouts abort rollouts-demo (run by the CI pipeline after its smoke test failed)")


@example("bluegreen-prepromotion")
def bluegreen_prepromotion(folder):
    # Schedule: preview up at 0, pre-promotion analysis 0..4m, auto-promotion at 4m.
    def smoke(tr, t, base):
        # Smoke traffic is light: some 15 s windows see no request at all (empty result).
        if tr.rng.random() < 0.06:
            return None
        return clamp(base + tr.gauss(0.003), 0, 1)

    tr = Trace(folder, "good", "2026-11-11T08:40:00Z", 6 * MIN)
    tr.comments.append("the preview answers the smoke tests: ~99.3% with noise and a few windows without requests")
    tr.series("success-rate", lambda t: smoke(tr, t, 0.993), keep=range(0, 6 * MIN + 1, MIN))
    tr.write(folder)

    tr = Trace(folder, "incident", "2026-11-12T17:15:00Z", 6 * MIN)
    tr.comments.append("the new version 500s on /api/cart once the smoke suite reaches it (~1m in)")
    tr.series("success-rate", lambda t: smoke(tr, t, 0.993 - 0.12 * ramp(t, 45, 2 * MIN)),
              keep=range(0, 6 * MIN + 1, MIN))
    tr.write(folder)


@example("success-rate")
def success_rate(folder):
    # Schedule: weight 10 at 0, pause 3m, weight 25 at 3m, analysis 3m..10m (8 measurements),
    # weight 50 at 10m, analysis 10m..17m, promoted at 17m.
    tr = Trace(folder, "good", "2026-11-13T11:00:00Z", 19 * MIN)
    tr.comments.append("healthy, with one GC pause at 6m that drops the ratio to ~94% for one measurement:")
    tr.comments.append("1 failure <= failure limit 2, the rollout goes on")
    tr.series("success-rate",
              lambda t: success_ratio(tr, t, base=0.9930, sd=0.0015) - (0.052 if 5 * MIN + 50 <= t <= 6 * MIN + 10 else 0),
              keep=[6 * MIN])
    tr.write(folder)

    tr = Trace(folder, "incident", "2026-11-14T13:30:00Z", 12 * MIN)
    tr.comments.append("from ~4m one canary pod is OOM-killed every 2 minutes: the ratio flaps between ~93% and ~97%.")
    tr.comments.append("Failures at 5m, 7m and 9m are never consecutive, yet the 3rd one rolls back (failed 3 > limit 2)")

    def flapping(t):
        base = success_ratio(tr, t, base=0.9930, sd=0.0012)
        if t < 4 * MIN + 20:
            return base
        return base - 0.042 + 0.022 * math.cos(2 * math.pi * (t - 5 * MIN) / (2 * MIN) + math.pi)

    tr.series("success-rate", flapping, keep=range(3 * MIN, 12 * MIN + 1, MIN))
    tr.write(folder)


@example("response-time")
def response_time(folder):
    # Schedule: weight 10 at 0, pause 2m, analysis 2..6m, weight 40 at 6m, pause 2m, analysis 8..12m,
    # weight 80 at 12m, pause 2m, analysis 14..18m, promoted at 18m.
    def p95(tr, t, base=0.215):
        load = 0.025 * tr.diurnal(t)
        return max(0.05, base + load + abs(tr.gauss(0.018)))

    tr = Trace(folder, "good", "2026-11-16T12:00:00Z", 20 * MIN)
    tr.comments.append("p95 ~245 ms with noise; at 10m histogram_quantile returns NaN (a window without requests):")
    tr.comments.append("NaN fails `< 500ms`, one failure within failure limit 2")
    tr.series("latency-p95", lambda t: float("nan") if 9 * MIN + 45 <= t <= 10 * MIN else p95(tr, t), keep=[10 * MIN])
    tr.write(folder)

    tr = Trace(folder, "incident", "2026-11-17T19:05:00Z", 14 * MIN)
    tr.comments.append("at 40% (6m) the new ORM release saturates the DB pool: p95 climbs from ~240 ms to ~650 ms")
    tr.series("latency-p95", lambda t: p95(tr, t) + 0.41 * ramp(t, 6 * MIN + 30, 9 * MIN + 30))
    tr.write(folder)


@example("promotion-timeout")
def promotion_timeout(folder):
    # Schedule: preview at 0, pre-promotion 0..2m, BlueGreenPause from 2m, timeout at 32m.
    tr = Trace(folder, "good", "2026-11-18T09:00:00Z", 20 * MIN)
    tr.comments.append("smoke tests pass; the release manager promotes at 17m, inside the 30m window")
    tr.series("smoke-success-rate", lambda t: clamp(0.996 + tr.gauss(0.0015), 0, 1))
    tr.write(folder)
    write_events(folder, "good", "2026-11-18T09:00:00Z", [(17 * MIN, "promote", "")],
                 "kubectl argo rollouts promote rollouts-demo")

    tr = Trace(folder, "incident", "2026-11-19T17:40:00Z", 35 * MIN)
    tr.comments.append("smoke tests pass, but it is 17:40 on a Thursday and nobody promotes:")
    tr.comments.append("the 30m promotion timeout rolls the update back at 32m")
    tr.series("smoke-success-rate", lambda t: clamp(0.995 + tr.gauss(0.0018), 0, 1))
    tr.write(folder)


@example("periodic-health-check")
def periodic_health_check(folder):
    # Schedule: weight 10 at 0, pause 10m, weight 30 at 10m, pause 10m, weight 60 at 20m, pause
    # 10m, promoted at 30m. Background health probe every minute from step 1 (t = 0).
    def probe_average(tr, t, fail_p):
        # avg_over_time over 20 probes: the fraction that passed, a multiple of 0.05.
        passed = sum(1 for _ in range(20) if tr.rng.random() >= fail_p)
        return passed / 20

    tr = Trace(folder, "good", "2026-11-20T10:00:00Z", 32 * MIN)
    tr.comments.append("probes pass; now and then one times out (0.95); one scrape returns nothing at 13m45s")
    tr.series("health-probe", lambda t: None if t == 13 * MIN + 45 else probe_average(tr, t, 0.008))
    tr.write(folder)

    tr = Trace(folder, "incident", "2026-11-21T15:00:00Z", 24 * MIN)
    tr.comments.append("a memory leak: from ~12m the canary's /health times out more and more often")
    tr.series("health-probe", lambda t: probe_average(tr, t, 0.008 + 0.45 * ramp(t, 12 * MIN, 20 * MIN)))
    tr.write(folder)


@example("error-rate")
def error_rate(folder):
    # Schedule: weight 5 at 0, analysis 0..4m, weight 25 at 4m, analysis 4..8m, weight 50 at 8m,
    # analysis 8..12m, promoted at 12m.
    def errors(tr, t, base=0.006):
        return clamp(base + 0.002 * tr.diurnal(t) + abs(tr.gauss(0.0018)), 0, 1)

    tr = Trace(folder, "good", "2026-11-23T14:00:00Z", 14 * MIN)
    tr.comments.append("5xx ratio 0.8%..1.2%, busier in the afternoon")
    tr.series("error-rate", lambda t: errors(tr, t))
    tr.write(folder)

    tr = Trace(folder, "incident", "2026-11-24T10:30:00Z", 12 * MIN)
    tr.comments.append("a retry storm against the inventory service grows with the canary's share:")
    tr.comments.append("~3% at 25%, 5%..9.5% once the weight is 50% (8m)")
    sched = [(0, 5), (4 * MIN, 25), (8 * MIN, 50)]
    # the 5m rate window lags the weight change by a minute or so
    tr.series("error-rate", lambda t: errors(tr, t) + 0.0017 * weight_at(sched, t - 75) * ramp(t, 4 * MIN + 15, 9 * MIN))
    tr.write(folder)

    tr = Trace(folder, "quiet-hours", "2026-11-25T03:10:00Z", 20 * MIN)
    tr.comments.append("03:10 UTC: 5% of almost no traffic. Windows with no canary request give 0/0 = NaN;")
    tr.comments.append("NaN satisfies neither condition, so the measurement is Inconclusive and the rollout pauses")

    def night(t):
        if t == 0:
            return 0.0  # the first window happens to hold a few requests, all fine
        if tr.rng.random() < 0.55 or t == MIN:
            return float("nan")
        return 0.0 if tr.rng.random() < 0.8 else 1 / tr.rng.randint(8, 30)

    tr.series("error-rate", night, keep=[0, MIN])
    tr.write(folder)


@example("cpu-usage")
def cpu_usage(folder):
    # Schedule: weight 25 at 0 (1 canary pod of 4), pause 2m, analysis 2..6m, weight 50 at 6m
    # (2 pods), pause 2m, analysis 8..12m, weight 75 at 12m (3 pods), pause, analysis 14..18m,
    # promoted at 18m. One row per canary pod (a vector).
    sched = [(0, 25), (6 * MIN, 50), (12 * MIN, 75)]

    def pods(t):
        # a new canary pod shows up in the metrics ~30 s after the weight step that created it
        return max(1, weight_at(sched, t - 30) // 25)

    def cpu(tr, t, extra=0.0):
        return [clamp(46 + 6 * tr.diurnal(t) + 4 * p + tr.gauss(3.0) + extra, 0, 400) for p in range(pods(t))]

    def memory(tr, t, leak):
        # working set grows after each pod starts (JIT, caches), the first pod the most
        out = []
        for p in range(pods(t)):
            started = [s for s, _ in sched][p] + 30
            out.append(clamp(52 + leak * ramp(t, started, started + 12 * MIN) + tr.gauss(0.6), 0, 100))
        return out

    tr = Trace(folder, "good", "2026-11-26T10:00:00Z", 20 * MIN)
    tr.comments.append("CPU 40%..63% per canary pod. The first pod's working set climbs past 70% of its limit:")
    tr.comments.append("the dry-run memory metric fails (reported) while the rollout is promoted")
    tr.series("cpu-usage", lambda t: cpu(tr, t), fmt="{:.1f}", missing=0.01)
    tr.series("memory-usage", lambda t: memory(tr, t, 24), fmt="{:.1f}", missing=0.01)
    tr.write(folder)

    tr = Trace(folder, "incident", "2026-11-27T16:20:00Z", 12 * MIN)
    tr.comments.append("a regex compiled per request: CPU grows with traffic; at 50% both canary pods run above 80%")
    tr.series("cpu-usage", lambda t: cpu(tr, t, extra=0.55 * weight_at(sched, t) * ramp(t, 6 * MIN, 9 * MIN)),
              fmt="{:.1f}", missing=0.01)
    tr.series("memory-usage", lambda t: memory(tr, t, 8), fmt="{:.1f}", missing=0.01)
    tr.write(folder)


@example("external-dependency")
def external_dependency(folder):
    # Schedule: weight 20 at 0, pause 5m, weight 50 at 5m, pause 5m, weight 80 at 10m, pause 5m,
    # promoted at 15m. Background analysis every 30 s from step 0.
    def calls(tr, t, base=0.9965):
        return clamp(base + tr.gauss(0.0012) - 0.001 * max(0.0, tr.diurnal(t)), 0, 1)

    tr = Trace(folder, "good", "2026-11-28T09:15:00Z", 17 * MIN)
    tr.comments.append("the external API is up (one failed scrape: up = 0 at 6m30s, within failure limit 2);")
    tr.comments.append("the canary's calls to it succeed ~99.6% of the time")
    tr.series("external-api-up", lambda t: 0 if 6 * MIN + 30 <= t < 6 * MIN + 45 else 1, fmt="{:d}",
              keep=[6 * MIN + 30])
    tr.series("external-api-calls", lambda t: calls(tr, t))
    tr.write(folder)

    tr = Trace(folder, "incident", "2026-11-29T12:00:00Z", 12 * MIN)
    tr.comments.append("at 7m50s the vendor's status exporter is decommissioned: `up{job=\"external-api\"}` returns")
    tr.comments.append("no series at all (empty values) although the API itself keeps answering the canary's calls")
    tr.series("external-api-up", lambda t: None if t >= 7 * MIN + 50 else 1, fmt="{:d}", missing=0.0)
    tr.series("external-api-calls", lambda t: calls(tr, t, base=0.9958))
    tr.write(folder)


def two_metric_health(tr, t, sr_base, sr_drop, lat_base, lat_rise):
    """Success ratio and p99 latency (ms) for staged-canary."""
    sr = success_ratio(tr, t, base=sr_base, sd=0.0008, drift=0.0008) - sr_drop
    lat = lat_base + 40 * tr.diurnal(t) + abs(tr.gauss(35)) + lat_rise
    return sr, lat


@example("staged-canary")
def staged_canary(folder):
    # Schedule: weight 10 at 0, pause 5m, analysis 5..9m, weight 25 at 9m, pause 5m, analysis
    # 14..18m, weight 50 at 18m, pause 5m, analysis 23..27m, promoted at 27m.
    tr = Trace(folder, "good", "2026-11-02T13:00:00Z", 29 * MIN)
    tr.comments.append("healthy at every stage: success ~99.7%, p99 ~440 ms; the query returns nothing for a minute at 20m")
    gap = range(20 * MIN, 21 * MIN)
    tr.series("success-rate", lambda t: None if t in gap else success_ratio(tr, t, base=0.9972, sd=0.0007, drift=0.0006))
    tr.series("latency-p99", lambda t: None if t in gap else 380 + 40 * tr.diurnal(t) + abs(tr.gauss(40)), fmt="{:.0f}")
    tr.write(folder)

    tr = Trace(folder, "incident", "2026-11-03T20:30:00Z", 27 * MIN)
    tr.comments.append("fine at 10% and 25%; at 50% (18m) a lock in the new session store serialises requests:")
    tr.comments.append("p99 passes 800 ms and timeouts push the success ratio under 99%")
    tr.series("success-rate", lambda t: success_ratio(tr, t, base=0.9968, sd=0.0007, drift=0.0006)
              - 0.016 * ramp(t, 19 * MIN, 24 * MIN))
    tr.series("latency-p99", lambda t: 400 + 30 * tr.diurnal(t) + abs(tr.gauss(35)) + 900 * ramp(t, 18 * MIN + 30, 23 * MIN),
              fmt="{:.0f}")
    tr.write(folder)


@example("bluegreen-multi-metric")
def bluegreen_multi_metric(folder):
    # Schedule: preview (2 replicas) at 0, pre-promotion 0..4m, pause 2m, switch at 6m,
    # post-promotion 6..10m, promoted at 10m. The same metric names serve both runs: before 6m the
    # rows are the preview's, from 6m the active service's (each run queries its own service).
    def health(tr, t, lat_rise=0.0, restarts_at=None):
        switched = t >= 6 * MIN
        sr = success_ratio(tr, t, base=0.9975 if switched else 0.9985, sd=0.0006 if switched else 0.001)
        lat = (0.52 if switched else 0.31) + 0.04 * tr.diurnal(t) + abs(tr.gauss(0.05)) + lat_rise
        restarts = 0.0
        if restarts_at is not None and t >= restarts_at:
            restarts = float(1 + int((t - restarts_at) // (2 * MIN)))
        return sr, lat, restarts

    for name, start, lat_rise, restarts_at, duration, comments in [
        ("good", "2026-11-04T10:00:00Z", lambda t: 0.0, None, 12 * MIN,
         ["preview and, after the switch at 6m, production traffic both pass all three metrics"]),
        ("incident", "2026-11-05T18:00:00Z", lambda t: 0.85 * ramp(t, 6 * MIN + 30, 8 * MIN + 30), None, 10 * MIN,
         ["the preview passes under smoke traffic; under production load after the switch (6m) p99 climbs",
          "past 1 s (an N+1 query), the post-promotion run fails and the active service switches back"]),
    ]:
        tr = Trace(folder, name, start, duration)
        tr.comments.extend(comments)
        cache = {}

        def at(t, tr=tr, lat_rise=lat_rise, restarts_at=restarts_at, cache=cache):
            if t not in cache:
                cache[t] = health(tr, t, lat_rise(t), restarts_at)
            return cache[t]

        tr.series("success-rate", lambda t, at=at: at(t)[0])
        tr.series("latency-p99", lambda t, at=at: at(t)[1], fmt="{:.3f}")
        tr.series("pod-restarts", lambda t, at=at: at(t)[2], fmt="{:.0f}")
        tr.write(folder)


@example("emergency-rollback")
def emergency_rollback(folder):
    # Schedule: weight 20 at 0, pause 5m, analysis 5..9m, weight 50 at 9m, pause 5m, analysis
    # 14..18m, promoted at 18m.
    tr = Trace(folder, "good", "2026-11-06T11:00:00Z", 20 * MIN)
    tr.comments.append("healthy: ~99.6% success throughout")
    tr.series("success-rate", lambda t: success_ratio(tr, t, base=0.9962, sd=0.0010))
    tr.write(folder)

    tr = Trace(folder, "incident", "2026-11-08T21:45:00Z", 10 * MIN)
    tr.comments.append("requests still succeed (~99.4%), but the on-call sees orders charged twice at 6m:")
    tr.comments.append("abort at 6m40s, undo at 7m10s, long before the analysis could say anything")
    tr.series("success-rate", lambda t: success_ratio(tr, t, base=0.9950, sd=0.0010) - 0.003 * ramp(t, 3 * MIN, 7 * MIN))
    tr.write(folder)
    write_events(folder, "incident", "2026-11-08T21:45:00Z",
                 [(6 * MIN + 40, "abort", ""), (7 * MIN + 10, "undo", "")],
                 "kubectl argo rollouts abort rollouts-demo; kubectl argo rollouts undo rollouts-demo")


@example("rollback-to-known-good")
def rollback_to_known_good(folder):
    # Schedule: weight 25 at 0, analysis 0..4m, weight 60 at 4m, analysis 4..8m, promoted at 8m.
    def conversion(tr, t, base=1.0):
        # canary conversion / stable conversion over 10 minutes of checkouts: noisy around 1
        return max(0.0, base + tr.gauss(0.025))

    def payment(tr, t, base=0.0025):
        return clamp(base + abs(tr.gauss(0.0012)), 0, 1)

    tr = Trace(folder, "good", "2026-11-10T12:00:00Z", 10 * MIN)
    tr.comments.append("checkout conversion on the canary is within noise of stable; payment errors ~0.3%")
    tr.series("conversion-vs-stable", lambda t: conversion(tr, t))
    tr.series("payment-errors", lambda t: payment(tr, t))
    tr.write(folder)

    tr = Trace(folder, "incident", "2026-11-11T19:20:00Z", 8 * MIN)
    tr.comments.append("the new checkout page hides the pay button on Safari: conversion vs stable falls to ~0.8;")
    tr.comments.append("the rollback goes to revision 2, the last release the team trusts, not to the previous one")
    tr.series("conversion-vs-stable", lambda t: conversion(tr, t, base=1.0 - 0.21 * ramp(t, 30, 2 * MIN + 30)))
    tr.series("payment-errors", lambda t: payment(tr, t))
    tr.write(folder)


@example("staged-verification")
def staged_verification(folder):
    # Schedule: weight 20 at 0, analysis 0..4m, weight 50 at 4m, pause 10m (4..14m), analysis,
    # promoted. A person pauses at 6m.
    tr = Trace(folder, "good", "2026-11-12T10:00:00Z", 18 * MIN)
    tr.comments.append("a support ticket at 6m: the operator pauses the rollout (not abort) to check it, finds")
    tr.comments.append("nothing wrong with the new version, and promotes at 11m; the last analysis passes")
    tr.series("success-rate", lambda t: success_ratio(tr, t, base=0.9958, sd=0.0010))
    tr.write(folder)
    write_events(folder, "good", "2026-11-12T10:00:00Z", [(6 * MIN, "pause", ""), (11 * MIN, "promote", "")],
                 "kubectl argo rollouts pause rollouts-demo; ... kubectl argo rollouts promote rollouts-demo")

    tr = Trace(folder, "incident", "2026-11-13T15:00:00Z", 14 * MIN)
    tr.comments.append("paused at 6m for verification; the check shows stale prices from the new cache layer:")
    tr.comments.append("undo at 12m. The success ratio never noticed (stale data is not an HTTP error)")
    tr.series("success-rate", lambda t: success_ratio(tr, t, base=0.9955, sd=0.0010))
    tr.write(folder)
    write_events(folder, "incident", "2026-11-13T15:00:00Z", [(6 * MIN, "pause", ""), (12 * MIN, "undo", "")],
                 "kubectl argo rollouts pause rollouts-demo; ... kubectl argo rollouts undo rollouts-demo")

    tr = Trace(folder, "redeploy", "2026-11-16T09:00:00Z", 26 * MIN)
    tr.comments.append("the seed's own sequence: abort at 6m (all traffic back to stable at once), the fixed 1.28")
    tr.comments.append("image goes out at 20m (modelled as `retry`), then `promote --full` at 22m skips every stage")
    tr.series("success-rate", lambda t: success_ratio(tr, t, base=0.9950, sd=0.0010)
              - (0.004 * ramp(t, 4 * MIN, 6 * MIN) if t < 6 * MIN + 30 else 0))
    tr.write(folder)
    write_events(folder, "redeploy", "2026-11-16T09:00:00Z",
                 [(6 * MIN, "abort", ""), (20 * MIN, "retry", ""), (22 * MIN, "promote-full", "")],
                 "abort; (image 1.28 deployed) retry; kubectl argo rollouts promote rollouts-demo --full")


@example("db-migration")
def db_migration(folder):
    # Schedule: weight 10 at 0, pause 2m, analysis 2..6m, [irreversible mark], weight 40 at 6m,
    # pause 3m, analysis 9..13m, weight 70 at 13m, analysis 13..17m, promoted at 17m.
    def db_errors(tr, t, base=0.05):
        return max(0.0, base + abs(tr.gauss(0.06)))

    tr = Trace(folder, "good", "2026-11-17T10:00:00Z", 19 * MIN)
    tr.comments.append("healthy before and after the migration at 6m: success ~99.6%, a few DB errors per minute")
    tr.series("success-rate", lambda t: success_ratio(tr, t, base=0.9962, sd=0.0009))
    tr.series("db-errors", lambda t: db_errors(tr, t), fmt="{:.3f}")
    tr.write(folder)

    tr = Trace(folder, "incident", "2026-11-18T14:00:00Z", 13 * MIN)
    tr.comments.append("after the migration (6m) the new version's order query misses the new index at 40%:")
    tr.comments.append("DB timeouts; the rollback at ~10m crosses the irreversible mark")
    tr.series("success-rate", lambda t: success_ratio(tr, t, base=0.9960, sd=0.0009) - 0.02 * ramp(t, 7 * MIN, 10 * MIN))
    tr.series("db-errors", lambda t: db_errors(tr, t) + 3.5 * ramp(t, 6 * MIN + 30, 9 * MIN), fmt="{:.3f}")
    tr.write(folder)

    tr = Trace(folder, "early-failure", "2026-11-19T11:30:00Z", 7 * MIN)
    tr.comments.append("a bad config fails the first analysis at 10% (3m), before the migration: a safe rollback")
    tr.series("success-rate", lambda t: success_ratio(tr, t, base=0.9960, sd=0.0009) - 0.035 * ramp(t, MIN, 3 * MIN))
    tr.series("db-errors", lambda t: db_errors(tr, t), fmt="{:.3f}")
    tr.write(folder)


# ---------------------------------------------------------------------------------------------


def main(argv):
    wanted = argv[1:] or sorted(EXAMPLES)
    for folder in wanted:
        if folder not in EXAMPLES:
            sys.exit(f"generate_traces.py: no example `{folder}`; known: {', '.join(sorted(EXAMPLES))}")
        EXAMPLES[folder](folder)
    print(f"wrote the traces of {len(wanted)} examples")


if __name__ == "__main__":
    main(sys.argv)
