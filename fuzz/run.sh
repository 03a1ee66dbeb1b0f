#!/usr/bin/env bash
# This script runs Rewind's libFuzzer harnesses for a bounded time each and fails on any finding
# (crash, sanitizer report, leak, timeout, out-of-memory).
#
#   fuzz/run.sh HARNESS|all SECONDS
#
# The harnesses must be built first (see fuzz/README.md); REWIND_FUZZ_BUILD names the build
# directory (default: build-fuzz at the repository root). Each run starts from the harness's seeds
# (NAME.seeds, written by fuzz/CMakeLists.txt) in a fresh working corpus under
# $REWIND_FUZZ_BUILD/fuzz/work/NAME; findings are written to $REWIND_FUZZ_BUILD/fuzz/findings/NAME/.
# It prints one line per harness: executions, executions per second and the outcome.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${REWIND_FUZZ_BUILD:-$root/build-fuzz}"
out="$build/fuzz"

if [ $# -ne 2 ] || ! [[ "$2" =~ ^[0-9]+$ ]]; then
  echo "usage: fuzz/run.sh HARNESS|all SECONDS" >&2
  exit 2
fi
seconds="$2"
if [ "$1" = all ]; then
  harnesses=()
  for binary in "$out"/*_fuzzer; do
    [ -x "$binary" ] && harnesses+=("$(basename "$binary" _fuzzer)")
  done
  if [ ${#harnesses[@]} -eq 0 ]; then
    echo "run.sh: no harnesses in $out (build with -DREWIND_FUZZ=ON first)" >&2
    exit 2
  fi
else
  harnesses=("$1")
fi

failed=0
summary=()
for name in "${harnesses[@]}"; do
  binary="$out/${name}_fuzzer"
  if [ ! -x "$binary" ]; then
    echo "run.sh: no harness $binary" >&2
    exit 2
  fi
  work="$out/work/$name"
  findings="$out/findings/$name"
  log="$out/$name.log"
  rm -rf "$work" "$findings"
  mkdir -p "$work" "$findings"
  # Seeds are copied under their content hash so that two files with one name do not collide.
  if [ -f "$out/$name.seeds" ]; then
    while IFS= read -r seed; do
      [ -n "$seed" ] && [ -f "$seed" ] && cp "$seed" "$work/$(sha1sum "$seed" | cut -c1-16)"
    done < "$out/$name.seeds"
  fi
  read -r -a flags < <(cat "$out/$name.flags" 2>/dev/null || true)
  status=0
  # -error_exitcode/-timeout_exitcode make every kind of finding a non-zero exit; leaks are on by
  # default under AddressSanitizer.
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}" \
    "$binary" "${flags[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -error_exitcode=77 -timeout_exitcode=78 -print_final_stats=1 \
      -artifact_prefix="$findings/" "$work" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  artifacts=$(find "$findings" -type f | wc -l)
  if [ "$status" -ne 0 ] || [ "$artifacts" -ne 0 ]; then
    failed=1
    outcome="FAILED (exit $status, $artifacts finding(s) in $findings; log $log)"
    grep -m1 -E "ERROR: |runtime error:|invariant broken" "$log" >&2 || tail -20 "$log" >&2
  else
    outcome="ok"
  fi
  line=$(printf '%-8s %10s execs %8s exec/s  %s' "$name" "${execs:-?}" "${rate:-?}" "$outcome")
  echo "$line"
  summary+=("$line")
done
if [ ${#summary[@]} -gt 1 ]; then
  echo "run.sh: summary (${seconds}s each)"
  printf '  %s\n' "${summary[@]}"
fi
exit "$failed"
