#!/usr/bin/env bash
# This file implements the end-to-end tests of `rewind test` and `rewind tune`: exit codes, usage
# errors, every output format, byte-identical output whatever --jobs, shards that partition the cases
# and merge into the whole run's report, the Indexed Job's environment, and the progress bar.
# Usage: suite_test.sh PATH/TO/rewind (run from the repository root).
set -u
REWIND=${1:?usage: suite_test.sh PATH/TO/rewind}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/../e2e/assert.sh"
export NO_COLOR=1
unset JOB_COMPLETION_INDEX REWIND_SHARDS

suite=examples/error-rate/suite.yaml
failing=tests/golden/suite/fail.expectations.suite.yaml
python3 bench/gen_fleet.py "$work/fleet" 60
fleet="$work/fleet/suite.yaml"

# --- usage errors: exit 2 --------------------------------------------------------------------------
expect "test without a suite" 2 "$REWIND" test
expect "missing suite file" 2 "$REWIND" test "$work/nope.yaml"
check "missing suite is named" grep -q "cannot read $work/nope.yaml" "$work/err"
expect "unknown format" 2 "$REWIND" test "$suite" --format html5
expect "jobs 0" 2 "$REWIND" test "$suite" --jobs 0
expect "bad --shard" 2 "$REWIND" test "$suite" --shard 3/3
check "bad --shard says why" grep -q "the shard index must be a whole number from 0 to 2, found \`3\`" "$work/err"
expect "REWIND_SHARDS alone" 2 env REWIND_SHARDS=4 "$REWIND" test "$suite"
expect "bad JOB_COMPLETION_INDEX" 2 env JOB_COMPLETION_INDEX=x REWIND_SHARDS=4 "$REWIND" test "$suite"
expect "--merge with --shard" 2 "$REWIND" test --merge "$suite" --shard 0/2
expect "tune without --vary" 2 "$REWIND" tune "$suite"
expect "tune: unknown analysis" 2 "$REWIND" tune "$suite" --vary nope.max=1%
check "tune names the analyses" grep -q "the policy has no analysis \`nope\`; it has \`error-rate\`" "$work/err"
expect "tune: bad values" 2 "$REWIND" tune "$suite" --vary error-rate.max=1%..5%
expect "tune: a setting twice" 2 "$REWIND" tune "$suite" --vary error-rate.max=1% --vary error-rate.max=2%
expect "tune: too many combinations" 2 "$REWIND" tune "$suite" --vary error-rate.max=0.0001..1/0.0001 \
  --vary error-rate/error-rate.failure-limit=0..100/1

# --- outcomes and exit status ---------------------------------------------------------------------
expect "passing suite" 0 "$REWIND" test "$suite"
check "summary line" grep -qx "ok    $suite  3 cases passed" "$work/out"
check "nothing on stderr off a terminal" test ! -s "$work/err"
expect "failing suite" 1 "$REWIND" test "$failing"
check "a failed case and why" grep -q "^--- FAIL: incident-caught-late (examples/error-rate/incident.trace.csv)$" "$work/out"
check "passed cases hidden without -v" bash -c "! grep -q -- '--- PASS' '$work/out'"
expect "-v lists every case" 1 "$REWIND" test -v "$failing"
check "-v passed case" grep -q "^--- PASS: good (examples/error-rate/good.trace.csv)$" "$work/out"
expect "several suites" 1 "$REWIND" test "$suite" "$failing"
check "a line per suite and one for the run" bash -c "tail -1 '$work/out' | grep -qx 'FAIL  6 of 11 cases failed'"
expect "a suite error" 1 "$REWIND" test tests/golden/suite/error.missing-trace.suite.yaml --out "$work/never.json"
check "no report after an input error" test ! -e "$work/never.json"

# --- formats ----------------------------------------------------------------------------------------
expect "json" 1 "$REWIND" test --format json "$failing"
check "json has the contract's keys" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert set(["passed", "failed", "cases"]) <= set(r), r.keys()
assert r["passed"] + r["failed"] == len(r["cases"]) == 8
for c in r["cases"]:
    for k in ("name", "trace", "outcome", "reason", "decided_at_s", "passed", "why"):
        assert k in c, k
    assert (c["why"] is None) == c["passed"]
    assert c["outcome"] in ("promoted", "rolled_back", "paused", "incomplete")
' "$work/out"
expect "junit" 1 "$REWIND" test --format junit "$failing"
check "junit is XML with a testcase per case and a failure per failed one" python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites" and root.get("tests") == "8" and root.get("failures") == "6"
cases = root.findall("./testsuite/testcase")
assert len(cases) == 8
assert sum(1 for c in cases if c.find("failure") is not None) == 6
' "$work/out"
expect "--out" 1 "$REWIND" test --format junit "$failing" --out "$work/report.xml"
check "--out written, stdout empty" bash -c "test -s '$work/report.xml' && test ! -s '$work/out'"
expect "html" 1 "$REWIND" test --format html "$failing" --out "$work/report.html"
check "html: a row per case, a drawn replay per failed case, linked from its row" python3 -c '
import re, sys
page = open(sys.argv[1]).read()
assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
assert len(re.findall(r"<tr class=\"(passed|failed)\">", page)) == 8
drawn = re.findall(r"<section class=\"case\" id=\"(case-\d+)\"", page)
assert len(drawn) == 6, drawn
for anchor in drawn:
    assert f"href=\"#{anchor}\"" in page, anchor
