#!/usr/bin/env bash
# Builds the signing helpers into OUTDIR, out of tree: nothing is written into this
# repository (a read-only or shared clone works), only into OUTDIR and a temporary folder.
#
#   interop/signers/build.sh OUTDIR [python] [ts] [java]    # default: all three
#
#   python  OUTDIR/huawei_cec_auth-VERSION-py3-none-any.whl (setuptools, pinned by
#           requirements.txt, in a throwaway venv)
#   ts      OUTDIR/huawei-cec-auth-VERSION.tgz (npm ci from package-lock.json, tsc, npm pack)
#   java    OUTDIR/huawei-cec-auth-VERSION.jar (java/build.sh: javac and jar, JDK 17 only)
#
# Needs python3 >= 3.10 (python), node >= 20.19 with npm (ts), a JDK 17 or later (java,
# installed from Debian's packages when missing); no Rust. Reaches only PyPI and the npm
# registry (and Debian's, for a missing JDK). packaging/build.sh calls it to put them beside
# the cec packages.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${1:?usage: interop/signers/build.sh OUTDIR [python] [ts]}"
shift
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/huawei-cec-signers-build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
export DO_NOT_TRACK=1 NO_UPDATE_NOTIFIER=1

build_python() {
  mkdir "$WORK/python"
  cp -R "$HERE/python/pyproject.toml" "$HERE/python/README.md" "$HERE/python/src" "$WORK/python/"
  python3 -m venv "$WORK/venv"
  # Only the build backend, pinned (signers/requirements.txt), and no build isolation: the
  # wheel is built by exactly that setuptools.
  "$WORK/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "$(grep -E '^setuptools==' "$HERE/requirements.txt")"
  "$WORK/venv/bin/python" -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation \
    --wheel-dir "$OUT" "$WORK/python"
}

build_ts() {
  mkdir "$WORK/ts"
  cp -R "$HERE/ts/package.json" "$HERE/ts/package-lock.json" "$HERE/ts/tsconfig.json" "$HERE/ts/README.md" \
    "$HERE/ts/src" "$WORK/ts/"
  (cd "$WORK/ts" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error &&
    node_modules/.bin/tsc -p tsconfig.json &&
    npm pack --ignore-scripts --silent --pack-destination "$OUT" >/dev/null)
}

build_java() {
  bash "$HERE/java/build.sh" "$OUT"
}

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(python ts java)
for s in "${steps[@]}"; do
  case "$s" in
    python | ts | java) ;;
    *) echo "unknown step $s (steps: python ts java)" >&2; exit 2 ;;
  esac
done
for s in "${steps[@]}"; do
  "build_$s"
done
ls -1 "$OUT" | grep -E '^(huawei_cec_auth-.*\.whl|huawei-cec-auth-.*\.(tgz|jar))$' | sed "s|^|built: $OUT/|"
