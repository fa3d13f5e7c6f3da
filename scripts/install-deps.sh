#!/usr/bin/env bash
# Installs the Debian 12 packages Bitácora builds and tests with. Run as root; idempotent.
# With --check: installs nothing, and exits 1 when a package is missing (needs no root).
set -euo pipefail
# clang-16 and its runtime (libFuzzer, the sanitizers) build tests/fuzz: see docs/reliability.md.
packages=(build-essential cmake pkg-config g++ clang clang-16 libclang-rt-16-dev
  librocksdb-dev libcapnp-dev capnproto libspdlog-dev libgtest-dev libssl-dev
  libcpp-httplib-dev libcli11-dev
  libxlsxwriter-dev libargon2-dev unzip
  curl wrk)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ "${1:-}" == --check ]]; then
  ((${#missing[@]} == 0)) && exit 0
  echo "missing: ${missing[*]}" >&2
  exit 1
fi
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
