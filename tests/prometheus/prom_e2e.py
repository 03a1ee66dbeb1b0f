#!/usr/bin/env python3
"""This file implements the end-to-end tests of `simulate --prometheus` and `record` against a real
Prometheus server: it backfills series with promtool, starts `prometheus` on 127.0.0.1 and a free
port, runs the CLI against it and stops the server by its PID.

How the example traces become Prometheus history (the choice, documented in docs/prometheus.md):
the examples' own queries (`sum(rate(...))`, `histogram_quantile(...)`) cannot be made to return
given values by any honest backfill, so each example is replayed through a *test policy*: a copy of
its .rwd files in which every `prometheus \"\"\"...\"\"\"` query is replaced (on as many lines, so every
report line number stays the same) by a query that selects the example trace's backfilled series:

    rewind_trace{trace="T",key="K"}
      and on(idx) (timestamp(rewind_trace{trace="T",key="K"})
                   == on() group_left() timestamp(rewind_instant{trace="T",key="K"}))

`rewind_trace{idx="000"}`, `{idx="001"}`, ... hold the values of each trace instant in file order
(one series per vector position); `rewind_instant` has a sample at every instant of the key, empty
rows included. The query keeps only the series whose latest sample is at the latest instant, which
is the trace's meaning (CONTRACT §5: the samples at the latest timestamp within the lookback), with
Prometheus' own 5-minute lookback doing the staleness. So the live replay must equal the example's
golden report (the one replayed from the CSV), and `record` + offline replay must equal the live one.

Usage: prom_e2e.py REWIND   (run from the repository root; exits 77, skipped, when prometheus is
absent, except under CI=true, where .ci/run has installed it and its absence is a failure)
"""
import calendar
import csv
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime

ROOT = os.getcwd()
REWIND = os.path.abspath(sys.argv[1])
FAILURES = []


def fail(name, message):
    FAILURES.append(name)
    print(f"FAIL {name}: {message}", flush=True)


