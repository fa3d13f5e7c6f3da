#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job on the embedded store in ./bitacora-data:
# records a note on a case, reads the case back, prints the head and verifies the hash chain.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh build -DBITACORA_BUILD_BENCH=OFF
export BITACORA_DATA=${BITACORA_DATA:-./bitacora-data}
bin=build/cli/bitacora
"$bin" append --stream case-demo --text "Cliente atendido en plataforma $(date -u +%FT%TZ)"
"$bin" read --stream case-demo
"$bin" head
"$bin" verify
