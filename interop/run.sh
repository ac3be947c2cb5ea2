#!/usr/bin/env bash
# Installs the pinned interop tools, then lints the OpenAPI document (lint.sh) and
# generates and checks clients from it (generate.sh). Works from a clean clone: it needs
# node >= 20.19 with npm, python3 >= 3.10, java >= 11 and cargo on PATH, and the npm,
# PyPI and crates.io registries; nothing is downloaded from anywhere else.
#
#   interop/run.sh                       # everything, for spec/huawei-cec.yaml
#   SPEC=/path/to/copy.yaml interop/run.sh
#
# The npm tools go to interop/node_modules (npm ci from package-lock.json), the Python
# tools to a venv at $INTEROP_VENV (default ${TMPDIR:-/tmp}/huawei-cec-interop-venv),
# pinned by requirements.txt and constraints.txt. signers/check.sh installs the signing
# helpers with their own pins (signers/requirements.txt, signers/ts/package-lock.json). The Java
# steps take the JDK 17 and their jars from Debian's packages (java/ensure-packages.sh installs
# what is missing), and the Java helper's tests build `cec` with cargo.
# The smoke tests (smoke.sh, against `cec simulate` from the packages of packaging/build.sh) use
# these tools; CI runs them from .ci/contract.sh.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export INTEROP_VENV="${INTEROP_VENV:-${TMPDIR:-/tmp}/huawei-cec-interop-venv}"
# No telemetry or update checks from the npm tools (see README.md, "Network").
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true SCARF_ANALYTICS=false
export DO_NOT_TRACK=1 NO_UPDATE_NOTIFIER=1

step() { printf '\n=== interop: %s ===\n' "$*"; }
started=$SECONDS

step "prerequisites"
for cmd in node npm python3 java cargo; do
  command -v "$cmd" >/dev/null || { echo "interop/run.sh needs $cmd on PATH" >&2; exit 1; }
done
echo "node $(node --version), npm $(npm --version 2>/dev/null), $(python3 --version)," \
  "$(java -version 2>&1 | head -n1), $(cargo --version)"

step "npm ci (interop/node_modules, from package-lock.json)"
# --ignore-scripts: the only install script in the tree is @scarf/scarf's, a usage report
# that phones home; none of the tools needs a script to work.
lock_sum="$(sha256sum "$HERE/package-lock.json" | cut -d' ' -f1)"
if [ -f "$HERE/node_modules/.interop-lock-sha256" ] &&
  [ "$(cat "$HERE/node_modules/.interop-lock-sha256")" = "$lock_sum" ]; then
  echo "node_modules already matches package-lock.json"
else
  (cd "$HERE" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" >"$HERE/node_modules/.interop-lock-sha256"
fi

step "pip install (venv $INTEROP_VENV, from requirements.txt + constraints.txt)"
[ -x "$INTEROP_VENV/bin/python" ] || python3 -m venv "$INTEROP_VENV"
"$INTEROP_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
  -r "$HERE/requirements.txt" -c "$HERE/constraints.txt"

failed=()
step "lint.sh"
"$HERE/lint.sh" || failed+=(lint.sh)
step "generate.sh"
"$HERE/generate.sh" || failed+=(generate.sh)
# After generate.sh: check.sh also type-checks the helpers against the generated clients.
step "signers/check.sh (the Python, TypeScript and Java signing helpers)"
"$HERE/signers/check.sh" || failed+=(signers/check.sh)

if [ ${#failed[@]} -gt 0 ]; then
  printf '\ninterop: FAILED: %s (%ss)\n' "${failed[*]}" $((SECONDS - started))
  exit 1
fi
printf '\ninterop: all passed (%ss)\n' $((SECONDS - started))
