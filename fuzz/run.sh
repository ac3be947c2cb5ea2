#!/usr/bin/env bash
# Runs one fuzz target for a bounded time.
#
#   fuzz/run.sh TARGET SECONDS [libFuzzer options...]
#
# TARGET is decode_responses, decode_json, signer, token_reply or cassette. The committed seeds in
# fuzz/corpus/TARGET are read but never written: what libFuzzer finds goes to the work
# corpus fuzz/target/corpus/TARGET (ignored by git, kept between runs), and a crashing input
# to fuzz/artifacts/TARGET/. Exits non-zero when the target crashed.
#
# cargo-fuzz needs nightly compiler flags (-Zsanitizer=address, sanitizer-coverage);
# RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them. See fuzz/README.md.
set -euo pipefail

if [[ $# -lt 2 ]]; then
    echo "usage: $0 TARGET SECONDS [libFuzzer options...]" >&2
    exit 2
fi
target=$1
seconds=$2
shift 2

cd "$(dirname "$0")/.."
if [[ ! -d "fuzz/corpus/$target" ]]; then
    echo "unknown target $target (no fuzz/corpus/$target)" >&2
    exit 2
fi
work="fuzz/target/corpus/$target"
mkdir -p "$work"

export RUSTC_BOOTSTRAP=1
exec cargo fuzz run "$target" "$work" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" \
    -timeout=10 \
    -print_final_stats=1 \
    "$@"
