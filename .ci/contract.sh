#!/usr/bin/env bash
# Contract test of the simulator against spec/huawei-cec.yaml (schemathesis), and requests
# signed by the independent Python signer. Usage: .ci/contract.sh VENV
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="$1"
cargo build --locked --features cli --bin cec
LOG="$(mktemp)"
./target/debug/cec simulate --port 0 > "$LOG" 2>&1 &
SIM=$!
trap 'kill $SIM 2>/dev/null || true; rm -f "$LOG"' EXIT
URL=""
for _ in $(seq 1 100); do
  URL="$(grep -o 'http://127.0.0.1:[0-9]*' "$LOG" | head -n 1 || true)"
  [ -n "$URL" ] && break
  kill -0 "$SIM" 2>/dev/null || { cat "$LOG"; echo "the simulator exited"; exit 1; }
  sleep 0.1
done
[ -n "$URL" ] || { cat "$LOG"; echo "the simulator did not start"; exit 1; }
echo "simulator at $URL"

echo "--- requests signed by the independent Python signer"
python3 tests/contract/independent_client.py "$URL"

echo "--- schemathesis"
CEC_SIM_URL="$URL" SCHEMATHESIS_HOOKS=hooks PYTHONPATH=tests/contract \
  "$VENV/bin/schemathesis" run spec/huawei-cec.yaml --url "$URL" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --max-examples 200 --seed 1 --no-color

echo "--- the Python client regenerated from the spec (interop/run.sh) against the simulator"
INTEROP_PY="${INTEROP_VENV:-${TMPDIR:-/tmp}/huawei-cec-interop-venv}/bin/python"
[ -d interop/out/python/huawei_cec_client ] || { echo "interop/out/python is missing: run interop/run.sh first"; exit 1; }
PYTHONPATH=interop/out/python "$INTEROP_PY" interop/checks/smoke.py "$URL"
