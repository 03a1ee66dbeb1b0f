#!/usr/bin/env bash
# This script installs every build and test dependency of Rewind from Debian packages (run as root).
set -euo pipefail
packages=(
  cmake g++ make                      # toolchain
  antlr4 libantlr4-runtime-dev        # parser generator (4.7.2) and runtime (4.9)
  libfmt-dev catch2                   # formatting, unit tests
  nlohmann-json3-dev libcli11-dev     # JSON reports, command line
  python3                             # golden/e2e test driver
  python3-yaml python3-jsonschema     # tests/emit/validate_crds.py (Argo CRD schemas)
  clang-14 libclang-rt-14-dev         # libFuzzer harnesses (fuzz/, REWIND_FUZZ)
)
if [ "$(id -u)" -ne 0 ]; then
  echo "setup.sh: run as root (it calls apt-get)" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "setup.sh: dependencies installed"
