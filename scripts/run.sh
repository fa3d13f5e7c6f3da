#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job: the REST server (`bitacora serve`) on
# the embedded store, listening on 127.0.0.1:8080 (BITACORA_LISTEN to change), with the
# projections following the log and a checkpoint signed each La Paz midnight when a key exists in
# the keys folder. On the first run it creates a supervisor token and keeps it in
# <keys>/supervisor.token (mode 0600). Ctrl-C stops the server.
#
# The server never runs as root. Run by an ordinary user, it serves from ./bitacora-data and
# ./bitacora-keys as that user (packages installed with sudo when some are missing). Run by root,
# it installs and builds, then creates the system user `bitacora` (no login, no home), copies the
# binary to /var/lib/bitacora/bin and serves as that user from /var/lib/bitacora/data and
# /var/lib/bitacora/keys. BITACORA_DATA / BITACORA_KEYS choose other folders. Data and keys are
# created 0700/0600 whatever the umask.
set -euo pipefail
cd "$(dirname "$0")/.."
export BITACORA_REPO=$PWD
if [[ $EUID -eq 0 ]] || ! command -v sudo >/dev/null; then
  bash scripts/install-deps.sh
else
  bash scripts/install-deps.sh --check || sudo bash scripts/install-deps.sh
fi
bash scripts/build.sh build -DBITACORA_BUILD_BENCH=OFF

# Runs as the user who serves: a token for the supervisor on the first run, a word about the
# reference data on an empty store, then the server.
serve() {
  local bin=$1 listen=${BITACORA_LISTEN:-127.0.0.1:8080}
  umask 077
  mkdir -p "$BITACORA_KEYS"
  local token_file="$BITACORA_KEYS/supervisor.token"
  if [[ ! -s "$token_file" ]]; then
    "$bin" token create --actor supervisor --role supervisor --label "scripts/run.sh" >"$token_file"
  fi
  if "$bin" reference --json 2>/dev/null | grep -q '"position":0,'; then
    echo "the store has no reference data yet: the desk cannot check a client's documents until it has."
    echo "  load a set (the example's prices and tariffs are examples to replace) once the server runs:"
    echo "  $bin --server http://$listen --token \$(cat $token_file) reference load $BITACORA_REPO/docs/examples/reference.json"
  fi
  echo "supervisor token in $token_file; try:"
  echo "  curl -H \"Authorization: Bearer \$(cat $token_file)\" http://$listen/v1/projections"
  echo "  $bin --server http://$listen --token \$(cat $token_file) token create --actor ape-rosa --role platform"
  exec "$bin" serve --listen "$listen"
}

if [[ $EUID -ne 0 ]]; then
  export BITACORA_DATA=${BITACORA_DATA:-./bitacora-data}
  export BITACORA_KEYS=${BITACORA_KEYS:-./bitacora-keys}
  serve build/cli/bitacora
fi

home=/var/lib/bitacora
export BITACORA_DATA=${BITACORA_DATA:-$home/data}
export BITACORA_KEYS=${BITACORA_KEYS:-$home/keys}
id -u bitacora >/dev/null 2>&1 ||
  useradd --system --home-dir "$home" --no-create-home --shell /usr/sbin/nologin bitacora
install -d -m 0755 "$home"
install -d -m 0755 "$home/bin"
install -m 0755 build/cli/bitacora "$home/bin/bitacora"
install -d -m 0700 -o bitacora -g bitacora "$BITACORA_DATA" "$BITACORA_KEYS"
echo "serving as the user bitacora (the server never runs as root); data in $BITACORA_DATA"
cd "$home"
exec runuser -u bitacora -- env BITACORA_DATA="$BITACORA_DATA" BITACORA_KEYS="$BITACORA_KEYS" \
  BITACORA_LISTEN="${BITACORA_LISTEN:-}" BITACORA_REPO="$BITACORA_REPO" bash -c "$(declare -f serve); serve $home/bin/bitacora"
