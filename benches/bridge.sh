#!/usr/bin/env bash
# Benchmark `ocw bridge run` against the in-process fake Gateway (instant answers):
# messages/s for 1 and 100 concurrent sessions, the latency the bridge adds per message
# (p50/p99, compared with a client talking to the fake Gateway directly in the same run),
# and the bridge's peak RSS after 10,000 sessions.
#
#   benches/bridge.sh [MESSAGES] [SESSIONS_FOR_RSS]      (defaults 20000 and 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin ocw --example bridge-bench
exec target/release/examples/bridge-bench target/release/ocw "${1:-20000}" "${2:-10000}"
