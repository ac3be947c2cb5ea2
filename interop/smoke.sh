#!/usr/bin/env bash
# Smoke tests: clients generated from the OpenAPI document, with the signing helpers and
# `cec` installed from the built packages the way a user installs them (packaging/build.sh
# makes them), call the simulator: all five operations and the token interface, a business
# failure (HTTP 200, resultCode 0200007) and a data-process 400, each decoded into the
# generated type of its reply; then the retry layers against the simulator's faults. They
# follow docs/other-languages.md, whose examples are the quickstart files these tests run.
#
#   interop/smoke.sh [docs] [python] [ts] [java]      # default: all four
#
# The python, ts and java steps start their own simulator from the package they installed
# (the wheel in their venv, the npm launcher in their project), on a free port, accepting
# only the signing profile CEC_SIGNING_PROFILE (default `documented`), with no Rust toolchain
# on PATH, and set CEC_ISALES_URL, CEC_CMS_URL and CEC_APIACCESS_URL (the same address: one
# base URL per host, as a user must) from the `export` line it prints. Credentials are the
# simulator's demo ones. SMOKE_REPLAY=FILE makes that simulator replay the cassette FILE
# (`cec simulate --replay FILE`: the recorded replies, signatures and tokens still checked)
# and skips the faults tests, which need the simulator's own data.
#
#   docs    the examples of docs/other-languages.md are byte for byte the quickstart files,
#           and the versions its commands install are the pinned ones (checks/doc_snippets.py)
#   python  openapi-python-client (the interop venv's) generates the client; a throwaway venv
#           gets the pins of smoke/requirements.txt, then `pip install` of the generated
#           client, the huawei-cec-auth wheel ([httpx]) and the huawei-cec-cli wheel (cec);
#           mypy --strict; smoke/python/smoke.py against `cec simulate` from the venv;
#           smoke/python/faults.py (the retry layer against simulators with faults)
#   ts      openapi-typescript and openapi-generator typescript-fetch generate into
#           out/smoke-ts, a user's project; the @huawei-cec/auth, @huawei-cec/cli and
#           @huawei-cec/cli-<platform> tarballs are installed there (offline); tsc --strict;
#           against `cec simulate` from the launcher, node runs smoke/ts/src/smoke.ts
#           (openapi-fetch) and smoke/ts/src/smoke-typescript-fetch.ts; then src/faults.ts
#   java    in a user's folder, as the guide sets it up: vendor/ with the huawei-cec-auth jar,
#           a venv with the huawei-cec-cli wheel (cec) and openapi-generator-cli; against `cec
#           simulate` from the venv, smoke/java/quickstart.sh as the guide shows it (the Java
#           client generated, Debian's Jackson jars, javac, Quickstart run), then
#           smoke/java/Smoke.java against the same classes; then smoke/java/Faults.java (the
#           retry layer against simulators with faults)
#
# Needs what run.sh installs (the venv at $INTEROP_VENV, interop/node_modules), the packages
# of packaging/build.sh in HUAWEI_CEC_PACKAGES (default target/packages), java 11+,
# python3 >= 3.10, node >= 20.19 with npm; reaches only PyPI (the smoke venv's pins).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=steps.sh
source "$HERE/steps.sh"
# shellcheck source=packaged-cec.sh
source "$HERE/packaged-cec.sh"
SPEC="$(realpath "$HERE/../spec/huawei-cec.yaml")"
PACKAGES="$(realpath "${HUAWEI_CEC_PACKAGES:-${CARGO_TARGET_DIR:-$HERE/../target}/packages}")"
VERSION="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$HERE/../Cargo.toml" | head -n 1)"
JAVA_HELPER_VERSION="$(sed -n 's/^VERSION=//p' "$HERE/signers/java/build.sh")"
VENV="${INTEROP_VENV:-${TMPDIR:-/tmp}/huawei-cec-interop-venv}"
NODE_BIN="$HERE/node_modules/.bin"
# Under interop/ so that node and tsc find openapi-fetch, typescript and @types/node in
# interop/node_modules, as they would in a user's node_modules.
TS_DIR="$HERE/out/smoke-ts"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/huawei-cec-smoke.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
export DO_NOT_TRACK=1 NO_UPDATE_NOTIFIER=1

export CEC_AK="${CEC_AK:-demo-ak}" CEC_SK="${CEC_SK:-demo-sk}"
export CEC_APP_KEY="${CEC_APP_KEY:-demo-app-key}" CEC_APP_SECRET="${CEC_APP_SECRET:-demo-app-secret}"
export CEC_SIGNING_PROFILE="${CEC_SIGNING_PROFILE:-documented}"

step() { printf '\n=== smoke: %s ===\n' "$*"; }
REPLAY_ARGS=()
if [ -n "${SMOKE_REPLAY:-}" ]; then
  REPLAY_ARGS=(--replay "$(realpath "$SMOKE_REPLAY")")
