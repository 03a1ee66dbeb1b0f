#!/usr/bin/env bash
# This file implements the CLI end-to-end tests: exit codes, usage errors, hostile inputs, atomic
# output, colour and JSON. Usage: cli_test.sh PATH/TO/rewind (run from the repository root).
set -u
REWIND=${1:?usage: cli_test.sh PATH/TO/rewind}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/assert.sh"

policy=examples/success-rate/policy.rwd
trace=examples/success-rate/incident.trace.csv
export NO_COLOR=1

# --- usage errors: exit 2 -----------------------------------------------------------------------
expect "no subcommand" 2 "$REWIND"
expect "unknown subcommand" 2 "$REWIND" frobnicate
expect "unknown flag" 2 "$REWIND" check --frobnicate "$policy"
expect "missing policy file" 2 "$REWIND" check "$work/nope.rwd"
check "missing file is named" grep -q "cannot read $work/nope.rwd" "$work/err"
expect "directory as policy" 2 "$REWIND" check "$work"
expect "simulate without --trace" 2 "$REWIND" simulate "$policy"
expect "--trace and --prometheus" 2 "$REWIND" simulate "$policy" --trace "$trace" --prometheus http://127.0.0.1:1
expect "--prometheus not a URL" 2 "$REWIND" simulate "$policy" --prometheus ftp://x --start 1795000000
expect "--until before --start" 2 "$REWIND" simulate "$policy" --prometheus http://127.0.0.1:1 --start 1795000000 --until 1794000000
expect "record without --until" 2 "$REWIND" record "$policy" --prometheus http://127.0.0.1:1 --start 1795000000 --out "$work/r.csv"
expect "record without --out" 2 "$REWIND" record "$policy" --prometheus http://127.0.0.1:1 --start 1795000000 --until 1795000600
expect "empty bearer token env" 2 env -u REWIND_NO_SUCH_TOKEN "$REWIND" simulate "$policy" --prometheus http://127.0.0.1:1 --start 1795000000 --bearer-token-env REWIND_NO_SUCH_TOKEN
expect "malformed --header" 2 "$REWIND" simulate "$policy" --prometheus http://127.0.0.1:1 --start 1795000000 --header "Authorization Bearer s3cret"
check "header value not printed" bash -c "! grep -q s3cret '$work/err'"
expect "no address for a metric" 1 "$REWIND" simulate "$policy" --start 1795000000
check "no-address error is located" grep -q "policy.rwd:22:5: error: metric \`success-rate\` has no Prometheus address" "$work/err"
expect "missing trace file" 2 "$REWIND" simulate "$policy" --trace "$work/nope.csv"
expect "bad --lookback" 2 "$REWIND" simulate "$policy" --trace "$trace" --lookback 5x
expect "bad --start" 2 "$REWIND" simulate "$policy" --trace "$trace" --start yesterday
expect "bad --format" 2 "$REWIND" simulate "$policy" --trace "$trace" --format yaml
expect "unknown --no-warn kind" 2 "$REWIND" check --no-warn NoSuchKind "$policy"
expect "version" 0 "$REWIND" --version
check "version printed" grep -q "rewind" "$work/out"

# --- the happy path ---------------------------------------------------------------------------
expect "check example" 0 "$REWIND" check "$policy"
expect "plan example" 0 "$REWIND" plan "$policy"
expect "plan json" 0 "$REWIND" plan --format json "$policy"
check "plan json parses" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/out"
expect "simulate json" 0 "$REWIND" simulate "$policy" --trace "$trace" --format json
check "report has contract keys" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
for k in ("outcome", "decided_at_s", "reason", "trigger", "step_index", "timeline"):
    assert k in r, k
assert r["outcome"] in ("promoted", "rolled_back", "paused", "incomplete")
ts = [e["t_s"] for e in r["timeline"]]
assert ts == sorted(ts), "timeline not in time order"
assert all("kind" in e for e in r["timeline"])
' "$work/out"
expect "colour off with NO_COLOR" 0 "$REWIND" simulate "$policy" --trace "$trace"
check "no escape codes" bash -c "! grep -q $'\033' '$work/out'"
expect "colour forced" 0 "$REWIND" simulate "$policy" --trace "$trace" --color always
check "escape codes present" grep -q $'\033' "$work/out"

