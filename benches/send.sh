#!/usr/bin/env bash
# Benchmark for `ocw send` storms.
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
DURATION=${DURATION:-5s}

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

# Both tools take turns, ROUNDS times; the medians are compared, so one noisy round on a shared
# 2-core machine does not decide the result.
ROUNDS=${ROUNDS:-3}
ocw_rates=(); wrk_rates=()
for round in $(seq "$ROUNDS"); do
  # (a) ocw: a storm of COUNT signed deliveries (each freshly stamped and signed), exactly the
  # command a user runs; its summary reports the rate.
  # (--json: the summary line is the last one; its fields do not depend on the human layout.)
  "$OCW" send lead.qualified --to "$url/hook" --count "$COUNT" --concurrency "$CONC" --no-progress \
    --json 2>/dev/null | tail -1 >"$work/ocw.json"
  read -r ok rate p99 < <(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(s["success"], round(s["requests_per_sec"]), s["latency"]["p99_ms"])' "$work/ocw.json")
  [ "$ok" = "$COUNT" ] || { echo "not every delivery got a 2xx:" >&2; cat "$work/ocw.json" >&2; exit 1; }
  ocw_rates+=("$rate")
  ocw_p99=$p99

  # (b) wrk: the same body and signature, same receiver, same number of connections.
  wrk -t2 -c"$CONC" -d"$DURATION" -s "$work/post.lua" "$url/hook" >"$work/wrk.txt"
  wrk_rates+=("$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$work/wrk.txt")")
  echo "round $round: ocw ${ocw_rates[-1]} req/s (p99 $ocw_p99 ms), wrk ${wrk_rates[-1]} req/s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ocw_rps=$(median "${ocw_rates[@]}")
wrk_rps=$(median "${wrk_rates[@]}")
echo "ocw send : $ocw_rps req/s  (median of $ROUNDS, $COUNT deliveries each)"
echo "wrk      : $wrk_rps req/s  (median of $ROUNDS, $DURATION each)"
python3 -c "r=$ocw_rps/$wrk_rps; print(f'ratio    : {r:.2f} (goal >= 0.80) -> ' + ('ok' if r >= 0.8 else 'BELOW GOAL'))"

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
