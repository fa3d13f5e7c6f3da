#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole suite twice: a normal build, and a build
# under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/), so memory errors fail. Then
# builds the libFuzzer targets with clang-16 (build-fuzz/) and runs each briefly on its committed
# corpus and regressions (tests/fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh build
ctest --test-dir build --output-on-failure -j"$(nproc)"
bash scripts/build.sh build-asan -DBITACORA_SANITIZE=ON -DBITACORA_BUILD_BENCH=OFF
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
CC=clang-16 CXX=clang++-16 bash scripts/build.sh build-fuzz -DBITACORA_FUZZ=ON
ctest --test-dir build-fuzz --output-on-failure -j"$(nproc)"
