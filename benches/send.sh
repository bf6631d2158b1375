#!/usr/bin/env bash
# Benchmark for `ocw send` storms (issue #2).
#
# In one run: start the bare receiver (benches/bare_server.rs), then
#   (a) ocw send lead.qualified --count 20000 --concurrency 32
#   (b) wrk, 32 connections, POSTing the same signed body to the same receiver
# and print both rates and their ratio (goal: ocw >= 0.8 of wrk). Also times one `ocw verify`
# call from process start to exit. Installs wrk from Debian when missing. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-20000}
CONC=${CONC:-32}
DURATION=${DURATION:-10s}

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (Debian package) ..." >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null
fi
cargo build --release --locked --quiet --bin ocw --example bare-server
OCW=target/release/ocw
BARE=target/release/examples/bare-server

work=$(mktemp -d)
cleanup() { [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$BARE" 127.0.0.1:0 >"$work/server.out" &
server_pid=$!
for _ in $(seq 100); do grep -q listening "$work/server.out" 2>/dev/null && break; sleep 0.05; done
url=$(sed -n 's/^listening on //p' "$work/server.out")
[ -n "$url" ] || { echo "bare server did not start" >&2; exit 2; }

export OCW_SECRET=bench-secret
"$OCW" events show lead.qualified --compact | tr -d '\n' >"$work/body.json"
sig=$("$OCW" sign "$work/body.json")
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-openclaw-signature"] = "$sig"
local f = io.open("$work/body.json", "rb"); wrk.body = f:read("*a"); f:close()
LUA

echo "receiver: $url   body: $(wc -c <"$work/body.json") bytes   concurrency: $CONC"

# (a) ocw: a storm of COUNT signed deliveries (each freshly stamped and signed).
"$OCW" send lead.qualified --to "$url/hook" --count "$COUNT" --concurrency "$CONC" --json --no-progress \
  | tail -n 1 >"$work/ocw.json"
ocw_rps=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(f"{s[\"requests_per_sec\"]:.0f}"); assert s["success"]==s["sent"], s' "$work/ocw.json")
ocw_p99=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["latency"]["p99_ms"])' "$work/ocw.json")

# (b) wrk: the same body and signature, same receiver, same number of connections.
wrk -t2 -c"$CONC" -d"$DURATION" -s "$work/post.lua" "$url/hook" >"$work/wrk.txt"
wrk_rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$work/wrk.txt")

echo "ocw send : $ocw_rps req/s  (count $COUNT, p99 ${ocw_p99} ms)"
echo "wrk      : $wrk_rps req/s  ($DURATION)"
python3 -c "import sys; r=$ocw_rps/$wrk_rps; print(f'ratio    : {r:.2f} (goal >= 0.80) -> {\"ok\" if r>=0.8 else \"BELOW GOAL\"}')"

# One `ocw verify` call, process start to exit, averaged over 50 runs.
python3 - "$OCW" "$work/body.json" "$sig" <<'PY'
import subprocess, sys, time
ocw, body, sig = sys.argv[1:4]
runs = []
for _ in range(50):
    t = time.perf_counter()
    subprocess.run([ocw, "verify", body, "--signature", sig], check=True, stdout=subprocess.DEVNULL)
    runs.append(time.perf_counter() - t)
runs.sort()
print(f"ocw verify (one call, wall): median {runs[len(runs)//2]*1000:.2f} ms, min {runs[0]*1000:.2f} ms over {len(runs)} runs")
PY