# --- atomic output ------------------------------------------------------------------------------
echo "previous report" >"$work/report.json"
expect "simulate --out" 0 "$REWIND" simulate "$policy" --trace "$trace" --format json --out "$work/report.json"
check "--out written" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/report.json"
check "stdout empty with --out" test ! -s "$work/out"
printf 'timestamp,metric,value\n2026-11-20T10:00:00Z,success-rate,abc\n' >"$work/bad.csv"
cp "$work/report.json" "$work/before.json"
expect "bad trace row" 1 "$REWIND" simulate "$policy" --trace "$work/bad.csv" --out "$work/report.json"
check "bad trace row is located" grep -q "bad.csv:2:" "$work/err"
check "previous --out untouched" cmp -s "$work/report.json" "$work/before.json"
check "no temporary files left" bash -c "! ls -a '$work' | grep -q '\.tmp-'"
expect "no report on error" 1 "$REWIND" simulate "$policy" --trace "$work/bad.csv" --out "$work/new.json"
check "no new file on error" test ! -e "$work/new.json"
expect "unwritable --out" 2 "$REWIND" simulate "$policy" --trace "$trace" --out "$work/no/such/dir/r.json"

# no_temporaries DIR: no `.NAME.tmp-XXXXXX` file is left in DIR.
no_temporaries() { ! ls -A "$1" | grep -q '\.tmp-'; }
# Every --out goes through one atomic writer: plan --out too.
echo "previous plan" >"$work/plan.txt"
expect "plan --out" 0 "$REWIND" plan "$policy" --out "$work/plan.txt"
check "plan --out written" grep -q "rollout" "$work/plan.txt"
cp "$work/plan.txt" "$work/plan-before.txt"
printf 'rollout x {\n  canary { weigth 10%% }\n}\n' >"$work/bad-policy.rwd"
expect "plan --out on a bad policy" 1 "$REWIND" plan "$work/bad-policy.rwd" --out "$work/plan.txt"
check "previous plan untouched" cmp -s "$work/plan.txt" "$work/plan-before.txt"
check "no temporary after a failed plan" no_temporaries "$work"
# A write that fails part-way (the file-size limit: EFBIG, as a full disk gives ENOSPC).
cp "$work/report.json" "$work/before.json"
expect "write fails part-way" 2 bash -c 'ulimit -f 1; exec "$@"' _ "$REWIND" simulate "$policy" \
  --trace "$trace" --format json --out "$work/report.json"
check "write failure is reported" grep -q "cannot write $work/report.json: File too large" "$work/err"
check "previous --out untouched after a failed write" cmp -s "$work/report.json" "$work/before.json"
check "no temporary after a failed write" no_temporaries "$work"
# A device is written in place, never replaced: /dev/full fails every write with ENOSPC.
expect "--out /dev/full" 2 "$REWIND" plan "$policy" --out /dev/full
check "/dev/full failure is reported" grep -q "cannot write /dev/full: No space left on device" "$work/err"
check "/dev/full is still a device" test -c /dev/full
check "no temporary in /dev" no_temporaries /dev
expect "--out /dev/stdout" 0 "$REWIND" plan "$policy" --out /dev/stdout
check "--out /dev/stdout prints the plan" grep -q "rollout" "$work/out"
check "/dev/stdout is still a link" test -L /dev/stdout
check "no temporary in /dev after /dev/stdout" no_temporaries /dev
ln -s "$work/plan.txt" "$work/plan-link.txt"
expect "--out through a symbolic link" 0 "$REWIND" plan "$policy" --format json --out "$work/plan-link.txt"
check "the link is kept" test -L "$work/plan-link.txt"
check "the linked file is replaced" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/plan.txt"
# A read-only directory: the temporary file cannot be created, the previous file stays.
mkdir "$work/ro"
echo "previous report" >"$work/ro/report.json"
chmod 555 "$work/ro"
if [ "$(id -u)" -eq 0 ]; then
  echo "skip: read-only directory checks (root ignores directory permissions)"
