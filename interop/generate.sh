#!/usr/bin/env bash
# Generates clients from the OpenAPI document and type-checks them; then checks that each
# generated client reads every request/response example of the spec and writes it back
# unchanged (checks/examples.py).
#
#   interop/generate.sh                       # all steps, for ../spec/huawei-cec.yaml
#   interop/generate.sh python rust           # only these steps
#   SPEC=/path/to/copy.yaml interop/generate.sh
#
# Steps: python, ts-types, rust, ts-fetch, java, go. Output goes to interop/out/ (gitignored);
# the Rust crate is checked in ${TMPDIR:-/tmp}/huawei-cec-interop-rust with its own
# CARGO_TARGET_DIR, outside the repository. Every step runs even when an earlier one
# failed; the script fails when any did.
#
# Needs the pinned tools installed by run.sh (interop/node_modules and the Python venv at
# $INTEROP_VENV, default ${TMPDIR:-/tmp}/huawei-cec-interop-venv), java 11+ and cargo; the java
# step installs the JDK 17 and Debian's Jackson jars when they are missing (java/client.sh).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=steps.sh
source "$HERE/steps.sh"
SPEC="$(realpath "${SPEC:-$HERE/../spec/huawei-cec.yaml}")"
TMP="${TMPDIR:-/tmp}"
VENV="${INTEROP_VENV:-$TMP/huawei-cec-interop-venv}"
NODE_BIN="$HERE/node_modules/.bin"
OUT="$HERE/out"
RUST_WORK="$TMP/huawei-cec-interop-rust"
export CARGO_TARGET_DIR="${INTEROP_CARGO_TARGET_DIR:-$TMP/huawei-cec-interop-target}"
export CARGO_TERM_COLOR=never
# The venv's tools (ruff, used by openapi-python-client's post-hooks) come first.
export PATH="$VENV/bin:$PATH"
export DO_NOT_TRACK=1

for tool in "$VENV/bin/openapi-python-client" "$VENV/bin/mypy" "$VENV/bin/openapi-generator-cli" \
  "$NODE_BIN/openapi-typescript" "$NODE_BIN/tsc"; do
  [ -x "$tool" ] || { echo "missing $tool: run interop/run.sh (it installs the pinned tools)" >&2; exit 1; }
done

PY="$VENV/bin/python"
EXAMPLES="$OUT/examples.json"

# openapi-generator through the PyPI package, which runs the jar it bundles on the local
# java. Its log goes to out/openapi-generator-<name>.log; its warnings are shown, and the
# whole log on failure.
openapi_generator() {
  local name="$1"; shift
  local log="$OUT/openapi-generator-$name.log"
  if ! "$VENV/bin/openapi-generator-cli" generate --input-spec "$SPEC" --generator-name "$name" \
    --output "$OUT/$name" "$@" >"$log" 2>&1; then
    cat "$log"
    echo "openapi-generator $name failed (log: $log)" >&2
    return 1
  fi
  grep -E '\b(WARN|ERROR)\b' "$log" | sort | uniq -c || true
  echo "openapi-generator $name: $(grep -c 'writing file' "$log") files -> out/$name (log: $log)"
}

# A tsconfig.json for a check (heredocs inside the step functions would be harder to read).
write_tsconfig() { # DIR JSON-COMPILER-OPTIONS FILES...
  local dir="$1" opts="$2"; shift 2
  local files; files="$(printf '"%s", ' "$@")"
  printf '{ "compilerOptions": %s, "files": [%s] }\n' "$opts" "${files%, }" >"$dir/tsconfig.json"
}

# --- steps -------------------------------------------------------------------------------

step_python() {
  rm -rf "$OUT/python"
  "$VENV/bin/openapi-python-client" generate --path "$SPEC" --output-path "$OUT/python" \
    --config "$HERE/openapi-python-client.yaml" --fail-on-warning
  echo "--- mypy --strict"
  (cd "$OUT/python" && "$VENV/bin/mypy" --strict --cache-dir "$OUT/.mypy_cache" huawei_cec_client)
  echo "--- spec examples through from_dict/to_dict"
  PYTHONPATH="$OUT/python" "$PY" "$HERE/checks/examples.py" python "$EXAMPLES" huawei_cec_client
}

step_ts_types() {
  rm -rf "$OUT/ts-types" && mkdir -p "$OUT/ts-types"
  # Run from out/ts-types: openapi-typescript lints with the redocly.yaml of its working
  # directory, and lint.sh, not this step, is where the document is linted.
  (cd "$OUT/ts-types" && "$NODE_BIN/openapi-typescript" "$SPEC" --output schema.d.ts)
  "$PY" "$HERE/checks/examples.py" ts-types "$EXAMPLES" "$OUT/ts-types/examples.ts"
  write_tsconfig "$OUT/ts-types" '{ "strict": true, "noEmit": true, "types": [],
    "target": "es2020", "lib": ["es2020"], "module": "es2020", "moduleResolution": "bundler" }' \
    schema.d.ts examples.ts
  echo "--- tsc --strict --noEmit (schema.d.ts, and the spec's examples assigned to its types)"
  "$NODE_BIN/tsc" -p "$OUT/ts-types/tsconfig.json"
}

