#!/usr/bin/env bash
# Installs each signing helper the way a user would and checks it:
#
#   python  a throwaway venv with the pins of requirements.txt; `pip install
#           ./python[httpx,requests]`; mypy --strict on the package and its tests; pytest
#           against the installed package.
#   ts      npm ci (ts/package-lock.json) in ts/; tsc --strict; node --test; then `npm pack`
#           and the tarball installed into an empty project, imported and type-checked there.
#   generated  when interop/out holds the clients generate.sh made (run.sh runs this after
#           it), the helpers are type-checked against them: openapi-typescript's `paths` with
#           openapi-fetch, and typescript-fetch's `Middleware`/`FetchAPI`/`Configuration`.
#   java    java/build.sh test: javac and jar (JDK only), then JUnit 5 (Debian's junit5): every
#           vector, `explain` against `cec --explain-signature`, the adapters, the retry layer
#           and the token against a local server and the simulator.
#
# Every helper's tests read profile text from the table the Rust crate is tested against too
# (tests/signing-vectors/profile-text.json): the same parsing and the same errors, word for word.
#
#   interop/signers/check.sh [python] [ts] [generated] [java]     # default: all four
#
# Needs python3 >= 3.10 and node >= 20.19 with npm; reaches only PyPI and the npm registry (and
# Debian's, for what java/build.sh installs when it is missing; it builds `cec` with cargo).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../steps.sh
source "$HERE/../steps.sh"
OUT="${INTEROP_OUT:-$HERE/../out}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/huawei-cec-signers.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
export DO_NOT_TRACK=1 NO_UPDATE_NOTIFIER=1

step() { printf '\n=== signers: %s ===\n' "$*"; }

check_python() {
  step "python: throwaway venv, pip install ./python[httpx,requests]"
  python3 -m venv "$WORK/venv"
  local py="$WORK/venv/bin/python"
  "$py" -m pip install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
  # From a copy (a setuptools build writes build/ and *.egg-info next to the sources), with
  # --no-build-isolation: built by the pinned setuptools above, not the newest one.
  mkdir "$WORK/src" && cp -R "$HERE/python/pyproject.toml" "$HERE/python/README.md" "$HERE/python/src" "$WORK/src/"
  "$py" -m pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps \
    "$WORK/src[httpx,requests]"
  "$py" -m pip check
  local installed
  installed="$("$py" -c 'import huawei_cec_auth; print(huawei_cec_auth.__file__)')"
  case "$installed" in
    "$WORK/venv/"*) echo "installed: $installed" ;;
    *) echo "huawei_cec_auth was imported from $installed, not from the venv" >&2; return 1 ;;
  esac
  step "python: mypy --strict"
  # The installed package (as a user's mypy sees it, through py.typed), then the tests.
  (cd "$HERE/python" &&
    "$WORK/venv/bin/mypy" --strict --cache-dir "$WORK/mypy-cache" -p huawei_cec_auth &&
    "$WORK/venv/bin/mypy" --strict --cache-dir "$WORK/mypy-cache" tests)
  step "python: pytest (against the installed package)"
  (cd "$HERE/python" && "$py" -m pytest -q -p no:cacheprovider)
}

