#!/usr/bin/env bash
# A consumer's cold build (`cargo build --timings`, dev profile, a target directory of its
# own), three ways, one after the other:
#   crate  a one-file consumer of this crate (a copy of the commit) that builds a client;
#   peer   the same consumer of the peer, openapi-generator's client (benches/peer, with its
#          `rustls` feature: the TLS this crate uses), with reqwest-middleware and tokio;
#   floor  a consumer of reqwest (the crate's features) + tokio + serde_json alone.
# Each writes cargo's timings page (target/bench-results/cold-build/<name>.html); the figures
# go to OUT.json: wall time, crates compiled, and each unit's time from the page, so that the
# report can say where each build's time goes and what only this crate's build compiles.
#   bash benches/cold_build.sh OUT.json     (run by benches/run.sh; needs the registry)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
OUT="$1"
PAGES="$ROOT/target/bench-results/cold-build"
SCRATCH="${TMPDIR:-/tmp}/huawei-cec-cold-build"
rm -rf "$SCRATCH" "$PAGES"
mkdir -p "$SCRATCH" "$PAGES"
trap 'rm -rf "$SCRATCH"' EXIT

consumer() { # NAME DEPENDENCIES MAIN
    mkdir -p "$SCRATCH/$1/src"
    printf '[package]\nname = "consumer"\nversion = "0.1.0"\nedition = "2024"\n\n[dependencies]\n%s\n' "$2" \
        > "$SCRATCH/$1/Cargo.toml"
    printf '%s\n' "$3" > "$SCRATCH/$1/src/main.rs"
}

mkdir -p "$SCRATCH/crate-src"
git archive HEAD | tar -x -C "$SCRATCH/crate-src"
consumer crate "huawei-cec = { path = \"../crate-src\" }
tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }" '#[tokio::main]
async fn main() {
    let client = huawei_cec::Client::builder()
        .isales_url("https://127.0.0.1:1")
        .build();
    println!("{}", client.is_ok());
}'

cp -r benches/peer "$SCRATCH/peer-src"
consumer peer "huawei_cec_client = { path = \"../peer-src\", features = [\"rustls\"] }
reqwest-middleware = \"0.5\"
reqwest = { version = \"0.13\", default-features = false }
tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }" '#[tokio::main]
async fn main() {
    let http = reqwest::Client::builder().build();
    let config = http.map(|http| huawei_cec_client::apis::configuration::Configuration {
        base_path: "https://127.0.0.1:1".to_owned(),
        client: reqwest_middleware::ClientBuilder::new(http).build(),
        ..Default::default()
    });
    println!("{}", config.is_ok());
}'

# reqwest with the features this crate asks for.
features=$(sed -n 's/^reqwest = { version = "0.13", default-features = false, features = \(\[.*\]\) }$/\1/p' Cargo.toml)
[ -n "$features" ] || { echo "cold_build.sh: reqwest's features not found in Cargo.toml" >&2; exit 1; }
consumer floor "reqwest = { version = \"0.13\", default-features = false, features = $features }
tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }
serde_json = \"1\"" '#[tokio::main]
async fn main() {
    let client = reqwest::Client::builder().build();
    println!("{} {}", client.is_ok(), serde_json::json!({"ok": true}));
}'

for name in crate peer floor; do
    dir="$SCRATCH/$name"
    (cd "$dir" && cargo generate-lockfile --quiet && cargo fetch --quiet)
    echo "--- $name: cold build"
    start=$(date +%s.%N)
    (cd "$dir" && CARGO_TARGET_DIR="$dir/target" cargo build --offline --timings 2> "$dir/build.log") ||
        { cat "$dir/build.log" >&2; echo "cold_build.sh: the $name build failed" >&2; exit 1; }
    end=$(date +%s.%N)
    ran=$("$dir/target/debug/consumer")
    case "$ran" in true*) ;; *) echo "cold_build.sh: the $name consumer did not run ($ran)" >&2; exit 1 ;; esac
    cp "$dir/target/cargo-timings/cargo-timing.html" "$PAGES/$name.html"
    python3 -c "print(round($end - $start, 1))" > "$dir/seconds"
    grep -c '^ *Compiling ' "$dir/build.log" > "$dir/crates"
done

python3 - "$SCRATCH" "$PAGES" "$OUT" <<'PY'
import json, re, sys
from pathlib import Path
scratch, pages, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
result = {}
for name in ["crate", "peer", "floor"]:
    html = (pages / f"{name}.html").read_text()
    m = re.search(r"const UNIT_DATA = (\[.*?\]);", html, re.S)
    if not m:
        sys.exit(f"cold_build.sh: no UNIT_DATA in the {name} timings page (cargo changed it?)")
    units = [{"name": u["name"], "version": u.get("version"), "target": u.get("target", "").strip(),
              "mode": u.get("mode"), "start": u.get("start"), "seconds": u["duration"]}
             for u in json.loads(m.group(1))]
    result[name] = {
        "seconds": float((scratch / name / "seconds").read_text()),
        "crates": int((scratch / name / "crates").read_text()),
        "unit_seconds": sum(u["seconds"] for u in units),
        "units": units,
    }
out.write_text(json.dumps(result, indent=1))
for name, r in result.items():
    print(f"{name}: {r['seconds']} s, {r['crates']} crates, {r['unit_seconds']:.0f} s of units")
PY
