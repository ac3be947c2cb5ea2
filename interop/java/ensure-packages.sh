#!/usr/bin/env bash
# Installs the Debian packages named on the command line that are not installed yet:
#
#   bash interop/java/ensure-packages.sh openjdk-17-jdk-headless junit5
#
# The Java parts of interop/ (the signing helper of signers/java, the Java client generated
# from the spec) use the JDK 17 and jars from Debian's packages only (CI reaches no Maven
# repository). apt-get runs only when something is missing (as root, as CI runs, or through
# sudo), with --no-install-recommends, and `apt-get update` only when the install fails without
# it. Already installed: prints nothing and touches nothing.
set -euo pipefail

missing=()
for package in "$@"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)"
  [ "$status" = installed ] || missing+=("$package")
done
[ ${#missing[@]} -gt 0 ] || exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || {
    echo "missing Debian packages: ${missing[*]}; install them as root: apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
apt=("${sudo[@]}" apt-get -q -o DPkg::Lock::Timeout=300)
echo "apt-get install --no-install-recommends ${missing[*]}"
log="$(mktemp "${TMPDIR:-/tmp}/huawei-cec-apt.XXXXXX")"
trap 'rm -f "$log"' EXIT
if ! "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
  echo "apt-get install failed; apt-get update, then again"
  "${apt[@]}" update >"$log" 2>&1 || { cat "$log"; exit 1; }
  "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >"$log" 2>&1 || { cat "$log"; exit 1; }
fi
