#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job: the REST server (`bitacora serve`) on
# the embedded store in ./bitacora-data, listening on 127.0.0.1:8080 (BITACORA_LISTEN to change),
# with the projections following the log and a checkpoint signed each La Paz midnight when a key
# exists in ./bitacora-keys. On the first run it creates a supervisor token and keeps it in
# ./bitacora-keys/supervisor.token (mode 0600). Ctrl-C stops the server.
#
# The server never needs root and must not run as root: run this script as an ordinary user (the
# packages are installed with sudo when some are missing, or beforehand by root with
# scripts/install-deps.sh). Run as root, it installs and builds but does not start the server,
# unless BITACORA_ALLOW_ROOT=1. Data and keys are created 0700/0600 whatever the umask.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $EUID -eq 0 ]] || ! command -v sudo >/dev/null; then
  bash scripts/install-deps.sh
else
  bash scripts/install-deps.sh --check || sudo bash scripts/install-deps.sh
fi
bash scripts/build.sh build -DBITACORA_BUILD_BENCH=OFF
if [[ $EUID -eq 0 && "${BITACORA_ALLOW_ROOT:-}" != 1 ]]; then
  echo "Instalado y compilado. El servidor no se ejecuta como root: vuelva a ejecutar" >&2
  echo "  bash scripts/run.sh" >&2
  echo "como un usuario sin privilegios (o, bajo su responsabilidad, con BITACORA_ALLOW_ROOT=1)." >&2
  exit 1
fi
export BITACORA_DATA=${BITACORA_DATA:-./bitacora-data}
export BITACORA_KEYS=${BITACORA_KEYS:-./bitacora-keys}
bin=build/cli/bitacora
mkdir -p "$BITACORA_KEYS"
chmod 700 "$BITACORA_KEYS"
token_file="$BITACORA_KEYS/supervisor.token"
if [[ ! -s "$token_file" ]]; then
  (umask 077; "$bin" token create --actor supervisor --role supervisor --label "scripts/run.sh" >"$token_file")
fi
listen=${BITACORA_LISTEN:-127.0.0.1:8080}
if "$bin" reference --json 2>/dev/null | grep -q '"position":0,'; then
  echo "the store has no reference data yet: the desk cannot check a client's documents until it has."
  echo "  load the example set (edit it first: its prices and tariffs are examples):"
  echo "  $bin --actor supervisor --role supervisor reference load docs/examples/reference.json"
fi
echo "supervisor token in $token_file; try:"
echo "  curl -H \"Authorization: Bearer \$(cat $token_file)\" http://$listen/v1/projections"
echo "  $bin --server http://$listen --token \$(cat $token_file) token create --actor ape-rosa --role platform"
exec "$bin" serve --listen "$listen"