step_rust() {
  rm -rf "$OUT/rust"
  openapi_generator rust --additional-properties=packageName=huawei_cec_client,packageVersion=1.0.0
  # Checked outside the repository: a fresh copy, the pinned Cargo.lock, the examples test.
  rm -rf "$RUST_WORK"
  cp -r "$OUT/rust" "$RUST_WORK"
  cp "$HERE/rust/Cargo.lock" "$RUST_WORK/Cargo.lock"
  mkdir -p "$RUST_WORK/tests"
  cp "$EXAMPLES" "$RUST_WORK/tests/examples.json"
  "$PY" "$HERE/checks/examples.py" rust "$EXAMPLES" "$RUST_WORK/tests/examples.rs"
  echo "--- cargo check (in $RUST_WORK, CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
  # No TLS backend: the check is about the generated code, not reqwest's TLS (native-tls
  # would also need OpenSSL's headers). --locked: interop/rust/Cargo.lock pins every crate.
  (cd "$RUST_WORK" && cargo check --locked --no-default-features --all-targets)
  echo "--- spec examples through serde (cargo test)"
  (cd "$RUST_WORK" && RUST_BACKTRACE=0 cargo test --locked --no-default-features --test examples -- --nocapture)
}

step_ts_fetch() {
  rm -rf "$OUT/typescript-fetch" "$OUT/ts-fetch-check"
  openapi_generator typescript-fetch --additional-properties=npmName=huawei-cec-client,npmVersion=1.0.0
  echo "--- tsc --strict --noEmit (the generated project's tsconfig.json)"
  "$NODE_BIN/tsc" --noEmit --strict -p "$OUT/typescript-fetch/tsconfig.json"
  echo "--- spec examples through FromJSON/ToJSON"
  mkdir -p "$OUT/ts-fetch-check"
  "$PY" "$HERE/checks/examples.py" ts-fetch "$EXAMPLES" "$OUT/ts-fetch-check/check.ts"
  write_tsconfig "$OUT/ts-fetch-check" '{ "strict": true, "types": [], "target": "es2019",
    "lib": ["es2019", "dom"], "module": "commonjs", "rootDir": "..", "outDir": "dist" }' check.ts
  "$NODE_BIN/tsc" -p "$OUT/ts-fetch-check/tsconfig.json"
  node "$OUT/ts-fetch-check/dist/ts-fetch-check/check.js"
}

step_java() {
  # The client of docs/other-languages.md (## Java): `java --library native`, compiled with
  # javac against Debian's jars (no Maven repository is reachable), with the template
  # overrides of java/ (checked against the pinned generator's own templates first).
  # shellcheck source=java/client.sh
  source "$HERE/java/client.sh"
  rm -rf "$OUT/java" "$OUT/java-check"
  local jar
  jar="$("$PY" -c 'import os, openapi_generator_cli as g; print(os.path.join(os.path.dirname(g.__file__), "openapi-generator.jar"))')"
  "$PY" "$HERE/java/template_override.py" check "$jar"
  openapi_generator java "${JAVA_CLIENT_OPTIONS[@]}"
  bash "$HERE/java/ensure-packages.sh" "${JAVA_CLIENT_PACKAGES[@]}"
  echo "--- javac --release 17 (the generated sources, against $JAVA_CLIENT_CP)"
  mkdir -p "$OUT/java-check/classes"
  find "$OUT/java/src/main/java" -name '*.java' >"$OUT/java-check/sources.txt"
  javac --release 17 -nowarn -encoding UTF-8 -d "$OUT/java-check/classes" -cp "$JAVA_CLIENT_CP" @"$OUT/java-check/sources.txt"
  echo "--- spec examples through the generated client's ObjectMapper"
  "$PY" "$HERE/checks/examples.py" java "$EXAMPLES" "$OUT/java-check/ExamplesCheck.java"
  javac --release 17 -d "$OUT/java-check/classes" -cp "$OUT/java-check/classes:$JAVA_CLIENT_CP" "$OUT/java-check/ExamplesCheck.java"
  java -cp "$OUT/java-check/classes:$JAVA_CLIENT_CP" ExamplesCheck "$EXAMPLES" huaweicec.client huaweicec.client.model
}

step_go() {
  # Generated only, not compiled: CI has no Go toolchain. This still catches a generator that
  # rejects the document.
  rm -rf "$OUT/go"
  openapi_generator go --additional-properties=packageName=huaweicec \
    --git-user-id example --git-repo-id huawei-cec-go
}

# --- driver ------------------------------------------------------------------------------

ALL=(python ts-types rust ts-fetch java go)
mkdir -p "$OUT"
echo "spec: $SPEC"
printf '\n=== generate: spec examples -> %s ===\n' "$EXAMPLES"
"$PY" "$HERE/checks/examples.py" extract "$SPEC" "$EXAMPLES"

run_steps generate step_ "$@"
