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
# The futures of one call, each way (benches/support): name in the report -> type.
FUTURES = {
    "client: Client::cdr": "{async fn body of huawei_cec::Client::cdr()}",
    "client: Client::call_result_detail": "{async fn body of huawei_cec::Client::call_result_detail()}",
    "client: Client::call_records": "{async fn body of huawei_cec::Client::call_records()}",
    "baseline: baseline_call": "{async fn body of support::baseline_call()}",
    "baseline (typed): baseline_typed_call": "{async fn body of support::baseline_typed_call()}",
    "peer: cms_api::query_cdr_by_call_id": "{async fn body of huawei_cec_client::apis::cms_api::query_cdr_by_call_id()}",
    "peer: isales_api::get_call_result_detail": "{async fn body of huawei_cec_client::apis::isales_api::get_call_result_detail()}",
    "peer: dataprocess_api::query_call_records": "{async fn body of huawei_cec_client::apis::dataprocess_api::query_call_records()}",
    "peer: support::Peer::call (the call above and its request)": "{async fn body of support::Peer::call()}",
}
sizes = {}
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"print-type-size type: `(.*)`: (\d+) bytes", line)
    if m:
        sizes.setdefault(m.group(1), int(m.group(2)))
found = {}
for label, ty in FUTURES.items():
    hits = [v for k, v in sizes.items() if k == ty or k.replace("client::", "") == ty]
    if not hits:
        hits = [v for k, v in sizes.items() if k.startswith(ty[:-3]) and k.endswith("()}")]
    found[label] = max(hits) if hits else None
missing = [k for k, v in found.items() if v is None]
if missing:
    print(f"type_sizes.sh: not found (renamed?): {missing}", file=sys.stderr)
json.dump(found, open(sys.argv[2], "w"), indent=1)
for k, v in found.items():
    print(f"{k}: {v} bytes")
PY
rm -f "$TARGET.txt"