check_ts() {
  step "ts: npm ci (ts/node_modules, from package-lock.json)"
  (cd "$HERE/ts" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  step "ts: tsc --strict (package and tests), node --test"
  (cd "$HERE/ts" && rm -rf dist build && node_modules/.bin/tsc -p tsconfig.json &&
    node_modules/.bin/tsc -p tsconfig.test.json)
  if (cd "$HERE/ts" && node --test --test-reporter=spec build/test/*.test.js >"$WORK/node-test.log" 2>&1); then
    grep -E '^ℹ (tests|pass|fail|skipped|todo) ' "$WORK/node-test.log"
  else
    cat "$WORK/node-test.log"
    return 1
  fi
  step "ts: npm pack, install the tarball into an empty project"
  (cd "$HERE/ts" && npm pack --ignore-scripts --silent --pack-destination "$WORK" >/dev/null)
  mkdir -p "$WORK/consumer"
  printf '{ "name": "consumer", "private": true, "type": "module" }\n' >"$WORK/consumer/package.json"
  (cd "$WORK/consumer" && npm install --offline --ignore-scripts --no-audit --no-fund --loglevel=error \
    "$WORK"/huawei-cec-auth-*.tgz)
  cat >"$WORK/consumer/check.ts" <<'EOF'
import { readFileSync } from "node:fs";
import { authV2Fetch, bearerFetch, BearerTokenProvider, parseProfile, signV2, type SignedRequest } from "@huawei-cec/auth";

const v = JSON.parse(readFileSync(process.argv[2] as string, "utf8"));
for (const row of v.profiles) {
  const r = v.requests.post;
  const signed: SignedRequest = signV2({
    accessKey: v.access_key, secretKey: v.secret_key, time: new Date(v.time), profile: parseProfile(row.profile),
    method: r.method, path: r.path, query: r.query, host: r.host, contentType: r.content_type,
    body: new TextEncoder().encode(r.body),
  });
  if (signed.authorization !== row.post.authorization) throw new Error(`installed package: ${row.profile} differs`);
}
const f: typeof fetch = authV2Fetch({ accessKey: "ak", secretKey: "sk" });
const b: typeof fetch = bearerFetch(new BearerTokenProvider({ baseUrl: "https://cec.example.com", appKey: "k", appSecret: "s" }));
console.log(`installed package signs all ${v.profiles.length} profile rows; fetch wrappers: ${typeof f}, ${typeof b}`);
EOF
  printf '{ "compilerOptions": { "strict": true, "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "types": ["node"], "typeRoots": ["%s"], "outDir": "dist" }, "files": ["check.ts"] }\n' \
    "$HERE/ts/node_modules/@types" >"$WORK/consumer/tsconfig.json"
  (cd "$WORK/consumer" && "$HERE/ts/node_modules/.bin/tsc" -p tsconfig.json && node dist/check.js "$HERE/vectors.json")
}

check_generated() {
  step "generated clients: the helpers with openapi-fetch + openapi-typescript, and typescript-fetch"
  local types="$OUT/ts-types/schema.d.ts" runtime="$OUT/typescript-fetch/src/runtime.ts"
  if [ ! -f "$types" ] || [ ! -f "$runtime" ]; then
    echo "NOT CHECKED: $types or $runtime is missing (interop/generate.sh ts-types ts-fetch makes them)"
    return 0
  fi
  [ -f "$HERE/ts/dist/index.d.ts" ] || { echo "ts/dist is missing: run the ts step first" >&2; return 1; }
  mkdir -p "$WORK/generated"
  cp "$types" "$WORK/generated/schema.d.ts"
  cp "$runtime" "$WORK/generated/runtime.ts"
  cat >"$WORK/generated/check.ts" <<'EOF'
import createClient from "openapi-fetch";
import type { paths } from "./schema";
import { Configuration, type FetchAPI, type Middleware } from "./runtime";
import {
  BearerTokenProvider, authV2Fetch, bearerFetch, nodeHttpFetch, openapiFetchAuthV2, openapiFetchBearer,
  retryFetch, typescriptFetchAuthV2, typescriptFetchBearer,
} from "@huawei-cec/auth";

const credentials = { accessKey: "ak", secretKey: "sk" };
const tokens = new BearerTokenProvider({ baseUrl: "https://cec.example.com", appKey: "k", appSecret: "s" });

// openapi-typescript + openapi-fetch: a custom fetch, or middleware.
const isales = createClient<paths>({ baseUrl: "https://cc-isales.example.com:28090", fetch: retryFetch(authV2Fetch(credentials)) });
const cms = createClient<paths>({ baseUrl: "https://cc-cms.example.com:28443", fetch: nodeHttpFetch() });
cms.use(openapiFetchAuthV2({ ...credentials, profile: "java-demo" }, { fetchSendsHostHeader: true }));
const data = createClient<paths>({ baseUrl: "https://cec.example.com", fetch: bearerFetch(tokens) });
data.use(openapiFetchBearer(tokens));
void isales.GET("/rest/isales/v1/openapi/campaigns/{vdnId}/callresultdetail/{callId}", {
  params: { path: { vdnId: 8, callId: "1644464743-1388" } },
});

// openapi-generator typescript-fetch: fetchApi, or middleware.
const fetchApi: FetchAPI = authV2Fetch(credentials);
const middleware: Middleware[] = [typescriptFetchAuthV2(credentials), typescriptFetchBearer(tokens)];
new Configuration({ basePath: "https://cc-isales.example.com:28090", fetchApi });
new Configuration({ basePath: "https://cec.example.com", fetchApi: retryFetch(bearerFetch(tokens)), middleware });
EOF
  # The generated runtime wants the DOM lib (as the generated project has it); the helper's
  # types want node's. openapi-fetch resolves from ts/node_modules.
  cat >"$WORK/generated/tsconfig.json" <<EOF
{ "compilerOptions": { "strict": true, "noEmit": true, "target": "ES2022", "lib": ["ES2022", "DOM"],
    "module": "NodeNext", "moduleResolution": "NodeNext", "types": ["node"],
    "typeRoots": ["$HERE/ts/node_modules/@types"],
    "paths": { "openapi-fetch": ["$HERE/ts/node_modules/openapi-fetch"],
               "@huawei-cec/auth": ["$HERE/ts"] } },
  "files": ["check.ts"] }
EOF
  (cd "$WORK/generated" && "$HERE/ts/node_modules/.bin/tsc" -p tsconfig.json)
  echo "openapi-fetch (with openapi-typescript's paths) and typescript-fetch accept the helpers"
}

check_java() {
  step "java: build.sh test (the jar; JUnit 5: vectors, cec --explain-signature, simulator)"
  bash "$HERE/java/build.sh" test
}

ALL=(python ts generated java)
run_steps signers check_ "$@"
