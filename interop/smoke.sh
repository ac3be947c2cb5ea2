#!/usr/bin/env bash
# Smoke tests: clients generated from the OpenAPI document, with the signing helpers of
# signers/ installed the way a user installs them, call a running simulator: all five
# operations and the token interface, a business failure (HTTP 200, resultCode 0200007) and
# a data-process 400, each decoded into the generated type of its reply. They follow
# docs/other-languages.md, whose examples are the quickstart files these tests run.
#
#   interop/smoke.sh URL [docs] [python] [ts] [java]      # default: all four
#
# URL is a running `cec simulate` (.ci/contract.sh starts one and calls this script; by hand:
# `cargo run --features cli -- simulate --port 8080` in another terminal), or one replaying
# the recorded replies to these tests' requests (`... simulate --replay
# tests/fixtures/cassettes/smoke.cassette`; .ci/contract.sh runs python and ts against it). The simulator
# serves the three hosts on one address; the tests still take one base URL per host
# (CEC_ISALES_URL, CEC_CMS_URL, CEC_APIACCESS_URL, all set to URL here), as a user must.
# Credentials default to the simulator's demo ones; CEC_SIGNING_PROFILE (default
# `documented`) picks the auth-v2 signing profile.
#
#   docs    the examples of docs/other-languages.md are byte for byte the quickstart files,
#           and the versions its commands install are the pinned ones (checks/doc_snippets.py)
#   python  openapi-python-client (the interop venv's) generates the client; a throwaway venv
#           gets the pins of smoke/requirements.txt, then `pip install` of the generated
#           client and of signers/python[httpx]; mypy --strict; smoke/python/smoke.py
#   ts      openapi-typescript and openapi-generator typescript-fetch generate into
#           out/smoke-ts, a user's project; @huawei-cec/auth is packed (npm pack) and its
#           tarball installed there; tsc --strict; node runs smoke/ts/src/smoke.ts (openapi-fetch)
#           and smoke/ts/src/smoke-typescript-fetch.ts, compiled
#   java    in a user's folder, smoke/java/quickstart.sh as the guide shows it (a venv with
#           openapi-generator-cli, the Java client generated, Debian's Jackson jars, the signing
#           helper's jar built by signers/java/build.sh, javac, Quickstart run); then
#           smoke/java/Smoke.java against the same classes
#
# Needs what run.sh installs (the venv at $INTEROP_VENV, interop/node_modules), java 11+,
# python3 >= 3.10, node >= 20.19 with npm; reaches only PyPI and the npm registry.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=steps.sh
source "$HERE/steps.sh"
URL="${1:?usage: interop/smoke.sh URL [docs] [python] [ts] [java] (URL: a running cec simulate)}"
URL="${URL%/}"
shift
SPEC="$(realpath "$HERE/../spec/huawei-cec.yaml")"
VENV="${INTEROP_VENV:-${TMPDIR:-/tmp}/huawei-cec-interop-venv}"
NODE_BIN="$HERE/node_modules/.bin"
# Under interop/ so that node and tsc find openapi-fetch, typescript and @types/node in
# interop/node_modules, as they would in a user's node_modules.
TS_DIR="$HERE/out/smoke-ts"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/huawei-cec-smoke.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
export DO_NOT_TRACK=1 NO_UPDATE_NOTIFIER=1

export CEC_ISALES_URL="${CEC_ISALES_URL:-$URL}" CEC_CMS_URL="${CEC_CMS_URL:-$URL}"
export CEC_APIACCESS_URL="${CEC_APIACCESS_URL:-$URL}"
export CEC_AK="${CEC_AK:-demo-ak}" CEC_SK="${CEC_SK:-demo-sk}"
export CEC_APP_KEY="${CEC_APP_KEY:-demo-app-key}" CEC_APP_SECRET="${CEC_APP_SECRET:-demo-app-secret}"
export CEC_SIGNING_PROFILE="${CEC_SIGNING_PROFILE:-documented}"

step() { printf '\n=== smoke: %s ===\n' "$*"; }