else
  expect "--out in a read-only directory" 2 "$REWIND" simulate "$policy" --trace "$trace" \
    --out "$work/ro/report.json"
  check "read-only directory is reported" grep -q "cannot create a file in $work/ro" "$work/err"
  check "previous file in read-only directory untouched" grep -qx "previous report" "$work/ro/report.json"
  check "no temporary in read-only directory" no_temporaries "$work/ro"
  mkdir "$work/ro-manifests"
  chmod 555 "$work/ro-manifests"
  expect "compile --out to a read-only directory" 2 "$REWIND" compile --target argo \
    --out "$work/ro-manifests" "$policy"
  check "compile wrote nothing" test -z "$(ls -A "$work/ro-manifests")"
  chmod 755 "$work/ro-manifests"
fi
chmod 755 "$work/ro"

# --- hostile inputs: a located diagnostic, exit 1, never a crash or hang ---------------------------
run_hostile() { # NAME FILE [SUBCOMMAND]
  expect "$1" 1 timeout 20 "$REWIND" "${3:-check}" "$2"
  check "$1 is located" grep -q "^$2:[0-9]*:[0-9]*: error:" "$work/err"
}
: >"$work/empty.rwd"
expect "empty file checks" 0 "$REWIND" check "$work/empty.rwd"
expect "empty file has no rollout to plan" 1 "$REWIND" plan "$work/empty.rwd"
head -c 200000 /dev/urandom >"$work/binary.rwd"
run_hostile "binary file" "$work/binary.rwd"
printf 'rollout x {\0}\n' >"$work/nul.rwd"
run_hostile "NUL byte" "$work/nul.rwd"
printf 'rollout \xc3\x28 { }\n' >"$work/utf8.rwd"
run_hostile "invalid UTF-8" "$work/utf8.rwd"
python3 -c 'import sys; sys.stdout.write("analysis a { metric m { prometheus \"q\" success when " + "("*100000 + "1" + ")"*100000 + " } }\n")' >"$work/deep.rwd"
run_hostile "100k-deep nesting" "$work/deep.rwd"
python3 -c 'import sys; sys.stdout.write("analysis a { metric m { prometheus \"q\" success when " + "- "*100000 + "1 } }\n")' >"$work/unary.rwd"
run_hostile "100k unary operators" "$work/unary.rwd"
python3 -c 'import sys; sys.stdout.write("analysis a { metric m { prometheus \"q\" success when result[0] " + "+ 1 "*200000 + "> 0 } }\n")' >"$work/chain.rwd"
run_hostile "200k-term expression" "$work/chain.rwd"
python3 -c 'import sys; sys.stdout.write("rollout x { canary { weight 10% " + "x"*5000000 + " } }\n")' >"$work/longline.rwd"
run_hostile "5 MB line" "$work/longline.rwd"
check "long line clipped in the diagnostic" test "$(wc -c <"$work/err")" -lt 5000
python3 -c 'import sys; sys.stdout.write("analysis a { metric m { prometheus \"" + "q"*5000000 + "\"\n")' >"$work/unterminated.rwd"
run_hostile "unterminated block" "$work/unterminated.rwd"
python3 -c 'import sys; sys.stdout.write("rollout x { canary {\n" + "  weight 10%\n  weigth 20%\n"*5000 + "} }\n")' >"$work/manyerrors.rwd"
run_hostile "thousands of errors" "$work/manyerrors.rwd"
check "errors are capped" test "$(grep -c ': error:' "$work/err")" -le 51
# File size: exactly 256 MiB is read (these zeros then fail as a NUL byte), one byte more is refused.
truncate -s $((256 * 1024 * 1024)) "$work/at-limit.rwd"
run_hostile "file of exactly 256 MiB" "$work/at-limit.rwd"
check "file at the limit is read" grep -q "NUL byte" "$work/err"
rm -f "$work/at-limit.rwd"
truncate -s $((256 * 1024 * 1024 + 1)) "$work/past-limit.rwd"
expect "file of 256 MiB + 1" 2 "$REWIND" check "$work/past-limit.rwd"
check "file past the limit is refused" grep -q "file is larger than the limit of 256 MiB" "$work/err"
expect "trace of 256 MiB + 1" 2 "$REWIND" simulate "$policy" --trace "$work/past-limit.rwd"
check "trace past the limit is refused" grep -q "file is larger than the limit of 256 MiB" "$work/err"
rm -f "$work/past-limit.rwd"
# Line length: 65536 bytes are accepted, one more is LineTooLong.
python3 -c 'import sys; sys.stdout.write(open(sys.argv[1]).read() + "//" + "x"*65534 + "\n")' "$policy" >"$work/line-at.rwd"
expect "line of exactly 65536 bytes" 0 "$REWIND" check "$work/line-at.rwd"
python3 -c 'import sys; sys.stdout.write(open(sys.argv[1]).read() + "//" + "x"*65535 + "\n")' "$policy" >"$work/line-past.rwd"
run_hostile "line of 65537 bytes" "$work/line-past.rwd"
check "line past the limit is LineTooLong" grep -q "\[LineTooLong\]" "$work/err"
printf 'rollout x {\n  canary {\n    weight 10%%\n  }\n}\nimport "nope.rwd"\n' >"$work/import.rwd"
run_hostile "missing import" "$work/import.rwd"

