#!/usr/bin/env python3
# This file implements the formatter's fixed-point test: every example policy, every golden policy
# that parses, and every ```rwd snippet of docs/*.md and README.md is formatted with `rewind fmt`;
# the result must format to itself (idempotence), keep every comment's text, and mean the same
# (`rewind plan --emit ast` equal once source positions are removed). `fmt --check` must then
# accept it and reject the original exactly when the two differ.
#
# Usage: fixpoint.py PATH/TO/rewind (from the repository root).
import glob
import os
import re
import subprocess
import sys
import tempfile

POSITION = re.compile(r"@\d+:\d+(-\d+:\d+)?")
# What the canonical style respells without changing the meaning: a literal's spelling (`90s` is
# written `1m30s`), the `on-` of a notification trigger, and a workload's default api version.
SPELLING = re.compile(r" text=`[^`]*`|(?<=Trigger )on-|\n *ApiVersion \"apps/v1\" *(?=\n)")
COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
STRING = re.compile(r'"""(?:.|\n)*?"""|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'')


def comments(text):
    """Comment texts in order (strings blanked first, so `//` inside a URL is not a comment)."""
    return [c.strip() for c in COMMENT.findall(STRING.sub('""', text))]


def snippets():
    for doc in sorted(glob.glob("docs/*.md")) + ["README.md"]:
        with open(doc, encoding="utf-8") as f:
            text = f.read()
        for n, match in enumerate(re.finditer(r"^```(rwd[^\n]*)\n(.*?)^```", text, re.S | re.M)):
            yield f"{doc}#{n} ({match.group(1)})", match.group(2)


def main():
    rewind = os.path.abspath(sys.argv[1])
    env = dict(os.environ, NO_COLOR="1")
    work = tempfile.mkdtemp()
    inputs = []
    for path in sorted(glob.glob("examples/**/*.rwd", recursive=True) + glob.glob("tests/golden/**/*.rwd", recursive=True)):
        if ".import." in path or os.path.basename(path).startswith("error."):
            continue
        with open(path, encoding="utf-8") as f:
            inputs.append((path, f.read()))
    inputs += list(snippets())
    failures, formatted, changed = [], 0, 0
    for n, (name, text) in enumerate(inputs):
        source = os.path.join(work, f"{n}.rwd")
        with open(source, "w", encoding="utf-8") as f:
            f.write(text)
        first = subprocess.run([rewind, "fmt", source], capture_output=True, text=True, env=env)
        if first.returncode != 0:
            if "(rwd-error" in name:
                continue  # a snippet that shows an error on purpose
            failures.append(f"{name}: fmt exited {first.returncode}: {first.stderr[:300]}")
            continue
        formatted += 1
        once = os.path.join(work, f"{n}.fmt.rwd")
        with open(once, "w", encoding="utf-8") as f:
            f.write(first.stdout)
        second = subprocess.run([rewind, "fmt", once], capture_output=True, text=True, env=env)
        if second.stdout != first.stdout:
            failures.append(f"{name}: not idempotent:\n" + "".join(
                subprocess.run(["diff", "-u", once, "-"], input=second.stdout, capture_output=True, text=True).stdout[:1500]))
        if sorted(comments(first.stdout)) != sorted(comments(text)):  # statements may move, with their comments
            failures.append(f"{name}: comments changed: {comments(text)} -> {comments(first.stdout)}")
        asts = [subprocess.run([rewind, "plan", "--emit", "ast", p], capture_output=True, text=True, env=env)
                for p in (source, once)]
        # The first line names the file; the rest is the tree.
        trees = [SPELLING.sub("", POSITION.sub("", a.stdout.partition("\n")[2])) for a in asts]
        if asts[0].returncode == 0 and trees[0] != trees[1]:
            failures.append(f"{name}: formatting changed the AST")
        check = subprocess.run([rewind, "fmt", "--check", source, once], capture_output=True, text=True, env=env)
        differs = first.stdout != text
        changed += differs
        expected_listing = source + "\n" if differs else ""
        if check.stdout != expected_listing or check.returncode != (1 if differs else 0):
            failures.append(f"{name}: fmt --check printed {check.stdout!r}, exit {check.returncode}")
    for failure in failures:
        print("FAIL: " + failure)
    print(f"fixpoint: {len(inputs)} inputs, {formatted} formatted, {changed} not yet in canonical style")
    print(f"{formatted - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