for tool in "$VENV/bin/openapi-python-client" "$VENV/bin/mypy" "$VENV/bin/openapi-generator-cli" \
  "$NODE_BIN/openapi-typescript" "$NODE_BIN/tsc"; do
  [ -x "$tool" ] || { echo "missing $tool: run interop/run.sh (it installs the pinned tools)" >&2; exit 1; }
done

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
  step "python: a throwaway venv, pip install the generated client and ./signers/python[httpx]"
  python3 -m venv "$WORK/venv"
  local py="$WORK/venv/bin/python"
  "$py" -m pip install --quiet --disable-pip-version-check -r "$HERE/smoke/requirements.txt"
  # The helper from a copy: a setuptools build writes build/ and *.egg-info beside the sources.
  mkdir "$WORK/huawei-cec-auth"
  cp -R "$HERE/signers/python/pyproject.toml" "$HERE/signers/python/README.md" "$HERE/signers/python/src" \
    "$WORK/huawei-cec-auth/"
  "$py" -m pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps \
    "$WORK/huawei-cec-client-py" "$WORK/huawei-cec-auth[httpx]"
  "$py" -m pip check
  (cd "$WORK" && "$py" -c 'import huawei_cec_auth, huawei_cec_client
for m in (huawei_cec_auth, huawei_cec_client): print("installed:", m.__name__, m.__file__)') |
    tee "$WORK/installed.txt"
  if grep -v "$WORK/venv/" "$WORK/installed.txt"; then
    echo "a package was imported from outside the venv" >&2
    return 1
  fi
  step "python: mypy --strict (the quickstart and the smoke test, against the installed packages)"
  "$VENV/bin/mypy" --strict --python-executable "$py" --cache-dir "$WORK/mypy-cache" \
    "$HERE/smoke/python/quickstart.py" "$HERE/smoke/python/smoke.py"
  step "python: smoke/python/smoke.py against $URL"
  (cd "$WORK" && "$py" "$HERE/smoke/python/smoke.py")
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
  step "ts: npm pack @huawei-cec/auth (signers/ts), install the tarball"
  (cd "$HERE/signers/ts" && npm ci --no-audit --no-fund --loglevel=error &&
    npm pack --silent --pack-destination "$WORK" >/dev/null)
  (cd "$TS_DIR" && npm install --offline --no-save --ignore-scripts --no-audit --no-fund --loglevel=error \
    "$WORK"/huawei-cec-auth-*.tgz)
  step "ts: tsc --strict"
  "$NODE_BIN/tsc" -p "$TS_DIR/tsconfig.json"
  step "ts: openapi-fetch against $URL"
  (cd "$TS_DIR" && node dist/smoke.js)
  step "ts: typescript-fetch against $URL"
  (cd "$TS_DIR" && node dist/smoke-typescript-fetch.js)
}

smoke_java() {
  step "java: smoke/java/quickstart.sh in a user's folder (generate, build the helper, javac, run Quickstart)"
  mkdir "$WORK/java"
  cp "$HERE/smoke/java/Quickstart.java" "$WORK/java/"
  (cd "$WORK/java" && HUAWEI_CEC="$(cd "$HERE/.." && pwd)" bash "$HERE/smoke/java/quickstart.sh")
  step "java: smoke/java/Smoke.java against $URL"
  # shellcheck source=java/client.sh
  source "$HERE/java/client.sh"
  local cp="$WORK/java/classes:$HERE/signers/java/build/huawei-cec-auth.jar:$JAVA_CLIENT_CP"
  javac --release 17 -d "$WORK/java/classes" -cp "$cp" "$HERE/smoke/java/Smoke.java"
  java -Dfile.encoding=UTF-8 -cp "$cp" Smoke
}

ALL=(docs python ts java)
echo "simulator: $URL (one base URL per host: CEC_ISALES_URL, CEC_CMS_URL, CEC_APIACCESS_URL);" \
  "signing profile: $CEC_SIGNING_PROFILE"
run_steps smoke smoke_ "$@"