# Trace and events files.
run_trace() { # NAME FILE
  expect "$1" 1 timeout 20 "$REWIND" simulate "$policy" --trace "$2"
  check "$1 is located" grep -q "^$2:[0-9]*:[0-9]*: error:" "$work/err"
}
printf 'timestamp,metric,value\n' >"$work/header-only.csv"
run_trace "trace header only" "$work/header-only.csv"
printf 'time,name,val\n1,a,1\n' >"$work/bad-header.csv"
run_trace "trace bad header" "$work/bad-header.csv"
head -c 100000 /dev/urandom >"$work/binary.csv"
run_trace "binary trace" "$work/binary.csv"
printf 'timestamp,metric,value\n2026-13-40T10:00:00Z,success-rate,1\n' >"$work/bad-time.csv"
run_trace "trace bad timestamp" "$work/bad-time.csv"
printf 'timestamp,metric,value\n2026-11-20T10:00:00Z,success-rate\n' >"$work/short-row.csv"
run_trace "trace missing column" "$work/short-row.csv"
printf 'timestamp,metric,value\n"2026-11-20T10:00:00Z,success-rate,1\n' >"$work/quote.csv"
run_trace "trace unterminated quote" "$work/quote.csv"
printf 'timestamp,action,argument\n2026-11-20T10:00:00Z,rollback,\n' >"$work/events.csv"
expect "events unknown action" 1 "$REWIND" simulate "$policy" --trace "$trace" --events "$work/events.csv"
check "events error is located" grep -q "events.csv:2:" "$work/err"

# compile --target argo: stdout, --out DIR (atomic, <rollout>.yaml), refusals write nothing.
expect "compile needs --target" 2 "$REWIND" compile "$policy"
expect "compile unknown target" 2 "$REWIND" compile --target spinnaker "$policy"
expect "compile --target flagger refuses what Flagger cannot express" 1 "$REWIND" compile --target flagger "$policy"
check "the flagger refusal names the target" grep -q "NotExpressibleInTarget" "$work/err"
expect "compile to stdout" 0 "$REWIND" compile --target argo "$policy"
check "compile prints a Rollout" grep -q "^kind: Rollout$" "$work/out"
mkdir "$work/manifests"
expect "compile --out" 0 "$REWIND" compile --target argo --out "$work/manifests" "$policy"
check "compile --out writes <rollout>.yaml only" test "$(ls -A "$work/manifests")" = "$(sed -n 's/^rollout \([a-z0-9-]*\).*/\1/p' "$policy").yaml"
check "compile --out prints nothing" test ! -s "$work/out"
expect "compile --out creates a missing dir and its parents" 0 "$REWIND" compile --target argo --out "$work/nope/deeper" "$policy"
check "compile --out wrote into the created dir" test -s "$work/nope/deeper/$(sed -n 's/^rollout \([a-z0-9-]*\).*/\1/p' "$policy").yaml"
: > "$work/plainfile"
expect "compile --out onto a file" 2 "$REWIND" compile --target argo --out "$work/plainfile" "$policy"
check "compile --out onto a file is named" grep -q "is not a directory" "$work/err"
expect "compile error creates no dir" 1 "$REWIND" compile --target argo --out "$work/never" tests/golden/emit/error.rollback_undo.rwd
check "compile error created no dir" test ! -e "$work/never"
mkdir "$work/refused"
expect "compile refusal" 1 "$REWIND" compile --target argo --out "$work/refused" tests/golden/emit/error.rollback_undo.rwd
check "compile refusal is located" grep -q "error.rollback_undo.rwd:8:3: .*NotExpressibleInTarget" "$work/err"
check "compile refusal writes nothing" test -z "$(ls -A "$work/refused")"

