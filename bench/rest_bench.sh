#!/usr/bin/env bash
# REST benchmark with wrk on loopback: folder reads (target >= 20,000 req/s, p99 < 5 ms) and
# durable commands from 64 connections (target >= 10,000/s). Fills a temp store with the demo,
# starts `bitacora serve` on it, prints wrk's figures and stops the server.
# wrk opens its 64 connections from one address, 127.0.0.1: the per-address cap (32 by default,
# docs/operations.md) is raised, or half of them would be refused with 429.
#   bash bench/rest_bench.sh [build-dir] [seconds]
set -euo pipefail
build=${1:-build}
secs=${2:-10}
bin="$build/cli/bitacora"
command -v wrk >/dev/null || { echo "wrk is missing: bash scripts/install-deps.sh" >&2; exit 1; }
work=$(mktemp -d)
port=${BITACORA_BENCH_PORT:-18480}
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

"$bin" --data "$work/data" demo --clients 300 --days 30 >/dev/null 2>&1
reader=$("$bin" --data "$work/data" token create --actor bench-auditor --role auditor 2>/dev/null)
writer=$("$bin" --data "$work/data" token create --actor bench-ape --role platform 2>/dev/null)
"$bin" --data "$work/data" --keys "$work/keys" serve --listen "127.0.0.1:$port" --quiet --threads 96 \
  --max-connections-per-address 128 \
  >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

# A client of the demo (i = 1: CI 3100037) and its folder.
folder="http://127.0.0.1:$port/v1/clients/3100037/folder"
# The views catch up with the demo's log after the server answers /healthz: wait for the folder.
for _ in $(seq 300); do curl -sf -H "Authorization: Bearer $reader" "$folder" >/dev/null && break; sleep 0.1; done
curl -sf -H "Authorization: Bearer $reader" "$folder" | head -c 300; echo

cat >"$work/folders.lua" <<'LUA'
-- Each request reads the folder of one of the demo's 300 clients, chosen at random.
function init(args) token = args[1]; math.randomseed(os.time() + math.random(1000)) end
function request()
  local i = math.random(1, 299)
  local ci = tostring(3100000 + i * 37)
  if i % 9 == 0 then ci = ci .. "-1A" end
  return wrk.format("GET", "/v1/clients/" .. ci .. "/folder", {["Authorization"] = "Bearer " .. token})
end
done = function(summary, latency, requests)
  io.write(string.format("non-2xx answers: %d\n", summary.errors.status))
end
LUA
echo "== folder reads: GET /v1/clients/{ci}/folder over 299 clients, 2 threads, 64 connections, ${secs}s"
wrk -t2 -c64 -d"${secs}s" --latency -s "$work/folders.lua" "http://127.0.0.1:$port" -- "$reader"

cat >"$work/commands.lua" <<'LUA'
-- Each request registers a new client (its own stream, no counter): a durable, fsynced append.
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("base", threads * 1000000)
end
function request()
  counter = counter + 1
  local ci = tostring(base + counter)
  local body = '{"clientCi":"' .. ci .. ' PT","fullName":"Cliente de prueba ' .. ci ..
               '","address":"Calle Sucre ' .. counter .. ', Tupiza","phone":"70000000"}'
  return wrk.format("POST", "/v1/commands/registerClient",
                    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token,
                     ["Idempotency-Key"] = "bench-" .. ci}, body)
end
function init(args) token = args[1] end
done = function(summary, latency, requests)
  local ok = summary.requests - summary.errors.status - summary.errors.connect - summary.errors.read -
             summary.errors.write - summary.errors.timeout
  io.write(string.format("commands recorded (2xx): %d, non-2xx: %d\n", ok, summary.errors.status))
end
LUA
before=$(curl -sf "http://127.0.0.1:$port/healthz")
echo "== durable commands: POST /v1/commands/registerClient, 2 threads, 64 connections, ${secs}s"
wrk -t2 -c64 -d"${secs}s" --latency -s "$work/commands.lua" "http://127.0.0.1:$port" -- "$writer"
after=$(curl -sf "http://127.0.0.1:$port/healthz")
echo "head before: $before"
echo "head after:  $after"
