#!/usr/bin/env bash
# Benchmark for `ocw retry` timing: play the default policy (30 s, 5 min, 30 min) at
# --speed 100 against an endpoint that always fails (`ocw listen --status 500`), and compare
# each measured wait with the scaled schedule (0.3 s, 3 s, 18 s). Goal: every wait within
# 2% + 20 ms of its target. Takes about 22 s. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
SPEED=${SPEED:-100}

cargo build --release --locked --quiet --bin ocw
OCW=target/release/ocw
work=$(mktemp -d)
cleanup() { [ -n "${listener:-}" ] && kill "$listener" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$OCW" listen 127.0.0.1:0 --status 500 --ready-file "$work/url" -qq &
listener=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.05; done
url=$(tr -d '\n' <"$work/url")

"$OCW" retry lead.qualified --to "$url/hook" --speed "$SPEED" --json --no-progress -q >"$work/attempts.ndjson" || true

python3 - "$work/attempts.ndjson" "$SPEED" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
speed = float(sys.argv[2])
attempts = [l for l in lines if l["type"] == "attempt"]
summary = [l for l in lines if l["type"] == "summary"][0]
print(f"speed x{speed:g}: {len(attempts)} attempts, delivered={summary['delivered']}")
ok = True
for a in attempts:
    if a["scheduled_wait_s"] is None:
        print(f"  attempt {a['attempt']}: policy +{a['policy_offset_s']:g}s, at once")
        continue
    want, got = a["scheduled_wait_s"], a["waited_s"]
    err = got - want
    budget = 0.02 * want + 0.020
    good = abs(err) <= budget
    ok &= good
    print(f"  attempt {a['attempt']}: policy +{a['policy_offset_s']:g}s, wait {want:.3f}s scheduled, "
          f"{got:.4f}s measured, error {err*1000:+.2f} ms (budget ±{budget*1000:.1f} ms) {'ok' if good else 'OVER'}")
print("result: " + ("all waits within 2% + 20 ms" if ok else "SOME WAIT OVER BUDGET"))
sys.exit(0 if ok else 1)
PY
