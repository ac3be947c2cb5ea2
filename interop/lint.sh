#!/usr/bin/env bash
# Lints the OpenAPI document with three independent tools. Any error or warning fails
# (all three run; the script fails at the end if any found something).
#
#   interop/lint.sh                 # lints ../spec/huawei-cec.yaml
#   SPEC=/path/to/copy.yaml interop/lint.sh
#
# Needs the pinned tools installed by run.sh: npm packages in interop/node_modules and
# the Python venv at $INTEROP_VENV (default ${TMPDIR:-/tmp}/huawei-cec-interop-venv).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SPEC="$(realpath "${SPEC:-$HERE/../spec/huawei-cec.yaml}")"
VENV="${INTEROP_VENV:-${TMPDIR:-/tmp}/huawei-cec-interop-venv}"
NODE_BIN="$HERE/node_modules/.bin"

# No telemetry, update checks or usage reports from the npm tools.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true SCARF_ANALYTICS=false
export DO_NOT_TRACK=1

step() { printf '\n=== lint: %s ===\n' "$*"; }

for tool in "$NODE_BIN/redocly" "$NODE_BIN/spectral" "$VENV/bin/openapi-spec-validator"; do
  [ -x "$tool" ] || { echo "missing $tool: run interop/run.sh (it installs the pinned tools)" >&2; exit 1; }
done

cd "$HERE"
echo "spec: $SPEC"
failed=()

step "redocly lint (redocly.yaml: recommended-strict, so a warning fails too)"
"$NODE_BIN/redocly" lint --config "$HERE/redocly.yaml" --format=stylish "$SPEC" || failed+=(redocly)

step "spectral lint (.spectral.yaml: spectral:oas; any finding fails, hints included)"
"$NODE_BIN/spectral" lint --ruleset "$HERE/.spectral.yaml" --fail-severity=hint "$SPEC" ||
  failed+=(spectral)

step "openapi-spec-validator"
"$VENV/bin/openapi-spec-validator" "$SPEC" || failed+=(openapi-spec-validator)

if [ ${#failed[@]} -gt 0 ]; then
  printf '\nlint: FAILED: %s\n' "${failed[*]}"
  exit 1
fi
printf '\nlint: all clean\n'
