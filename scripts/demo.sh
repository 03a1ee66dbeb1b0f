#!/usr/bin/env bash
# This script installs the dependencies, builds Rewind and runs the main job: it simulates an
# example canary policy on its recorded incident trace and prints the timeline.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -eq 0 ]; then
  ./scripts/setup.sh
fi
./scripts/build.sh -DREWIND_BUILD_TESTS=OFF -DREWIND_BUILD_BENCH=OFF
example=examples/success-rate
./build/bin/rewind check "$example"/policy.rwd
./build/bin/rewind simulate "$example"/policy.rwd --trace "$example"/incident.trace.csv
