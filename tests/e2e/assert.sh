# This file implements the assertions the end-to-end scripts share (sourced, not run): `expect`
# runs a command and checks its exit status, `check` asserts more about it; both count into
# $passed and $failed and read the command's output from $work/out and $work/err.
passed=0
failed=0

# expect NAME STATUS COMMAND... : runs COMMAND, checks its exit status; output in $work/out, $work/err.
expect() {
  local name=$1 status=$2
  shift 2
  "$@" >"$work/out" 2>"$work/err" </dev/null
  local got=$?
  if [ "$got" -eq "$status" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $name: exit $got, expected $status"
    sed 's/^/  stderr: /' "$work/err" | head -n 20
  fi
}

# check NAME CONDITION... : a further assertion about the last command.
check() {
  local name=$1
  shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $name"
    sed 's/^/  stderr: /' "$work/err" | head -n 20
  fi
}
