#!/usr/bin/env bash
# CI's supply-chain step: cargo-deny's offline checks of the dependency graph against
# deny.toml: licences, banned and duplicate crates, sources. The advisory check needs the
# RustSec database from the network; run `cargo deny check advisories` where it can be
# fetched (CONTRIBUTING.md).
#
# Installs cargo-deny itself, pinned (`cargo install` skips it when that version is there;
# the first install builds about 140 crates: several minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_DENY_VERSION=0.20.2
started=$SECONDS
cargo install cargo-deny --version "$CARGO_DENY_VERSION" --locked --quiet
echo "cargo-deny $CARGO_DENY_VERSION ready in $((SECONDS - started)) s"
cargo deny --locked check licenses bans sources
