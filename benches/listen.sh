#!/usr/bin/env bash
# Benchmark for `ocw listen`.
#
# 1. Throughput: wrk POSTs the same signed ~1 KiB body, with the same connections and duration,
#    alternately to
#      (a) ocw listen 127.0.0.1:0 --secret S --json > /dev/null   (verifies, de-duplicates, prints)
#      (b) the bare receiver (benches/bare_server.rs), which only answers 200
#    ROUNDS times, and prints both medians and their ratio (goal: ocw >= 0.7 of bare). Every
#    ocw answer must be a 2xx (wrk's non-2xx count is 0).
# 2. Memory: ocw listen --secret S holding 10,000 idle TCP connections (benches/idle_conns.py):
#    RSS before, and the peak (VmHWM) in MB (goal < 150 MB).
# Installs wrk from Debian when missing. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNS=${CONNS:-64}
DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}
IDLE_CONNS=${IDLE_CONNS:-10000}
IDLE_HOLD=${IDLE_HOLD:-5}
BODY_SIZE=${BODY_SIZE:-1024}

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (Debian package) ..." >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null
fi
cargo build --release --locked --quiet --bin ocw --example bare-server
# LISTEN_ARGS adds flags to the measured listener (LISTEN_ARGS=--ui: with the inspector on).
# OCW_BIN measures another build (for example the previous release) against the same bare server.
OCW=${OCW_BIN:-target/release/ocw}
BARE=target/release/examples/bare-server

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Wait (bounded) for a file to be non-empty.
wait_for() {
  for _ in $(seq 200); do [ -s "$1" ] && return 0; sleep 0.05; done
  echo "timed out waiting for $1" >&2
  return 1
}

# Stop one process we started (SIGTERM, bounded wait, then SIGKILL) and forget it.
stop() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local keep=()
  for p in "${pids[@]}"; do [ "$p" != "$pid" ] && keep+=("$p"); done
  pids=("${keep[@]}")
}

export OCW_SECRET=bench-secret

# A ~1 KiB signed body: the lead.qualified sample with a padding field sized to BODY_SIZE bytes.
base=$("$OCW" events show lead.qualified --compact | tr -d '\n' | wc -c)
overhead=',"padding":""'
pad_len=$((BODY_SIZE - base - ${#overhead}))
padding=$(head -c "$pad_len" /dev/zero | tr '\0' 'x')
"$OCW" events show lead.qualified --set "padding=\"$padding\"" --compact | tr -d '\n' >"$work/body.json"
sig=$("$OCW" sign "$work/body.json")
"$OCW" verify "$work/body.json" --signature "$sig" >/dev/null
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-openclaw-signature"] = "$sig"
local f = io.open("$work/body.json", "rb"); wrk.body = f:read("*a"); f:close()
LUA

"$BARE" 127.0.0.1:0 >"$work/bare.out" &
pids+=($!)
wait_for "$work/bare.out"
for _ in $(seq 100); do grep -q listening "$work/bare.out" && break; sleep 0.05; done
bare_url=$(sed -n 's/^listening on //p' "$work/bare.out")
[ -n "$bare_url" ] || { echo "bare server did not start" >&2; exit 2; }

echo "body: $(wc -c <"$work/body.json") bytes   connections: $CONNS   duration: $DURATION   rounds: $ROUNDS"

rate_of() { awk '/Requests\/sec/ {printf "%.0f", $2}' "$1"; }
non2xx_of() { awk '/Non-2xx or 3xx responses/ {print $NF; found=1} END {if (!found) print 0}' "$1"; }
errors_of() { awk '/Socket errors/ {gsub(",", ""); print $4+$6+$8+$10; found=1} END {if (!found) print 0}' "$1"; }

ocw_rates=(); bare_rates=()
for round in $(seq "$ROUNDS"); do
  # (a) ocw listen, a fresh one each round (its duplicate table starts empty).
  rm -f "$work/ready"
  # shellcheck disable=SC2086 # LISTEN_ARGS is a list of flags, e.g. LISTEN_ARGS=--ui
  "$OCW" listen 127.0.0.1:0 --secret "$OCW_SECRET" --json ${LISTEN_ARGS:-} --ready-file "$work/ready" \
    >/dev/null 2>"$work/listen.err" &
  listen_pid=$!
  pids+=("$listen_pid")
  wait_for "$work/ready"
  ocw_url=$(tr -d '\n' <"$work/ready")
  wrk -t2 -c"$CONNS" -d"$DURATION" -s "$work/post.lua" "$ocw_url/hook" >"$work/wrk-ocw.txt"
  stop "$listen_pid"
  non2xx=$(non2xx_of "$work/wrk-ocw.txt")
  errs=$(errors_of "$work/wrk-ocw.txt")
  if [ "$non2xx" != 0 ]; then
    echo "ocw listen answered $non2xx non-2xx responses:" >&2
    cat "$work/wrk-ocw.txt" >&2
    exit 1
  fi
  ocw_rates+=("$(rate_of "$work/wrk-ocw.txt")")

  # (b) the bare receiver, same body, connections and duration.
  wrk -t2 -c"$CONNS" -d"$DURATION" -s "$work/post.lua" "$bare_url/hook" >"$work/wrk-bare.txt"
  bare_rates+=("$(rate_of "$work/wrk-bare.txt")")
  echo "round $round: ocw listen ${ocw_rates[-1]} req/s (non-2xx $non2xx, socket errors $errs), bare ${bare_rates[-1]} req/s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ocw_rps=$(median "${ocw_rates[@]}")
bare_rps=$(median "${bare_rates[@]}")
echo "ocw listen : $ocw_rps req/s  (median of $ROUNDS, --secret --json > /dev/null, every answer 2xx)"
echo "bare server: $bare_rps req/s  (median of $ROUNDS)"
python3 -c "r=$ocw_rps/$bare_rps; print(f'ratio      : {r:.2f} (goal >= 0.70) -> ' + ('ok' if r >= 0.7 else 'BELOW GOAL'))"

# Memory with IDLE_CONNS idle connections. Both sides need more file descriptors than the
# usual 1024: raise the listener's limit here, the client raises its own in the script.
echo
echo "idle connections: $IDLE_CONNS held for ${IDLE_HOLD}s"
rm -f "$work/ready"
(
  ulimit -n "$((IDLE_CONNS + 1024))" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  exec "$OCW" listen 127.0.0.1:0 --secret "$OCW_SECRET" --ready-file "$work/ready" \
    >/dev/null 2>"$work/idle-listen.err"
) &
idle_pid=$!
pids+=("$idle_pid")
wait_for "$work/ready"
idle_addr=$(tr -d '\n' <"$work/ready" | sed 's|^http://||')
python3 benches/idle_conns.py "$idle_addr" "$idle_pid" "$IDLE_CONNS" "$IDLE_HOLD"
kill -0 "$idle_pid" 2>/dev/null || { echo "ocw listen died holding idle connections" >&2; exit 1; }
stop "$idle_pid"
