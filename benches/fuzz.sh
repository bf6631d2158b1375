#!/usr/bin/env bash
# Run every fuzz target (fuzz/, cargo-fuzz with libFuzzer, on the stable toolchain: `-s none`,
# no sanitizer, which would need nightly) for SECONDS_PER seconds each (default 600), one at a
# time, and print per target: executions per second, total executions, coverage (libFuzzer's
# `cov` and `ft`) and the corpus (the committed seeds -> the inputs the run kept). The run works
# in fuzz/target/run/<target>/: the committed seeds in fuzz/corpus/ are only read. A crash or a
# broken property stops the script, with the input saved under fuzz/artifacts/: once fixed,
# copy it into fuzz/corpus/<target>/, where tests/it/fuzz_corpus.rs keeps it as a regression.
#   benches/fuzz.sh                 # 10 minutes per target
#   SECONDS_PER=60 benches/fuzz.sh signature js_serializer
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
SECONDS_PER=${SECONDS_PER:-600}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo fuzz list)
cargo fuzz build -s none >/dev/null 2>&1 || cargo fuzz build -s none
log=$(mktemp -d)
printf '%-16s %12s %14s %8s %8s %14s\n' target exec/s executions cov ft corpus
for t in "${targets[@]}"; do
  before=$(ls "corpus/$t" | wc -l)
  mkdir -p "target/run/$t"
  status=0
  cargo fuzz run -s none "$t" "target/run/$t" "corpus/$t" -- -max_total_time="$SECONDS_PER" \
    -print_final_stats=1 >"$log/$t.txt" 2>&1 || status=$?
  # The last status line (`#N ... cov: C ft: F ...`) and libFuzzer's final stats.
  done_line=$(grep -E '^#[0-9]+.* cov: ' "$log/$t.txt" | tail -1 || true)
  execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log/$t.txt")
  rate=$(awk '/stat::average_exec_per_sec/ {print $2}' "$log/$t.txt")
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$done_line")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$done_line")
  after=$(ls "target/run/$t" | wc -l)
  printf '%-16s %12s %14s %8s %8s %14s\n' "$t" "${rate:-?}" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$before -> $after"
  if [ "$status" != 0 ]; then
    echo "$t: the fuzzer stopped with status $status (a crash or a broken property):" >&2
    tail -30 "$log/$t.txt" >&2
    exit 1
  fi
done
