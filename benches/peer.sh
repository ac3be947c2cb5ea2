#!/usr/bin/env bash
# The peer of the benches: the Rust client openapi-generator makes from spec/huawei-cec.yaml,
# what a Rust user would otherwise pick. It is committed in benches/peer/ (never edited), so
# that the benches build on a machine without Java; this script regenerates it, and CI checks
# that the committed copy is what the pinned generator makes from the committed spec.
#
#   bash benches/peer.sh            # regenerate benches/peer/ (then commit it)
#   bash benches/peer.sh --check    # CI: fail when benches/peer/ is not current
#
# The generator: openapi-generator-cli from PyPI at the version interop/requirements.txt
# pins (it runs the jar it bundles on the local java, 11 or later), in the venv interop/run.sh
# installs ($INTEROP_VENV, default ${TMPDIR:-/tmp}/huawei-cec-interop-venv); installed there
# when missing. Options: the `reqwest` library (the generator's default) with
# `supportMiddleware`, the generator's way to add a request step such as a signature (the
# benches sign auth-v2 in a reqwest-middleware middleware), and no default reqwest features
# (the consumer picks its TLS: the benches use the crate's rustls).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PEER="benches/peer"
VENV="${INTEROP_VENV:-${TMPDIR:-/tmp}/huawei-cec-interop-venv}"
CLI="$VENV/bin/openapi-generator-cli"
command -v java >/dev/null || { echo "peer.sh needs java (11 or later) on PATH" >&2; exit 1; }
if [ ! -x "$CLI" ]; then
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        "$(grep '^openapi-generator-cli==' interop/requirements.txt)" -c interop/constraints.txt
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/huawei-cec-peer.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
DO_NOT_TRACK=1 "$CLI" generate --input-spec "$ROOT/spec/huawei-cec.yaml" --generator-name rust \
    --output "$WORK/out" \
    --additional-properties=packageName=huawei_cec_client,packageVersion=1.0.0,supportMiddleware=true,reqwestDefaultFeatures= \
    > "$WORK/log" 2>&1 || { cat "$WORK/log" >&2; echo "peer.sh: openapi-generator failed" >&2; exit 1; }
# What the benches build: the manifest and the code (not the generator's docs, git and CI files).
mkdir -p "$WORK/peer"
cp -r "$WORK/out/Cargo.toml" "$WORK/out/src" "$WORK/peer/"
cp "$WORK/out/.openapi-generator/VERSION" "$WORK/peer/GENERATOR_VERSION"

if [ "${1:-}" = "--check" ]; then
    if diff -r "$WORK/peer" "$PEER" > "$WORK/diff"; then
        echo "peer.sh: $PEER is what openapi-generator $(cat "$WORK/peer/GENERATOR_VERSION") makes from the spec"
    else
        head -n 40 "$WORK/diff" >&2
        echo "peer.sh: $PEER is not current: run bash benches/peer.sh and commit the result" >&2
        exit 1
    fi
else
    rm -rf "$PEER"
    cp -r "$WORK/peer" "$PEER"
    echo "peer.sh: $PEER regenerated ($(find "$PEER" -name '*.rs' | wc -l) Rust files)"
fi