# --- Argo Rollouts YAML input -----------------------------------------------------------------
yaml=tests/golden/yaml/canary.yaml
expect "check yaml" 0 "$REWIND" check "$yaml"
expect "plan yaml" 0 "$REWIND" plan "$yaml"
check "plan yaml names the rollout" grep -q "^rollout checkout @$yaml:" "$work/out"
expect "compile yaml" 0 "$REWIND" compile --target argo "$yaml"
check "compile yaml prints a Rollout" grep -q "^kind: Rollout$" "$work/out"
printf 'timestamp,metric,value\n2026-11-20T10:00:00Z,success-rate,0.99\n2026-11-20T10:00:00Z,latency-p99,0.1\n' >"$work/yaml.trace.csv"
expect "simulate yaml" 0 "$REWIND" simulate "$yaml" --trace "$work/yaml.trace.csv"
expect "yml extension" 0 "$REWIND" plan tests/golden/yaml/bluegreen.yml
# .rwd and YAML mixed: the Rollout's templateName resolves against an analysis of a .rwd file.
cat >"$work/mixed.yaml" <<'YAML'
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: mixed}
spec:
  strategy:
    canary:
      steps:
      - setWeight: 10
      - analysis: {templates: [{templateName: rwd-check}]}
YAML
cat >"$work/mixed.rwd" <<'RWD'
analysis rwd-check {
  metric up { prometheus "up" success when len(result) == 0 || result[0] > 0 }
}
RWD
expect "yaml and rwd mixed" 0 "$REWIND" check "$work/mixed.yaml" "$work/mixed.rwd"
expect "yaml missing template" 1 "$REWIND" check "$work/mixed.yaml"
check "missing template is located" grep -q "mixed.yaml:9:.*unknown analysis \`rwd-check\`" "$work/err"
cp "$work/mixed.yaml" "$work/second.yaml"
sed -i 's/name: mixed/name: second/' "$work/second.yaml"
expect "check of two rollouts across files checks both" 0 "$REWIND" check "$work/mixed.yaml" "$work/second.yaml" "$work/mixed.rwd"
expect "plan of two rollouts across files" 1 "$REWIND" plan "$work/mixed.yaml" "$work/second.yaml" "$work/mixed.rwd"
check "two rollouts reported" grep -q "SeveralRollouts" "$work/err"
expect "plan --rollout of two across files" 0 "$REWIND" plan "$work/mixed.yaml" "$work/second.yaml" "$work/mixed.rwd" --rollout second
expect "yaml without argo objects" 0 "$REWIND" check tests/golden/yaml/lib.no_argo.yaml
check "no argo objects warns" grep -q "lib.no_argo.yaml:1:1: warning: no Argo Rollouts object" "$work/err"

# Hostile YAML: exit 1 with a located diagnostic, never a crash or a hang.
printf 'a: [1, 2\nb: c\n' >"$work/invalid.yaml"
expect "invalid yaml" 1 "$REWIND" check "$work/invalid.yaml"
check "invalid yaml is located" grep -q "invalid.yaml:2:.*invalid YAML" "$work/err"
python3 -c "print('x: ' + '['*50000 + ']'*50000)" >"$work/deep.yaml"
expect "50k-deep flow nesting" 1 "$REWIND" check "$work/deep.yaml"
check "deep nesting is located" grep -q "deep.yaml:1:260: error: nesting is deeper than the limit of 256" "$work/err"
python3 -c "
print('a0: &a0 [x, x, x, x, x, x, x, x, x]')
for i in range(1, 12): print(f'a{i}: &a{i} [' + ', '.join([f'*a{i-1}'] * 9) + ']')
print('apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\nspec: {strategy: {canary: {steps: [{custom: *a11}]}}}')
" >"$work/bomb.yaml"
expect "alias bomb" 1 timeout 60 "$REWIND" check "$work/bomb.yaml"
check "alias bomb is reported" grep -q "bomb.yaml:.*more than 1000000 nodes" "$work/err"
# Inputs on which yaml-cpp 0.7's LoadAll never returns (fuzzer findings), and text it would split
# into documents without a `---`: refused before nodes are built.
for stray in ', a: b' '[a]\n,' '- a\n,' '"x",' 'a: b\n---\n, x' '  ment\n# c\n    , x' '&a,b' '&x ,b' '!t,b' '&x !t,b' 'x[\n---\n,' '"a"x' '  : d\n": ",x' 'a: x{\n---\n, b' '--\n[\n#\n,' 'description: a [b\n, c' '"""",' 'a: "b" c' '\357\273\277,' '!-\vb\n?' '!""M\n?\t' '&\rn,' "'\n'x\n'',"; do
  printf -- "$stray" >"$work/stray.yaml"
  expect "stray token: $stray" 1 timeout 20 "$REWIND" check "$work/stray.yaml"
  check "stray token is a YAML syntax error: $stray" grep -q "stray.yaml:[0-9]*:[0-9]*: error: invalid YAML: " "$work/err"
