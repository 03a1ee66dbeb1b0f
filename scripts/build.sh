#!/usr/bin/env bash
# This script configures and builds Rewind into ./build (Release with debug info). Extra arguments
# go to CMake's configure step, e.g. -DREWIND_BUILD_BENCH=OFF.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build "$@" >/dev/null
cmake --build build -j"$jobs"
echo "build.sh: built build/bin/rewind"
