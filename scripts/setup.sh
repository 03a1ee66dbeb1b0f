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
  chromium                            # tests/report: the HTML report opened in a real headless browser
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

# The SARIF 2.1.0 JSON schema for tests/diag/validate_sarif.py. No Debian package ships it; the npm
# package of Microsoft's SARIF multitool (the SARIF SDK of the spec's editor) carries the 2.1.0
# schema file. It is unpacked into a cache outside the repository, pinned by version and checksum.
sarif_dir=/var/cache/rewind/sarif
sarif_schema=$sarif_dir/sarif-schema-2.1.0.json
sarif_sha256=1c49a0f2b60444c71bb14878e21e0d882198eff4c539861b133093ad89ed798c
if ! echo "$sarif_sha256  $sarif_schema" | sha256sum --check --quiet 2>/dev/null; then
  command -v npm >/dev/null || apt-get install -y -qq --no-install-recommends npm >/dev/null
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent @microsoft/sarif-multitool-linux@5.7.0 >/dev/null)
  tar -xzf "$tmp"/microsoft-sarif-multitool-linux-5.7.0.tgz -C "$tmp" package/sarif-2.1.0.json
  echo "$sarif_sha256  $tmp/package/sarif-2.1.0.json" | sha256sum --check --quiet
  install -D -m 644 "$tmp/package/sarif-2.1.0.json" "$sarif_schema"
  rm -rf "$tmp"
fi
echo "setup.sh: dependencies installed"
