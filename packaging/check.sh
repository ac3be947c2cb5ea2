#!/usr/bin/env bash
# Installs the packages packaging/build.sh made as a user would, with no Rust toolchain on
# PATH, and runs `cec` from them:
#
#   python  a fresh venv; `pip install` of the wheel by its path; cec --version, cec demo,
#           cec simulate --port 0 in the background, cec doctor and a lookup against it
#   npm     a fresh npm project; `npm install --offline` of the launcher and the platform
#           tarball (no registry consulted); npx --no -- cec --version, demo, doctor; cec
#           simulate through the launcher (node_modules/.bin/cec, which passes signals on);
#           the binary is the wheel's
#
#   bash packaging/check.sh [PACKAGES] [python] [npm]     # PACKAGES default target/packages
#
# Needs python3 and node >= 20.19 with npm; reaches no registry (everything is installed
# from the files).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
# shellcheck source=../interop/steps.sh
source "$ROOT/interop/steps.sh"
# shellcheck source=../interop/packaged-cec.sh
source "$ROOT/interop/packaged-cec.sh"
PACKAGES="${1:-${CARGO_TARGET_DIR:-$ROOT/target}/packages}"
[ $# -gt 0 ] && shift
PACKAGES="$(cd "$PACKAGES" && pwd)"
VERSION="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$ROOT/Cargo.toml" | head -n 1)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/huawei-cec-packaging-check.XXXXXX")"
trap 'stop_simulator; rm -rf "$WORK"' EXIT
export DO_NOT_TRACK=1 NO_UPDATE_NOTIFIER=1 NO_COLOR=1
PATH="$(path_without_rust)"
export PATH
echo "PATH has no Rust toolchain: $(command -v cargo rustc rustup || echo 'cargo, rustc, rustup: not found')"

step() { printf '\n=== packaging check: %s ===\n' "$*"; }

# The demo, the simulator and doctor against it, with this `cec` command (the arguments);
# the simulator runs in the background from $SIMULATOR_CEC when set (the launcher itself:
# npx does not pass a signal on to it).
exercise() {
  local label=$1
  shift
  local simulator=("$@")
  [ -z "${SIMULATOR_CEC:-}" ] || simulator=("$SIMULATOR_CEC")
  step "$label: cec --version, cec demo"
  "$@" --version
  "$@" demo >"$WORK/$label-demo.txt"
  grep -q 'updateReservedCallResult' "$WORK/$label-demo.txt" || { cat "$WORK/$label-demo.txt"; return 1; }
  tail -n 3 "$WORK/$label-demo.txt"
  step "$label: cec simulate --port 0 --signing-profile java-demo; cec doctor and a lookup against it"
  start_simulator "$WORK/$label-simulator.log" "${simulator[@]}" simulate --port 0 --signing-profile java-demo
  [ "$CEC_SIGNING_PROFILE" = java-demo ] || { echo "the export line did not set CEC_SIGNING_PROFILE" >&2; return 1; }
  "$@" doctor --vdn-id 8 >"$WORK/$label-doctor.txt" || { cat "$WORK/$label-doctor.txt"; return 1; }
  grep -i 'java-demo' "$WORK/$label-doctor.txt" | head -n 3
  "$@" call-result-detail --vdn-id 8 --call-id 1644464743-1388 | head -n 5
  stop_simulator
  grep -q 'stopped after' "$WORK/$label-simulator.log" || { cat "$WORK/$label-simulator.log"; return 1; }
  grep 'stopped after' "$WORK/$label-simulator.log"
}

check_python() {
  local wheel
  wheel="$(ls "$PACKAGES"/huawei_cec_cli-"$VERSION"-*.whl)"
  step "python: a fresh venv, pip install $(basename "$wheel")"
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index "$wheel"
  [ -x "$WORK/venv/bin/cec" ] || { echo "the wheel put no cec into the venv" >&2; return 1; }
  exercise python "$WORK/venv/bin/cec"
}

check_npm() {
  local key
  key="$(node -e 'const g = process.report.getReport().header.glibcVersionRuntime;
    console.log(process.platform === "linux" ? `linux-${process.arch}-${g ? "gnu" : "musl"}` : `${process.platform}-${process.arch}`)')"
  step "npm: a fresh project, npm install --offline the launcher and @huawei-cec/cli-$key"
  mkdir -p "$WORK/project/vendor"
  cp "$PACKAGES/huawei-cec-cli-$VERSION.tgz" "$PACKAGES/huawei-cec-cli-$key-$VERSION.tgz" "$WORK/project/vendor/"
  (cd "$WORK/project" && npm init -y >/dev/null &&
    npm install --offline --no-audit --no-fund --loglevel=error --save-dev "./vendor/huawei-cec-cli-$VERSION.tgz" &&
    npm install --offline --no-audit --no-fund --loglevel=error --save-optional "./vendor/huawei-cec-cli-$key-$VERSION.tgz" &&
    rm -rf node_modules && npm ci --offline --no-audit --no-fund --loglevel=error)
  grep -E '"(@huawei-cec/cli[^"]*)": "file:vendor/' "$WORK/project/package.json"
  local npm_binary
  npm_binary="$WORK/project/node_modules/@huawei-cec/cli-$key/bin/cec"
  if [ -x "$WORK/venv/bin/cec" ]; then
    cmp "$npm_binary" "$WORK/venv/bin/cec" && echo "the npm package's cec is byte for byte the wheel's"
  fi
  cd "$WORK/project"
  SIMULATOR_CEC="$WORK/project/node_modules/.bin/cec" exercise npm npx --no -- cec
}

ALL=(python npm)
run_steps "packaging check" check_ "$@"