done
printf -- '- a\n&x,\n' >"$work/stray.yaml"
expect "stray comma after an anchor" 1 "$REWIND" check "$work/stray.yaml"
check "stray comma is located at the comma" grep -q 'stray.yaml:2:3: error: invalid YAML: `,` outside a flow collection' "$work/err"
# Brackets, braces and quotes inside a plain scalar open nothing: a `,` after them is text, and so
# is a `,` that starts a plain scalar's continuation line; a document may start after `...`.
for plain in 'x[\n, a' 'a: 1\n...\n# c\n\nb: 2' 'a: say "hi" now, ok' '[a "b" c]' 'a: see [docs] here, ok' 'key:\n  [a,\n   b]' 'a: b"c",d' 'a: b{c},d' 'q: sum(x{a="b",c="d"}[1m])'; do
  printf -- "$plain" >"$work/plain.yaml"
  expect "plain scalar: $plain" 0 timeout 20 "$REWIND" check "$work/plain.yaml"
done
printf 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\nspec:\n  strategy:\n    canary:\n      steps: 7\n' >"$work/shape.yaml"
expect "wrong shape" 1 "$REWIND" check "$work/shape.yaml"
check "wrong shape names the shape" grep -q "shape.yaml:7:14: error: \`steps\` must be a list, found \`7\`" "$work/err"
python3 -c "print('apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata: {name: t}\nspec:\n  metrics:\n  - name: m\n    successCondition: len(result) == 0 || result[0] > 0\n    provider: {prometheus: {query: \"' + 'x' * 10_000_000 + '\"}}')" >"$work/huge.yaml"
expect "10 MB scalar" 0 "$REWIND" check "$work/huge.yaml"

# Every upstream example that holds a Rollout, with the example AnalysisTemplates.
examples=../shared/reference/argo-rollouts/examples
if [ -d "$examples" ]; then
  # Rejected on purpose, each for a reason of its own:
  #  apisix/rollout.yaml: one step holds setCanaryScale and setHeaderRoute; Argo's validation
  #    requires exactly one kind per step.
  #  traffic-management/rollout-linkerd.yaml: `linkerd.io/inject: {{args.linkerd-enabled}}` is an
  #    unquoted YAML flow map with a map as key, which Kubernetes cannot decode either.
  rejected=" apisix/rollout.yaml traffic-management/rollout-linkerd.yaml "
  for example in $(cd "$examples" && grep -rl --include='*.yaml' '^kind: Rollout' . | sed 's|^\./||' | sort); do
    status=0
    case "$rejected" in *" $example "*) status=1 ;; esac
    expect "example $example: check" $status "$REWIND" check "$examples/$example" "$examples/analysis-templates.yaml" "$examples/cluster-analysis-templates.yaml"
    [ $status -eq 0 ] && expect "example $example: plan" 0 "$REWIND" plan "$examples/$example" "$examples/analysis-templates.yaml" "$examples/cluster-analysis-templates.yaml"
  done
else
  echo "SKIP: upstream Argo Rollouts examples: $examples is absent"
