#!/usr/bin/env bash
# Checks every Rewind example in docs/language.md (or the Markdown files given) with `rewind check`.
#
#   docs/check_examples.sh [--rewind PATH] [FILE.md...]
#
# Fenced blocks are recognised by their info string:
#   ```rwd                    must check cleanly: exit 0 and no diagnostic at all
#   ```rwd-warning            must exit 0 and print exactly the diagnostics of the next ```text block
#   ```rwd-error              must exit 1 and print exactly the diagnostics of the next ```text block
#   ```rwd file=PATH          (any of the above) is also written to PATH beside every other snippet,
#                             so that a later snippet can `import "PATH"`
# Each snippet is saved as `policy.rwd` (or its PATH) in a fresh directory and checked from there, so
# diagnostics read `policy.rwd:LINE:COL: ...`. Colours are off (NO_COLOR=1, --color never).
#
# The binary is --rewind PATH, else $REWIND, else the first of build/bin/rewind, build-*/bin/rewind,
# /work/build-doc/bin/rewind that exists. Exit status: 0 all snippets behave as documented, 1 some do
# not, 2 usage error (no binary, no snippet).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

rewind="${REWIND:-}"
docs=()
while (($#)); do
  case "$1" in
    --rewind) rewind="$2"; shift 2 ;;
    --rewind=*) rewind="${1#--rewind=}"; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) docs+=("$1"); shift ;;
  esac
done
((${#docs[@]})) || docs=("$here/language.md")

if [[ -z "$rewind" ]]; then
  for candidate in "$root/build/bin/rewind" "$root"/build-*/bin/rewind /work/build-doc/bin/rewind; do
    if [[ -x "$candidate" ]]; then rewind="$candidate"; break; fi
  done
fi
if [[ -z "$rewind" || ! -x "$rewind" ]]; then
  echo "check_examples: no rewind binary found; pass --rewind PATH or set REWIND" >&2
  exit 2
fi
rewind="$(cd "$(dirname "$rewind")" && pwd)/$(basename "$rewind")"

work="$(mktemp -d "${TMPDIR:-/tmp}/rewind-doc-examples.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Split the documents into snippets: $work/snippets/N/{kind,file,source,expected,where}.
# awk keeps it to one pass and no dependency beyond POSIX tools.
for doc in "${docs[@]}"; do
  [[ -r "$doc" ]] || { echo "check_examples: cannot read $doc" >&2; exit 2; }
done
mkdir -p "$work/snippets"
awk -v out="$work/snippets" '
  function start(kind, file) {
    n++; dir = out "/" sprintf("%04d", n); system("mkdir -p \"" dir "\"")
    print kind > (dir "/kind"); close(dir "/kind")
    print file > (dir "/file"); close(dir "/file")
    print FILENAME ":" FNR > (dir "/where"); close(dir "/where")
    target = dir "/source"; printf "" > target; mode = "source"; want = (kind != "rwd")
  }
  FNR == 1 { mode = ""; want = 0 }
  mode == "" && /^```rwd(-warning|-error)?([ \t]|$)/ {
    info = substr($0, 4); kind = info; sub(/[ \t].*$/, "", kind)
    file = ""
    if (match(info, /file=[^ \t]+/)) file = substr(info, RSTART + 5, RLENGTH - 5)
    start(kind, file); next
  }
  mode == "" && want && /^```text[ \t]*$/ {
    target = dir "/expected"; printf "" > target; mode = "expected"; want = 0; next
  }
  mode == "" && want && /^```/ { want = 0 }
  mode != "" && /^```[ \t]*$/ { close(target); mode = ""; next }
  mode != "" { print > target; next }
' "${docs[@]}"

snippets=("$work"/snippets/*/)
if [[ ! -d "${snippets[0]}" ]]; then
  echo "check_examples: no \`\`\`rwd snippet found in ${docs[*]}" >&2
  exit 2
fi

# Every `file=` snippet is available to every other snippet.
shared="$work/shared"
mkdir -p "$shared"
for s in "${snippets[@]}"; do
  file="$(cat "$s/file")"
  if [[ -n "$file" ]]; then
    mkdir -p "$shared/$(dirname "$file")"
    cp "$s/source" "$shared/$file"
  fi
done

failures=0
total=0
for s in "${snippets[@]}"; do
  total=$((total + 1))
  kind="$(cat "$s/kind")"
  file="$(cat "$s/file")"
  where="$(cat "$s/where")"
  [[ -n "$file" ]] || file="policy.rwd"
  run="$s/run"
  mkdir -p "$run"
  cp -R "$shared/." "$run/"
  mkdir -p "$run/$(dirname "$file")"
  cp "$s/source" "$run/$file"
  status=0
  (cd "$run" && NO_COLOR=1 "$rewind" check --color never "$file") >"$s/stdout" 2>"$s/stderr" || status=$?

  problem=""
  case "$kind" in
    rwd)
      if ((status != 0)); then problem="expected exit 0, got $status"
      elif [[ -s "$s/stderr" ]]; then problem="expected no diagnostics"
      fi ;;
    rwd-warning|rwd-error)
      expected_status=0; [[ "$kind" == rwd-error ]] && expected_status=1
      if [[ ! -f "$s/expected" ]]; then problem="no \`\`\`text block with the expected diagnostics follows it"
      elif ((status != expected_status)); then problem="expected exit $expected_status, got $status"
      elif ! diff -q "$s/expected" "$s/stderr" >/dev/null; then problem="diagnostics differ from the documented ones"
      fi ;;
  esac
  if [[ -n "$problem" ]]; then
    failures=$((failures + 1))
    echo "FAIL $where ($kind): $problem" >&2
    if [[ -f "$s/expected" && "$kind" != rwd ]]; then
      diff -u --label documented --label actual "$s/expected" "$s/stderr" >&2 || true
    else
      sed 's/^/    /' "$s/stderr" >&2
    fi
  fi
done

if ((failures)); then
  echo "check_examples: $failures of $total snippets do not behave as documented" >&2
  exit 1
fi
echo "check_examples: all $total snippets behave as documented"
