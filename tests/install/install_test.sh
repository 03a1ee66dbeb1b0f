#!/usr/bin/env bash
# This file implements the test of `cmake --install`: into a fresh prefix it must install the binary,
# the man page made from the help text (a section per subcommand, each with its example), and the
# bash and zsh completion scripts, which must parse and complete subcommands and --format values.
# Usage: install_test.sh BUILD_DIR (run from the repository root).
set -u
build=${1:?usage: install_test.sh BUILD_DIR}
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi; }

cmake --install "$build" --prefix "$prefix" >/dev/null
check "binary installed" '[ -x "$prefix/bin/rewind" ]'
man="$prefix/share/man/man1/rewind.1"
check "man page installed" '[ -s "$man" ]'
for command in $("$prefix/bin/rewind" --help | sed -n '/^Subcommands:/,/^$/p' | awk 'NR > 1 && NF {print $1}'); do
  check "man page has rewind $command" 'grep -q "^\.SS \"rewind $command\"" "$man"'
  check "rewind $command --help has an example" '"$prefix/bin/rewind" $command --help | grep -q "^Example: "'
done
check "man page renders" 'MANWIDTH=80 man -l "$man" 2>/dev/null | grep -q "rewind fmt" || groff -man -Tutf8 "$man" 2>/dev/null | grep -q "rewind fmt"'
check "--version names the Argo Rollouts semantics" '"$prefix/bin/rewind" --version | grep -q "Argo Rollouts v1.10"'
bash_completion="$prefix/share/bash-completion/completions/rewind"
check "bash completion parses" 'bash -n "$bash_completion"'
complete_bash() { # complete_bash WORD... : what the completion offers for the last word
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _rewind; printf "%s\n" "${COMPREPLY[@]}"' _ "$bash_completion" "$@"
}
check "bash completes subcommands" '[ "$(complete_bash rewind fm)" = fmt ]'
check "bash completes --format values" '[ "$(complete_bash rewind check --format sa)" = sarif ]'
check "bash completes flags" 'complete_bash rewind simulate --tr | grep -qx -- --trace'
zsh_completion="$prefix/share/zsh/site-functions/_rewind"
check "zsh completion is a compdef" 'head -1 "$zsh_completion" | grep -q "^#compdef rewind"'
if command -v zsh >/dev/null; then check "zsh completion parses" 'zsh -n "$zsh_completion"'; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
