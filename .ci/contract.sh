#!/usr/bin/env bash
# Contract test of the simulator against spec/huawei-cec.yaml (schemathesis), requests signed
# by the independent Python signer, and the smoke tests of clients generated in other
# languages (interop/smoke.sh, after interop/run.sh), against the simulator and once against a
# replayed cassette. The one place CI starts the simulator.
# Usage: .ci/contract.sh VENV
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="$1"
cargo build --locked --features cli --bin cec
SIMS=()
LOGS=()
trap 'kill "${SIMS[@]}" 2>/dev/null || true; rm -f "${LOGS[@]}"' EXIT
# Starts `cec simulate --port 0 ARGS...` and sets URL to its address.
start_simulator() {
  local log
  log="$(mktemp)"
  LOGS+=("$log")
  ./target/debug/cec simulate --port 0 "$@" > "$log" 2>&1 &
  local pid=$!
  SIMS+=("$pid")
  URL=""
  for _ in $(seq 1 100); do
    URL="$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -n 1 || true)"
    [ -n "$URL" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "the simulator exited"; exit 1; }
    sleep 0.1
  done
  [ -n "$URL" ] || { cat "$log"; echo "the simulator did not start"; exit 1; }
  echo "simulator ($*) at $URL"
}
start_simulator

echo "--- requests signed by the independent Python signer"
python3 tests/contract/independent_client.py "$URL"

echo "--- schemathesis"
CEC_SIM_URL="$URL" SCHEMATHESIS_HOOKS=hooks PYTHONPATH=tests/contract \
  "$VENV/bin/schemathesis" run spec/huawei-cec.yaml --url "$URL" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --max-examples 200 --seed 1 --no-color

echo "--- clients regenerated from the spec, with the signing helpers, against the simulator"
# Python, TypeScript and Java, as docs/other-languages.md shows them; needs the tools
# interop/run.sh installs and the packages of packaging/build.sh: each step starts `cec simulate`
# from the packages it installs (no Rust on PATH), accepting only CEC_SIGNING_PROFILE (default
# documented), and tests the retry layer against its faults.
bash interop/smoke.sh docs python ts java

echo "--- the Python and TypeScript clients against a replayed cassette (cec simulate --replay from the packages)"
# tests/fixtures/cassettes/smoke.cassette holds the replies to the smoke tests' requests
# (kept up to date by tests/cassettes/fixture.rs); the replay still checks signatures and
# tokens, and answers a request that matches no recording with HTTP 501.
SMOKE_REPLAY=tests/fixtures/cassettes/smoke.cassette bash interop/smoke.sh python ts

echo "--- the same clients signing with the java-demo profile, against simulators that accept only it"
CEC_SIGNING_PROFILE=java-demo bash interop/smoke.sh python ts java
