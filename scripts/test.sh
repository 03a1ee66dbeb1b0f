#!/usr/bin/env bash
# This script installs the dependencies (Debian packages), builds Rewind and runs every test:
# unit tests, golden files, CLI end-to-end tests. It is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -eq 0 ]; then
  ./scripts/setup.sh
else
  echo "test.sh: not root, assuming dependencies are installed (run scripts/setup.sh as root otherwise)"
fi
./scripts/build.sh -DREWIND_BUILD_TESTS=ON
jobs=$(nproc 2>/dev/null || echo 2)
ctest --test-dir build --output-on-failure -j"$jobs"
