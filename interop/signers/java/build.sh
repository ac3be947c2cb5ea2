#!/usr/bin/env bash
# Builds the Java signing helper (package huaweicec.auth), with nothing but the JDK, out of tree:
# nothing is written into this repository (a read-only or shared clone works), only into OUTDIR
# and a temporary folder.
#
#   bash interop/signers/java/build.sh OUTDIR   # -> OUTDIR/huawei-cec-auth-0.1.0.jar
#   bash interop/signers/java/build.sh test     # the jar (in a temporary folder), then the JUnit 5 tests
#
# Plain javac and jar, offline: it installs what it needs from Debian's packages when it is
# missing (openjdk-17-jdk-headless; junit5 for the tests) through interop/java/ensure-packages.sh.
# The helper itself uses the JDK only (javax.crypto.Mac, java.net.http); the jar is built for
# Java 17 (--release 17), from fixed dates (the same sources give the same bytes), and carries a
# pom.xml, so that `mvn install:install-file -Dfile=huawei-cec-auth-0.1.0.jar` installs it as
# huaweicec:huawei-cec-auth:0.1.0. interop/signers/build.sh (step java) and packaging/build.sh
# call it to put the jar beside the other packages.
#
# The tests run the real `cec` (simulator and --explain-signature): $CEC_BIN, or else
# `cargo build --locked --features cli --bin cec` in the repository first.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
VERSION=0.1.0
JAR_NAME="huawei-cec-auth-$VERSION.jar"
ENSURE="$ROOT/interop/java/ensure-packages.sh"
usage="usage: interop/signers/java/build.sh OUTDIR | test"
mode="${1:?$usage}"
[ $# -eq 1 ] || { echo "$usage" >&2; exit 2; }
BUILD="$(mktemp -d "${TMPDIR:-/tmp}/huawei-cec-java-build.XXXXXX")"
trap 'rm -rf "$BUILD"' EXIT
if [ "$mode" = test ]; then
  OUT="$BUILD/out"
else
  OUT="$mode"
fi
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
JAR="$OUT/$JAR_NAME"

command -v javac >/dev/null && command -v jar >/dev/null || bash "$ENSURE" openjdk-17-jdk-headless
release="$(javac -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')"
[ "$release" -ge 17 ] 2>/dev/null || { echo "javac 17 or later is needed, found: $(javac -version 2>&1)" >&2; exit 1; }

mkdir -p "$BUILD/classes" "$BUILD/pom/META-INF/maven/huaweicec/huawei-cec-auth"
find "$HERE/src/main/java" -name '*.java' | sort >"$BUILD/sources.txt"
javac --release 17 -Xlint:all -Werror -encoding UTF-8 -d "$BUILD/classes" @"$BUILD/sources.txt"
pom="$BUILD/pom/META-INF/maven/huaweicec/huawei-cec-auth"
cat >"$pom/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>huaweicec</groupId>
  <artifactId>huawei-cec-auth</artifactId>
  <version>$VERSION</version>
  <packaging>jar</packaging>
  <name>huawei-cec-auth</name>
  <description>auth-v2 signing and the bearer token of Huawei Cloud CEC interfaces, for java.net.http (JDK only)</description>
  <licenses>
    <license><name>MIT OR Apache-2.0</name></license>
  </licenses>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
  </properties>
</project>
POM
printf 'groupId=huaweicec\nartifactId=huawei-cec-auth\nversion=%s\n' "$VERSION" >"$pom/pom.properties"
# A fixed date: the same sources give the same jar.
rm -f "$JAR"
jar --create --file "$JAR" --main-class huaweicec.auth.Cli \
  --date 2026-01-01T00:00:00Z -C "$BUILD/classes" . -C "$BUILD/pom" META-INF
echo "built: $JAR ($(find "$BUILD/classes" -name '*.class' | wc -l) classes, $(wc -c <"$JAR") bytes)"
[ "$mode" = test ] || exit 0

bash "$ENSURE" junit5
JUNIT=/usr/share/java
if [ -z "${CEC_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --quiet --locked --features cli --bin cec)
  CEC_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/cec"
fi
[ -x "$CEC_BIN" ] || { echo "no cec binary at $CEC_BIN" >&2; exit 1; }
mkdir -p "$BUILD/test-classes"
find "$HERE/src/test/java" -name '*.java' | sort >"$BUILD/test-sources.txt"
javac --release 17 -Xlint:all -Werror -encoding UTF-8 -d "$BUILD/test-classes" \
  -cp "$JAR:$JUNIT/junit-jupiter-api.jar:$JUNIT/junit-jupiter-params.jar:$JUNIT/apiguardian-api.jar:$JUNIT/opentest4j.jar:$JUNIT/junit-platform-commons.jar" \
  @"$BUILD/test-sources.txt"
# The tests against the installed form: the jar, not the classes directory.
# One JVM for all the tests, some of which build java.net.http requests before a host=no-port
# signer: the property is given up front (HostHeaderTest checks a fresh JVM without it).
java -Djdk.httpclient.allowRestrictedHeaders=host -Dcec.bin="$CEC_BIN" -Drepo.root="$ROOT" -Dhelper.jar="$JAR" \
  -Dtest.classpath="$BUILD/test-classes:$JAR" \
  -jar "$JUNIT/junit-platform-console-standalone.jar" \
  --class-path "$BUILD/test-classes:$JAR" --select-package huaweicec.auth \
  --disable-banner --disable-ansi-colors --details=tree