fi
# compile --into: the merged manifest on standard output or in --out DIR under the manifest's name.
into=tests/golden/into
expect "into missing manifest" 2 "$REWIND" compile --target argo --into "$work/nope.yaml" $into/rollout.rwd
mkdir "$work/merged"
expect "into --out" 0 "$REWIND" compile --target argo --into $into/rollout.manifest.yaml --out "$work/merged" $into/rollout.rwd
check "into --out writes the manifest's file name" test "$(ls -A "$work/merged")" = "rollout.manifest.yaml"
check "into --out equals the golden" cmp -s "$work/merged/rollout.manifest.yaml" $into/rollout.into.yaml
expect "into refusal" 1 "$REWIND" compile --target argo --into $into/error.no_target.manifest.yaml --out "$work/merged" $into/error.no_target.rwd
check "into refusal writes nothing" test "$(ls -A "$work/merged")" = "rollout.manifest.yaml"

# import: a policy on standard output or --out (atomic); errors write nothing.
expect "import to stdout" 0 "$REWIND" import "$policy"
check "import prints a rollout" grep -q "^rollout " "$work/out"
expect "import missing file" 2 "$REWIND" import "$work/nope.yaml"
expect "import --out" 0 "$REWIND" import --out "$work/imported.rwd" "$policy"
check "import --out prints nothing" test ! -s "$work/out"
expect "imported policy checks" 0 "$REWIND" check "$work/imported.rwd"
printf 'rollout broken {\n' >"$work/broken.rwd"
cp "$work/imported.rwd" "$work/before.rwd"
expect "import of a broken policy" 1 "$REWIND" import --out "$work/imported.rwd" "$work/broken.rwd"
check "import error keeps the previous file" cmp -s "$work/imported.rwd" "$work/before.rwd"

# A manifest of several services (one file, many Rollouts, as `kubectl apply -f` takes it): `check`
# checks every Rollout; the commands that work on one take `--rollout NAME`.
python3 bench/gen_manifests.py "$work/fleet.yaml" 3
expect "check a manifest of three Rollouts" 0 "$REWIND" check "$work/fleet.yaml"
check "no rollout is refused and no template is unused" test ! -s "$work/err"
sed 's/successCondition: len(result) == 0 || result\[0\] < 0.5$/successCondition: result[0] < "0.5"/' "$work/fleet.yaml" >"$work/fleet-bad.yaml"
expect "check finds a mistake in every Rollout's template" 1 "$REWIND" check "$work/fleet-bad.yaml"
check "each of the three templates is reported" test "$(grep -c 'fleet-bad.yaml:.*error: ' "$work/err")" -ge 3
printf 'timestamp,metric,value\n2026-11-20T10:00:00Z,success-rate,0.99\n2026-11-20T10:00:00Z,latency-p99,0.2\n2026-11-20T11:00:00Z,success-rate,0.99\n' >"$work/fleet.csv"
expect "simulate without --rollout" 1 "$REWIND" simulate "$work/fleet.yaml" --trace "$work/fleet.csv"
check "the refusal names the rollouts and the flag" grep -q "error: more than one \`rollout\` is declared; choose one with \`--rollout NAME\` (\`service-0\`, \`service-1\` and \`service-2\`)" "$work/err"
expect "simulate --rollout" 0 "$REWIND" simulate "$work/fleet.yaml" --trace "$work/fleet.csv" --rollout service-1 --format json
check "the chosen rollout is replayed" python3 -c '
import json, sys; r = json.load(open(sys.argv[1])); assert r["rollout"] == "service-1" and r["outcome"] == "promoted", r["outcome"]' "$work/out"
check "the other services' templates are not called unused" test ! -s "$work/err"
expect "simulate --rollout that is not there" 1 "$REWIND" simulate "$work/fleet.yaml" --trace "$work/fleet.csv" --rollout service-9
check "the missing rollout is named" grep -q "error: no rollout \`service-9\` in the given files; they declare \`service-0\`, \`service-1\` and \`service-2\`" "$work/err"
expect "compile --rollout" 0 "$REWIND" compile --target argo "$work/fleet.yaml" --rollout service-2
check "compile writes the chosen Rollout and its template only" python3 -c '
import sys
text = open(sys.argv[1]).read()
assert "name: service-2" in text and "name: health-2" in text, text
assert "service-0" not in text and "health-1" not in text, text' "$work/out"
expect "plan --rollout" 0 "$REWIND" plan "$work/fleet.yaml" --rollout service-0
expect "import a manifest of three Rollouts" 0 "$REWIND" import --out "$work/fleet.rwd" "$work/fleet.yaml"
check "the policy holds the three rollouts" test "$(grep -c '^rollout service-' "$work/fleet.rwd")" -eq 3
expect "the imported policy of three rollouts checks" 0 "$REWIND" check "$work/fleet.rwd"

