#!/usr/bin/env bash
# A consumer's cold build of this crate with rustls' crypto provider as shipped (aws-lc-rs,
# reqwest's `rustls` feature) and with `ring` instead (reqwest's `rustls-no-provider`,
# rustls' `ring` feature, and the provider installed as the process default when a client
# is built). Each variant is a copy of the committed crate and a one-file consumer that
# builds a client; each builds cold (`cargo build`, dev profile) in a target directory of
# its own, one after the other.
#   bash benches/tls_build.sh OUT.json        (run by benches/run.sh; needs the registry)
#   bash benches/tls_build.sh --check-patch   (CI: the ring patch still applies; builds nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$1"
SCRATCH="${TMPDIR:-/tmp}/huawei-cec-tls-build"
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
trap 'rm -rf "$SCRATCH"' EXIT

for variant in aws-lc-rs ring; do
    mkdir -p "$SCRATCH/$variant/crate" "$SCRATCH/$variant/consumer/src"
    git archive HEAD | tar -x -C "$SCRATCH/$variant/crate"
    cat > "$SCRATCH/$variant/consumer/Cargo.toml" <<EOF
[package]
name = "consumer"
version = "0.1.0"
edition = "2024"

[dependencies]
huawei-cec = { path = "../crate" }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
EOF
    cat > "$SCRATCH/$variant/consumer/src/main.rs" <<'EOF'
#[tokio::main]
async fn main() {
    let client = huawei_cec::Client::builder()
        .isales_url("https://127.0.0.1:1")
        .build();
    println!("{}", client.is_ok());
}
EOF
done

# The ring variant: the changes a switch to ring would make.
ring="$SCRATCH/ring/crate"
sed -i 's/features = \["json", "rustls", "http2"\]/features = ["json", "rustls-no-provider", "http2"]/' "$ring/Cargo.toml"
sed -i 's/^rustls = { version = "0.23", default-features = false }$/rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12", "logging"] }/' "$ring/Cargo.toml"
sed -i 's/^        let mut http = reqwest::Client::builder()$/        let _ = rustls::crypto::ring::default_provider().install_default();\n&/' "$ring/src/config/http.rs"
grep -q rustls-no-provider "$ring/Cargo.toml" && grep -q 'features = \["ring"' "$ring/Cargo.toml" &&
    grep -q 'ring::default_provider' "$ring/src/config/http.rs" ||
    { echo "tls_build.sh: the ring patch no longer applies; update it" >&2; exit 1; }
if [ "$OUT" = "--check-patch" ]; then
    echo "tls_build.sh: the ring patch applies"
    exit 0
fi

results=()
for variant in aws-lc-rs ring; do
    consumer="$SCRATCH/$variant/consumer"
    (cd "$consumer" && cargo generate-lockfile --quiet && cargo fetch --quiet)
    echo "--- $variant: cold build"
    start=$(date +%s.%N)
    (cd "$consumer" && CARGO_TARGET_DIR="$SCRATCH/$variant/target" cargo build --offline 2> "$SCRATCH/$variant/build.log") ||
        { cat "$SCRATCH/$variant/build.log" >&2; echo "tls_build.sh: the $variant build failed" >&2; exit 1; }
    end=$(date +%s.%N)
    crates=$(grep -c '^ *Compiling ' "$SCRATCH/$variant/build.log")
    # The consumer runs: the client builds with this provider.
    ran=$("$SCRATCH/$variant/target/debug/consumer")
    [ "$ran" = true ] || { echo "tls_build.sh: the $variant consumer could not build a client" >&2; exit 1; }
    has_aws=$(grep -c '^ *Compiling aws-lc-sys' "$SCRATCH/$variant/build.log" || true)
    has_ring=$(grep -c '^ *Compiling ring ' "$SCRATCH/$variant/build.log" || true)
    results+=("\"$variant\": {\"seconds\": $(python3 -c "print(round($end - $start, 1))"), \"crates\": $crates, \"aws_lc_sys\": $has_aws, \"ring\": $has_ring}")
    echo "$variant: $crates crates"
done
(IFS=,; echo "{${results[*]}}") > "$OUT"
cat "$OUT"
