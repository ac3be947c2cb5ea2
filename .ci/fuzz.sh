#!/usr/bin/env bash
# CI's fuzzing step: every cargo-fuzz target for a bounded time, seeded from the committed
# corpus. A crash fails the step and prints the input (path, size, base64 and hex, and the
# structured input for the arbitrary-based targets) with how to keep it as a regression
# input (fuzz/regressions/TARGET/), which `cargo test` then replays.
#
#   bash .ci/fuzz.sh [SECONDS_PER_TARGET]      (default 25, or $FUZZ_SECONDS)
#
# Installs cargo-fuzz itself (pinned; `cargo install` skips it when that version is there).
# The build goes to a target directory outside the clone ($FUZZ_TARGET_DIR, default under
# ~/.cache), so that a later run on the same machine rebuilds only what changed. Without a
# sanitizer (-s none): the crate has no unsafe code, and a panic is what the checks find;
# fuzz/run.sh builds with AddressSanitizer for a run by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_FUZZ_VERSION=0.13.2
seconds=${1:-${FUZZ_SECONDS:-25}}
export RUSTC_BOOTSTRAP=1
target_dir=${FUZZ_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/huawei-cec-ci/fuzz-target}
flags=(--sanitizer none --debug-assertions --target-dir "$target_dir")

started=$SECONDS
cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --quiet
echo "cargo-fuzz $CARGO_FUZZ_VERSION ready in $((SECONDS - started)) s"

started=$SECONDS
# cargo fuzz has no --locked: check that fuzz/Cargo.lock is current first.
cargo metadata --locked --format-version 1 --manifest-path fuzz/Cargo.toml > /dev/null
targets=$(cargo fuzz list)
cargo fuzz build "${flags[@]}"
echo "fuzz targets built in $((SECONDS - started)) s"

work=$(mktemp -d "${TMPDIR:-/tmp}/huawei-cec-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0
for target in $targets; do
    corpus="$work/corpus/$target"
    artifacts="$work/artifacts/$target/"
    mkdir -p "$corpus" "$artifacts"
    started=$SECONDS
    # The work corpus first: libFuzzer writes new inputs there, never into fuzz/corpus.
    if (cargo fuzz run "${flags[@]}" "$target" "$corpus" "fuzz/corpus/$target" -- \
            -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
            -artifact_prefix="$artifacts" -print_final_stats=1) > "$work/$target.log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$target.log" | grep -o '[0-9]*$' || true)
        echo "fuzz $target: ok, ${runs:-?} inputs in $((SECONDS - started)) s"
        continue
    fi
    failed=1
    echo "fuzz $target: FAILED after $((SECONDS - started)) s:"
    grep -m1 -A2 "panicked at" "$work/$target.log" || true
    echo "libFuzzer's report (without its progress lines and backtraces):"
    grep -v -E '^#[0-9]|^ +[0-9]+: |^ +at |^stack backtrace|^Stack backtrace|^note: Some details|NEW_FUNC' "$work/$target.log" \
        | tail -n 30
    for input in "$artifacts"*; do
        [ -f "$input" ] || continue
        name=$(basename "$input")
        echo
        echo "--- the failing input: $name ($(wc -c < "$input") bytes) ---"
        echo "base64: $(base64 -w0 "$input")"
        od -A x -t x1z -v "$input" | head -n 64
        (cargo fuzz fmt "${flags[@]}" "$target" "$input" 2>/dev/null | tail -n 40) || true
        echo "Keep it as a regression input (replayed by cargo test), then fix the bug:"
        echo "  mkdir -p fuzz/regressions/$target && echo '$(base64 -w0 "$input")' | base64 -d > fuzz/regressions/$target/$name"
    done
done
exit "$failed"