' "$work/report.html"
expect "html -v draws every case" 1 "$REWIND" test --format html -v "$failing" --out "$work/all.html"
check "html -v: 8 drawn replays" bash -c "test \$(grep -c '<section class=\"case\"' '$work/all.html') -eq 8"
expect "html after an input error" 1 "$REWIND" test --format html tests/golden/suite/error.missing-trace.suite.yaml \
  --out "$work/never.html"
check "no html after an input error" test ! -e "$work/never.html"
"$REWIND" test --format html -v --jobs 1 "$fleet" >"$work/j1.html" 2>/dev/null
check "html draws at most 50 replays (a fleet of 60 cases with -v)" \
  bash -c "test \$(grep -c '<section class=\"case\"' '$work/j1.html') -eq 50"
check "html says why failed cases are not drawn" bash -c "grep -q 'a page draws at most 50 replays' '$work/j1.html' ||
  ! grep -q 'failed case' '$work/j1.html'"
"$REWIND" test --format html -v --jobs 7 "$fleet" >"$work/j7.html" 2>/dev/null
check "--jobs 1 and 7 give the same html" cmp -s "$work/j1.html" "$work/j7.html"

# --- the same bytes whatever --jobs ------------------------------------------------------------------
for format in text json junit; do
  "$REWIND" test --format "$format" -v --jobs 1 "$fleet" >"$work/j1.$format" 2>/dev/null
  "$REWIND" test --format "$format" -v --jobs 7 "$fleet" >"$work/j7.$format" 2>/dev/null
  check "--jobs 1 and 7 give the same $format" cmp -s "$work/j1.$format" "$work/j7.$format"
done
"$REWIND" tune "$fleet" --vary health.max-errors=2%..6%/2% --vary health.max-latency=400,500 -j 1 --format json >"$work/t1.json"
"$REWIND" tune "$fleet" --vary health.max-errors=2%..6%/2% --vary health.max-latency=400,500 -j 5 --format json >"$work/t5.json"
check "tune: --jobs 1 and 5 give the same report" cmp -s "$work/t1.json" "$work/t5.json"

# --- shards ---------------------------------------------------------------------------------------
"$REWIND" test --format json "$fleet" >"$work/whole.json"
for i in 0 1 2; do "$REWIND" test --format json --shard "$i/3" "$fleet" >"$work/shard-$i.json"; done
check "shards partition the cases" python3 -c '
import json, sys
whole = json.load(open(sys.argv[1]))
names = [c["name"] for f in sys.argv[2:] for c in json.load(open(f))["cases"]]
assert sorted(names) == sorted(c["name"] for c in whole["cases"]), "not the same cases"
assert len(names) == len(set(names)), "a case in two shards"
for i, f in enumerate(sys.argv[2:]):
    assert all(c["index"] % 3 == i for c in json.load(open(f))["cases"])
' "$work/whole.json" "$work"/shard-*.json
for format in json text junit; do
  "$REWIND" test --format "$format" "$fleet" >"$work/whole.$format"
  expect "merge ($format)" "$(python3 -c 'import json,sys; print(1 if json.load(open(sys.argv[1]))["failed"] else 0)' "$work/whole.json")" \
    "$REWIND" test --merge --format "$format" "$work/shard-2.json" "$work/shard-0.json" "$work/shard-1.json"
  check "merge equals the unsharded $format report" cmp -s "$work/out" "$work/whole.$format"
done
"$REWIND" test --format html "$fleet" >"$work/whole.html"
expect "merge (html)" "$(python3 -c 'import json,sys; print(1 if json.load(open(sys.argv[1]))["failed"] else 0)' "$work/whole.json")" \
  "$REWIND" test --merge --format html "$work"/shard-*.json
check "merged html draws the failed cases again: the unsharded page" cmp -s "$work/out" "$work/whole.html"
check "the page draws a replay" grep -q '<section class="case"' "$work/out"
# Merged where the suite is not: every row, no replay, and the page says why.
for i in 0 1 2; do
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
for c in r["cases"]: c["suite"] = "elsewhere/" + c["suite"]
json.dump(r, open(sys.argv[2], "w"))' "$work/shard-$i.json" "$work/moved-$i.json"
done
expect "merge (html) without the suites" "$(python3 -c 'import json,sys; print(1 if json.load(open(sys.argv[1]))["failed"] else 0)' "$work/whole.json")" \
  "$REWIND" test --merge --format html "$work"/moved-*.json