def parse_time(text):
    text = text.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z", text)
    if not m:
        raise ValueError(f"unsupported timestamp {text}")
    base = calendar.timegm(datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S").timetuple())
    return base + (float(m.group(2)) if m.group(2) else 0.0)


def read_trace(path):
    """Returns {key: [(t, [values...])]} sorted by time, values in file order."""
    with open(path) as f:
        lines = [l for l in f if l.strip() and not l.startswith("#")]
    rows = list(csv.DictReader(lines))
    series = {}
    for row in rows:
        t = parse_time(row["timestamp"])
        inst = series.setdefault(row["metric"], {}).setdefault(t, [])
        if row["value"].strip() != "":
            inst.append(row["value"].strip())
    return {k: sorted(v.items()) for k, v in series.items()}


def om_value(text):
    low = text.lower().lstrip("+")
    if low in ("nan",):
        return "NaN"
    if low in ("inf", "infinity"):
        return "-Inf" if text.startswith("-") else "+Inf"
    if low in ("-inf", "-infinity"):
        return "-Inf"
    return text


def openmetrics(trace_label, trace):
    """OpenMetrics lines for one trace: rewind_trace and rewind_instant samples (no TYPE/EOF)."""
    values, instants = [], []
    for key, points in trace.items():
        width = max((len(v) for _, v in points), default=0)
        for idx in range(width):
            for t, vals in points:
                if idx < len(vals):
                    values.append(f'rewind_trace{{trace="{trace_label}",key="{key}",idx="{idx:03d}"}} '
                                  f'{om_value(vals[idx])} {t:.3f}')
        for t, _ in points:
            instants.append(f'rewind_instant{{trace="{trace_label}",key="{key}"}} 1 {t:.3f}')
    return values, instants


def selector_query(trace_label, key):
    sel = f'trace="{trace_label}",key="{key}"'
    return (f'rewind_trace{{{sel}}} and on(idx) (timestamp(rewind_trace{{{sel}}}) '
            f'== on() group_left() timestamp(rewind_instant{{{sel}}}))')


BLOCK = re.compile(r'prometheus(\s+at\s+"[^"]*")?\s+"""(.*?)"""', re.S)


def rewrite_policy(text, trace_label, keys):
    """Replaces each prometheus query by the selector of its trace key, keeping line numbers."""
    out, pos = [], 0
    for m in BLOCK.finditer(text):
        before = text[:m.start()]
        analyses = re.findall(r"^\s*analysis\s+([\w-]+)", before, re.M)
        metrics = re.findall(r"^\s*metric\s+([\w-]+)", before, re.M)
        template, metric = analyses[-1], metrics[-1]
        key = f"{template}/{metric}" if f"{template}/{metric}" in keys else metric
        newlines = m.group(0).count("\n")
        out.append(text[pos:m.start()])
        out.append(f'prometheus """{selector_query(trace_label, key)}"""' + "\n" * newlines)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run(args, expect=0, name=""):
    p = subprocess.run([REWIND] + args, capture_output=True, text=True)
    if expect is not None and p.returncode != expect:
        fail(name, f"exit {p.returncode} (expected {expect}) for {' '.join(args)}\n{p.stderr}")
    return p


def normalise(report_text, policy_dir=None, example_dir=None):
    report = json.loads(report_text)
    report.pop("source", None)
    text = json.dumps(report, indent=1, sort_keys=False)
    if policy_dir:
        text = text.replace(policy_dir, example_dir)
    return text


def diff_hint(a, b):
    la, lb = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f"first difference at line {i + 1}: {x.strip()!r} vs {y.strip()!r}"
    return f"lengths differ: {len(la)} vs {len(lb)} lines"


def iso(t):
    return datetime.utcfromtimestamp(t).strftime("%Y-%m-%dT%H:%M:%S") + (f".{int(round((t % 1) * 1000)):03d}" if t % 1 else "") + "Z"


# Special series for the cases the examples do not pin down: a series that stops (stale after 5m),
# NaN and ±Inf, a two-series vector, and one selected through an argument.
SPECIAL_START = 1795500000  # 2026-11-24T06:00:00Z, outside every example trace
SPECIAL_POLICY = """rollout special {
  canary {
    weight 50%
    analyze checks(case: "args")
  }
}

analysis checks(case: string) {
  metric stale {
    prometheus \"\"\"rewind_special{case="stale"}\"\"\"
    every 1m, 10 times
    success when true
  }
  metric special-values {
    prometheus \"\"\"rewind_special{case="special"}\"\"\"
    every 1m, 4 times
    success when true
  }
  metric per-pod {
    prometheus \"\"\"rewind_special{case="vector"}\"\"\"
    every 1m, 3 times
    success when all(result, # < 10)
  }
  metric with-args {
    prometheus \"\"\"rewind_special{case="{{args.case}}"}\"\"\"
    every 1m, 3 times
    success when len(result) == 1 && result[0] == 7
  }
  metric as-scalar {
    prometheus \"\"\"scalar(rewind_special{case="args"})\"\"\"
    every 1m, 3 times
    success when result == 7
  }
}
"""


def special_series():
    s = SPECIAL_START
    lines = []
    for k in range(0, 121, 15):  # 0..2m, then nothing: stale from 7m on
        lines.append(f'rewind_special{{case="stale"}} {k} {s + k}')
    for k, v in enumerate(["NaN", "+Inf", "-Inf", "1.5"]):
        lines.append(f'rewind_special{{case="special"}} {v} {s + 60 * k}')
    for pod, base in (("a", 1), ("b", 2)):
        for k in range(0, 301, 60):
            lines.append(f'rewind_special{{case="vector",pod="{pod}"}} {base + k / 1000} {s + k}')
    for k in range(0, 301, 30):
        lines.append(f'rewind_special{{case="args"}} 7 {s + k}')
    return lines


def check_special(url, work):
    name = "special"
    policy = os.path.join(work, "special.rwd")
    with open(policy, "w") as f:
        f.write(SPECIAL_POLICY)
    start, until = iso(SPECIAL_START), iso(SPECIAL_START + 600)
    p = run(["simulate", policy, "--prometheus", url, "--start", start, "--until", until, "--format", "json"],
            name=name)
    if p.returncode != 0:
        return
    report = json.loads(p.stdout)
    got = {}
    for e in report["timeline"]:
        if e["kind"] == "measurement":
            got.setdefault(e["metric"], []).append(e.get("value"))
    expected = {
        # 0..2m have samples 0, 60, 120; within 5m the last one (120) is still seen; from 7m 1s on nothing.
        "stale": [[0], [60], [120], [120], [120], [120], [120], [120], [], []],
        "special-values": [["NaN"], ["+Inf"], ["-Inf"], [1.5]],
        "per-pod": [[1, 2], [1.06, 2.06], [1.12, 2.12]],
        "with-args": [[7], [7], [7]],
        "as-scalar": [7, 7, 7],
    }
    for metric, values in expected.items():
        if got.get(metric) != values:
            fail(name, f"{metric}: measured {got.get(metric)}, expected {values}")
    check_record(url, work, [policy], start, until, [], p.stdout, name)
    if not any(f.startswith(name) for f in FAILURES):
        print(f"ok   {name}: stale data, NaN/±Inf, vectors, args and scalars as instant queries return them;"
              " recorded replay equal", flush=True)


def check_bad_query(url, work):
    name = "bad-query"
    policy = os.path.join(work, "bad.rwd")
    with open(policy, "w") as f:
        # Without scalar() the result is a vector, which `result == 7` cannot be compared with.
        f.write(SPECIAL_POLICY.replace('scalar(rewind_special{case="args"})', 'sum(rewind_special{case="args"}')
                .replace("success when result == 7", "success when len(result) == 1 && result[0] == 7"))
    p = run(["simulate", policy, "--prometheus", url, "--start", iso(SPECIAL_START), "--until",
             iso(SPECIAL_START + 600), "--format", "json"], name=name)
    if p.returncode != 0:
        return
    report = json.loads(p.stdout)
    errors = [e for e in report["timeline"] if e["kind"] == "measurement" and e["metric"] == "as-scalar"]
    if not errors or errors[0].get("phase") != "Error" or "parse error" not in errors[0].get("message", ""):
        fail(name, f"expected an Error measurement with the server's parse error, got {errors[:1]}")
    r = run(["record", policy, "--prometheus", url, "--start", iso(SPECIAL_START), "--until",
             iso(SPECIAL_START + 600), "--out", os.path.join(work, "bad.csv")], expect=1, name=name)
    if os.path.exists(os.path.join(work, "bad.csv")):
        fail(name, "record wrote a trace for a rejected query")
    if "rejected" not in r.stderr:
        fail(name, f"record's message does not say the query was rejected: {r.stderr}")
    if name not in FAILURES:
        print(f"ok   {name}: a rejected query is a measurement Error with the server's message; record refuses",
              flush=True)


def check_record(url, work, policies, start, until, extra, live_json, name, policy_dir=None):
    out = os.path.join(work, name.replace("/", "_") + ".recorded.csv")
    run(["record", *policies, "--prometheus", url, "--start", start, "--until", until, "--out", out, *extra],
        name=name + " record")
    if not os.path.exists(out):
        fail(name, "record wrote no file")
        return
    with open(out) as f:
        head = [f.readline() for _ in range(3)]
    if f"# start: {start}\n" not in head:
        fail(name, f"the recorded trace does not declare its start {start}: {head!r}")
    p = run(["simulate", *policies, "--trace", out, *extra, "--format", "json"], name=name + " replay")
    if p.returncode != 0:
        return
    a, b = normalise(live_json), normalise(p.stdout)
    if a != b:
        fail(name, "the recorded trace replays differently from the live run: " + diff_hint(a, b))


def check_unreachable(work):
    """A server that cannot be reached: exit 2, a clear message, no report, no trace written."""
    name = "unreachable"
    policy = os.path.join(work, "special.rwd")
    with open(policy, "w") as f:
        f.write(SPECIAL_POLICY)
    url = f"http://user:hunter2@127.0.0.1:{free_port()}"
    window = ["--start", iso(SPECIAL_START), "--until", iso(SPECIAL_START + 600), "--retries", "1"]
    p = run(["simulate", policy, "--prometheus", url, *window, "--format", "json"], expect=2, name=name)
    if p.stdout.strip():
        fail(name, f"a report was printed although the server was unreachable: {p.stdout[:200]}")
    if "cannot reach Prometheus" not in p.stderr or "hunter2" in p.stderr:
        fail(name, f"unclear or secret-leaking message: {p.stderr}")
    out = os.path.join(work, "kept.csv")
    with open(out, "w") as f:
        f.write("previous content\n")
    run(["record", policy, "--prometheus", url, *window, "--out", out], expect=2, name=name)
    with open(out) as f:
        if f.read() != "previous content\n":
            fail(name, "record touched --out although it failed")
    # Another provider cannot be answered by Prometheus: a located error before any request.
    other = os.path.join(work, "web.rwd")
    with open(other, "w") as f:
        f.write(SPECIAL_POLICY.replace('prometheus \"\"\"rewind_special{case="stale"}\"\"\"',
                                       'provider web { url: "http://example.invalid/health" }'))
    p = run(["simulate", other, "--prometheus", url, *window], expect=1, name=name)
    if "web.rwd:" not in p.stderr or "uses the `web` provider" not in p.stderr:
        fail(name, f"expected a located error for the web provider: {p.stderr}")
    if name not in FAILURES:
        print(f"ok   {name}: exit 2 without a report, --out untouched, no secret printed", flush=True)


def check_addresses(url, work):
    """--prometheus overrides each metric's own address; without it, the metric's own is used."""
    name = "addresses"
    window = ["--start", iso(SPECIAL_START), "--until", iso(SPECIAL_START + 600), "--format", "json"]
    own = os.path.join(work, "own.rwd")
    with open(own, "w") as f:
        f.write(SPECIAL_POLICY.replace('prometheus \"\"\"', f'prometheus at "{url}" \"\"\"'))
    reference = run(["simulate", os.path.join(work, "special.rwd"), "--prometheus", url, *window], name=name)
    p = run(["simulate", own, *window], name=name)
    if p.returncode == 0 and normalise(p.stdout) != normalise(reference.stdout).replace("special.rwd", "own.rwd"):
        fail(name, "the metrics' own address gave another report than --prometheus")
    dead = os.path.join(work, "dead.rwd")
    with open(dead, "w") as f:
        f.write(SPECIAL_POLICY.replace('prometheus \"\"\"', 'prometheus at "http://127.0.0.1:1" \"\"\"'))
    p = run(["simulate", dead, "--prometheus", url, *window], name=name)
    if p.returncode == 0 and normalise(p.stdout) != normalise(reference.stdout).replace("special.rwd", "dead.rwd"):
        fail(name, "--prometheus did not override the metrics' own (dead) address")
    if name not in FAILURES:
        print(f"ok   {name}: each metric's own address, overridden by --prometheus", flush=True)


def check_tls(prometheus, promtool, work):
    """A TLS server: verified with --ca-file, refused without it, accepted with --insecure."""
    name = "tls"
    openssl = shutil.which("openssl")
    if not openssl:
        fail(name, "openssl is not installed (scripts/setup.sh installs it)")
        return
    tls = os.path.join(work, "tls")
    os.makedirs(tls)
    key, cert = os.path.join(tls, "server.key"), os.path.join(tls, "server.crt")
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    web = os.path.join(tls, "web.yml")
    with open(web, "w") as f:
        f.write(f"tls_server_config:\n  cert_file: {cert}\n  key_file: {key}\n")
    om = os.path.join(tls, "special.om")
    with open(om, "w") as f:
        f.write("# TYPE rewind_special gauge\n" + "\n".join(special_series()) + "\n# EOF\n")
    data = os.path.join(tls, "data")
    subprocess.run([promtool, "tsdb", "create-blocks-from", "openmetrics", om, data], check=True,
                   stdout=subprocess.DEVNULL)
    server, url = start_server(prometheus, work, data, ["--web.config.file=" + web], tls=True)
    try:
        policy = os.path.join(work, "special.rwd")
        window = ["--start", iso(SPECIAL_START), "--until", iso(SPECIAL_START + 600), "--format", "json",
                  "--retries", "0"]
        token = os.path.join(tls, "token")
        with open(token, "w") as f:
            f.write("tls-s3cret\n")
        p = run(["simulate", policy, "--prometheus", url, "--ca-file", cert, "--bearer-token-file", token,
                 "--header", "X-Scope-OrgID: team-a", *window], name=name)
        run(["simulate", policy, "--prometheus", url, *window], expect=2, name=name)
        run(["simulate", policy, "--prometheus", url, "--insecure", *window], name=name)
        if p.returncode == 0 and '"outcome": "promoted"' not in p.stdout:
            fail(name, "the TLS replay did not complete")
        if name not in FAILURES:
            print(f"ok   {name}: --ca-file verifies, an unknown CA is refused (exit 2), --insecure skips", flush=True)
    finally:
        stop_server(server)


def start_server(prometheus, work, data, extra=(), tls=False):
    config = os.path.join(work, "prometheus.yml")
    with open(config, "w") as f:
        f.write("global:\n  scrape_interval: 15s\nscrape_configs: []\n")
    port = free_port()
    url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
    log = open(os.path.join(data, "..", f"prometheus-{port}.log"), "w")
    server = subprocess.Popen([prometheus, f"--config.file={config}", f"--storage.tsdb.path={data}",
                               "--storage.tsdb.retention.time=100y", f"--web.listen-address=127.0.0.1:{port}",
                               *extra], stdout=log, stderr=subprocess.STDOUT)
    context = None
    if tls:
        import ssl
        context = ssl._create_unverified_context()
    for _ in range(300):
        try:
            with urllib.request.urlopen(url + "/-/ready", timeout=1, context=context) as r:
                if r.status == 200:
                    return server, url
        except OSError:
            time.sleep(0.1)
    stop_server(server)
    raise SystemExit(f"prometheus did not become ready; see {log.name}")


def stop_server(server):
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def main():
    prometheus, promtool = shutil.which("prometheus"), shutil.which("promtool")
    if not prometheus or not promtool:
        if os.environ.get("CI") == "true":
            print("FAIL: prometheus/promtool are absent, but CI installs them (scripts/setup.sh): not skipping")
            return 1
        print("SKIP: the prometheus/promtool binaries are absent (scripts/setup.sh installs Debian's "
              "`prometheus` package)")
        return 77
    work = tempfile.mkdtemp(prefix="rewind-prom-")
    server = None
    try:
        traces = sorted(p for p in (os.path.join(d, f) for d in sorted(os.listdir("examples"))
                                    if os.path.isdir(os.path.join("examples", d))
                                    for f in sorted(os.listdir(os.path.join("examples", d))))
                        if p.endswith(".trace.csv"))
        values, instants = [], []
        cases = []
        for rel in traces:
            example, file = rel.split("/")
            base = file[: -len(".trace.csv")]
            label = f"{example}/{base}"
            trace = read_trace(os.path.join("examples", rel))
            v, i = openmetrics(label, trace)
            values += v
            instants += i
            cases.append((example, base, label, trace))
        om = os.path.join(work, "history.om")
        with open(om, "w") as f:
            f.write("# TYPE rewind_trace gauge\n" + "\n".join(values) + "\n")
            f.write("# TYPE rewind_instant gauge\n" + "\n".join(instants) + "\n")
            f.write("# TYPE rewind_special gauge\n" + "\n".join(special_series()) + "\n")
            f.write("# EOF\n")
        data = os.path.join(work, "data")
        subprocess.run([promtool, "tsdb", "create-blocks-from", "openmetrics", om, data], check=True,
                       stdout=subprocess.DEVNULL)
        server, url = start_server(prometheus, work, data)

        for example, base, label, trace in cases:
            name = f"{example}/{base}"
            policy_dir = os.path.join(work, "policies", example, base)
            os.makedirs(policy_dir)
            policies = []
            for rwd in sorted(f for f in os.listdir(os.path.join("examples", example)) if f.endswith(".rwd")):
                with open(os.path.join("examples", example, rwd)) as f:
                    text = rewrite_policy(f.read(), label, set(trace))
                with open(os.path.join(policy_dir, rwd), "w") as f:
                    f.write(text)
                policies.append(os.path.join(policy_dir, rwd))
            times = [t for points in trace.values() for t, _ in points]
            start, until = iso(min(times)), iso(max(times))
            extra = []
            events = os.path.join("examples", example, base + ".events.csv")
            if os.path.exists(events):
                extra = ["--events", events]
            p = run(["simulate", *policies, "--prometheus", url, "--start", start, "--until", until, *extra,
                     "--format", "json"], name=name)
            if p.returncode != 0:
                continue
            with open(os.path.join("examples", example, base + ".sim.json")) as f:
                golden = normalise(f.read())
            live = normalise(p.stdout, policy_dir, os.path.join("examples", example))
            if live != golden:
                fail(name, "live replay differs from the golden trace replay: " + diff_hint(live, golden))
            check_record(url, work, policies, start, until, extra, p.stdout, name)
            if name not in FAILURES and name + " record" not in FAILURES and name + " replay" not in FAILURES:
                print(f"ok   {name}: live == golden == recorded replay", flush=True)
        check_special(url, work)
        check_bad_query(url, work)
        check_unreachable(work)
        check_addresses(url, work)
        check_tls(prometheus, promtool, work)
    finally:
        if server is not None:
            stop_server(server)
        if not FAILURES:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work} for inspection")
    if FAILURES:
        print(f"{len(FAILURES)} failure(s)")
        return 1
    print("all prometheus end-to-end checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
