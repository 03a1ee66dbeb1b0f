#!/usr/bin/env python3
# This file implements the end-to-end test of the HTML report in a real browser: `rewind simulate
# --format html` for several examples (canary and blue-green; failed, errored, inconclusive and
# dry-run measurements; operator events), each opened in headless Chromium, which dumps the
# rendered DOM and takes screenshots (light and dark, wide and phone-width). The DOM must hold a
# chart per metric with a mark for every measurement of the JSON report, the decision, and the
# tooltip script must have run; the browser must log no console message at all. A test suite's page
# (`rewind test --format html`) must draw exactly its failed cases.
#
# Usage: chromium_test.py PATH/TO/rewind (from the repository root). Without chromium the test
# skips, except under CI (CI=true), where it fails. REWIND_SCREENSHOT_DIR keeps the screenshots.
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

CASES = [
    ("examples/success-rate", "incident"),          # canary, failures, rollback
    ("examples/bluegreen-prepromotion", "incident"),  # blue-green pre-promotion analysis
    ("examples/bluegreen-multi-metric", "incident"),  # three metrics
    ("examples/external-dependency", "incident"),     # Error measurements
    ("examples/error-rate", "quiet-hours"),           # Inconclusive, paused
    ("examples/manual-abort", "incident"),            # operator event, dry-run metric
]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--enable-logging=stderr", "--v=0"]
VIEWS = [("wide", "1280,1800", []), ("dark", "1280,1800", ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"]),
         ("phone", "390,2400", [])]


class Dom(HTMLParser):
    """The parts of the rendered DOM the test checks."""

    def __init__(self):
        super().__init__()
        self.root = {}
        self.cases = []      # data-outcome of each section.case
        self.charts = []     # [data-metric, number of marks]
        self.phases = []     # data-phase of every mark
        self.decisions = 0
        self.badges = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "html":
            self.root = a
        if tag == "section" and "case" in classes:
            self.cases.append(a.get("data-outcome"))
        if tag == "article" and "metric" in classes:
            self.charts.append([a.get("data-metric"), 0])
        if tag == "g" and "mark" in classes and "data-tip" in a:
            self.charts[-1][1] += 1
            self.phases.append(a.get("data-phase"))
        if tag == "line" and "decision" in classes:
            self.decisions += 1
        if tag == "span" and "badge" in classes:
            self.badges.append(a.get("data-outcome"))


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def chromium(binary, args, url, work):
    profile = tempfile.mkdtemp(dir=work)  # a fresh profile every run
    try:
        return subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}", *args, url],
                              capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def main():
    rewind = os.path.abspath(sys.argv[1])
    binary = shutil.which("chromium")
    if not binary:
        if os.environ.get("CI") == "true":
            print("FAIL: chromium is not installed (scripts/setup.sh installs it)")
            return 1
        print("SKIP: chromium is not installed (scripts/setup.sh installs it)")
        return 0
    work = tempfile.mkdtemp()
    shots = os.environ.get("REWIND_SCREENSHOT_DIR") or work
    os.makedirs(shots, exist_ok=True)
    failures, checks = [], 0

    def check(condition, message):
        nonlocal checks
        checks += 1
        if not condition:
            failures.append(message)

    try:
        for folder, base in CASES:
            name = f"{os.path.basename(folder)}-{base}"
            policies = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".rwd"))
            args = [rewind, "simulate", *policies, "--trace", f"{folder}/{base}.trace.csv"]
            if os.path.exists(f"{folder}/{base}.events.csv"):
                args += ["--events", f"{folder}/{base}.events.csv"]
            report = json.loads(subprocess.run(args + ["--format", "json"], capture_output=True, text=True,
                                               check=True).stdout)
            page = os.path.join(work, name + ".html")
            subprocess.run(args + ["--format", "html", "--out", page], check=True)
            url = "file://" + page

            run = chromium(binary, ["--dump-dom"], url, work)
            check(run.returncode == 0, f"{name}: chromium --dump-dom exited {run.returncode}")
            console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
            check(not console, f"{name}: console messages: {console}")
            dom = Dom()
            dom.feed(run.stdout)
            check(dom.root.get("data-ready") == "true", f"{name}: the report's script did not run to its end")
            check(dom.cases == [report["outcome"]], f"{name}: sections {dom.cases}, outcome {report['outcome']}")
            check(dom.badges == [report["outcome"]], f"{name}: outcome badge {dom.badges}")
            check(dom.decisions == (0 if report["outcome"] == "incomplete" else len(dom.charts) + 1),
                  f"{name}: {dom.decisions} decision lines for {len(dom.charts)} charts")
            measured = {}
            for entry in report["timeline"]:
                if entry["kind"] == "measurement":
                    key = f"{entry['analysis']}/{entry['metric']}"
                    measured[key] = measured.get(key, 0) + 1
            charts = dict(dom.charts)
            for key, count in measured.items():
                check(charts.get(key) == count, f"{name}: chart {key} has {charts.get(key)} marks, {count} measurements")
            phases = sorted(e["phase"] for e in report["timeline"] if e["kind"] == "measurement")
            check(sorted(dom.phases) == phases, f"{name}: mark phases differ from the measurements' phases")

            # Every view of the first two reports; the wide one of the rest (CI time).
            for view, size, extra in VIEWS if CASES.index((folder, base)) < 2 else VIEWS[:1]:
                png = os.path.join(shots, f"{name}-{view}.png")
                shot = chromium(binary, [f"--screenshot={png}", f"--window-size={size}", *extra], url, work)
                console = [line for line in shot.stderr.splitlines() if ":CONSOLE" in line]
                check(shot.returncode == 0 and not console, f"{name} {view}: exit {shot.returncode}, {console}")
                width, height = (int(v) for v in size.split(","))
                check(os.path.exists(png) and png_size(png) == (width, height), f"{name} {view}: no {size} screenshot")
        # A test suite's page: the summary table, then a drawn replay per failed case.
        suite = "tests/golden/suite/fail.expectations.suite.yaml"
        report = json.loads(subprocess.run([rewind, "test", suite, "--format", "json"], capture_output=True,
                                           text=True).stdout)
        page = os.path.join(work, "suite.html")
        subprocess.run([rewind, "test", suite, "--format", "html", "--out", page])
        run = chromium(binary, ["--dump-dom"], "file://" + page, work)
        console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
        check(run.returncode == 0 and not console, f"suite page: exit {run.returncode}, {console}")
        dom = Dom()
        dom.feed(run.stdout)
        check(dom.root.get("data-ready") == "true", "suite page: the report's script did not run to its end")
        failed = [c["outcome"] for c in report["cases"] if not c["passed"]]
        check(dom.cases == failed, f"suite page: sections {dom.cases}, failed cases {failed}")
        png = os.path.join(shots, "suite-wide.png")
        shot = chromium(binary, [f"--screenshot={png}", "--window-size=1280,1800"], "file://" + page, work)
        check(shot.returncode == 0 and png_size(png) == (1280, 1800), "suite page: no 1280x1800 screenshot")
    finally:
        if shots != work:
            print(f"chromium_test: screenshots in {shots}")
        shutil.rmtree(work, ignore_errors=True)
    for failure in failures:
        print("FAIL: " + failure)
    print(f"chromium_test: {len(CASES)} reports and a suite page, {checks} checks")
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
