#!/usr/bin/env bash
# The size of each call's future, from the compiler (`-Zprint-type-sizes`, nightly): what a
# call in flight or queued holds before anything it allocates. Builds the memory bench (this
# crate, the peer and the baselines) with the flag in a target directory of its own.
#   bash benches/type_sizes.sh OUT.json     (run by benches/run.sh; needs a nightly toolchain)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$1"
TARGET="${TMPDIR:-/tmp}/huawei-cec-type-sizes"
rm -rf "$TARGET"
trap 'rm -rf "$TARGET"' EXIT
RUSTFLAGS="-Zprint-type-sizes" CARGO_TARGET_DIR="$TARGET" \
    cargo +nightly build --locked --release --features simulator --bench memory > "$TARGET.txt" 2>/dev/null ||
    { echo "type_sizes.sh: the nightly build failed" >&2; exit 1; }
python3 - "$TARGET.txt" "$OUT" <<'PY'
import json, re, sys
# The futures of one call, each way (benches/support): name in the report -> the end of the
# future's type name (`{async fn body of <path>()}`; the path's start depends on the crate).
FUTURES = {
    "client: Client::cdr": "Client::cdr",
    "client: Client::call_result_detail": "Client::call_result_detail",
    "client: Client::call_records": "Client::call_records",
    "baseline: support::baseline_call": "support::baseline_call",
    "baseline (typed): support::baseline_typed_call": "support::baseline_typed_call",
    "peer: cms_api::query_cdr_by_call_id": "cms_api::query_cdr_by_call_id",
    "peer: isales_api::get_call_result_detail": "isales_api::get_call_result_detail",
    "peer: dataprocess_api::query_call_records": "dataprocess_api::query_call_records",
    "peer: support::Peer::call (one of the three above, its request and middleware's)": "Peer::call",
}
sizes = {}
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"print-type-size type: `\{async fn body of (.*)\(\)\}`: (\d+) bytes", line)
    if m:
        sizes[m.group(1)] = max(sizes.get(m.group(1), 0), int(m.group(2)))
found = {}
for label, path in FUTURES.items():
    hits = [v for k, v in sizes.items() if k == path or k.endswith("::" + path)]
    found[label] = max(hits) if hits else None
missing = [k for k, v in found.items() if v is None]
if missing:
    print(f"type_sizes.sh: not found (renamed?): {missing}", file=sys.stderr)
json.dump(found, open(sys.argv[2], "w"), indent=1)
for k, v in found.items():
    print(f"{k}: {v} bytes")
PY
rm -f "$TARGET.txt"
