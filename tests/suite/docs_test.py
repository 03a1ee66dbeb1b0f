#!/usr/bin/env python3
"""Checks that the outputs and files quoted in docs/testing.md are what Rewind and the repository
hold today, so the reference cannot drift from the program.

    docs_test.py PATH/TO/rewind          (from the repository root)

A fenced block right after one of these comments must equal:
  <!-- golden: PATH -->          the file PATH (a golden output the tests keep current);
  <!-- same as: PATH -->         the file PATH without its `#` comment lines;
  <!-- output of: rewind ARGS --> the standard output of `rewind ARGS` (run from the repository root).
"""
import os
import re
import subprocess
import sys

REWIND = sys.argv[1]
DOC = "docs/testing.md"
MARK = re.compile(r"<!-- (golden|same as|output of): (.+?) -->\n```[a-z]*\n(.*?)```", re.S)

text = open(DOC).read()
failures = 0
found = 0
for kind, what, block in MARK.findall(text):
    found += 1
    if kind == "golden":
        expected = open(what).read()
    elif kind == "same as":
        expected = "".join(l for l in open(what).read().splitlines(True) if not l.startswith("#"))
    else:
        args = what.split()
        assert args[0] == "rewind", what
        expected = subprocess.run([REWIND] + args[1:], capture_output=True, text=True,
                                  env=dict(os.environ, NO_COLOR="1")).stdout
    if block != expected:
        failures += 1
        print(f"FAIL: {DOC}: the block after `{kind}: {what}` differs from it")
print(f"docs_test.py: {found} quoted blocks, {failures} differ")
sys.exit(1 if failures or found < 4 else 0)
