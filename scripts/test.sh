#!/usr/bin/env bash
# This script installs the dependencies (Debian packages), builds Rewind and runs every test: unit
# tests, golden files, CLI end-to-end tests; then again in a Release build (what distributions build);
# then the same suite built with AddressSanitizer and
# UndefinedBehaviorSanitizer (build-asan/), and every fuzz harness for a bounded time (build-fuzz/,
# REWIND_FUZZ_SECONDS each, default 30). Any failure, sanitizer report or fuzz finding fails it. It is
# what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -eq 0 ]; then
  ./scripts/setup.sh
else
  echo "test.sh: not root, assuming dependencies are installed (run scripts/setup.sh as root otherwise)"
fi
jobs=$(nproc 2>/dev/null || echo 2)
stage() { echo "test.sh: $1 ($(date -u +%H:%M:%S))"; }

# Warnings are errors here (REWIND_WERROR), not in a user's build: CI keeps every warning out.
stage "build and test (default build type)"
./scripts/build.sh -DREWIND_BUILD_TESTS=ON -DREWIND_WERROR=ON
ctest --test-dir build --output-on-failure -j"$jobs"

stage "build and test (Release)"
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DREWIND_WERROR=ON -DREWIND_BUILD_TESTS=ON \
  -DREWIND_BUILD_BENCH=OFF >/dev/null
cmake --build build-release -j"$jobs"
ctest --test-dir build-release --output-on-failure -j"$jobs"

stage "build and test under ASan + UBSan"
cmake -S . -B build-asan -DREWIND_SANITIZE=ON -DREWIND_WERROR=ON -DREWIND_BUILD_TESTS=ON -DREWIND_BUILD_BENCH=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

stage "build and run the fuzz harnesses"
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++-14 -DREWIND_FUZZ=ON -DREWIND_BUILD_TESTS=OFF \
  -DREWIND_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$jobs" --target fuzzers
REWIND_FUZZ_BUILD="$PWD/build-fuzz" ./fuzz/run.sh all "${REWIND_FUZZ_SECONDS:-30}"
stage "done"
