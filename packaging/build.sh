#!/usr/bin/env bash
# Builds `cec` (the crate's binary with --features cli) as a Python wheel and as npm
# packages, and the signing helpers beside them, into one folder (default target/packages):
#
#   huawei_cec_cli-VERSION-py3-none-PLATFORM.whl   cec in a wheel (maturin, bindings = "bin")
#   huawei-cec-cli-VERSION.tgz                     @huawei-cec/cli: the `cec` launcher (any platform)
#   huawei-cec-cli-KEY-VERSION.tgz                 @huawei-cec/cli-KEY: the binary (KEY: linux-x64-gnu...)
#   huawei_cec_auth-VERSION-py3-none-any.whl       the Python signing helper (interop/signers/build.sh)
#   huawei-cec-auth-VERSION.tgz                    the TypeScript signing helper
#   huawei-cec-auth-VERSION.jar                    the Java signing helper (javac and jar, JDK 17)
#   SHA256SUMS
#
#   bash packaging/build.sh [OUTDIR]
#
# One release build serves both: maturin builds the wheel (cargo build --release --locked
# --features cli), and the npm platform package carries the very binary taken out of that
# wheel. It builds for the machine it runs on (see packaging/README.md for the platforms).
# Needs cargo, python3 >= 3.10, node >= 20.19 with npm and a JDK 17 or later (installed from
# Debian's packages when missing); reaches crates.io, PyPI (maturin, pinned in
# packaging/requirements.txt; setuptools) and the npm registry (the helper's build tools) only. Cargo's target directory is CARGO_TARGET_DIR or target/; maturin's venv
# is PACKAGING_VENV or ${TMPDIR:-/tmp}/huawei-cec-packaging-venv.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="${1:-$TARGET/packages}"
VENV="${PACKAGING_VENV:-${TMPDIR:-/tmp}/huawei-cec-packaging-venv}"
export DO_NOT_TRACK=1 NO_UPDATE_NOTIFIER=1

step() { printf '\n=== packaging: %s ===\n' "$*"; }
started=$SECONDS

for cmd in cargo python3 node npm; do
  command -v "$cmd" >/dev/null || { echo "packaging/build.sh needs $cmd on PATH" >&2; exit 1; }
done
VERSION="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$ROOT/Cargo.toml" | head -n 1)"
[ -n "$VERSION" ] || { echo "no version in Cargo.toml" >&2; exit 1; }
# The npm platform key, as the launcher (npm/cli/bin/cec.js) computes it at run time.
KEY="$(node -e '
  const { platform, arch } = process;
  const gnu = process.report.getReport().header.glibcVersionRuntime;
  console.log(platform === "linux" ? `linux-${arch}-${gnu ? "gnu" : "musl"}` : `${platform}-${arch}`);')"
EXE=cec
case "$KEY" in win32-*) EXE=cec.exe ;; esac
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
rm -f "$OUT"/huawei_cec_cli-*.whl "$OUT"/huawei-cec-cli-*.tgz "$OUT"/huawei_cec_auth-*.whl \
  "$OUT"/huawei-cec-auth-*.tgz "$OUT"/huawei-cec-auth-*.jar "$OUT/SHA256SUMS"
STAGE="$(mktemp -d "${TMPDIR:-/tmp}/huawei-cec-packaging.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT
echo "cec $VERSION for $KEY -> $OUT"

step "maturin (venv $VENV, packaging/requirements.txt)"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
"$VENV/bin/maturin" --version

step "wheel: maturin build --release --locked (cargo build --release --features cli)"
t=$SECONDS
(cd "$HERE/python" && CARGO_TARGET_DIR="$TARGET" "$VENV/bin/maturin" build --release --locked --out "$OUT")
WHEEL="$(ls "$OUT"/huawei_cec_cli-"$VERSION"-*.whl)"
echo "wheel: $(basename "$WHEEL") ($((SECONDS - t))s)"

step "npm: @huawei-cec/cli-$KEY (the binary out of the wheel) and @huawei-cec/cli (the launcher)"
PLATFORM_DIR="$STAGE/platform"
mkdir -p "$PLATFORM_DIR/bin"
"$VENV/bin/python" - "$WHEEL" "$PLATFORM_DIR/bin/$EXE" "$EXE" <<'EOF'
import sys, zipfile
wheel, target, exe = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.endswith(f".data/scripts/{exe}")]
    if len(names) != 1:
        raise SystemExit(f"{wheel}: expected one .data/scripts/{exe}, found {names}")
    with z.open(names[0]) as src, open(target, "wb") as dst:
        dst.write(src.read())
EOF
chmod 755 "$PLATFORM_DIR/bin/$EXE"
cp "$ROOT/LICENSE-APACHE" "$ROOT/LICENSE-MIT" "$PLATFORM_DIR/"
cp -R "$HERE/npm/cli" "$STAGE/cli"
cp "$ROOT/LICENSE-APACHE" "$ROOT/LICENSE-MIT" "$HERE/npm/README.md" "$STAGE/cli/"
node - "$STAGE" "$VERSION" "$KEY" "$EXE" <<'EOF'
const fs = require("node:fs");
const [stage, version, key, exe] = process.argv.slice(2);
const [os, cpu, libc] = key.split("-");
const platform = {
  name: `@huawei-cec/cli-${key}`,
  version,
  description: `The cec binary for ${key}, run by @huawei-cec/cli's launcher`,
  license: "MIT OR Apache-2.0",
  os: [os],
  cpu: [cpu],
  ...(libc === undefined ? {} : { libc: [libc === "gnu" ? "glibc" : "musl"] }),
  files: [`bin/${exe}`, "LICENSE-APACHE", "LICENSE-MIT"],
  preferUnplugged: true,
};
fs.writeFileSync(`${stage}/platform/package.json`, JSON.stringify(platform, null, 2) + "\n");
fs.writeFileSync(`${stage}/platform/README.md`,
  `# @huawei-cec/cli-${key}\n\nThe \`cec\` binary of huawei-cec ${version} for ${key}. Install it beside ` +
  "`@huawei-cec/cli`, whose `cec` command runs it.\n");
const launcher = JSON.parse(fs.readFileSync(`${stage}/cli/package.json`, "utf8"));
launcher.version = version;
fs.writeFileSync(`${stage}/cli/package.json`, JSON.stringify(launcher, null, 2) + "\n");
EOF
(cd "$PLATFORM_DIR" && npm pack --ignore-scripts --silent --pack-destination "$OUT" >/dev/null)
(cd "$STAGE/cli" && npm pack --ignore-scripts --silent --pack-destination "$OUT" >/dev/null)

step "the signing helpers (interop/signers/build.sh)"
bash "$ROOT/interop/signers/build.sh" "$OUT"

step "SHA256SUMS"
(cd "$OUT" && sha256sum huawei_cec_cli-*.whl huawei-cec-cli-*.tgz huawei_cec_auth-*.whl huawei-cec-auth-*.tgz \
  huawei-cec-auth-*.jar >SHA256SUMS && cat SHA256SUMS)
echo "cec binary: $(sha256sum "$PLATFORM_DIR/bin/$EXE" | cut -d' ' -f1) ($(du -h "$PLATFORM_DIR/bin/$EXE" | cut -f1))"
printf '\npackaging: built in %ss: %s\n' $((SECONDS - started)) "$OUT"
