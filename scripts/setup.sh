#!/usr/bin/env bash
# This script installs every build and test dependency of Rewind from Debian packages (run as root).
set -euo pipefail
packages=(
  cmake g++ make                      # toolchain
  antlr4 libantlr4-runtime-dev        # parser generator (4.7.2) and runtime (4.9)
  libfmt-dev catch2                   # formatting, unit tests
  nlohmann-json3-dev libcli11-dev     # JSON reports, command line
  libyaml-cpp-dev                     # Argo Rollouts YAML input
  python3                             # golden/e2e test driver
  python3-yaml python3-jsonschema     # tests/emit/validate_crds.py (Argo CRD schemas)
  openssl                             # tests/prometheus: a TLS server's self-signed certificate
  libcurl4-openssl-dev                # HTTP client for simulate/record --prometheus
  libcpp-httplib-dev                  # fake Prometheus server inside the unit tests only
  prometheus                          # real server for tests/prometheus (its service is never started)
  clang-14 libclang-rt-14-dev         # libFuzzer harnesses (fuzz/, REWIND_FUZZ)
)
if [ "$(id -u)" -ne 0 ]; then
  echo "setup.sh: run as root (it calls apt-get)" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# The prometheus package's postinst starts a system-wide server on :9090 where services may start.
# The tests run their own server on a free port, so deny service starts during the install with
# Debian's policy-rc.d mechanism (exit 101), and remove the guard again only if we added it.
guard=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  guard=/usr/sbin/policy-rc.d
fi
status=0
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null || status=$?
if [ -n "$guard" ]; then rm -f "$guard"; fi
[ "$status" -eq 0 ] || exit "$status"
echo "setup.sh: dependencies installed"