fi

for tool in "$VENV/bin/openapi-python-client" "$VENV/bin/mypy" "$VENV/bin/openapi-generator-cli" \
  "$NODE_BIN/openapi-typescript" "$NODE_BIN/tsc"; do
  [ -x "$tool" ] || { echo "missing $tool: run interop/run.sh (it installs the pinned tools)" >&2; exit 1; }
done
package() {
  local found
  found="$(ls "$PACKAGES"/$1 2>/dev/null | head -n 1)"
  [ -n "$found" ] || { echo "missing $PACKAGES/$1: run packaging/build.sh" >&2; return 1; }
  echo "$found"
}

smoke_docs() {
  step "docs: docs/other-languages.md shows the quickstart files and the pinned versions"
  python3 "$HERE/checks/doc_snippets.py" "$HERE/../docs/other-languages.md" \
    "$HERE/smoke/python/quickstart.py" "$HERE/smoke/ts/src/quickstart.ts" \
    "$HERE/smoke/ts/src/quickstart-typescript-fetch.ts" "$HERE/smoke/ts/tsconfig.json" \
    "$HERE/smoke/java/quickstart.sh" "$HERE/smoke/java/Quickstart.java"
}

smoke_python() {
  step "python: generate the client (openapi-python-client)"
  # The venv's bin first: the generator formats its output with the venv's ruff.
  PATH="$VENV/bin:$PATH" openapi-python-client generate --path "$SPEC" \
    --config "$HERE/openapi-python-client.yaml" --output-path "$WORK/huawei-cec-client-py" --fail-on-warning
  local auth_wheel cli_wheel
  auth_wheel="$(package "huawei_cec_auth-$VERSION-py3-none-any.whl")"
  cli_wheel="$(package "huawei_cec_cli-$VERSION-*.whl")"
  step "python: a throwaway venv, pip install the generated client, $(basename "$auth_wheel")[httpx], $(basename "$cli_wheel")"
  python3 -m venv "$WORK/venv"
  local py="$WORK/venv/bin/python"
  "$py" -m pip install --quiet --disable-pip-version-check -r "$HERE/smoke/requirements.txt"
  "$py" -m pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps \
    "$WORK/huawei-cec-client-py" "$auth_wheel[httpx]" "$cli_wheel"
  "$py" -m pip check
  (cd "$WORK" && "$py" -c 'import huawei_cec_auth, huawei_cec_client
for m in (huawei_cec_auth, huawei_cec_client): print("installed:", m.__name__, m.__file__)') |
    tee "$WORK/installed.txt"
  if grep -v "$WORK/venv/" "$WORK/installed.txt"; then
    echo "a package was imported from outside the venv" >&2
    return 1
  fi
  step "python: mypy --strict (the quickstart, the smoke test and the faults test, against the installed packages)"
  "$VENV/bin/mypy" --strict --python-executable "$py" --cache-dir "$WORK/mypy-cache" \
    "$HERE/smoke/python/quickstart.py" "$HERE/smoke/python/smoke.py" "$HERE/smoke/python/faults.py"
  PATH="$(path_without_rust)"
  trap stop_simulator EXIT
  step "python: cec simulate from the venv (no Rust on PATH), accepting only $CEC_SIGNING_PROFILE"
  start_simulator "$WORK/python-simulator.log" "$WORK/venv/bin/cec" simulate --port 0 \
    --signing-profile "$CEC_SIGNING_PROFILE" "${REPLAY_ARGS[@]}"
  step "python: smoke/python/smoke.py against $SIM_URL"
  (cd "$WORK" && "$py" "$HERE/smoke/python/smoke.py")
  stop_simulator
  [ -z "${SMOKE_REPLAY:-}" ] || return 0
  step "python: smoke/python/faults.py (the retry layer against simulators with faults)"
  (cd "$WORK" && "$py" "$HERE/smoke/python/faults.py" "$WORK/venv/bin/cec")
}

smoke_ts() {
  step "ts: generate the types (openapi-typescript) and the client (typescript-fetch) into out/smoke-ts"
  rm -rf "$TS_DIR" && mkdir -p "$TS_DIR"
  cp -R "$HERE/smoke/ts/package.json" "$HERE/smoke/ts/tsconfig.json" "$HERE/smoke/ts/src" "$TS_DIR/"
  (cd "$TS_DIR" && "$NODE_BIN/openapi-typescript" "$SPEC" --output src/huawei-cec.d.ts)
  local log="$WORK/openapi-generator.log"
  # The sources only (no package.json of their own, which would make them a CommonJS
  # package), with the .js import extensions an ES module project needs.
  if ! "$VENV/bin/openapi-generator-cli" generate -g typescript-fetch -i "$SPEC" -o "$TS_DIR/src/huawei-cec-client" \
    --global-property apis,models,supportingFiles=runtime.ts:index.ts,apiDocs=false,modelDocs=false \
    --additional-properties=importFileExtension=.js >"$log" 2>&1; then
    cat "$log"
    return 1
  fi
  echo "typescript-fetch: $(grep -c 'writing file' "$log") files -> out/smoke-ts/src/huawei-cec-client"
  local key
  key="$(node -e 'const g = process.report.getReport().header.glibcVersionRuntime;
    console.log(process.platform === "linux" ? `linux-${process.arch}-${g ? "gnu" : "musl"}` : `${process.platform}-${process.arch}`)')"
  local auth cli platform
  auth="$(package "huawei-cec-auth-$VERSION.tgz")"
  cli="$(package "huawei-cec-cli-$VERSION.tgz")"
  platform="$(package "huawei-cec-cli-$key-$VERSION.tgz")"
  step "ts: npm install --offline @huawei-cec/auth, @huawei-cec/cli and @huawei-cec/cli-$key from their tarballs"
  (cd "$TS_DIR" && npm install --offline --no-save --ignore-scripts --no-audit --no-fund --loglevel=error "$auth" "$cli" "$platform")
  step "ts: tsc --strict"
  "$NODE_BIN/tsc" -p "$TS_DIR/tsconfig.json"
  PATH="$(path_without_rust)"
  trap stop_simulator EXIT
  step "ts: cec simulate from the npm launcher (no Rust on PATH), accepting only $CEC_SIGNING_PROFILE"
  (cd "$TS_DIR" && npx --no -- cec --version)
  start_simulator "$WORK/ts-simulator.log" "$TS_DIR/node_modules/.bin/cec" simulate --port 0 \
    --signing-profile "$CEC_SIGNING_PROFILE" "${REPLAY_ARGS[@]}"
  step "ts: openapi-fetch against $SIM_URL"
  (cd "$TS_DIR" && node dist/smoke.js)
  step "ts: typescript-fetch against $SIM_URL"
  (cd "$TS_DIR" && node dist/smoke-typescript-fetch.js)
  stop_simulator
  [ -z "${SMOKE_REPLAY:-}" ] || return 0
  step "ts: src/faults.ts (the retry layer against simulators with faults)"
  (cd "$TS_DIR" && node dist/faults.js "$TS_DIR/node_modules/.bin/cec")
}

smoke_java() {
  local cli_wheel jar project="$WORK/java"
  cli_wheel="$(package "huawei_cec_cli-$VERSION-*.whl")"
  jar="$(package "huawei-cec-auth-$JAVA_HELPER_VERSION.jar")"
  step "java: a user's folder: vendor/$(basename "$jar"); a venv with $(basename "$cli_wheel") and openapi-generator-cli"
  mkdir -p "$project/vendor"
  cp "$jar" "$project/vendor/"
  cp "$HERE/smoke/java/Quickstart.java" "$HERE/smoke/java/quickstart.sh" "$project/"
  python3 -m venv "$project/.venv"
  "$project/.venv/bin/python" -m pip install --quiet --disable-pip-version-check "$cli_wheel" \
    "$(grep -E '^openapi-generator-cli==' "$HERE/requirements.txt")"
  PATH="$(path_without_rust)"
  trap stop_simulator EXIT
  step "java: cec simulate from the venv (no Rust on PATH), accepting only $CEC_SIGNING_PROFILE"
  start_simulator "$WORK/java-simulator.log" "$project/.venv/bin/cec" simulate --port 0 \
    --signing-profile "$CEC_SIGNING_PROFILE"
  step "java: smoke/java/quickstart.sh as the guide runs it (generate, javac, Quickstart) against $SIM_URL"
  (cd "$project" && HUAWEI_CEC="$(cd "$HERE/.." && pwd)" bash quickstart.sh)
  step "java: smoke/java/Smoke.java against $SIM_URL"
  # shellcheck source=java/client.sh
  source "$HERE/java/client.sh"
  local cp="$project/classes:$project/vendor/$(basename "$jar"):$JAVA_CLIENT_CP"
  javac --release 17 -d "$project/classes" -cp "$cp" "$HERE/smoke/java/Smoke.java" "$HERE/smoke/java/Faults.java"
  (cd "$project" && java -Dfile.encoding=UTF-8 -cp "$cp" Smoke)
  stop_simulator
  step "java: smoke/java/Faults.java (the retry layer against simulators with faults)"
  (cd "$project" && java -Dfile.encoding=UTF-8 -cp "$cp" Faults "$project/.venv/bin/cec")
}

ALL=(docs python ts java)
echo "packages: $PACKAGES (python, ts and java start cec simulate from them); signing profile: $CEC_SIGNING_PROFILE"
run_steps smoke smoke_ "$@"