# Flagger: the target and the controller are checked flags; --into merges Argo manifests only; a
# refused policy writes nothing; the report names the semantics that replayed it.
expect "unknown --target" 2 "$REWIND" compile --target spinnaker "$policy"
expect "unknown --controller" 2 "$REWIND" simulate "$policy" --trace "$trace" --controller spinnaker
expect "--into with --target flagger" 2 "$REWIND" compile --target flagger --into "$policy" "$policy"
expect "refused by Flagger, nothing written" 1 "$REWIND" compile --target flagger --out "$work/flagger-out" tests/golden/flagger/error.refused.rwd
check "no output directory after a refusal" test ! -e "$work/flagger-out"
expect "compile --target flagger --out" 0 "$REWIND" compile --target flagger --out "$work/flagger-out" tests/golden/flagger/canary_linear.rwd
check "the Canary is written" grep -q "^kind: Canary" "$work/flagger-out/podinfo.yaml"
expect "simulate --controller flagger" 0 "$REWIND" simulate tests/golden/sim/flagger_threshold.rwd --trace tests/golden/sim/flagger_threshold.trace.csv --controller flagger --format json
check "the report says flagger" grep -q '"controller": "flagger"' "$work/out"
expect "simulate defaults to argo for .rwd" 0 "$REWIND" simulate tests/golden/sim/flagger_threshold.rwd --trace tests/golden/sim/flagger_threshold.trace.csv --format json
check "the report says argo" grep -q '"controller": "argo"' "$work/out"
# A Canary with spec.skipAnalysis is promoted on the tick after detection, whatever the metrics say.
sed 's/^  provider: istio$/  provider: istio\n  skipAnalysis: true/' tests/golden/flagger/canary_templates.yaml >"$work/skip.yaml"
check "the skipAnalysis manifest was written" grep -q "^  skipAnalysis: true" "$work/skip.yaml"
printf 'timestamp,metric,value\n2026-11-20T10:00:00Z,error-rate,99\n2026-11-20T10:00:00Z,latency,99999\n2026-11-20T10:05:00Z,error-rate,99\n' >"$work/skip.csv"
expect "simulate a Canary with skipAnalysis" 0 "$REWIND" simulate "$work/skip.yaml" --trace "$work/skip.csv" --controller flagger --format json
check "skipAnalysis promotes without checks" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["outcome"] == "promoted", r["outcome"]
assert not any(e["kind"] == "measurement" for e in r["timeline"]), r["timeline"]' "$work/out"

# --- a trace that declares its start (`# start:`, as `rewind record` writes) ---------------------
{ echo "# start: 2026-11-14T13:29:00Z"; grep -v '^#' "$trace"; } >"$work/declared.csv"
expect "declared start" 0 "$REWIND" simulate "$policy" --trace "$work/declared.csv" --format json
check "replay starts at the declared start" python3 -c '
import json, sys; assert json.load(open(sys.argv[1]))["start"] == "2026-11-14T13:29:00Z"' "$work/out"
expect "--start wins over the declared start" 0 "$REWIND" simulate "$policy" --trace "$work/declared.csv" --format json --start 2026-11-14T13:30:00Z
check "--start wins" python3 -c '
import json, sys; assert json.load(open(sys.argv[1]))["start"] == "2026-11-14T13:30:00Z"' "$work/out"
{ echo "# start: soon"; grep -v '^#' "$trace"; } >"$work/bad-start.csv"
expect "malformed declared start" 1 "$REWIND" simulate "$policy" --trace "$work/bad-start.csv"
check "malformed start is located" grep -q "bad-start.csv:1:10: error: .*\[TraceBadDeclaredStart\]" "$work/err"

# --- a trace large enough to be mapped rather than read (SourceManager::kMapFromBytes) -----------
python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("timestamp,metric,value\n")
    for i in range(60000):
        f.write(f"{1795168800 + i},success-rate,0.99\n")
    f.write("1795228800,success-rate,x\n")
' "$work/large.csv"
expect "large trace with a bad last row" 1 "$REWIND" simulate "$policy" --trace "$work/large.csv"
check "its last row is located" grep -q "large.csv:60002:25: error: invalid value .x." "$work/err"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
