#!/usr/bin/env bash
# The reviewed public API: `tests/public-api.txt` lists every public item of the library
# (all features), as cargo-public-api renders it from rustdoc's JSON. CI fails when the API
# differs from the listing; a change of the API is reviewed as a diff of the listing.
#
#   bash .ci/public-api.sh          # check (CI)
#   bash .ci/public-api.sh --bless  # rewrite tests/public-api.txt after an API change
#
# rustdoc's JSON output is unstable: RUSTC_BOOTSTRAP=1 lets the stable toolchain write it.
# Its format changes with the toolchain, so cargo-public-api is pinned to the version that
# reads the format of this toolchain (rustc 1.95: format 57, cargo-public-api 0.52.0 with
# its own lock file, which holds rustdoc-types 0.57.3). A newer toolchain needs the
# cargo-public-api version of its format (its README's compatibility matrix).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=0.52.0
TOOLS="${XDG_CACHE_HOME:-$HOME/.cache}/huawei-cec-ci/tools"
BIN="$TOOLS/bin/cargo-public-api"
if ! "$BIN" --version 2>/dev/null | grep -qx "cargo-public-api $VERSION"; then
    echo "installing cargo-public-api $VERSION into $TOOLS"
    cargo install --quiet --locked --root "$TOOLS" "cargo-public-api@$VERSION"
fi

# A target directory of its own: the JSON build's artifacts would otherwise replace those
# of the ordinary build (RUSTC_BOOTSTRAP is part of their fingerprint).
TARGET="target/public-api"
RUSTC_BOOTSTRAP=1 cargo rustdoc --quiet --locked --lib --all-features --target-dir "$TARGET" \
    -- -Z unstable-options --output-format json
NEW="$TARGET/public-api.txt"
"$BIN" --rustdoc-json "$TARGET/doc/huawei_cec.json" --simplified > "$NEW"

LISTING=tests/public-api.txt
if [ "${1:-}" = "--bless" ]; then
    cp "$NEW" "$LISTING"
    echo "wrote $LISTING ($(wc -l < "$LISTING") items): review its diff, then run cargo test --all-features --test public_api"
    exit 0
fi
if ! diff -u "$LISTING" "$NEW"; then
    cat >&2 <<MSG

The public API differs from $LISTING (diff above: - listed, + now).
If the change is meant: bash .ci/public-api.sh --bless, check the CHANGELOG says what
changed (and how to migrate, for a breaking change), and commit the listing with it.
MSG
    exit 1
fi
echo "public API: as listed in $LISTING ($(wc -l < "$LISTING") items)"
