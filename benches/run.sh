#!/usr/bin/env bash
# Every measurement of BENCHMARKS.md, in one run on this machine, then the report.
#   bash benches/run.sh            (about 80 minutes on 2 cores; the build-time parts do cold
#                                   builds in scratch target directories)
# Wall-clock figures need a quiet machine: the load average is sampled through the run and
# reported. Instructions and allocations per call (section 3) do not depend on the load.
# Needs valgrind (callgrind) and callgrind_annotate, a nightly toolchain (-Zprint-type-sizes)
# and the crates.io registry (the cold builds fetch their consumers' dependencies).
# Results: target/bench-results/*.json, target/criterion/; report: BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
RESULTS=target/bench-results
mkdir -p "$RESULTS"
# The commit measured ("-dirty" when the working tree has changes; the TLS build section
# measures the commit itself).
git describe --always --dirty > "$RESULTS/commit"
date +%s > "$RESULTS/started"
# Results of an earlier run are not reported as this one's.
rm -f "$RESULTS"/{e2e,decode,load,build,tls_build,overhead,memory,batch,cold_build,type_sizes}.json "$RESULTS/finished"

# Build everything measured first, so that no compiler runs during the measurements.
cargo bench --locked --bench signing --bench decode --no-run
cargo bench --locked --features simulator --bench e2e --bench overhead --bench memory --no-run
cargo bench --locked --features cli --bench batch --no-run
cargo build --locked --release --features simulator --example load_test

# The load average, every 5 s, with the section running: "epoch section load1 load5 load15".
: > "$RESULTS/loadavg.txt"
echo idle > "$RESULTS/section"
sample_load() {
    while :; do
        echo "$(date +%s) $(cat "$RESULTS/section") $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS/loadavg.txt"
        sleep 5
    done
}
sample_load &
SAMPLER=$!
SCRATCH="${TMPDIR:-/tmp}/huawei-cec-build-bench"
cleanup() {
    kill $SAMPLER 2>/dev/null || true
    if [ -f "$SCRATCH/spec.bak" ]; then cp "$SCRATCH/spec.bak" spec/huawei-cec.yaml; fi
}
trap cleanup EXIT
section() { echo "$1" > "$RESULTS/section"; echo "=== $1"; }
load1() { cut -d' ' -f1 /proc/loadavg; }

# Wait (at most QUIET_WAIT_S, default 15 minutes) until the 1-minute load average has stayed
# below QUIET_LOAD (default 0.5) for a minute: the builds above, or another user of the
# machine, would otherwise be measured too. The report says how long it took, or that the
# machine never got quiet.
section "waiting for a quiet machine"
QUIET_LOAD="${QUIET_LOAD:-0.5}"
QUIET_WAIT_S="${QUIET_WAIT_S:-900}"
waited=0
quiet=0
while [ "$waited" -lt "$QUIET_WAIT_S" ] && [ "$quiet" -lt 6 ]; do
    if awk -v l="$(load1)" -v q="$QUIET_LOAD" 'BEGIN { exit !(l < q) }'; then
        quiet=$((quiet + 1))
    else
        quiet=0
    fi
    sleep 10
    waited=$((waited + 10))
done
echo "{\"waited_s\": $waited, \"quiet\": $([ "$quiet" -ge 6 ] && echo true || echo false), \"threshold\": $QUIET_LOAD}" > "$RESULTS/quiet.json"

section "before"
sleep 10

section "1. signing (criterion)"
cargo bench --locked --bench signing -- --warm-up-time 2 --measurement-time 5

section "decoding 10,000 records (criterion + counting allocator)"
cargo bench --locked --bench decode -- --warm-up-time 2 --measurement-time 8

section "2. end to end vs the reqwest baseline; the token provider under 1,000 calls"
cargo bench --locked --features simulator --bench e2e

section "load test under faults"
cargo run --locked --release --features simulator --example load_test -- 50000 64

section "memory at scale: 10,000 calls at once"
cargo bench --locked --features simulator --bench memory

section "batch lookups at scale: cec --call-ids-from, 100,000 IDs"
cargo bench --locked --features cli --bench batch

section "after"
sleep 10

section "3. instructions and allocations per call (callgrind, counting allocator)"
python3 benches/overhead.py

section "build times (scratch target directory)"
rm -rf "$SCRATCH"
t0=$(date +%s.%N)
CARGO_TARGET_DIR="$SCRATCH" cargo build --locked --lib
t1=$(date +%s.%N)
CARGO_TARGET_DIR="$SCRATCH" cargo build --locked --lib   # no change: no-op
t2=$(date +%s.%N)
cp spec/huawei-cec.yaml "$SCRATCH/spec.bak"
# A real edit: a description, so the generated code changes.
sed -i 's/^  title: Huawei Cloud CEC outbound-call reporting interfaces$/& (edited)/' spec/huawei-cec.yaml
CARGO_TARGET_DIR="$SCRATCH" cargo build --locked --lib
t3=$(date +%s.%N)
cp "$SCRATCH/spec.bak" spec/huawei-cec.yaml
rm "$SCRATCH/spec.bak"
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

section "TLS crypto provider: a consumer's cold build with aws-lc-rs and with ring"
bash benches/tls_build.sh "$RESULTS/tls_build.json"

section "a consumer's cold build: the crate, the peer, the floor (cargo build --timings)"
bash benches/cold_build.sh "$RESULTS/cold_build.json"

section "the futures' sizes (nightly -Zprint-type-sizes)"
bash benches/type_sizes.sh "$RESULTS/type_sizes.json"

cleanup
trap - EXIT

echo "$(date +%s)" > "$RESULTS/finished"
echo "=== report"
python3 benches/report.py > BENCHMARKS.md
cat BENCHMARKS.md