check "merged html without the suites: every row, no replay, and why" python3 -c '
import re, sys
page, whole = open(sys.argv[1]).read(), __import__("json").load(open(sys.argv[2]))
assert len(re.findall(r"<tr class=\"(passed|failed)\">", page)) == len(whole["cases"])
assert "<section class=\"case\"" not in page
assert "the suite file <code>" in page or "the suite file `elsewhere/" in page, page[-2000:]
assert "at most 50 replays" not in page
' "$work/out" "$work/whole.json"
# Merged after the suite changed: the cases that no longer match are not drawn, and the page says so.
cp -r "$work/fleet" "$work/changed"
for i in 0 1 2; do "$REWIND" test --format json --shard "$i/3" "$work/changed/suite.yaml" >"$work/changed-$i.json" 2>/dev/null; done
sed -i 's/name: incident/name: outage/' "$work/changed/suite.yaml"
"$REWIND" test --merge --format html "$work"/changed-*.json >"$work/changed.html" 2>"$work/err"
check "merged html after the suite changed says why" grep -q "cases to draw no longer match the suites here" "$work/changed.html"
check "merged html after the suite changed draws only the cases that still match" python3 -c '
import json, re, sys
page = open(sys.argv[1]).read()
cases = [c for f in sys.argv[2:] for c in json.load(open(f))["cases"]]
still = sorted(c["index"] for c in cases if not c["passed"] and not c["name"].startswith("incident/"))
drawn = sorted(int(i) for i in re.findall(r"<section class=\"case\" id=\"case-(\d+)\"", page))
assert drawn == still, (drawn, still)' "$work/changed.html" "$work"/changed-*.json
expect "merge with a shard missing" 1 "$REWIND" test --merge "$work/shard-0.json" "$work/shard-2.json"
check "the missing shard is named" grep -q "shard-0.json:1:1: error: shard 1 of 3 is missing" "$work/err"
echo '{"passed": 1,' >"$work/truncated.json"
expect "merge of invalid JSON" 1 "$REWIND" test --merge "$work/truncated.json"
check "invalid JSON is located" grep -q "truncated.json:2:1: error: not a \`rewind test --format json\` result: invalid JSON" "$work/err"
JOB_COMPLETION_INDEX=1 REWIND_SHARDS=3 "$REWIND" test --format json "$fleet" >"$work/env-shard.json"
check "JOB_COMPLETION_INDEX and REWIND_SHARDS choose the shard" cmp -s "$work/env-shard.json" "$work/shard-1.json"
JOB_COMPLETION_INDEX=0 REWIND_SHARDS=3 "$REWIND" test --format json --shard 1/3 "$fleet" >"$work/flag-shard.json"
check "--shard wins over the environment" cmp -s "$work/flag-shard.json" "$work/shard-1.json"
expect "JOB_COMPLETION_INDEX alone warns and runs every case" 0 env JOB_COMPLETION_INDEX=2 "$REWIND" test "$suite"
check "the warning says what is missing" grep -q "warning: JOB_COMPLETION_INDEX is set but REWIND_SHARDS is not" "$work/err"

# --- tune -------------------------------------------------------------------------------------------
expect "tune json" 0 "$REWIND" tune "$suite" --vary error-rate.max=1%,2%,5% --vary error-rate/error-rate.failure-limit=0,1 --format json
check "tune json has the contract's keys, ranked" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["settings"] == ["error-rate.max", "error-rate/error-rate.failure-limit"]
assert r["best"] == 0 and len(r["combos"]) == 6
for c in r["combos"]:
    assert set(c) >= {"values", "passed", "failed", "false_rollbacks", "missed_rollbacks", "mean_detect_s"}
    assert list(c["values"]) == r["settings"]
key = [(-c["passed"], c["mean_detect_s"]) for c in r["combos"]]
assert key == sorted(key), "combos are not in rank order"
' "$work/out"
expect "tune text names the lines to change" 0 "$REWIND" tune "$suite" --vary error-rate.max=2%
check "the line as it becomes" grep -q "^  + analysis error-rate(service: string, max: number = 2%) {$" "$work/out"
expect "tune: every combination invalid" 1 "$REWIND" tune examples/success-rate/suite.yaml \
  --vary success-rate/success-rate.count=1 --vary success-rate/success-rate.failure-limit=3

# --- the progress bar, on a terminal, for a run past a second ------------------------------------------
python3 bench/gen_fleet.py "$work/big" 600
start=$(date +%s%N)
script -qec "'$REWIND' tune '$work/big/suite.yaml' --vary health.max-errors=1%..10%/1% --vary health.max-latency=300..750/50 -j 1 --out '$work/big.json'" /dev/null >"$work/tty" 2>&1
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
if grep -q "rewind tune \[" "$work/tty"; then
  check "the bar is cleared at the end" grep -q $'\r\033\[K' "$work/tty"
elif [ "$elapsed_ms" -gt 1500 ]; then
  check "a progress bar on a terminal past one second (the run took ${elapsed_ms} ms)" false
else
  echo "note: the terminal run took ${elapsed_ms} ms, under the bar's second; its drawing is not checked here"
fi
"$REWIND" tune "$work/big/suite.yaml" --vary health.max-errors=1%..10%/1% --vary health.max-latency=300..750/50 -j 1 \
  --out "$work/big2.json" 2>"$work/err"
check "no progress bar off a terminal" test ! -s "$work/err"

echo "suite_test.sh: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
