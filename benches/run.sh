#!/usr/bin/env bash
# Every measurement of BENCHMARKS.md, in one run on this machine, then the report.
#   bash benches/run.sh            (about 10 minutes on 2 cores; the build-time part does a
#                                   cold build in a scratch target directory)
# Results: target/bench-results/*.json, target/criterion/; report: BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
RESULTS=target/bench-results
mkdir -p "$RESULTS"

echo "=== 1. signing (criterion)"
cargo bench --locked --bench signing -- --warm-up-time 2 --measurement-time 5

echo "=== 2. decoding 10,000 records (criterion + counting allocator)"
cargo bench --locked --bench decode -- --warm-up-time 2 --measurement-time 8

echo "=== 3, 4. end to end vs the reqwest baseline; the token provider under 1,000 calls"
cargo bench --locked --features simulator --bench e2e

echo "=== load test under faults"
cargo run --locked --release --features simulator --example load_test -- 50000 64

echo "=== 5. build times (scratch target directory)"
SCRATCH="${TMPDIR:-/tmp}/huawei-cec-build-bench"
rm -rf "$SCRATCH"
t0=$(date +%s.%N)
CARGO_TARGET_DIR="$SCRATCH" cargo build --locked --lib
t1=$(date +%s.%N)
CARGO_TARGET_DIR="$SCRATCH" cargo build --locked --lib   # no change: no-op
t2=$(date +%s.%N)
cp spec/huawei-cec.yaml "$SCRATCH/spec.bak"
trap 'cp "$SCRATCH/spec.bak" spec/huawei-cec.yaml' EXIT
# A real edit: a description, so the generated code changes.
sed -i 's/^  title: Huawei Cloud CEC outbound-call reporting interfaces$/& (edited)/' spec/huawei-cec.yaml
CARGO_TARGET_DIR="$SCRATCH" cargo build --locked --lib
t3=$(date +%s.%N)
cp "$SCRATCH/spec.bak" spec/huawei-cec.yaml
trap - EXIT
touch src/lib.rs
t4=$(date +%s.%N)
CARGO_TARGET_DIR="$SCRATCH" cargo build --locked --lib
t5=$(date +%s.%N)
python3 - "$t0" "$t1" "$t2" "$t3" "$t4" "$t5" > "$RESULTS/build.json" <<'PY'
import json, sys
t = [float(x) for x in sys.argv[1:]]
print(json.dumps({"cold_s": t[1] - t[0], "noop_s": t[2] - t[1], "spec_edit_s": t[3] - t[2], "lib_touch_s": t[5] - t[4]}))
PY
rm -rf "$SCRATCH"

echo "=== report"
python3 benches/report.py > BENCHMARKS.md
cat BENCHMARKS.md
