#!/usr/bin/env bash
# Benchmark for `ocw test`: the whole battery's wall time against receivers that
# answer at once, with one plain `ocw send` measured in the same run as the unit.
#
#   (a) `ocw test URL` against `ocw listen --secret S --reject-invalid` (a correct receiver:
#       every case passes), for the ocw scheme and for stripe (the most cases);
#   (b) `ocw test URL` against the bare server (benches/bare_server.rs: 200 to everything, so
#       the rejection cases fail, but nothing waits);
#   (c) `ocw send lead.qualified --to URL` against the same listener: one process, one delivery.
# Each is run ROUNDS times; the medians and the ratio test/send are printed.
# Goal: the battery well under 2 s. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-5}
cargo build --release --locked --quiet --bin ocw --example bare-server
target=${CARGO_TARGET_DIR:-target}
OCW=${OCW_BIN:-$target/release/ocw}
BARE=$target/release/examples/bare-server

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

wait_for() {
  for _ in $(seq 200); do [ -s "$1" ] && return 0; sleep 0.05; done
  echo "timed out waiting for $1" >&2
  return 1
}

export OCW_SECRET=bench-secret

"$OCW" listen 127.0.0.1:0 --secret "$OCW_SECRET" --reject-invalid -qq --ready-file "$work/ready" \
  >/dev/null 2>"$work/listen.err" &
pids+=($!)
wait_for "$work/ready"
listen_url="$(tr -d '\n' <"$work/ready")/webhooks"

"$BARE" 127.0.0.1:0 >"$work/bare.out" &
pids+=($!)
wait_for "$work/bare.out"
for _ in $(seq 100); do grep -q listening "$work/bare.out" && break; sleep 0.05; done
bare_url="$(sed -n 's/^listening on //p' "$work/bare.out")/webhooks"

# Wall time of one command in milliseconds; its exit code must be one of the allowed ones.
time_ms() {
  local allowed=$1; shift
  local start end code=0
  start=$(date +%s%N)
  "$@" >"$work/out" 2>"$work/err" || code=$?
  end=$(date +%s%N)
  if [[ " $allowed " != *" $code "* ]]; then
    echo "unexpected exit $code from: $*" >&2
    cat "$work/out" "$work/err" >&2
    exit 1
  fi
  echo $(((end - start) / 1000000))
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

t_ocw=(); t_stripe=(); t_bare=(); t_send=()
for _ in $(seq "$ROUNDS"); do
  t_ocw+=("$(time_ms 0 "$OCW" test "$listen_url")")
  t_stripe+=("$(time_ms 0 "$OCW" test "$listen_url" --scheme stripe)")
  t_bare+=("$(time_ms 1 "$OCW" test "$bare_url")")
  t_send+=("$(time_ms 0 "$OCW" send lead.qualified --to "$listen_url")")
done
cases_ocw=$("$OCW" test --list 2>/dev/null | wc -l)
cases_stripe=$("$OCW" test --list --scheme stripe 2>/dev/null | wc -l)
m_ocw=$(median "${t_ocw[@]}"); m_stripe=$(median "${t_stripe[@]}")
m_bare=$(median "${t_bare[@]}"); m_send=$(median "${t_send[@]}")
echo "medians of $ROUNDS runs (wall time of the whole process):"
echo "ocw test vs ocw listen --reject-invalid, ocw scheme ($cases_ocw cases): ${m_ocw} ms"
echo "ocw test vs ocw listen --reject-invalid, stripe ($cases_stripe cases):   ${m_stripe} ms"
echo "ocw test vs bare server (answers 200 at once):          ${m_bare} ms"
echo "one ocw send lead.qualified (same listener):            ${m_send} ms"
python3 -c "
o, s = $m_ocw, max($m_send, 1)
print(f'ratio test/send: {o / s:.1f} (the battery costs {o / s:.1f} plain sends)')
print('goal (battery < 2000 ms): ' + ('ok' if max(o, $m_stripe, $m_bare) < 2000 else 'MISSED'))
"
